package systems

import (
	"sort"

	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/connect"
	"github.com/spikesweep/spikesweep/ecs"
)

// jump is a delta synapse (VoltageJump with an output; Brian2's on_pre = "v_post += w", NEST's
// static synapse onto iaf_psc_delta): a spike of pre neuron p at step n adds w_i to V (or input)
// of the target of each of its synapses i at step n + d_i.
//
// It is event-driven and keeps no per-synapse state: a ring of K = max delay + 1 slots of post
// accumulators (NEST's ring buffer, Brian2's spike queue) per replica. Each step the spiking pre
// neurons' synapses add their weights to the slot of their arrival step, then the slot of the
// current step is added to the post variable and cleared. Work per step is proportional to the
// post neurons plus spikes times fan-out; memory to K times the post neurons, whatever the number
// of distinct delays.
//
// Arrivals at a post neuron are summed in the order (spike step, pre neuron), whatever the split
// over workers, so results do not depend on the worker count.
type jump struct {
	name        string
	nPre, nPost int
	R, K        int
	g           *connect.Graph
	preSpike    []bool
	dst         []float64   // post V or input, every replica
	weight      []float64   // per replica, when synW[r] is nil
	synW        [][]float64 // per replica: per synapse (compressed order), or nil
	synD        [][]uint16  // per replica: delay per synapse in steps, or nil (delay for all)
	delay       int
	ring        []float64 // per replica: K slots of nPost accumulators
	pre, post   *ecs.Table
	dstVar      ecs.Component
}

func newJump(env *Env) *jump {
	g := env.Graph
	m := &jump{name: env.Name, nPre: g.NPre, nPost: g.NPost, R: env.Replicas, g: g,
		preSpike: env.Pre.Bool(components.Spike), weight: env.Weight, synW: env.SynWeights, synD: env.SynDelays,
		delay: env.DelaySteps, pre: env.Pre, post: env.Post}
	if m.synW == nil {
		m.synW = make([][]float64, m.R)
	}
	if m.synD == nil {
		m.synD = make([][]uint16, m.R)
	}
	maxD := m.delay
	for _, ds := range m.synD {
		for _, d := range ds {
			maxD = max(maxD, int(d))
		}
	}
	m.K = maxD + 1
	m.ring = make([]float64, m.R*m.K*m.nPost)
	switch env.Output {
	case "voltage":
		m.dstVar = components.V
	default:
		m.dstVar = components.Input
	}
	m.dst = env.Post.Float64(m.dstVar)
	return m
}

// Stages is one stage over the post neurons, which declares them (Stage.Elements): the
// scheduler then runs it in one parallel region with the other projections' deliveries, as the
// event-driven exponential synapse. It finds the spiking pre neurons itself, a word-wise scan of
// their flags: a list made by a stage of its own cost a barrier (Brunel's step had 12).
func (m *jump) Stages() []Stage {
	fanOut := m.g.Len()/max(m.nPre, 1) + 1
	return []Stage{{Name: m.name + ".deliver", Units: m.R * m.nPost, Cost: 2 + fanOut/50, Run: m.deliver,
		Elements: m.post, Writes: []ecs.Component{m.dstVar}, Reads: []Column{{m.pre, components.Spike}}}}
}

// deliver handles the post neurons [lo, hi) of every replica it spans.
func (m *jump) deliver(c Ctx, lo, hi int) {
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nPost)
		base := r * m.nPost
		qa, qb := int32(lo-base), int32(end-base)
		ring := m.ring[r*m.K*m.nPost : (r+1)*m.K*m.nPost]
		now := c.Step % m.K
		fixed := (c.Step + m.delay) % m.K // the arrival slot of the constant delay
		w, ws, ds := m.weight[r], m.synW[r], m.synD[r]
		spikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		var from []int32 // where each row reaches [qa, qb): kept by the graph per boundary
		if qa > 0 {
			from = m.g.RowSplit(qa)
		}
		for p := ecs.NextFired(spikes, 0); p < len(spikes); p = ecs.NextFired(spikes, p+1) {
			first := int(m.g.OutPtr[p])
			targets := m.g.Targets[first:m.g.OutPtr[p+1]]
			k := 0
			if from != nil {
				k = int(from[p])
			} else if qa > 0 {
				k = sort.Search(len(targets), func(i int) bool { return targets[i] >= qa })
			}
			if ds == nil && ws == nil { // the common case (Brunel's network): one weight, one delay
				// One pass that stops at the end of [qa, qb), rather than a pass to find it first.
				row := ring[fixed*m.nPost : (fixed+1)*m.nPost]
				for _, q := range targets[k:] {
					if q >= qb {
						break
					}
					row[q] += w
				}
				continue
			}
			end := k
			for end < len(targets) && targets[end] < qb {
				end++
			}
			switch {
			case ds == nil:
				row := ring[fixed*m.nPost : (fixed+1)*m.nPost]
				for j, q := range targets[k:end] {
					row[q] += ws[first+k+j]
				}
			default:
				for j, q := range targets[k:end] {
					i := first + k + j
					x := w
					if ws != nil {
						x = ws[i]
					}
					ring[((c.Step+int(ds[i]))%m.K)*m.nPost+int(q)] += x
				}
			}
		}
		acc := ring[now*m.nPost : (now+1)*m.nPost]
		dst := m.dst[base : base+m.nPost]
		for q := qa; q < qb; q++ {
			if a := acc[q]; a != 0 {
				dst[q] += a
				acc[q] = 0
			}
		}
		lo = end
	}
}
