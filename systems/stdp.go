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
		{Name: "A_s", Unit: "1", Doc: "presynaptic trace", SharedBy: "pre"},
		{Name: "A_t", Unit: "1", Doc: "postsynaptic trace", SharedBy: "post"},
		{Name: "w", Init: 1, Unit: "1", Doc: "weight"},
	},
	Methods: []string{"exp_euler"},
}

func (STDP) Info() *spec.ModelInfo { return stdpInfo }

// stdp keeps A_s once per pre neuron and A_t once per post neuron: BrainPy computes them per
// synapse, but they depend only on that neuron's spikes, so they are equal to the bit. s and w
// stay per synapse.
type stdp struct {
	proj
	dAs, dAt, wMin, wMax, tauS, tauT, tau []float64
	eS, eAs, eAt                          []float64
	as                                    []float64 // per pre neuron
	at                                    []float64 // per post neuron
	atDecayed                             []float64 // per post neuron: A_t before this step's post spike
	s, w                                  []float64 // per synapse
	postSpike                             []bool
	post                                  *ecs.Table
}

func (STDP) New(env *Env) (Object, error) {
	p := env.Params
	m := &stdp{proj: newProj(env), dAs: p.Get("delta_A_s"), dAt: p.Get("delta_A_t"), wMin: p.Get("w_min"),
		wMax: p.Get("w_max"), tauS: p.Get("tau_s"), tauT: p.Get("tau_t"), tau: p.Get("tau"),
		as: env.PreTable.Float64(components.AS), at: env.PostTable.Float64(components.AT),
		s: env.Table.Float64(components.S), w: env.Table.Float64(components.W),
		postSpike: env.Post.Bool(components.Spike), post: env.Post}
	m.atDecayed = make([]float64, len(m.at))
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
		{Name: "STDP.pre", Units: m.nPre * m.replicas, Cost: 4, Run: m.updatePre},
		{Name: "STDP.post", Units: m.nPost * m.replicas, Cost: 4, Run: m.updatePost},
		{Name: "STDP.update", Units: m.synapses(), Cost: 6, Run: m.update},
		m.outputStage(m.post, Current, nil),
	}
}

// updatePre: A_s = decay(A_s), + delta_A_s on a pre spike.
func (m *stdp) updatePre(_ Ctx, lo, hi int) {
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nPre)
		tauS, eAs, dAs := m.tauS[r], m.eAs[r], m.dAs[r]
		for k := lo; k < end; k++ {
			as := integrators.Decay(m.as[k], tauS, eAs)
			if m.preSpike[k] {
				as = as + dAs
			}
			m.as[k] = as
		}
		lo = end
	}
}

// updatePost: A_t = decay(A_t), + delta_A_t on a post spike; the decayed value before the spike
// is what a pre spike of this step subtracts from w.
func (m *stdp) updatePost(_ Ctx, lo, hi int) {
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nPost)
		tauT, eAt, dAt := m.tauT[r], m.eAt[r], m.dAt[r]
		for k := lo; k < end; k++ {
			at := integrators.Decay(m.at[k], tauT, eAt)
			m.atDecayed[k] = at
			if m.postSpike[k] {
				at = at + dAt
			}
			m.at[k] = at
		}
		lo = end
	}
}

// update: s = decay(s); a pre spike adds w to s and subtracts A_t from w; a post spike adds A_s
// (with this step's pre increment) to w; w is clipped to [w_min, w_max].
func (m *stdp) update(c Ctx, lo, hi int) {
	pre, post := m.g.Pre, m.g.Post
	in := m.out.In(c.Step)
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		wMin, wMax, tau, eS := m.wMin[r], m.wMax[r], m.tau[r], m.eS[r]
		preSpikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		postSpikes := m.postSpike[r*m.nPost : (r+1)*m.nPost]
		as := m.as[r*m.nPre : (r+1)*m.nPre]
		atDecayed := m.atDecayed[r*m.nPost : (r+1)*m.nPost]
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			i := k - base
			s := integrators.Decay(m.s[k], tau, eS)
			w := m.w[k]
			if p := pre[i]; preSpikes[p] {
				s = s + w
				w = w - atDecayed[post[i]]
			}
			if q := post[i]; postSpikes[q] {
				w = w + as[pre[i]]
			}
			m.s[k] = s
			m.w[k] = min(max(w, wMin), wMax)
			in[k] = s
		}
		lo = end
	}
}

func init() { Register(STDP{}) }
