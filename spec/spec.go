package spec

import "github.com/spikesweep/spikesweep/equations"

// Network is one fully specified simulation: what BrainPy would build for one parameter point.
// It is plain data: the sweep package fills it from TOML, the engine (package sched) builds a world
// from one or more of them (several points of one structure become replicas of one world).
type Network struct {
	Dt       float64 // ms; > 0
	Duration float64 // ms; > 0. Steps = ceil(Duration/Dt), as numpy.arange(0, Duration, Dt).
	Seed     uint64  // seed of every random stream of this point (connectivity, initial values)

	Populations []Population
	Projections []Projection
	// Order is the update order: names of populations and projections, each exactly once
	// (SEMANTICS.md §2). Empty means: the order in which they were listed.
	Order []string

	Inputs   []Input
	Monitors []Monitor
	// Models are the models this network defines from equations ([[model]] in a sweep file);
	// populations name them as they name the catalog's. Points of one sweep share them.
	Models []*equations.Def
	// Spikes names the populations whose spikes are recorded as events.
	Spikes []string
	// Analysis configures the per-point statistics and population rates (nil: the defaults, see
	// [Analysis]). Only the runner reads it; the simulation does not depend on it.
	Analysis *Analysis
}

// Population is a group of neurons of one model.
type Population struct {
	Name   string
	Model  string             // a name from the model catalog, e.g. "LIF", "rate"
	Size   int                // neurons; > 0
	Params map[string]float64 // overrides of the model's defaults
	Init   map[string]float64 // initial values of state variables (default: the model's)
	// InitRandom draws initial values per neuron (e.g. V uniform in [V_reset, V_th]) from a stream
	// seeded by (Network.Seed, population, variable); it overrides Init for those variables.
	InitRandom map[string]Dist
	Method     string // integrator override: "", "euler", "rk4", "exp_euler"
	// ParamsPerNeuron gives parameters that allow it (ParamInfo.PerNeuron) one value per neuron
	// (len Size); ParamsRandom draws them per neuron from a distribution, from a stream seeded by
	// (Network.Seed, population, parameter). Either overrides Params for that parameter.
	ParamsPerNeuron map[string][]float64
	ParamsRandom    map[string]Dist
	// SpikeTimes lists each neuron's spike times in ms (a model with ModelInfo.SpikeTimes);
	// len Size.
	SpikeTimes [][]float64
}

// Dist is a distribution of initial values, per-neuron parameters, weights or delays.
type Dist struct {
	Kind     string  // "uniform" (Min, Max), "normal" (Mean, Std) or "lognormal" (Mean, Std of log)
	Min, Max float64 // uniform
	Mean     float64 // normal, lognormal: mean of the variable (normal) or of its log (lognormal)
	Std      float64 // normal, lognormal
	// Lo and Hi, when set, truncate a normal or lognormal: draws outside [Lo, Hi] are redrawn.
	Lo, Hi *float64
}

// Projection is a group of synapses of one model from Pre to Post.
type Projection struct {
	Name   string
	Model  string
	Pre    string // population name
	Post   string // population name
	Conn   Conn
	Params map[string]float64
	Init   map[string]float64
	// InitRandom draws initial values of state variables per synapse, in the connectivity's
	// synapse order (that of Weights), from a stream seeded by (Network.Seed, projection, variable); a variable stored once
	// per pre or post neuron (VarInfo.SharedBy, PerPost) gets one draw per stored element. It
	// overrides Init for those variables.
	InitRandom map[string]Dist
	Delay      float64 // ms; >= 0; constant delay of the model's output (SEMANTICS.md §7)
	Method     string
	// Output selects how a kinetic synapse without output in BrainPy's demos (AMPA,
	// TwoExponentials, Alpha, Exponential) drives its post group: "" (none, the demos'
	// behaviour), "current" (input += g_max*s) or "conductance" (input -= g_max*s*(V-E)).
	Output string
	// Event selects event-driven propagation for the models that offer it (Exponential): state
	// that depends only on the pre neuron is kept once per pre neuron, the output is summed once
	// per post neuron, and a spike touches only its own synapses. nil means automatic: event-driven
	// where that gives BrainPy's numbers to the bit (no post neuron with more than one incoming
	// synapse); true forces it (sums then differ from BrainPy's in the last bits).
	Event *bool

	// Weight is the weight of every synapse of a model that jumps (ModelInfo.Jump), with an
	// output; WeightDist, if set, draws one per synapse instead, and Weights (len = synapses, in
	// the order of Conn's pairs, from a connectivity file) gives them.
	Weight     float64
	WeightDist *Dist
	Weights    []float64
	// DelayDist draws a delay per synapse (ms) for a model that jumps; Delays gives them (from a
	// connectivity file). Per-synapse delays are rounded to the nearest step, int(d/dt + 0.5).
	DelayDist *Dist
	Delays    []float64
}

