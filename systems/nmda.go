package systems

import (
	"math"

	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// NMDA is the NMDA receptor of document 000 with magnesium block:
//
//	ds/dt = -s/tau + a*x*(1-s),  dx/dt = -x/tau_rise,  x += pre spike,
//	g = g_max*s / (1 + exp(-alpha*V)*cc_Mg/beta),  post.input -= g*(V - E),
//
// by RK4, with the conductance delayed by delay.
type NMDA struct{}

var nmdaInfo = &spec.ModelInfo{
	Name: "NMDA", Kind: spec.SynapseModel,
	Doc: "NMDA receptor with Mg2+ block, conductance output",
	Params: []spec.ParamInfo{
		{Name: "g_max", Default: 0.15, Unit: "nS", Doc: "maximal conductance"},
		{Name: "E", Default: 0, Unit: "mV", Doc: "reversal potential"},
		{Name: "cc_Mg", Default: 1.2, Unit: "mM", Doc: "Mg2+ concentration"},
		{Name: "alpha", Default: 0.062, Unit: "1/mV", Doc: "Mg2+ block voltage dependence"},
		{Name: "beta", Default: 3.57, Unit: "mM", Doc: "Mg2+ block constant"},
		{Name: "tau", Default: 100, Unit: "ms", Doc: "decay time constant"},
		{Name: "a", Default: 0.5, Unit: "1/ms", Doc: "rise coupling"},
		{Name: "tau_rise", Default: 2, Unit: "ms", Doc: "rise time constant"},
	},
	State: []spec.VarInfo{
		{Name: "s", Unit: "1", Doc: "gating variable"},
		{Name: "x", Unit: "1", Doc: "rise variable"},
	},
	Methods: []string{"rk4", "euler"},
}

func (NMDA) Info() *spec.ModelInfo { return nmdaInfo }

type nmda struct {
	proj
	method                                      integrators.Method
	gMax, e, ccMg, alpha, beta, tau, a, tauRise []float64
	s, x, postV                                 []float64
	post                                        *ecs.Table
}

func (NMDA) New(env *Env) (Object, error) {
	p := env.Params
	m := &nmda{proj: newProj(env), method: env.Method, gMax: p.Get("g_max"), e: p.Get("E"), ccMg: p.Get("cc_Mg"),
		alpha: p.Get("alpha"), beta: p.Get("beta"), tau: p.Get("tau"), a: p.Get("a"), tauRise: p.Get("tau_rise"),
		s: env.Table.Float64(components.S), x: env.Table.Float64(components.X),
		postV: env.Post.Float64(components.V), post: env.Post}
	m.out = NewRing(m.synapses(), env.DelaySteps)
	return m, nil
}

func (m *nmda) Stages() []Stage {
	return []Stage{
		{Name: "NMDA.update", Units: m.synapses(), Cost: 30, Run: m.update},
		m.outputStage(m.post, Conductance, m.e),
	}
}

func (m *nmda) update(c Ctx, lo, hi int) {
	pre, post := m.g.Pre, m.g.Post
	in := m.out.In(c.Step)
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		tau, a, tauRise := m.tau[r], m.a[r], m.tauRise[r]
		gMax, ccMg, alpha, beta := m.gMax[r], m.ccMg[r], m.alpha[r], m.beta[r]
		spikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		postV := m.postV[r*m.nPost : (r+1)*m.nPost]
		f := func(s, x, _ float64) (float64, float64) {
			return (-s)/tau + float64(float64(a*x)*(1-s)), (-x) / tauRise
		}
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			i := k - base
			x := m.x[k] + spikeValue(spikes[pre[i]])
			s, x := integrators.Step2(m.method, f, m.s[k], x, 0, m.dt)
			m.s[k], m.x[k] = s, x
			// exp is Go's, not glibc's: it may differ in the last bit when post.V != 0 (§10).
			gInf := 1 + float64(math.Exp(float64((-alpha)*postV[post[i]]))*ccMg)/beta
			in[k] = float64(gMax*s) / gInf
		}
		lo = end
	}
}

func init() { Register(NMDA{}) }
