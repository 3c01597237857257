package systems_test

import (
	"fmt"

	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/systems"
)

// Kick is a user-written synapse: each pre spike adds w to its post neuron's input once.
type Kick struct{}

func (Kick) Info() *spec.ModelInfo {
	return &spec.ModelInfo{Name: "Kick", Kind: spec.SynapseModel, Doc: "adds w to post.input on a pre spike",
		State:   []spec.VarInfo{{Name: "w", Init: 3, Unit: "1", Doc: "kick size"}},
		Methods: []string{"euler"}}
}

type kick struct {
	n        int // synapses per replica
	g        *systems.Env
	w, input []float64
	spike    []bool
}

func (Kick) New(env *systems.Env) (systems.Object, error) {
	env.Graph.Full() // the per-synapse lists (Pre, Post, incoming by post) are made on demand
	return &kick{n: env.Graph.Len(), g: env, w: env.Table.Float64(components.W),
		input: env.Post.Float64(components.Input), spike: env.Pre.Bool(components.Spike)}, nil
}

// Stages: one work unit per post neuron, so that no two units write one input.
func (k *kick) Stages() []systems.Stage {
	nPost := k.g.Graph.NPost
	return []systems.Stage{{Name: "Kick.update", Units: nPost * k.g.Replicas, Cost: 2, Run: func(_ systems.Ctx, lo, hi int) {
		g := k.g.Graph
		for lo < hi {
			r, end := ecs.Span(lo, hi, nPost)
			for q := lo - r*nPost; q < end-r*nPost; q++ {
				for _, i := range g.InSyn[g.InPtr[q]:g.InPtr[q+1]] {
					if k.spike[r*g.NPre+int(g.Pre[i])] {
						k.input[r*nPost+q] += k.w[r*k.n+int(i)]
					}
				}
			}
			lo = end
		}
	}}}
}

func Example_newModel() {
	systems.Register(Kick{})
	net := &spec.Network{Dt: 0.1, Duration: 50,
		Populations: []spec.Population{{Name: "pre", Model: "LIF", Size: 1}, {Name: "post", Model: "LIF", Size: 1}},
		Projections: []spec.Projection{{Name: "kick", Model: "kick", Pre: "pre", Post: "post", Init: map[string]float64{"w": 2500}}},
		Order:       []string{"pre", "kick", "post"}, // BrainPy's Network(pre, syn, post)
		Inputs:      []spec.Input{{Target: "pre", Var: "input", Value: []float64{30}}},
		Spikes:      []string{"pre", "post"},
	}
	sink := sched.NewMemorySink()
	sim, err := sched.Build([]*spec.Network{net}, sched.Options{Sink: sink})
	if err != nil {
		panic(err)
	}
	if _, err := sim.Run(); err != nil {
		panic(err)
	}
	fmt.Println("pre fires at steps", sink.Spike["pre"].Step)
	fmt.Println("post fires at steps", sink.Spike["post"].Step)
	// Output:
	// pre fires at steps [109 244 379]
	// post fires at steps [109 244 379]
}
