package systems

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/spikesweep/spikesweep/connect"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// Ctx is what a stage knows of the current step.
type Ctx struct {
	Step int     // i
	T    float64 // t_i = i*dt, the time BrainPy passes to update
}

// Stage is one pass of an object's update. Its work units (neurons, synapses or post neurons of
// every replica) are independent: Run(c, lo, hi) updates units [lo, hi), and the scheduler may run
// disjoint ranges at the same time. The result must not depend on how [0, Units) is split.
type Stage struct {
	Name  string
	Units int
	Cost  int // rough nanoseconds per unit, so the scheduler can leave small stages on one worker
	Run   func(c Ctx, lo, hi int)

	// Elements, if set (by the model, or by the scheduler for an ElementWise neuron model), says
	// that unit u is element u of this table (Units is its length) and
	// that the unit reads and writes only that element's data in any table (of those, it writes
	// the columns Writes of the table, or any if Writes is nil), data of its own that no other
	// stage touches, read-only constants, and the columns Reads, read whole. The scheduler then
	// runs consecutive such stages in one parallel region, without a barrier between them, as
	// long as none reads whole a column another of them writes: each worker takes the same share
	// of a table in every stage, so an element is always updated by one worker, in stage order
	// (GeNN runs the neuron and postsynaptic updates of a step this way). Unset: a barrier
	// before and after the stage.
	Elements *ecs.Table
	Writes   []ecs.Component
	Reads    []Column
}

// Column is one component of a table, for Stage.Reads.
type Column struct {
	Table *ecs.Table
	Var   ecs.Component
}

// ReadsWritten reports whether stage a reads whole a column that stage b writes.
func ReadsWritten(a, b *Stage) bool {
	for _, c := range a.Reads {
		if c.Table == b.Elements && (b.Writes == nil || slices.Contains(b.Writes, c.Var)) {
			return true
		}
	}
	return false
}

// Object is one updatable object of a network, BrainPy's NeuGroup or TwoEndConn.
type Object interface {
	// Stages are run in order, each to completion, every step.
	Stages() []Stage
}

// SpikeCounter is an object that counts its neurons' spikes; the runner reports the counts per
// point. Counting inside the update costs nothing extra, unlike a pass over the spike column.
type SpikeCounter interface {
	// SpikeCount is the number of spikes of replica r so far.
	SpikeCount(r int) int64
}

// Model builds objects of one kind.
type Model interface {
	Info() *spec.ModelInfo
	New(env *Env) (Object, error)
}

// Env is what a model's New receives: its table (state columns already made and initialised from
// the model's [spec.ModelInfo]), its parameters per replica, and the run's constants.
type Env struct {
	Name     string
	Dt       float64
	Replicas int
	Method   integrators.Method
	Table    *ecs.Table
	Params   Params
	// InitSet names the state variables whose initial value the user gave; a model may derive the
	// others from parameters (LIF starts at V_rest).
	InitSet map[string]bool
	// Seeds holds each replica's point seed, for models that draw random numbers as they run
	// (their streams come from StreamKey(Seeds[r], label)).
	Seeds []uint64
	// SpikeTimes is Population.SpikeTimes, for models that replay spike times.
	SpikeTimes [][]float64
	// PerNeuron holds the parameters given one value per neuron (spec.ParamInfo.PerNeuron), each
	// Table.Size*Replicas values, replica-major. Params still holds every parameter per replica.
	PerNeuron map[string][]float64

	// Projections only.
	Pre, Post  *ecs.Table
	Graph      *connect.Graph
	PostTable  *ecs.Table // state stored per post neuron (VarInfo.PerPost, SharedBy "post"), or nil
	PreTable   *ecs.Table // state stored per pre neuron (VarInfo.SharedBy "pre"), or nil
	DelaySteps int        // ceil(delay/dt): outputs pushed at step n are pulled at n+DelaySteps
	Output     string     // "", "current" or "conductance" (models with ModelInfo.Output)
	Event      bool       // event-driven propagation (models with ModelInfo.Event)

	// Delta synapses (ModelInfo.Jump with Output "voltage" or "current"): each replica's weight,
	// or its weight per synapse (SynWeights[r], in the graph's compressed order: synapse
	// OutPtr[p]+j is pre p's j-th target), and its delay per synapse in steps (SynDelays[r]; nil:
	// DelaySteps for every synapse). Replicas may share slices.
	Weight     []float64
	SynWeights [][]float64
	SynDelays  [][]uint16
}

// PerNeuronColumn is parameter name with one value per element (n per replica, replica-major):
// the values given per neuron if there are any, else each replica's value repeated n times. For
// models that read every parameter per element once one of them is given per neuron.
func (e *Env) PerNeuronColumn(name string, n int) []float64 {
	if col, ok := e.PerNeuron[name]; ok {
		return col
	}
	vals := e.Params.Get(name)
	col := make([]float64, n*len(vals))
	for k := range col {
		col[k] = vals[k/n]
	}
	return col
}

// Params holds each parameter's value per replica.
type Params map[string][]float64

// Get returns the named parameter's per-replica values. An unknown name is a programmer error:
// the builder has filled every parameter the model declares.
func (p Params) Get(name string) []float64 {
	v, ok := p[name]
	if !ok {
		panic("systems: model asked for an undeclared parameter " + name)
	}
	return v
}

// Uniform reports whether a parameter has one value for every replica.
func (p Params) Uniform(name string) bool {
	v := p.Get(name)
	for _, x := range v[1:] {
		if x != v[0] {
			return false
		}
	}
	return true
}

var registry = map[string]Model{}

// Register adds a model to the catalog. Names are matched case-insensitively, ignoring underscores.
func Register(m Model) {
	key := normalize(m.Info().Name)
	if _, dup := registry[key]; dup {
		panic("systems: model registered twice: " + m.Info().Name)
	}
	registry[key] = m
}

func normalize(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), "_", "")
}

// sameName reports whether normalize(a) == normalize(b), without making either (validation
// compares every population's model name with every definition of every point).
func sameName(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == '_' {
			i++
		}
		for j < len(b) && b[j] == '_' {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		x, y := a[i], b[j]
		if x >= utf8.RuneSelf || y >= utf8.RuneSelf {
			return normalize(a) == normalize(b)
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
		i, j = i+1, j+1
	}
}

// Lookup returns the named model.
func Lookup(name string) (Model, bool) {
	m, ok := registry[normalize(name)]
	return m, ok
}

type catalog struct{}

// Catalog is the engine's model catalog, for validating sweep files and listing models.
func Catalog() spec.Catalog { return catalog{} }

func (catalog) Model(name string) (*spec.ModelInfo, bool) {
	m, ok := Lookup(name)
	if !ok {
		return nil, false
	}
	return m.Info(), true
}

func (catalog) Names() []string {
	names := make([]string, 0, len(registry))
	for _, m := range registry {
		names = append(names, m.Info().Name)
	}
	sort.Strings(names)
	return names
}

// ResolveMethod picks a model's integrator: the override if any, else the model's default (its
// first method). A method the model does not offer is an error.
func ResolveMethod(info *spec.ModelInfo, override string) (integrators.Method, error) {
	name := info.Methods[0]
	if override != "" {
		name = override
	}
	m, err := integrators.Parse(name)
	if err != nil {
		return 0, err
	}
	for _, ok := range info.Methods {
		if ok == m.String() {
			return m, nil
		}
	}
	return 0, fmt.Errorf("model %s does not support method %q (methods: %s)", info.Name, name, strings.Join(info.Methods, ", "))
}
