package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/connect"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
)

// proj is what every synapse model shares: sizes, the graph, the pre spikes and the delay ring.
type proj struct {
	name              string
	nSyn, nPre, nPost int
	replicas          int
	dt                float64
	g                 *connect.Graph
	preSpike          []bool
	out               *Ring // nil for models without output
}

// newProj is the shared part of a spike-driven synapse: it reads the pre group's spikes, and
// panics (an error at build time) when the pre group has none.
func newProj(env *Env) proj {
	p := newRateProj(env)
	p.preSpike = env.Pre.Bool(components.Spike)
	return p
}

// newRateProj is the shared part of a synapse between rate units.
func newRateProj(env *Env) proj {
	env.Graph.Full()
	return proj{
		name: env.Name, nSyn: env.Graph.Len(), nPre: env.Graph.NPre, nPost: env.Graph.NPost,
		replicas: env.Replicas, dt: env.Dt, g: env.Graph,
	}
}

// synapses is the number of work units of a per-synapse stage.
func (p *proj) synapses() int { return p.nSyn * p.replicas }

// Output is how a synapse's delayed value reaches its post neuron.
type Output uint8

const (
	// Current adds the value to post.input: input[q] = input[q] + g (STP, STDP).
	Current Output = iota
	// Conductance subtracts g*(V-E): input[q] = input[q] - (g*(V[q]-E)) (NMDA, GABA_B).
	Conductance
)

// outputStage sums the delayed values into post.input per post neuron, over its incoming synapses
// in increasing synapse order: BrainPy's order, whatever the split over workers. e holds the
// reversal potential per replica (Conductance only).
func (p *proj) outputStage(post *ecs.Table, mode Output, e []float64) Stage {
	input := post.Float64(components.Input)
	var v []float64
	if mode == Conductance {
		v = post.Float64(components.V)
	}
	inPtr, inSyn := p.g.InPtr, p.g.InSyn
	nPost, nSyn := p.nPost, p.nSyn
	return Stage{Name: p.name + ".output", Units: nPost * p.replicas, Cost: 2 * (p.nSyn/p.nPost + 1),
		Run: func(c Ctx, lo, hi int) {
			pulled := p.out.Out(c.Step)
			for lo < hi {
				r, end := ecs.Span(lo, hi, nPost)
				g := pulled[r*nSyn : (r+1)*nSyn]
				base := r * nPost
				if mode == Current {
					for k := lo; k < end; k++ {
						q := k - base
						acc := input[k]
						for _, i := range inSyn[inPtr[q]:inPtr[q+1]] {
							acc = acc + g[i]
						}
						input[k] = acc
					}
				} else {
					E := e[r]
					for k := lo; k < end; k++ {
						q := k - base
						acc := input[k]
						for _, i := range inSyn[inPtr[q]:inPtr[q+1]] {
							acc = acc - float64(g[i]*(v[k]-E))
						}
						input[k] = acc
					}
				}
				lo = end
			}
		}}
}

// spikeValue is a spike flag as BrainPy's arithmetic sees it: 1.0 or 0.0.
func spikeValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// outputParams are the parameters of the kinetic synapses whose output is selectable.
var outputParams = []spec.ParamInfo{
	{Name: "g_max", Default: 1, Unit: "1", Doc: "weight of the output (output = current or conductance)"},
	{Name: "E", Default: 0, Unit: "mV", Doc: "reversal potential (output = conductance)"},
}

// withOutput returns a model's stages followed by its output, when Env.Output asks for one: a
// per-synapse pass pushes g_max*s into the delay ring, and the output stage sums it into post.input
// (current) or subtracts g_max*s*(V-E) (conductance). Without output it returns stages unchanged:
// BrainPy's demos of these models write nothing to the post group.
func (p *proj) withOutput(env *Env, s []float64, stages ...Stage) []Stage {
	if env.Output == "" {
		return stages
	}
	gMax := env.Params.Get("g_max")
	p.out = NewRing(p.synapses(), env.DelaySteps)
	push := Stage{Name: p.name + ".push", Units: p.synapses(), Cost: 1, Run: func(c Ctx, lo, hi int) {
		in := p.out.In(c.Step)
		for lo < hi {
			r, end := ecs.Span(lo, hi, p.nSyn)
			g := gMax[r]
			for k := lo; k < end; k++ {
				in[k] = g * s[k]
			}
			lo = end
		}
	}}
	mode := Current
	if env.Output == "conductance" {
		mode = Conductance
	}
	return append(stages, push, p.outputStage(env.Post, mode, env.Params.Get("E")))
}
