package systems

import (
	"math"
	"sort"
	"sync"

	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/equations"
	"github.com/spikesweep/spikesweep/spec"
)

// userNeuron is a neuron model a sweep file defines from equations ([[model]]); package
// equations parses it and compiles its update into column kernels.
type userNeuron struct {
	model *equations.Model
	info  *spec.ModelInfo
}

// compiled caches parsed user models by definition: every point of a sweep shares its
// definitions, and validation looks them up once per point.
var compiled sync.Map // *equations.Def -> *userNeuron or error

// UserModel parses a model definition (once per definition) into a catalog model.
func UserModel(def *equations.Def) (Model, error) {
	if v, ok := compiled.Load(def); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(Model), nil
	}
	m, err := equations.Parse(def)
	if err != nil {
		compiled.Store(def, err)
		return nil, err
	}
	if m.IsSynapse() {
		u := &userSynapse{model: m, info: spec.InfoFromEquations(m)}
		compiled.Store(def, u)
		return u, nil
	}
	u := &userNeuron{model: m, info: spec.InfoFromEquations(m)}
	compiled.Store(def, u)
	return u, nil
}

func (u *userNeuron) Info() *spec.ModelInfo { return u.info }

// vectorParamsBelow is the population size under which parameters are expanded to one value per
// neuron, so that a kernel block may span replicas (sweeps of single neurons).
const vectorParamsBelow = 64

func (u *userNeuron) New(env *Env) (Object, error) {
	t := env.Table
	// Parameters given per neuron make every parameter a column (the kernel's VectorParams).
	perNeuron := len(env.PerNeuron) > 0
	layout := paramLayout(u.model, env, t.Size < vectorParamsBelow || perNeuron, func(name string) bool { return env.PerNeuron[name] != nil })
	k, err := u.model.CompileNeuron(env.Method.String(), env.Dt, layout)
	if err != nil {
		return nil, err
	}
	d := equations.NeuronData{N: t.Size, Spike: t.Bool(equations.SpikeVar), Refr: t.Bool(equations.RefractoryVar)}
	for _, p := range u.model.Params {
		d.Params = append(d.Params, env.Params.Get(p.Name))
		if perNeuron {
			d.PerElement = append(d.PerElement, env.PerNeuron[p.Name])
		}
	}
	for j, v := range u.model.Vars {
		col := t.Float64(ecs.Component(v.Name))
		d.Vars = append(d.Vars, col)
		if v.InitExpr == nil || env.InitSet[v.Name] {
			continue
		}
		if perNeuron { // vars = { V = "V_rest" } with V_rest per neuron: per neuron
			for i := range col {
				col[i] = u.model.Init(j, func(p int) float64 { return d.ParamAt(p, i) })
			}
			continue
		}
		for r := range env.Replicas {
			x := u.model.Init(j, func(p int) float64 { return d.Params[p][r] })
			for i := r * t.Size; i < (r+1)*t.Size; i++ {
				col[i] = x
			}
		}
	}
	return &userNeuronObj{name: env.Name, run: k.Bind(d), units: t.Len(), cost: 1 + k.Cost()}, nil
}

// paramLayout is where a kernel keeps the parameters: per element when perElement, except the
// parameters that every replica shares and no element overrides (perElementCol), which stay
// scalars. Equal means the same bits: -0 and 0 may give different results (1/x).
func paramLayout(m *equations.Model, env *Env, perElement bool, perElementCol func(name string) bool) equations.Layout {
	if !perElement {
		return equations.Layout{}
	}
	l := equations.Layout{PerElement: true, Uniform: make([]bool, len(m.Params))}
	for p, par := range m.Params {
		if perElementCol(par.Name) {
			continue
		}
		vals := env.Params.Get(par.Name)
		l.Uniform[p] = true
		for _, v := range vals {
			if math.Float64bits(v) != math.Float64bits(vals[0]) {
				l.Uniform[p] = false
				break
			}
		}
	}
	return l
}

type userNeuronObj struct {
	name  string
	run   *equations.NeuronRun
	units int
	cost  int
}

// TakeDrive applies a constant input in the kernel's step, block by block (equations.Drive).
func (o *userNeuronObj) TakeDrive(d *Drive) bool {
	o.run.TakeDrive(&equations.Drive{Value: d.Value, Set: d.Set})
	return true
}

// SpikeCount is the number of spikes of replica r so far, counted by the kernel.
func (o *userNeuronObj) SpikeCount(r int) int64 { return o.run.SpikeCount(r) }

func (o *userNeuronObj) Stages() []Stage {
	return []Stage{{Name: o.name + ".update", Units: o.units, Cost: o.cost, Run: func(c Ctx, lo, hi int) { o.run.Step(c.T, lo, hi) }}}
}

// LookupIn returns the named model: one of defs (a network's own models) or the catalog's.
// A definition with errors is reported as such.
func LookupIn(defs []*equations.Def, name string) (Model, bool, error) {
	for _, d := range defs {
		if sameName(d.Name, name) {
			m, err := UserModel(d)
			return m, err == nil, err
		}
	}
	m, ok := Lookup(name)
	return m, ok, nil
}

type userCatalog struct{ defs []*equations.Def }

// CatalogWith is the engine's catalog plus the models defs define (those that parse).
func CatalogWith(defs []*equations.Def) spec.Catalog {
	if len(defs) == 0 {
		return Catalog()
	}
	return userCatalog{defs}
}

func (c userCatalog) Model(name string) (*spec.ModelInfo, bool) {
	m, ok, _ := LookupIn(c.defs, name)
	if !ok {
		return nil, false
	}
	return m.Info(), true
}

func (c userCatalog) Names() []string {
	names := Catalog().Names()
	for _, d := range c.defs {
		if _, err := UserModel(d); err == nil {
			names = append(names, d.Name)
		}
	}
	sort.Strings(names)
	return names
}
