package sched

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/connect"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/systems"
	"gonum.org/v1/gonum/stat/distuv"
)

// Options configure a simulation.
type Options struct {
	Workers int  // default 1
	Sink    Sink // where monitors and spikes go; nil records nothing
	// BatchRows is the number of rows a monitor buffers before it hands them to the sink
	// (default 65536).
	BatchRows int
	// CheckEvery is how often (in steps) state is scanned for NaN and Inf (default 256; always at
	// the end).
	CheckEvery int
	// Progress, if set, is called with the number of steps done every CheckEvery steps and at the
	// end, from the goroutine that called Run.
	Progress func(stepsDone int)
	// SameStructure is the caller's promise that every network has the structure of the first
	// (StructureKey): Build then validates the first completely and the others' values only,
	// which matters for a million replicas.
	SameStructure bool
	// Validated is the caller's promise that it has already validated every network's values
	// (the runner does, for every point, before it writes anything): with SameStructure, Build
	// then validates the first network only.
	Validated bool
	// BlockReplicas is how many replicas are stepped together for a chunk of steps before the next
	// ones (temporal blocking, see Sim.replicaGroups); 0 chooses from the state's size. Results do
	// not depend on it.
	BlockReplicas int
}

// object is one BrainPy object of the built network, with what runs in its slots of the step.
type object struct {
	name   string
	table  *ecs.Table
	obj    systems.Object
	stages []systems.Stage
	inputs []systems.Stage
	// drive is the object's constant input of its "input" column when no point varies it (the
	// last such input added; takeDrives uses it only when it is the object's only input).
	drive    *systems.Drive
	monitors []*monitor
	spikes   *spikeRecorder
	counter  *systems.Stage // counts spikes per replica, for models that do not count them
	counts   []int64
	// spikeCounter is the model's own count, when it keeps one.
	spikeCounter systems.SpikeCounter
}

// Sim is a built network, ready to run.
type Sim struct {
	World    *ecs.World
	Dt       float64
	Steps    int
	Replicas int

	objects    []*object
	byName     map[string]*object
	pool       *Pool
	opts       Options
	failed     []error // per replica: the first non-finite state found, or nil
	stepsDone  int
	monitorAll []*monitor
	spikeAll   []*spikeRecorder
	graphs     map[string]*connect.Graph
	lastCheck  int
	steps      []planItem // the step cut into parallel regions (plan.go), made by the first step
	grouped    bool       // Run stepped the replicas in groups
	checked    []checkedColumn
}

// BuildError names the object and key of a network that cannot be built.
type BuildError struct {
	Object string // population, projection, input or monitor name; "run" for run settings
	Key    string // parameter or field
	Msg    string
}

func (e *BuildError) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("%s: %s", e.Object, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Object, e.Key, e.Msg)
}

func buildErr(obj, key, format string, args ...any) error {
	return &BuildError{Object: obj, Key: key, Msg: fmt.Sprintf(format, args...)}
}

