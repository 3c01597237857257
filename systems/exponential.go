package systems

import (
	"sort"

	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/connect"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// Exponential is the single-exponential synapse of document 000: ds/dt = -s/tau by exponential
// Euler, then s += pre spike. As in BrainPy's example it has no output unless one is asked for
// (output = current: post.input += g_max*s; conductance: post.input -= g_max*s*(V-E)), which is
// how current-based networks such as Brian2's CUBA are built.
//
// It is the shortest synapse model, and the one to copy when writing a new one. With event =
// true it runs event-driven ([exponentialEvent]).
type Exponential struct{}

var exponentialInfo = &spec.ModelInfo{
	Name: "Exponential", Kind: spec.SynapseModel,
	Doc: "single exponential decay; output none (BrainPy's example), current or conductance",
	Params: []spec.ParamInfo{
		{Name: "tau", Default: 8, Unit: "ms", Doc: "decay time constant"},
		outputParams[0], outputParams[1],
	},
	State:   []spec.VarInfo{{Name: "s", Unit: "1", Doc: "synaptic variable"}},
	Methods: []string{"exp_euler"},
	Output:  true,
	Event:   true,
}

func (Exponential) Info() *spec.ModelInfo { return exponentialInfo }

type exponential struct {
	proj
	tau    []float64 // parameter, per replica
	decay  []float64 // derived constant exp(-dt/tau), per replica
	s      []float64 // state, per synapse of every replica
	stages []Stage
}

func (Exponential) New(env *Env) (Object, error) {
	if env.Event {
		return newExponentialEvent(env), nil
	}
	m := &exponential{proj: newProj(env), tau: env.Params.Get("tau"), s: env.Table.Float64(components.S)}
	for _, tau := range m.tau {
		m.decay = append(m.decay, integrators.DecayFactor(tau, env.Dt))
	}
	m.stages = m.withOutput(env, m.s, Stage{Name: "Exponential.update", Units: m.synapses(), Cost: 3, Run: m.update})
	return m, nil
}

func (m *exponential) Stages() []Stage { return m.stages }

func (m *exponential) update(_ Ctx, lo, hi int) {
	pre := m.g.Pre
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		tau, e := m.tau[r], m.decay[r]
		spikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			m.s[k] = integrators.Decay(m.s[k], tau, e) + spikeValue(spikes[pre[k-base]])
		}
		lo = end
	}
}

// exponentialEvent is Exponential run event-driven. All synapses onto one post neuron decay
// with the same tau, so only their sum is kept, once per post neuron: S = Σ s. Each step S
// decays, and each spiking pre neuron adds 1 to the S of its targets, found in the graph's
// compressed rows (4 bytes per synapse, nothing per synapse in the state). Work per step is
// proportional to post neurons plus delivered spikes, not to synapses.
//
// With one incoming synapse per post neuron the numbers are BrainPy's to the bit; with more, the
// sum is rounded in another order (differences of the order of 1e-16 relative). s per synapse is
// not kept, so it cannot be monitored.
type exponentialEvent struct {
	name             string
	nPre, nPost, R   int
	g                *connect.Graph
	preSpike         []bool
	tau, decay, gMax []float64
	e                []float64
	sum              []float64 // S per post neuron of every replica
	out              *Ring     // S delayed, per post neuron
	input, v         []float64
	mode             Output
	pre, post        *ecs.Table
	// exact keeps BrainPy's decay formula, ((df*(E-1))/A) + S, where it reproduces BrainPy to the
	// bit (no post neuron with more than one incoming synapse); otherwise S*E, one multiply
	// instead of two divisions, equal up to rounding.
	exact bool
}

func newExponentialEvent(env *Env) *exponentialEvent {
	g := env.Graph
	m := &exponentialEvent{name: env.Name, nPre: g.NPre, nPost: g.NPost, R: env.Replicas, g: g,
		preSpike: env.Pre.Bool(components.Spike), tau: env.Params.Get("tau"), gMax: env.Params.Get("g_max"),
		e: env.Params.Get("E"), sum: make([]float64, g.NPost*env.Replicas),
		out: NewRing(g.NPost*env.Replicas, env.DelaySteps), input: env.Post.Float64(components.Input),
		pre: env.Pre, post: env.Post}
	for _, tau := range m.tau {
		m.decay = append(m.decay, integrators.DecayFactor(tau, env.Dt))
	}
	fanIn := make([]int32, g.NPost)
	m.exact = true
	for _, q := range g.Targets {
		fanIn[q]++
		if fanIn[q] > 1 {
			m.exact = false
			break
		}
	}
	switch env.Output {
	case "current":
		m.mode = Current
	case "conductance":
		m.mode = Conductance
		m.v = env.Post.Float64(components.V)
	default:
		m.mode = none
	}
	return m
}

