package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
)

// GapJunction is document 000's electrical synapse: a current w*(V_pre - V_post) into post.input
// and a spikelet w*k_spikelet added straight to post.V when the pre neuron fires (delayed by
// delay). Synapses are processed in order, and a later synapse onto the same post neuron sees the
// V an earlier one changed (SEMANTICS.md §12, Q8).
type GapJunction struct{}

var gapJunctionInfo = &spec.ModelInfo{
	Name: "GapJunction", Kind: spec.SynapseModel,
	Doc: "gap junction: coupling current plus spikelet on post.V",
	Params: []spec.ParamInfo{
		{Name: "k_spikelet", Default: 0.1, Unit: "1", Doc: "spikelet size relative to w"},
		{Name: "post_refractory", Default: 0, Unit: "1", Doc: "1: no spikelet into a refractory post neuron"},
	},
	State:   []spec.VarInfo{{Name: "w", Init: 1, Unit: "1", Doc: "coupling strength"}},
	Methods: []string{"euler"},
}

func (GapJunction) Info() *spec.ModelInfo { return gapJunctionInfo }

type gapJunction struct {
	proj
	kSpikelet, postRefr    []float64
	w                      []float64
	preV, postV, postInput []float64
	postRefractory         []bool
	selfCoupled            bool
}

func (GapJunction) New(env *Env) (Object, error) {
	m := &gapJunction{proj: newProj(env), kSpikelet: env.Params.Get("k_spikelet"),
		postRefr: env.Params.Get("post_refractory"), w: env.Table.Float64(components.W),
		preV: env.Pre.Float64(components.V), postV: env.Post.Float64(components.V),
		postInput: env.Post.Float64(components.Input), postRefractory: env.Post.Bool(components.Refractory),
		selfCoupled: env.Pre == env.Post}
	m.out = NewRing(m.synapses(), env.DelaySteps)
	return m, nil
}

func (m *gapJunction) Stages() []Stage {
	if m.selfCoupled {
		// Pre and post are one group: a synapse reads a V that another post neuron's synapses
		// change, so each replica runs in BrainPy's synapse order on one worker.
		return []Stage{{Name: "GapJunction.update", Units: m.replicas, Cost: 10 * m.nSyn, Run: m.updateInOrder}}
	}
	return []Stage{{Name: "GapJunction.update", Units: m.nPost * m.replicas, Cost: 10 * (m.nSyn/m.nPost + 1), Run: m.updateByPost}}
}

// synapse is one iteration of BrainPy's loop, for synapse i of replica r.
func (m *gapJunction) synapse(r, i int, in, out []float64) {
	p := r*m.nPre + int(m.g.Pre[i])
	q := r*m.nPost + int(m.g.Post[i])
	k := r*m.nSyn + i
	w := m.w[k]
	m.postInput[q] = m.postInput[q] + float64(w*(m.preV[p]-m.postV[q]))
	in[k] = float64(w*m.kSpikelet[r]) * spikeValue(m.preSpike[p])
	o := out[k]
	if m.postRefr[r] != 0 {
		m.postV[q] = m.postV[q] + float64(o*(1.-spikeValue(m.postRefractory[q])))
	} else {
		m.postV[q] = m.postV[q] + o
	}
}

func (m *gapJunction) updateByPost(c Ctx, lo, hi int) {
	in, out := m.out.In(c.Step), m.out.Out(c.Step)
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nPost)
		for k := lo; k < end; k++ {
			q := k - r*m.nPost
			for _, i := range m.g.InSyn[m.g.InPtr[q]:m.g.InPtr[q+1]] {
				m.synapse(r, int(i), in, out)
			}
		}
		lo = end
	}
}

func (m *gapJunction) updateInOrder(c Ctx, lo, hi int) {
	in, out := m.out.In(c.Step), m.out.Out(c.Step)
	for r := lo; r < hi; r++ {
		for i := range m.nSyn {
			m.synapse(r, i, in, out)
		}
	}
}

func init() { Register(GapJunction{}) }
