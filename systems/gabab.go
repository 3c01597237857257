package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// GABAb is the GABA_B receptor of document 000, a two-stage G-protein cascade:
//
//	dR/dt = k3*TT*(1-R) - k4*R,  dG/dt = k1*R - k2*G,  s = G^4/(G^4 + kd),
//	post.input -= g_max*s*(V - E),
//
// by RK4, with TT = T for T_duration after each pre spike (per synapse, strict <).
type GABAb struct{}

var gababInfo = &spec.ModelInfo{
	Name: "GABAb", Kind: spec.SynapseModel,
	Doc: "GABA_B receptor with G-protein cascade, conductance output",
	Params: []spec.ParamInfo{
		{Name: "g_max", Default: 0.02, Unit: "nS", Doc: "maximal conductance"},
		{Name: "E", Default: -95, Unit: "mV", Doc: "reversal potential"},
		{Name: "k1", Default: 0.18, Unit: "1/ms", Doc: "G-protein production rate"},
		{Name: "k2", Default: 0.034, Unit: "1/ms", Doc: "G-protein removal rate"},
		{Name: "k3", Default: 0.09, Unit: "1/(mM ms)", Doc: "receptor activation rate"},
		{Name: "k4", Default: 0.0012, Unit: "1/ms", Doc: "receptor deactivation rate"},
		{Name: "kd", Default: 100, Unit: "1", Doc: "G-protein dissociation constant"},
		{Name: "T", Default: 0.5, Unit: "mM", Doc: "transmitter concentration during a release"},
		{Name: "T_duration", Default: 0.3, Unit: "ms", Doc: "release duration (strict < test)"},
	},
	State: []spec.VarInfo{
		{Name: "s", Unit: "1", Doc: "open fraction"},
		{Name: "R", Unit: "1", Doc: "activated receptor fraction"},
		{Name: "G", Unit: "uM", Doc: "G-protein concentration"},
		{Name: "t_last_pre_spike", Init: -1e7, Unit: "ms", Doc: "last pre spike"},
	},
	Methods: []string{"rk4", "euler"},
}

func (GABAb) Info() *spec.ModelInfo { return gababInfo }

type gabab struct {
	proj
	method                                integrators.Method
	gMax, e, k1, k2, k3, k4, kd, tt, tDur []float64
	s, rr, gg, tLast                      []float64
	post                                  *ecs.Table
}

func (GABAb) New(env *Env) (Object, error) {
	p, t := env.Params, env.Table
	m := &gabab{proj: newProj(env), method: env.Method, gMax: p.Get("g_max"), e: p.Get("E"),
		k1: p.Get("k1"), k2: p.Get("k2"), k3: p.Get("k3"), k4: p.Get("k4"), kd: p.Get("kd"),
		tt: p.Get("T"), tDur: p.Get("T_duration"),
		s: t.Float64(components.S), rr: t.Float64(components.R), gg: t.Float64(components.G),
		tLast: t.Float64(components.TLastPreSpike), post: env.Post}
	m.out = NewRing(m.synapses(), env.DelaySteps)
	return m, nil
}

func (m *gabab) Stages() []Stage {
	return []Stage{
		{Name: "GABAb.update", Units: m.synapses(), Cost: 30, Run: m.update},
		m.outputStage(m.post, Conductance, m.e),
	}
}

func (m *gabab) update(c Ctx, lo, hi int) {
	pre := m.g.Pre
	in := m.out.In(c.Step)
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		k1, k2, k3, k4, kd, T, tDur, gMax := m.k1[r], m.k2[r], m.k3[r], m.k4[r], m.kd[r], m.tt[r], m.tDur[r], m.gMax[r]
		spikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		f := func(R, G, TT float64) (float64, float64) {
			return float64(float64(k3*TT)*(1-R)) - float64(k4*R), float64(k1*R) - float64(k2*G)
		}
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			if spikes[pre[k-base]] {
				m.tLast[k] = c.T
			}
			TT := 0.0
			if (c.T - m.tLast[k]) < tDur {
				TT = T
			}
			R, G := integrators.Step2(m.method, f, m.rr[k], m.gg[k], TT, m.dt)
			g4 := pow4(G)
			m.rr[k], m.gg[k] = R, G
			m.s[k] = g4 / (g4 + kd)
			in[k] = gMax * m.s[k]
		}
		lo = end
	}
}

func init() { Register(GABAb{}) }