// Build makes one world with a replica per network. The networks must share their structure
// (see [StructureKey]); parameters, initial values and constant input values may differ.
func Build(nets []*spec.Network, opts Options) (*Sim, error) {
	if len(nets) == 0 {
		return nil, errors.New("sched: no network to build")
	}
	base := nets[0]
	if err := Validate(base); err != nil {
		return nil, err
	}
	if opts.SameStructure {
		toCheck := nets[1:]
		if opts.Validated {
			toCheck = nil
		}
		for i, n := range toCheck {
			if err := ValidateValues(n); err != nil {
				return nil, fmt.Errorf("network %d: %w", i+1, err)
			}
		}
	} else {
		key := StructureKey(base)
		for i, n := range nets[1:] {
			if err := Validate(n); err != nil {
				return nil, fmt.Errorf("network %d: %w", i+1, err)
			}
			if StructureKey(n) != key {
				return nil, fmt.Errorf("sched: network %d differs in structure from network 0; build it in its own world", i+1)
			}
		}
	}
	if opts.BatchRows <= 0 {
		opts.BatchRows = 65536
	}
	if opts.CheckEvery <= 0 {
		opts.CheckEvery = 256
	}
	R := len(nets)
	s := &Sim{World: ecs.NewWorld(R), Dt: base.Dt, Steps: base.Steps(), Replicas: R,
		lastCheck: -1, byName: map[string]*object{}, graphs: map[string]*connect.Graph{}, opts: opts, failed: make([]error, R)}

	// Populations first, so projections can find their tables.
	for pi, pop := range base.Populations {
		model, _, _ := systems.LookupIn(base.Models, pop.Model)
		info := model.Info()
		tab, err := s.World.AddTable(pop.Name, pop.Size)
		if err != nil {
			return nil, err
		}
		initState(tab, info, func(r int) map[string]float64 { return nets[r].Populations[pi].Init }, storedPerSynapse)
		initSet := keys(pop.Init)
		for v := range pop.InitRandom {
			initSet[v] = true
			for r := range R {
				drawInit(tab.Float64(ecs.Component(v))[r*pop.Size:(r+1)*pop.Size], nets[r].Populations[pi].InitRandom[v],
					connSeed(nets[r].Seed, pop.Name+"."+v))
			}
		}
		env := &systems.Env{Name: pop.Name, Dt: base.Dt, Replicas: R, Table: tab,
			Params:  params(info, func(r int) map[string]float64 { return nets[r].Populations[pi].Params }, R),
			InitSet: initSet, Seeds: seeds(nets), PerNeuron: perNeuronParams(nets, pi), SpikeTimes: pop.SpikeTimes}
		if env.Method, err = systems.ResolveMethod(info, pop.Method); err != nil {
			return nil, buildErr("population "+pop.Name, "method", "%v", err)
		}
		obj, err := newObject(model, env, "population "+pop.Name)
		if err != nil {
			return nil, err
		}
		o := &object{name: pop.Name, table: tab, obj: obj, stages: obj.Stages()}
		if _, ok := obj.(systems.ElementWise); ok {
			for k := range o.stages {
				o.stages[k].Elements = tab
			}
		}
		if sc, ok := obj.(systems.SpikeCounter); ok {
			o.spikeCounter = sc
		} else if tab.Has(components.Spike) {
			o.counts = make([]int64, R)
			o.counter = spikeCounter(tab, o.counts)
		}
		s.objects = append(s.objects, o)
		s.byName[pop.Name] = o
	}
	for pi, prj := range base.Projections {
		model, _, _ := systems.LookupIn(base.Models, prj.Model)
		info := model.Info()
		pre, post := s.World.Table(prj.Pre), s.World.Table(prj.Post)
		g, err := graph(base, &prj)
		if err != nil {
			return nil, buildErr("projection "+prj.Name, "conn", "%v", err)
		}
		s.graphs[prj.Name] = g
		tab, err := s.World.AddTable(prj.Name, max(g.Len(), 1))
		if err != nil {
			return nil, err
		}
		init := func(r int) map[string]float64 { return nets[r].Projections[pi].Init }
		var preTab, postTab *ecs.Table
		if stores(info, storedPerPost) {
			if postTab, err = s.World.AddTable(prj.Name+"/post", post.Size); err != nil {
				return nil, err
			}
			initState(postTab, info, init, storedPerPost)
		}
		if stores(info, storedPerPre) {
			if preTab, err = s.World.AddTable(prj.Name+"/pre", pre.Size); err != nil {
				return nil, err
			}
			initState(preTab, info, init, storedPerPre)
		}
		event := prj.Event != nil && *prj.Event
		if !event && !jumps(info, &prj) {
			// Event-driven models keep no per-synapse state (validation refuses monitors of it),
			// so 32M synapses cost their connectivity only.
			initState(tab, info, init, storedPerSynapse)
		}
		initSet := keys(prj.Init)
		for _, v := range info.State {
			if _, drawn := prj.InitRandom[v.Name]; !drawn {
				continue
			}
			initSet[v.Name] = true
			t := map[storage]*ecs.Table{storedPerSynapse: tab, storedPerPre: preTab, storedPerPost: postTab}[storedIn(v)]
			col := t.Float64(ecs.Component(v.Name))
			n := len(col) / R
			for r := range R {
				drawInit(col[r*n:(r+1)*n], nets[r].Projections[pi].InitRandom[v.Name], connSeed(nets[r].Seed, prj.Name+"."+v.Name))
			}
		}
		env := &systems.Env{Name: prj.Name, Dt: base.Dt, Replicas: R, Table: tab, Seeds: seeds(nets),
			Params:  params(info, func(r int) map[string]float64 { return nets[r].Projections[pi].Params }, R),
			InitSet: initSet, Pre: pre, Post: post, Graph: g, PostTable: postTab, PreTable: preTab,
			DelaySteps: int(math.Ceil(prj.Delay / base.Dt)), Output: prj.Output, Event: event}
		if env.Method, err = systems.ResolveMethod(info, prj.Method); err != nil {
			return nil, buildErr("projection "+prj.Name, "method", "%v", err)
		}
		if jumps(info, &prj) {
			if err := jumpEnv(env, nets, pi, g, base.Dt); err != nil {
				return nil, err
			}
		}
		obj, err := newObject(model, env, "projection "+prj.Name)
		if err != nil {
			return nil, err
		}
		o := &object{name: prj.Name, table: tab, obj: obj, stages: obj.Stages()}
		s.objects = append(s.objects, o)
		s.byName[prj.Name] = o
	}
	if len(base.Order) > 0 {
		ordered := make([]*object, 0, len(s.objects))
		for _, name := range base.Order {
			ordered = append(ordered, s.byName[name])
		}
		s.objects = ordered
	}
	for ii := range base.Inputs {
		if err := s.addInput(nets, ii); err != nil {
			return nil, err
		}
	}
	for mi := range base.Monitors {
		if err := s.addMonitor(&base.Monitors[mi]); err != nil {
			return nil, err
		}
	}
	for _, name := range base.Spikes {
		o := s.byName[name]
		rec := &spikeRecorder{batch: SpikeBatch{Population: name}, spike: o.table.Bool(components.Spike), n: o.table.Size}
		o.spikes = rec
		s.spikeAll = append(s.spikeAll, rec)
	}
	s.takeDrives()
	for _, o := range s.objects {
		for _, st := range append(append([]systems.Stage{}, o.stages...), o.inputs...) {
			if st.Units%R != 0 {
				panic("sched: stage " + st.Name + " has units that are not a multiple of the replicas")
			}
		}
	}
	s.pool = NewPool(opts.Workers)
	return s, nil
}

