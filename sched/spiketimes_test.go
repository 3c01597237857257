package sched_test

import (
	"math"
	"testing"

	"github.com/spikesweep/spikesweep/spec"
)

// TestSpikeTimesThroughFileSynapses replays given spikes through delta synapses listed out of
// order with their own weights and delays (as a connectivity file gives them), onto LIF neurons
// that neither leak nor fire, and checks V exactly. Spike times round as Brian2's timestep():
// 1.0 ms and 0.99995 ms are step 10; 2.35 ms is step 23.
func TestSpikeTimesThroughFileSynapses(t *testing.T) {
	net := &spec.Network{Dt: 0.1, Duration: 10,
		Populations: []spec.Population{
			{Name: "src", Model: "SpikeTimes", Size: 3, SpikeTimes: [][]float64{{1.0, 5.0}, {0.99995}, {2.35}}},
			{Name: "post", Model: "LIF", Size: 3, Method: "euler", Params: map[string]float64{"tau": 1e12, "V_th": 1e9}},
		},
		// synapse 0: 2 -> 0, w 0.25, 1.0 ms; synapse 1: 0 -> 1, w 0.5, 2.0 ms; synapse 2: 1 -> 2, w -1, 0.
		Projections: []spec.Projection{{Name: "syn", Model: "VoltageJump", Pre: "src", Post: "post", Output: "voltage", Weight: 1,
			Conn:    spec.Conn{Kind: "from_file", Pre: []int{2, 0, 1}, Post: []int{0, 1, 2}},
			Weights: []float64{0.25, 0.5, -1}, Delays: []float64{1.0, 2.0, 0}}},
		Order:    []string{"src", "post", "syn"},
		Monitors: []spec.Monitor{{Target: "post", Vars: []string{"V"}}},
		Spikes:   []string{"src"},
	}
	sink, res := runNets(t, []*spec.Network{net}, 2)
	if res.SpikeCounts["src"][0] != 4 {
		t.Fatalf("%d spikes replayed, want 4", res.SpikeCounts["src"][0])
	}
	sp := sink.Spike["src"]
	wantSpikes := [][2]int32{{10, 0}, {10, 1}, {23, 2}, {50, 0}}
	for i, w := range wantSpikes {
		if sp.Step[i] != w[0] || sp.Index[i] != w[1] {
			t.Fatalf("spike %d at step %d of neuron %d, want %v", i, sp.Step[i], sp.Index[i], w)
		}
	}
	// Arrival (added after post's update) at spike step + delay steps; the recording of step n
	// shows what arrived up to n-1.
	want := func(q int, step int32) float64 {
		v := 0.0
		switch q {
		case 0: // from neuron 2 (step 23) + 10 steps
			if step > 33 {
				v += 0.25
			}
		case 1: // from neuron 0 (steps 10, 50) + 20 steps
			if step > 30 {
				v += 0.5
			}
			if step > 70 {
				v += 0.5
			}
		case 2: // from neuron 1 (step 10), no delay
			if step > 10 {
				v -= 1
			}
		}
		return v
	}
	mon := sink.Monitors["post"]
	for i := range mon.Step {
		q := int(mon.Index[i])
		if got := mon.Values[0][i]; math.Abs(got-want(q, mon.Step[i])) > 1e-9 {
			t.Fatalf("post %d at step %d: V = %v, want %v", q, mon.Step[i], got, want(q, mon.Step[i]))
		}
	}
}
