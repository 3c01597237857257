package systems

import (
	"fmt"

	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/equations"
	"github.com/spikesweep/spikesweep/spec"
)

// userSynapse is a synapse model a sweep file defines from equations ([[model]], kind =
// "synapse"); package equations compiles its passes into column kernels, and this file wires
// them to the projection's columns, the groups' spikes and the delay line.
type userSynapse struct {
	model *equations.Model
	info  *spec.ModelInfo
}

func (u *userSynapse) Info() *spec.ModelInfo { return u.info }

type userSynapseObj struct {
	name          string
	run           *equations.SynapseRun
	k             *equations.Synapse
	nSyn, nPre, R int
	nPost         int
	preSpike      []bool
	postSpike     []bool
	out           *Ring
	target        []float64
	stages        []Stage
}

func (u *userSynapse) New(env *Env) (Object, error) {
	g := env.Graph.Full()
	R := env.Replicas
	layout := paramLayout(u.model, env, g.Len() < vectorParamsBelow, func(string) bool { return false })
	k, err := u.model.CompileSynapse(env.Method.String(), env.Dt, layout)
	if err != nil {
		return nil, err
	}
	o := &userSynapseObj{name: env.Name, k: k, nSyn: g.Len(), nPre: g.NPre, nPost: g.NPost, R: R}
	d := equations.SynapseData{NSyn: g.Len(), NPre: g.NPre, NPost: g.NPost, Replicas: R,
		Pre: g.Pre, Post: g.Post, OutPtr: g.OutPtr, OutSyn: g.OutSyn, InPtr: g.InPtr, InSyn: g.InSyn}
	tableOf := func(s equations.Storage) *ecs.Table {
		switch s {
		case equations.PerPre:
			return env.PreTable
		case equations.PerPost:
			return env.PostTable
		}
		return env.Table
	}
	sizeOf := map[equations.Storage]int{equations.PerSynapse: g.Len(), equations.PerPre: g.NPre, equations.PerPost: g.NPost}
	for j, v := range u.model.Vars {
		if v.InitExpr == nil || env.InitSet[v.Name] {
			continue
		}
		col := tableOf(v.Store).Float64(ecs.Component(v.Name))
		n := sizeOf[v.Store]
		for r := range R {
			x := u.model.Init(j, func(p int) float64 { return env.Params.Get(u.model.Params[p].Name)[r] })
			for i := r * n; i < (r+1)*n; i++ {
				col[i] = x
			}
		}
	}
	for _, c := range k.Columns() {
		var f []float64
		var b []bool
		switch c.Kind {
		case equations.ColVar:
			f = tableOf(c.Store).Float64(ecs.Component(c.Name))
		case equations.ColOld:
			f = make([]float64, sizeOf[c.Store]*R)
		case equations.ColSide:
			t, side := env.Pre, "pre"
			if c.Store == equations.PerPost {
				t, side = env.Post, "post"
			}
			switch {
			case !t.Has(ecs.Component(c.Name)):
				return nil, fmt.Errorf("%s_%s: the %s group %s has no variable %s (it has %v)", c.Name, side, side, t.Name, c.Name, t.SortedComponents())
			case t.IsBool(ecs.Component(c.Name)):
				b = t.Bool(ecs.Component(c.Name))
			default:
				f = t.Float64(ecs.Component(c.Name))
			}
		}
		d.F, d.B = append(d.F, f), append(d.B, b)
	}
	for _, p := range u.model.Params {
		d.Params = append(d.Params, env.Params.Get(p.Name))
	}
	o.run = k.Bind(d)
	if k.HasEvents(equations.PerPre) {
		if !env.Pre.Has(components.Spike) {
			return nil, fmt.Errorf("on_pre needs the pre group's spikes; %s has none", env.Pre.Name)
		}
		o.preSpike = env.Pre.Bool(components.Spike)
	}
	if k.HasEvents(equations.PerPost) {
		if !env.Post.Has(components.Spike) {
			return nil, fmt.Errorf("on_post needs the post group's spikes; %s has none", env.Post.Name)
		}
		o.postSpike = env.Post.Bool(components.Spike)
	}
	if target := k.Output(); target != "" {
		c := ecs.Component(target)
		if !env.Post.Has(c) || env.Post.IsBool(c) {
			return nil, fmt.Errorf("output: the post group %s has no variable %s to act on (it has %v)", env.Post.Name, target, env.Post.SortedComponents())
		}
		o.target = env.Post.Float64(c)
		o.out = NewRing(max(g.Len(), 1)*R, env.DelaySteps)
	}
	o.stages = o.makeStages()
	return o, nil
}

// makeStages lays out one step (equations/synapse.go): events before or after the integration,
// per-synapse equations before the shared ones, then the delayed value and the output.
func (o *userSynapseObj) makeStages() []Stage {
	k := o.k
	var st []Stage
	events := func() {
		if o.preSpike != nil || o.postSpike != nil {
			st = append(st, Stage{Name: o.name + ".events", Units: o.R, Cost: 10 + o.nSyn/8, Run: func(c Ctx, lo, hi int) {
				var ring []float64
				if o.out != nil {
					ring = o.out.In(c.Step)
				}
				o.run.Events(c.T, lo, hi, o.preSpike, o.postSpike, ring)
			}})
		}
	}
	if k.Before() {
		events()
	}
	sizes := map[equations.Storage]int{equations.PerSynapse: o.nSyn, equations.PerPre: o.nPre, equations.PerPost: o.nPost}
	for _, d := range []equations.Storage{equations.PerSynapse, equations.PerPre, equations.PerPost} {
		if !k.Integrates(d) || sizes[d] == 0 {
			continue
		}
		d := d
		st = append(st, Stage{Name: o.name + ".integrate", Units: sizes[d] * o.R, Cost: k.Cost(d), Run: func(c Ctx, lo, hi int) {
			var ring []float64
			if o.out != nil {
				ring = o.out.In(c.Step)
			}
			o.run.Integrate(d, c.T, lo, hi, ring)
		}})
	}
	if !k.Before() {
		events()
	}
	if o.out != nil && o.nSyn > 0 {
		if k.PushesSeparately() {
			st = append(st, Stage{Name: o.name + ".push", Units: o.nSyn * o.R, Cost: 2, Run: func(c Ctx, lo, hi int) {
				o.run.Push(c.T, lo, hi, o.out.In(c.Step))
			}})
		}
		st = append(st, Stage{Name: o.name + ".output", Units: o.nPost * o.R, Cost: 2 * (o.nSyn/max(o.nPost, 1) + 1), Run: func(c Ctx, lo, hi int) {
			o.run.Output(c.T, lo, hi, o.out.Out(c.Step), o.target)
		}})
	}
	return st
}

func (o *userSynapseObj) Stages() []Stage { return o.stages }