// newObject calls a model's constructor, turning a missing column (a synapse wired to a group
// without the state it reads) into an error instead of a panic.
func newObject(m systems.Model, env *systems.Env, what string) (obj systems.Object, err error) {
	defer func() {
		if r := recover(); r != nil {
			if s, ok := r.(string); ok && strings.HasPrefix(s, "ecs: ") {
				err = buildErr(what, "model", "%s cannot be wired to these groups: a group lacks a variable it needs (pre %s, post %s)",
					m.Info().Name, describe(env.Pre), describe(env.Post))
				return
			}
			panic(r)
		}
	}()
	return m.New(env)
}

func describe(t *ecs.Table) string {
	if t == nil {
		return "-"
	}
	return fmt.Sprintf("%q has %s", t.Name, strings.Join(t.SortedComponents(), ", "))
}

// Where a projection variable is stored: per synapse, or once per pre or post neuron (per-post
// variables, and per-synapse variables shared by the synapses of one neuron).
type storage int

const (
	storedPerSynapse storage = iota
	storedPerPre
	storedPerPost
)

func storedIn(v spec.VarInfo) storage {
	switch {
	case v.PerPost || v.SharedBy == "post":
		return storedPerPost
	case v.SharedBy == "pre":
		return storedPerPre
	}
	return storedPerSynapse
}

func stores(info *spec.ModelInfo, where storage) bool {
	for _, v := range info.State {
		if storedIn(v) == where {
			return true
		}
	}
	return false
}

// initState adds the model's state columns stored where (for a population, every column is
// per neuron: storedPerSynapse) with each replica's initial values.
func initState(tab *ecs.Table, info *spec.ModelInfo, init func(r int) map[string]float64, where storage) {
	for _, v := range info.State {
		if storedIn(v) != where {
			continue
		}
		if v.Bool {
			tab.AddBool(ecs.Component(v.Name))
			continue
		}
		col := tab.AddFloat64(ecs.Component(v.Name), v.Init)
		for r := range tab.Replicas {
			if x, ok := init(r)[v.Name]; ok {
				for i := r * tab.Size; i < (r+1)*tab.Size; i++ {
					col[i] = x
				}
			}
		}
	}
}

func params(info *spec.ModelInfo, given func(r int) map[string]float64, R int) systems.Params {
	p := systems.Params{}
	for _, pi := range info.Params {
		vals := make([]float64, R)
		for r := range R {
			vals[r] = pi.Default
			if x, ok := given(r)[pi.Name]; ok {
				vals[r] = x
			}
		}
		p[pi.Name] = vals
	}
	return p
}

