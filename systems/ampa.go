package systems

import (
	"math"

	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// AMPA is the AMPA receptor of document 000: transmitter T is present for T_duration after each
// pre spike, and ds/dt = alpha*TT*(1-s) - beta*s, by exponential Euler. Like BrainPy's it writes
// nothing to the post group (SEMANTICS.md §12, Q2).
type AMPA struct{}

var ampaInfo = &spec.ModelInfo{
	Name: "AMPA", Kind: spec.SynapseModel,
	Doc: "AMPA receptor kinetics (no output to the post group, as in BrainPy's example)",
	Params: []spec.ParamInfo{
		{Name: "alpha", Default: 0.98, Unit: "1/(mM ms)", Doc: "binding rate"},
		{Name: "beta", Default: 0.18, Unit: "1/ms", Doc: "unbinding rate"},
		{Name: "T", Default: 0.5, Unit: "mM", Doc: "transmitter concentration during a release"},
		{Name: "T_duration", Default: 0.5, Unit: "ms", Doc: "release duration (strict < test)"},
		outputParams[0], outputParams[1],
	},
	State: []spec.VarInfo{
		{Name: "s", Unit: "1", Doc: "open fraction"},
		{Name: "t_last_pre_spike", Init: -1e7, Unit: "ms", Doc: "last spike of the synapse's pre neuron"},
	},
	Methods: []string{"exp_euler"},
	Output:  true,
}

func (AMPA) Info() *spec.ModelInfo { return ampaInfo }

type ampa struct {
	proj
	alpha, beta, tt, tDur []float64
	eOn, eOff             []float64 // derived: E with TT = T and TT = 0
	s, tLastSyn           []float64
	tLastPre              []float64 // per pre neuron, as BrainPy indexes it (Q1)
	stages                []Stage
}

func (AMPA) New(env *Env) (Object, error) {
	m := &ampa{proj: newProj(env), alpha: env.Params.Get("alpha"), beta: env.Params.Get("beta"),
		tt: env.Params.Get("T"), tDur: env.Params.Get("T_duration"),
		s: env.Table.Float64(components.S), tLastSyn: env.Table.Float64(components.TLastPreSpike)}
	m.tLastPre = make([]float64, m.nPre*m.replicas)
	for i := range m.tLastPre {
		m.tLastPre[i] = -1e7
	}
	dtl := integrators.DtLiteral(env.Dt)
	for r := range m.replicas {
		on, off := m.tt[r], 0.0
		m.eOn = append(m.eOn, math.Exp(float64(float64((-dtl)*on)*m.alpha[r])-float64(dtl*m.beta[r])))
		m.eOff = append(m.eOff, math.Exp(float64(float64((-dtl)*off)*m.alpha[r])-float64(dtl*m.beta[r])))
	}
	m.stages = m.withOutput(env, m.s,
		// BrainPy records the spike time inside its synapse loop, before any synapse of that pre
		// neuron reads it; a per-pre pass first gives the same values without two synapses
		// writing one entry.
		Stage{Name: "AMPA.pre", Units: m.nPre * m.replicas, Cost: 1, Run: m.recordPre},
		Stage{Name: "AMPA.update", Units: m.synapses(), Cost: 6, Run: m.update})
	return m, nil
}

func (m *ampa) Stages() []Stage { return m.stages }

func (m *ampa) recordPre(c Ctx, lo, hi int) {
	for k := lo; k < hi; k++ {
		if m.preSpike[k] {
			m.tLastPre[k] = c.T
		}
	}
}

func (m *ampa) update(c Ctx, lo, hi int) {
	pre := m.g.Pre
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		alpha, beta, T, tDur, eOn, eOff := m.alpha[r], m.beta[r], m.tt[r], m.tDur[r], m.eOn[r], m.eOff[r]
		tLast := m.tLastPre[r*m.nPre : (r+1)*m.nPre]
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			tl := tLast[pre[k-base]]
			m.tLastSyn[k] = tl
			TT, E := 0.0, eOff
			if (c.T - tl) < tDur {
				TT, E = T, eOn
			}
			s := m.s[k]
			// sympy's expansion: -TT*alpha*s + 1.0*TT*alpha - beta*s; A = -TT*alpha - beta.
			df := (float64(float64((-TT)*alpha)*s) + float64(float64(1.0*TT)*alpha)) - float64(beta*s)
			A := float64((-TT)*alpha) - beta
			m.s[k] = integrators.ExpEulerStep(s, df, A, E)
		}
		lo = end
	}
}

func init() { Register(AMPA{}) }
