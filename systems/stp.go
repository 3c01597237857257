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
		{Name: "x", Init: 1, Unit: "1", Doc: "available resources", SharedBy: "pre"},
		{Name: "u", Unit: "1", Doc: "utilisation", SharedBy: "pre"},
		{Name: "w", Init: 1, Unit: "1", Doc: "weight"},
	},
	Methods: []string{"exp_euler"},
}

func (STP) Info() *spec.ModelInfo { return stpInfo }

// stp keeps u and x once per pre neuron: BrainPy computes them per synapse, but every synapse of
// one pre neuron starts from the same values and sees the same spikes, so they are equal to the
// bit, and storing them once removes most of the memory traffic of a step. s (weighted) stays
// per synapse.
type stp struct {
	proj
	uInc, tauF, tauD, tau []float64 // parameters per replica
	eF, eD, eS            []float64 // derived decay factors per replica
	// Derived per replica, as BrainPy's generated code computes them each step (so the same
	// bits): the linear coefficients A = (-1)/tau, E-1, and x's constant term 1.0/tau_d.
	aF, aD, aS, mF, mD, mS, cD []float64
	u, x                       []float64 // per pre neuron
	xOld                       []float64 // per pre neuron: x before this step, which the spike terms use
	s, w                       []float64 // per synapse
	post                       *ecs.Table
	input                      []float64 // post.input
}

func (STP) New(env *Env) (Object, error) {
	p := env.Params
	m := &stp{proj: newProj(env), uInc: p.Get("U"), tauF: p.Get("tau_f"), tauD: p.Get("tau_d"), tau: p.Get("tau"),
		u: env.PreTable.Float64(components.U), x: env.PreTable.Float64(components.X),
		s: env.Table.Float64(components.S), w: env.Table.Float64(components.W), post: env.Post}
	m.xOld = make([]float64, len(m.x))
	for r := range env.Replicas {
		m.eF = append(m.eF, integrators.DecayFactor(m.tauF[r], env.Dt))
		m.eD = append(m.eD, integrators.DecayFactor(m.tauD[r], env.Dt))
		m.eS = append(m.eS, integrators.DecayFactor(m.tau[r], env.Dt))
		m.aF = append(m.aF, (-1)/m.tauF[r])
		m.aD = append(m.aD, (-1)/m.tauD[r])
		m.aS = append(m.aS, (-1)/m.tau[r])
		m.mF = append(m.mF, m.eF[r]-1)
		m.mD = append(m.mD, m.eD[r]-1)
		m.mS = append(m.mS, m.eS[r]-1)
		m.cD = append(m.cD, 1.0/m.tauD[r])
	}
	m.input = env.Post.Float64(components.Input)
	m.out = NewRing(m.synapses(), env.DelaySteps)
	return m, nil
}

func (m *stp) Stages() []Stage {
	if m.nPre == 1 && m.nSyn == 1 && m.nPost == 1 {
		return []Stage{{Name: "STP.pairs", Units: m.replicas, Cost: 30, Run: m.updatePairs}}
	}
	return []Stage{
		{Name: "STP.pre", Units: m.nPre * m.replicas, Cost: 10, Run: m.updatePre},
		{Name: "STP.update", Units: m.synapses(), Cost: 5, Run: m.update},
		m.outputStage(m.post, Current, nil),
	}
}

// updatePre advances u and x of the pre neurons [lo, hi):
// u = decay(u) (+ U*(1-u⁻) on a spike), x = recover(x) (- u*x⁻ on a spike), with u⁻, x⁻ the
// values before this step (SEMANTICS.md §12, Q3).
func (m *stp) updatePre(_ Ctx, lo, hi int) {
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nPre)
		U, tauF, tauD, aF, mF, aD, mD, cD := m.uInc[r], m.tauF[r], m.tauD[r], m.aF[r], m.mF[r], m.aD[r], m.mD[r], m.cD[r]
		for k := lo; k < end; k++ {
			u0, x0 := m.u[k], m.x[k]
			u := expEuler(u0, (-u0)/tauF, aF, mF)
			// sympy's expansion of (1-x)/tau_d: -x/tau_d + 1.0/tau_d.
			x := expEuler(x0, (-x0)/tauD+cD, aD, mD)
			if m.preSpike[k] {
				u = u + float64(U*(1-u0))
				x = x - float64(u*x0)
			}
			m.u[k], m.x[k], m.xOld[k] = u, x, x0
		}
		lo = end
	}
}

