package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// STP is the Tsodyks-Markram short-term plasticity synapse of both documents:
//
//	ds/dt = -s/tau,  du/dt = -u/tau_f,  dx/dt = (1-x)/tau_d   (exponential Euler), and on a pre spike
//	u += U*(1-u⁻),  s += w*u*x⁻,  x -= u*x⁻,
//
// where u⁻ and x⁻ are the values before this step's decay (SEMANTICS.md §12, Q3); s, delayed, is
// added to post.input. Document 000's loop form and document 001's matrix form give identical
// numbers (§9.2).
type STP struct{}

var stpInfo = &spec.ModelInfo{
	Name: "STP", Kind: spec.SynapseModel,
	Doc: "short-term plasticity (Tsodyks-Markram), current output",
	Params: []spec.ParamInfo{
		{Name: "U", Default: 0.15, Unit: "1", Doc: "utilisation increment per spike"},
		{Name: "tau_f", Default: 1500, Unit: "ms", Doc: "facilitation time constant"},
		{Name: "tau_d", Default: 200, Unit: "ms", Doc: "depression (recovery) time constant"},
		{Name: "tau", Default: 8, Unit: "ms", Doc: "synaptic current time constant"},
	},
	State: []spec.VarInfo{
		{Name: "s", Unit: "1", Doc: "synaptic current"},
		{Name: "x", Init: 1, Unit: "1", Doc: "available resources"},
		{Name: "u", Unit: "1", Doc: "utilisation"},
		{Name: "w", Init: 1, Unit: "1", Doc: "weight"},
	},
	Methods: []string{"exp_euler"},
}

func (STP) Info() *spec.ModelInfo { return stpInfo }

type stp struct {
	proj
	uInc, tauF, tauD, tau []float64 // parameters per replica
	eF, eD, eS            []float64 // derived decay factors per replica
	s, x, u, w            []float64
	post                  *ecs.Table
}

func (STP) New(env *Env) (Object, error) {
	p, t := env.Params, env.Table
	m := &stp{proj: newProj(env), uInc: p.Get("U"), tauF: p.Get("tau_f"), tauD: p.Get("tau_d"), tau: p.Get("tau"),
		s: t.Float64(components.S), x: t.Float64(components.X), u: t.Float64(components.U), w: t.Float64(components.W),
		post: env.Post}
	for r := range env.Replicas {
		m.eF = append(m.eF, integrators.DecayFactor(m.tauF[r], env.Dt))
		m.eD = append(m.eD, integrators.DecayFactor(m.tauD[r], env.Dt))
		m.eS = append(m.eS, integrators.DecayFactor(m.tau[r], env.Dt))
	}
	m.out = NewRing(m.synapses(), env.DelaySteps)
	return m, nil
}

func (m *stp) Stages() []Stage {
	return []Stage{
		{Name: "STP.update", Units: m.synapses(), Cost: 12, Run: m.update},
		m.outputStage(m.post, Current, nil),
	}
}

func (m *stp) update(c Ctx, lo, hi int) {
	pre := m.g.Pre
	in := m.out.In(c.Step)
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		U, tauF, tauD, tau, eF, eD, eS := m.uInc[r], m.tauF[r], m.tauD[r], m.tau[r], m.eF[r], m.eD[r], m.eS[r]
		aD := (-1) / tauD
		spikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			u0, x0 := m.u[k], m.x[k]
			s := integrators.Decay(m.s[k], tau, eS)
			u := integrators.Decay(u0, tauF, eF)
			// sympy's expansion of (1-x)/tau_d: -x/tau_d + 1.0/tau_d.
			x := integrators.ExpEulerStep(x0, (-x0)/tauD+1.0/tauD, aD, eD)
			if spikes[pre[k-base]] {
				u = u + float64(U*(1-u0))
				s = s + float64(float64(m.w[k]*u)*x0)
				x = x - float64(u*x0)
			}
			m.s[k], m.u[k], m.x[k] = s, u, x
			in[k] = s
		}
		lo = end
	}
}

func init() { Register(STP{}) }