// none marks an event-driven synapse without output (it still keeps S).
const none Output = 255

func (m *exponentialEvent) Stages() []Stage {
	fanIn := m.g.Len()/max(m.nPost, 1) + 1
	return []Stage{{Name: m.name + ".deliver", Units: m.R * m.nPost, Cost: 4 + fanIn/50, Run: m.deliver,
		Elements: m.post, Writes: []ecs.Component{components.Input}, Reads: []Column{{m.pre, components.Spike}}}}
}

// deliver adds the spikes that reach the post neurons [lo, hi) to their S (in pre order, so the
// sum does not depend on the split), applies the delayed output, and decays S for the next step.
// It finds the spiking pre neurons itself, a word-wise scan of their flags, rather than from a
// list made by a stage before it: that stage needed a barrier of its own, and a list shared by
// the workers.
//
// BrainPy decays S first and adds the spikes after; here the decay of step n+1 is done at the end
// of step n, in the same pass as the output, so that a step makes one pass over the post neurons
// instead of two. The numbers are the same: nothing reads S between the two, and S starts at 0,
// which the decay leaves at 0.
func (m *exponentialEvent) deliver(c Ctx, lo, hi int) {
	in, pulled := m.out.In(c.Step), m.out.Out(c.Step)
	delayed := m.out.K > 1
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nPost)
		base := r * m.nPost
		qa, qb := int32(lo-base), int32(end-base)
		sum := m.sum[base : base+m.nPost]
		spikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		var from []int32 // where each row reaches [qa, qb): kept by the graph per boundary
		if qa > 0 {
			from = m.g.RowSplit(qa)
		}
		for p := ecs.NextFired(spikes, 0); p < len(spikes); p = ecs.NextFired(spikes, p+1) {
			targets := m.g.Targets[m.g.OutPtr[p]:m.g.OutPtr[p+1]]
			k := 0
			if from != nil {
				k = int(from[p])
			} else if qa > 0 {
				k = sort.Search(len(targets), func(i int) bool { return targets[i] >= qa })
			}
			for ; k < len(targets) && targets[k] < qb; k++ {
				sum[targets[k]] += 1
			}
		}
		S := sum[qa:qb]
		if delayed {
			copy(in[lo:end], S)
		}
		out := S // no delay: what is pulled is what was just summed
		if delayed {
			out = pulled[lo:end]
		}
		if m.mode == Current && !m.exact && !delayed {
			outputDecay(m.input[lo:end], S, m.gMax[r], m.decay[r])
		} else {
			m.output(r, m.input[lo:end], m.v[min(lo, len(m.v)):min(end, len(m.v))], out)
			m.decayAll(r, S)
		}
		lo = end
	}
}

// output adds the delayed S of one replica's post neurons to their input.
func (m *exponentialEvent) output(r int, input, v, pulled []float64) {
	g := m.gMax[r]
	pulled = pulled[:len(input)]
	switch m.mode {
	case Current:
		for k, x := range pulled {
			input[k] = input[k] + g*x
		}
	case Conductance:
		E := m.e[r]
		v = v[:len(input)]
		for k, x := range pulled {
			input[k] = input[k] - float64(g*x*(v[k]-E))
		}
	}
}

// outputDecay is output and decayAll in one loop, for the common case (current output, no delay,
// S decayed by multiplication): input += g*S, then S *= e.
func outputDecay(input, S []float64, g, e float64) {
	input = input[:len(S)]
	for q := outputDecayVector(input, S, g, e); q < len(S); q++ {
		x := S[q]
		input[q] = input[q] + g*x
		S[q] = x * e
	}
}

// decayAll advances S of one replica's post neurons to the next step, before its spikes arrive.
func (m *exponentialEvent) decayAll(r int, S []float64) {
	e := m.decay[r]
	if m.exact {
		tau := m.tau[r]
		for q, x := range S {
			S[q] = integrators.Decay(x, tau, e)
		}
		return
	}
	for q, x := range S {
		S[q] = x * e
	}
}

func init() { Register(Exponential{}) }
