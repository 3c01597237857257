package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// Exponential is the single-exponential synapse of document 000: ds/dt = -s/tau by exponential
// Euler, then s += pre spike. No output to the post group, as in BrainPy's example.
//
// It is the shortest synapse model, and the one to copy when writing a new one.
type Exponential struct{}

var exponentialInfo = &spec.ModelInfo{
	Name: "Exponential", Kind: spec.SynapseModel,
	Doc: "single exponential decay (no output to the post group, as in BrainPy's example)",
	Params: []spec.ParamInfo{
		{Name: "tau", Default: 8, Unit: "ms", Doc: "decay time constant"},
	},
	State:   []spec.VarInfo{{Name: "s", Unit: "1", Doc: "synaptic variable"}},
	Methods: []string{"exp_euler"},
}

func (Exponential) Info() *spec.ModelInfo { return exponentialInfo }

type exponential struct {
	proj
	tau   []float64 // parameter, per replica
	decay []float64 // derived constant exp(-dt/tau), per replica
	s     []float64 // state, per synapse of every replica
}

func (Exponential) New(env *Env) (Object, error) {
	m := &exponential{proj: newProj(env), tau: env.Params.Get("tau"), s: env.Table.Float64(components.S)}
	for _, tau := range m.tau {
		m.decay = append(m.decay, integrators.DecayFactor(tau, env.Dt))
	}
	return m, nil
}

func (m *exponential) Stages() []Stage {
	return []Stage{{Name: "Exponential.update", Units: m.synapses(), Cost: 3, Run: m.update}}
}

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

func init() { Register(Exponential{}) }