func keys(m map[string]float64) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func graph(n *spec.Network, p *spec.Projection) (*connect.Graph, error) {
	pre, post := size(n, p.Pre), size(n, p.Post)
	includeSelf := p.Conn.IncludeSelf == nil || *p.Conn.IncludeSelf
	switch p.Conn.Kind {
	case "", "all2all":
		return connect.All2All(pre, post, includeSelf)
	case "one2one":
		return connect.OneToOne(pre, post)
	case "explicit", "from_file":
		return connect.Explicit(pre, post, p.Conn.Pre, p.Conn.Post)
	}
	seed := connSeed(n.Seed, p.Name)
	if p.Conn.Seed != nil {
		seed = *p.Conn.Seed
	}
	switch p.Conn.Kind {
	case "fixed_prob":
		return connect.FixedProb(pre, post, p.Conn.Prob, includeSelf, seed)
	case "fixed_indegree":
		return connect.FixedInDegree(pre, post, p.Conn.K, includeSelf, p.Conn.AllowMultiple, seed)
	case "fixed_outdegree":
		return connect.FixedOutDegree(pre, post, p.Conn.K, includeSelf, p.Conn.AllowMultiple, seed)
	case "fixed_total":
		return connect.FixedTotal(pre, post, p.Conn.N, includeSelf, p.Conn.AllowMultiple, seed)
	case "gaussian":
		grid := GaussianGrid(p.Conn.Grid)
		if err := connect.CheckGaussian(pre, post, grid, p.Conn.Sigma, p.Conn.PMax); err != nil {
			return nil, err
		}
		return connect.Gaussian(pre, grid, p.Conn.Sigma, p.Conn.PMax, includeSelf, seed)
	}
	return nil, fmt.Errorf("unknown connectivity %q (all2all, one2one, fixed_prob, explicit, fixed_indegree, fixed_outdegree, fixed_total, from_file, gaussian)", p.Conn.Kind)
}

// GaussianGrid is the layout of spec.Conn.Grid: [nx] is a ring (ny = 1), [nx, ny] a torus; any
// other length gives an empty grid, which connect.CheckGaussian refuses.
func GaussianGrid(g []int) connect.GaussianGrid {
	switch len(g) {
	case 1:
		return connect.GaussianGrid{Nx: g[0], Ny: 1}
	case 2:
		return connect.GaussianGrid{Nx: g[0], Ny: g[1]}
	}
	return connect.GaussianGrid{}
}

// connSeed derives a projection's connectivity seed from the network seed and its name, so two
// projections of one network get independent graphs.
func connSeed(seed uint64, name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return connect.Mix(seed ^ h.Sum64())
}

func size(n *spec.Network, pop string) int {
	for _, p := range n.Populations {
		if p.Name == pop {
			return p.Size
		}
	}
	return 0
}

// spikeCounter counts each replica's spikes of one step; chunks add their counts atomically, and
// integer sums do not depend on the order.
func spikeCounter(tab *ecs.Table, counts []int64) *systems.Stage {
	spike := tab.Bool(components.Spike)
	n := tab.Size
	var mu sync.Mutex
	return &systems.Stage{Name: tab.Name + ".count", Units: len(spike), Cost: 1, Run: func(_ systems.Ctx, lo, hi int) {
		for lo < hi {
			r, end := ecs.Span(lo, hi, n)
			var c int64
			for _, b := range spike[lo:end] {
				if b {
					c++
				}
			}
			if c != 0 {
				mu.Lock()
				counts[r] += c
				mu.Unlock()
			}
			lo = end
		}
	}}
}

// drawInit fills dst with draws of d from a stream seeded by seed: (point seed, population or
// projection, variable), so initial values do not depend on the worker count or on other objects.
func drawInit(dst []float64, d spec.Dist, seed uint64) {
	src := rand.NewPCG(seed, 0x5eed)
	var dist interface{ Rand() float64 }
	switch d.Kind {
	case "normal":
		dist = distuv.Normal{Mu: d.Mean, Sigma: d.Std, Src: src}
	default:
		dist = distuv.Uniform{Min: d.Min, Max: d.Max, Src: src}
	}
	for i := range dst {
		dst[i] = dist.Rand()
	}
}
