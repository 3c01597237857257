package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// STDP is the trace-based spike-timing-dependent plasticity synapse of both documents:
//
//	ds/dt = -s/tau, dA_s/dt = -A_s/tau_s, dA_t/dt = -A_t/tau_t  (exponential Euler);
//	pre spike:  s += w, A_s += delta_A_s, w -= A_t;
//	post spike: A_t += delta_A_t, w += A_s;   w = clip(w, w_min, w_max),
//
// where the post spike is the post group's spike of the previous step when, as in the documents,
// the synapse is updated before its post group. s, delayed, is added to post.input.
type STDP struct{}

var stdpInfo = &spec.ModelInfo{
	Name: "STDP", Kind: spec.SynapseModel,
	Doc: "spike-timing-dependent plasticity with pre/post traces, current output",
	Params: []spec.ParamInfo{
		{Name: "delta_A_s", Default: 0.5, Unit: "1", Doc: "pre trace increment (LTP amplitude)"},
		{Name: "delta_A_t", Default: 0.5, Unit: "1", Doc: "post trace increment (LTD amplitude)"},
		{Name: "w_min", Default: 0, Unit: "1", Doc: "lower weight bound"},
		{Name: "w_max", Default: 20, Unit: "1", Doc: "upper weight bound"},
		{Name: "tau_s", Default: 10, Unit: "ms", Doc: "pre trace time constant"},
		{Name: "tau_t", Default: 10, Unit: "ms", Doc: "post trace time constant"},
		{Name: "tau", Default: 10, Unit: "ms", Doc: "synaptic current time constant"},
	},
	State: []spec.VarInfo{
		{Name: "s", Unit: "1", Doc: "synaptic current"},
		{Name: "A_s", Unit: "1", Doc: "presynaptic trace"},
		{Name: "A_t", Unit: "1", Doc: "postsynaptic trace"},
		{Name: "w", Init: 1, Unit: "1", Doc: "weight"},
	},
	Methods: []string{"exp_euler"},
}

func (STDP) Info() *spec.ModelInfo { return stdpInfo }

type stdp struct {
	proj
	dAs, dAt, wMin, wMax, tauS, tauT, tau []float64
	eS, eAs, eAt                          []float64
	s, as, at, w                          []float64
	postSpike                             []bool
	post                                  *ecs.Table
}

func (STDP) New(env *Env) (Object, error) {
	p, t := env.Params, env.Table
	m := &stdp{proj: newProj(env), dAs: p.Get("delta_A_s"), dAt: p.Get("delta_A_t"), wMin: p.Get("w_min"),
		wMax: p.Get("w_max"), tauS: p.Get("tau_s"), tauT: p.Get("tau_t"), tau: p.Get("tau"),
		s: t.Float64(components.S), as: t.Float64(components.AS), at: t.Float64(components.AT), w: t.Float64(components.W),
		postSpike: env.Post.Bool(components.Spike), post: env.Post}
	for r := range env.Replicas {
		m.eS = append(m.eS, integrators.DecayFactor(m.tau[r], env.Dt))
		m.eAs = append(m.eAs, integrators.DecayFactor(m.tauS[r], env.Dt))
		m.eAt = append(m.eAt, integrators.DecayFactor(m.tauT[r], env.Dt))
	}
	m.out = NewRing(m.synapses(), env.DelaySteps)
	return m, nil
}

func (m *stdp) Stages() []Stage {
	return []Stage{
		{Name: "STDP.update", Units: m.synapses(), Cost: 12, Run: m.update},
		m.outputStage(m.post, Current, nil),
	}
}

func (m *stdp) update(c Ctx, lo, hi int) {
	pre, post := m.g.Pre, m.g.Post
	in := m.out.In(c.Step)
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		dAs, dAt, wMin, wMax := m.dAs[r], m.dAt[r], m.wMin[r], m.wMax[r]
		tau, tauS, tauT, eS, eAs, eAt := m.tau[r], m.tauS[r], m.tauT[r], m.eS[r], m.eAs[r], m.eAt[r]
		preSpikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		postSpikes := m.postSpike[r*m.nPost : (r+1)*m.nPost]
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			i := k - base
			s := integrators.Decay(m.s[k], tau, eS)
			as := integrators.Decay(m.as[k], tauS, eAs)
			at := integrators.Decay(m.at[k], tauT, eAt)
			w := m.w[k]
			if preSpikes[pre[i]] {
				s = s + w
				as = as + dAs
				w = w - at
			}
			if postSpikes[post[i]] {
				at = at + dAt
				w = w + as
			}
			m.s[k], m.as[k], m.at[k] = s, as, at
			m.w[k] = min(max(w, wMin), wMax)
			in[k] = s
		}
		lo = end
	}
}

func init() { Register(STDP{}) }
