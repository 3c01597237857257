package spec

// Kind says what a model simulates.
type Kind string

const (
	NeuronModel  Kind = "neuron"
	SynapseModel Kind = "synapse"
)

// ParamInfo describes one parameter of a model.
type ParamInfo struct {
	Name    string
	Default float64
	Unit    string // "ms", "mV", "1", ...
	Doc     string
	// PerNeuron says the parameter may be given one value per neuron (a list, or a distribution
	// drawn per neuron) in a population; the model reads it from Env.PerNeuron.
	PerNeuron bool
	// NonNegative says values below 0 are invalid (a rate, a refractory period).
	NonNegative bool
	// Positive says values given per neuron must be > 0 (a time constant, which divides). One
	// value per population is not refused, as it never was: its point diverges and fails alone.
	Positive bool
}

// Refuse says why x is not a valid value of the parameter for one neuron ("must be > 0"), or "".
func (p ParamInfo) Refuse(x float64) string {
	switch {
	case p.Positive && !(x > 0):
		return "must be > 0"
	case p.NonNegative && !(x >= 0):
		return "must be >= 0"
	}
	return ""
}

// Bounded says the parameter's values are bounded below (Positive or NonNegative).
func (p ParamInfo) Bounded() bool { return p.Positive || p.NonNegative }

// VarInfo describes one state variable (component) of a model.
type VarInfo struct {
	Name string
	Init float64 // default initial value
	Unit string
	Doc  string
	Bool bool // a 0/1 flag such as spike or refractory
	// PerPost marks a projection variable kept once per post neuron (BCM's r_th), not per synapse.
	PerPost bool
	// SharedBy is "pre" or "post" for a per-synapse variable whose value is the same for every
	// synapse of one pre (post) neuron, as STP's u and x are: it is stored once per neuron, and a
	// monitor still reports it per synapse.
	SharedBy string
}

// ModelInfo is what a user may set on a model: its parameters and state.
type ModelInfo struct {
	Name    string
	Kind    Kind
	Doc     string
	Params  []ParamInfo
	State   []VarInfo
	Methods []string // integrators it supports; the first is BrainPy's default
	// Inputs names the variables an Input may target (besides any state variable).
	Inputs []string
	// Output says the model accepts Projection.Output ("current" or "conductance").
	Output bool
	// Event says the model offers event-driven propagation (Projection.Event).
	Event bool
	// Jump says the model can act as a delta synapse: with Projection.Output "voltage" (or
	// "current") each pre spike adds the synapse's weight to the post neuron's V (or input) after
	// the synapse's delay. Weights and delays may differ per synapse (Projection.WeightDist, ...).
	Jump bool
	// SpikeTimes says the model replays given spike times (Population.SpikeTimes).
	SpikeTimes bool
}

// Param returns the named parameter's description.
func (m *ModelInfo) Param(name string) (ParamInfo, bool) {
	for _, p := range m.Params {
		if p.Name == name {
			return p, true
		}
	}
	return ParamInfo{}, false
}

// Var returns the named state variable's description.
func (m *ModelInfo) Var(name string) (VarInfo, bool) {
	for _, v := range m.State {
		if v.Name == name {
			return v, true
		}
	}
	return VarInfo{}, false
}

// Catalog lists the models an engine knows. The engine's catalog is systems.Catalog().
type Catalog interface {
	Model(name string) (*ModelInfo, bool)
	Names() []string // sorted
}