// update decays s of the synapses [lo, hi) and adds w*u*x⁻ where the pre neuron fired.
func (m *stp) update(c Ctx, lo, hi int) {
	pre := m.g.Pre
	in := m.out.In(c.Step)
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		tau, aS, mS := m.tau[r], m.aS[r], m.mS[r]
		spikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		u, xOld := m.u[r*m.nPre:(r+1)*m.nPre], m.xOld[r*m.nPre:(r+1)*m.nPre]
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			s := expEuler(m.s[k], (-m.s[k])/tau, aS, mS)
			if p := pre[k-base]; spikes[p] {
				s = s + float64(float64(m.w[k]*u[p])*xOld[p])
			}
			m.s[k] = s
			in[k] = s
		}
		lo = end
	}
}

// updatePairs is the whole step of replicas [lo, hi) when each has one pre neuron, one synapse and
// one post neuron (sweeps of the STP pair): updatePre, update and the output stage fused into one
// pass over the replicas, with the same arithmetic in the same order.
func (m *stp) updatePairs(c Ctx, lo, hi int) {
	in, pulled := m.out.In(c.Step), m.out.Out(c.Step)
	p := stpPairs{spikes: m.preSpike[lo:hi], u: m.u[lo:hi], x: m.x[lo:hi], s: m.s[lo:hi], w: m.w[lo:hi],
		input: m.input[lo:hi], in: in[lo:hi], pulled: pulled[lo:hi],
		U: m.uInc[lo:hi], tauF: m.tauF[lo:hi], tauD: m.tauD[lo:hi], tau: m.tau[lo:hi],
		aF: m.aF[lo:hi], aD: m.aD[lo:hi], aS: m.aS[lo:hi], mF: m.mF[lo:hi], mD: m.mD[lo:hi], mS: m.mS[lo:hi], cD: m.cD[lo:hi]}
	p.scalar(p.vector(), hi-lo)
}

// stpPairs is one range of STP pairs: state, delay ring slots, post input and per-replica
// constants, all indexed by replica.
type stpPairs struct {
	spikes                        []bool
	u, x, s, w, input, in, pulled []float64
	U, tauF, tauD, tau            []float64
	aF, aD, aS, mF, mD, mS, cD    []float64
}

// scalar updates the pairs [a, b).
func (p *stpPairs) scalar(a, b int) {
	spikes, u, x, s, w, input, in, pulled := p.spikes[a:b], p.u[a:b], p.x[a:b], p.s[a:b], p.w[a:b], p.input[a:b], p.in[a:b], p.pulled[a:b]
	U, tauF, tauD, tau := p.U[a:b], p.tauF[a:b], p.tauD[a:b], p.tau[a:b]
	aF, aD, aS, mF, mD, mS, cD := p.aF[a:b], p.aD[a:b], p.aS[a:b], p.mF[a:b], p.mD[a:b], p.mS[a:b], p.cD[a:b]
	for k := range spikes {
		u0, x0, s0 := u[k], x[k], s[k]
		uk := expEuler(u0, (-u0)/tauF[k], aF[k], mF[k])
		xk := expEuler(x0, (-x0)/tauD[k]+cD[k], aD[k], mD[k])
		sk := expEuler(s0, (-s0)/tau[k], aS[k], mS[k])
		if spikes[k] {
			uk = uk + float64(U[k]*(1-u0))
			xk = xk - float64(uk*x0)
			sk = sk + float64(float64(w[k]*uk)*x0)
		}
		u[k], x[k], s[k] = uk, xk, sk
		in[k] = sk
		input[k] = input[k] + pulled[k]
	}
}

// expEuler is [integrators.ExpEulerStep] with E-1 given: ((df*(E-1))/A) + y.
func expEuler(y, df, a, em1 float64) float64 { return float64(df*em1)/a + y }

func init() { Register(STP{}) }