// Conn describes connectivity.
type Conn struct {
	Kind string // "all2all" (default), "one2one", "fixed_prob", "explicit"
	// IncludeSelf is All2All's include_self (default true). False removes the diagonal (k, k),
	// even between two different groups, as BrainPy does.
	IncludeSelf *bool
	Prob        float64 // fixed_prob: probability of each (pre, post) pair
	Seed        *uint64 // fixed_prob, fixed_*: seed; nil derives it from Network.Seed and the projection name
	Pre, Post   []int   // explicit and from_file: index lists of equal length
	// K is the degree of fixed_indegree (inputs per post neuron) and fixed_outdegree (outputs per
	// pre neuron); N the number of synapses of fixed_total.
	K, N int
	// AllowMultiple lets fixed_indegree, fixed_outdegree and fixed_total repeat a pair (default
	// false; NEST's allow_multapses).
	AllowMultiple bool
	// File is from_file's CSV path, for messages (its pairs are in Pre and Post).
	File string
	// Sigma (grid units), PMax and Grid ([nx] for a ring, [nx, ny] for a torus) are the Gaussian
	// distance-dependent rule's (connect.Gaussian): pairs connect with probability
	// PMax·exp(−d²/(2·Sigma²)), d their periodic distance on the grid.
	Sigma, PMax float64
	Grid        []int
}

// Random reports whether the connectivity is drawn from a seed (Seed, or the network's seed
// and the projection's name), so that two points may differ in it.
func (c *Conn) Random() bool {
	switch c.Kind {
	case "fixed_prob", "fixed_indegree", "fixed_outdegree", "fixed_total", "gaussian":
		return true
	}
	return false
}

// Segment is one piece of a piecewise-constant input (BrainPy's constant_current pair).
type Segment struct {
	Value    []float64 // len 1 (every element) or len Size (one value per element)
	Duration float64   // ms
}

// Input drives one variable of one population or projection (SEMANTICS.md §3).
// Exactly one of Value, Pieces and Series is set.
type Input struct {
	Target string // population or projection name
	Var    string // e.g. "input", "r"
	Op     string // "+" (default) or "="
	// Value is a constant: len 1 (every element) or len Size.
	Value []float64
	// Pieces is a piecewise-constant series with constant_current semantics (SEMANTICS.md §4),
	// including its truncation of each segment to int(duration/dt) steps.
	Pieces []Segment
	// Series is a time series, one row per step (row i at step i), each row len 1 or Size.
	// Steps past the last row get 0 (as constant_current's trailing zeros do).
	Series [][]float64
	// Source says where Series came from (a CSV path) for error messages and metadata.
	Source string
	// Poisson, when set instead of Value, Pieces and Series, is an external Poisson drive
	// (Brian2's PoissonInput): each step, before the target updates, every element gets
	// Weight times a Binomial(N, Rate*dt) number of events added to Var.
	Poisson *PoissonDrive
}

// PoissonDrive is N independent Poisson processes at Rate per element, each event adding Weight.
type PoissonDrive struct {
	Rate   float64 // Hz, >= 0
	N      float64 // number of processes, a whole number >= 0 (float so that it can be swept)
	Weight float64 // added per event, in the unit of the target variable
}

// Analysis is the window and the populations of the per-point statistics (sweep file's
// [analysis] table). The statistics themselves are package analysis's.
type Analysis struct {
	Start float64 // ms; the window is [Start, Stop)
	Stop  float64 // ms; 0: the end of the run
	Bin   float64 // ms, width of a population-rate bin; 0: 1 ms rounded to whole steps
	// Populations get rate, CV and synchrony statistics (and a population-rate dataset if
	// Rates); their spikes are analysed whether or not they are also recorded as events (Spikes).
	// A nil Analysis means the Spikes populations, and no rates dataset.
	Populations []string
	Rates       bool // write the population-rate dataset rates/<population>
}

// Monitor records variables of one population or projection.
type Monitor struct {
	Name    string   // dataset name; default: the target's name
	Target  string   // population or projection name
	Vars    []string // component names, e.g. ["u", "x", "s"]
	Indices []int    // elements to record; empty means all
	Every   int      // record every k-th step (row i is recorded when i%Every == 0); default 1
	Dtype   string   // "float64" (default) or "float32"
}

// Steps is the number of steps BrainPy's Network.run(duration) takes: ceil(duration/dt).
func (n *Network) Steps() int { return StepsFor(n.Duration, n.Dt) }
