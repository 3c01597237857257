package sched_test

import (
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/spikesweep/spikesweep/spec"
)

// jumpNet: 400 Poisson neurons at 40 Hz, each driving one LIF neuron that neither leaks nor fires
// through a delta synapse (one2one) with a weight and a delay drawn per synapse.
func jumpNet(seed uint64, delay, weight *spec.Dist) *spec.Network {
	return &spec.Network{Dt: 0.1, Duration: 500, Seed: seed,
		Populations: []spec.Population{
			{Name: "src", Model: "Poisson", Size: 400, Params: map[string]float64{"rate": 40}},
			{Name: "post", Model: "LIF", Size: 400, Method: "euler", Params: map[string]float64{"tau": 1e12, "V_th": 1e9}},
		},
		Projections: []spec.Projection{{Name: "syn", Model: "VoltageJump", Pre: "src", Post: "post",
			Conn: spec.Conn{Kind: "one2one"}, Output: "voltage", Weight: 1, WeightDist: weight, DelayDist: delay}},
		Monitors: []spec.Monitor{{Target: "post", Vars: []string{"V"}}},
		Spikes:   []string{"src"},
	}
}

// TestJumpDelaysAndWeights: every jump of post neuron q is the same weight w_q and comes the same
// number of steps d_q after a spike of its pre neuron (rounded to the nearest step). Over the 400
// synapses, the weights follow their uniform distribution (Kolmogorov-Smirnov distance below
// 0.08, the 1% critical value being 0.081) and the delays in steps take the values of
// round(uniform(1, 3 ms)/0.1 ms): 10..30, with the end values at half the frequency of the others
// (each about 400/40 = 10 and 400/20 = 20 expected; the test asks for every value to appear and the
// mean to be 20 ± 1).
func TestJumpDelaysAndWeights(t *testing.T) {
	net := jumpNet(7, &spec.Dist{Kind: "uniform", Min: 1, Max: 3}, &spec.Dist{Kind: "uniform", Min: 0.5, Max: 1.5})
	sink, _ := runNets(t, []*spec.Network{net}, 2)
	spikes := map[int32][]int32{}
	sp := sink.Spike["src"]
	for i, k := range sp.Index {
		spikes[k] = append(spikes[k], sp.Step[i])
	}
	mon := sink.Monitors["post"]
	// V recorded at step n (after post's update, before the synapse's delivery of step n) holds
	// the jumps delivered up to step n-1.
	prev := make([]float64, 400)
	jumps := map[int32][]int32{}
	weights := make([]float64, 400)
	for i := range mon.Step {
		q := mon.Index[i]
		v := mon.Values[0][i]
		if d := v - prev[q]; d > 1e-9 {
			n := int32(math.Round(d / weights[q]))
			if weights[q] == 0 {
				weights[q], n = d, 1
			}
			if math.Abs(d-float64(n)*weights[q]) > 1e-9 {
				t.Fatalf("post %d: jump %v is not a multiple of its weight %v", q, d, weights[q])
			}
			for range n {
				jumps[q] = append(jumps[q], mon.Step[i]-1)
			}
		}
		prev[q] = v
	}
	var delays []float64
	for q := range int32(400) {
		s, j := spikes[q], jumps[q]
		if len(j) == 0 || len(s) < len(j) {
			t.Fatalf("post %d: %d jumps for %d spikes", q, len(j), len(s))
		}
		d := j[0] - s[0]
		for k := range j {
			if j[k]-s[k] != d {
				t.Fatalf("post %d: jump %d comes %d steps after its spike, the first %d", q, k, j[k]-s[k], d)
			}
		}
		if d < 10 || d > 30 {
			t.Fatalf("post %d: delay %d steps outside round([1, 3] ms / dt)", q, d)
		}
		delays = append(delays, float64(d))
	}
	seen := map[float64]bool{}
	var mean float64
	for _, d := range delays {
		seen[d] = true
		mean += d / 400
	}
	if len(seen) != 21 || math.Abs(mean-20) > 1 {
		t.Fatalf("delays take %d distinct values (want 21), mean %v (want 20 ± 1)", len(seen), mean)
	}
	sort.Float64s(weights)
	ks := 0.0
	for i, w := range weights {
		cdf := (w - 0.5) / 1.0
		ks = max(ks, math.Abs(cdf-float64(i)/400), math.Abs(cdf-float64(i+1)/400))
	}
	if ks > 0.08 {
		t.Fatalf("KS distance of the weights from uniform(0.5, 1.5): %v", ks)
	}
}

// TestJumpDeterminism: a small Brunel network (delta synapses, fixed in-degree, Poisson drive)
// gives the same spikes for 1 and 3 workers and as the second replica of two.
func TestJumpDeterminism(t *testing.T) {
	connSeed := uint64(11) // a frozen graph, so that points can be replicas of one world
	mk := func(seed uint64, g float64) *spec.Network {
		lif := map[string]float64{"tau": 20, "V_rest": 0, "V_reset": 10, "V_th": 20, "t_refractory": 2}
		proj := func(name, pre, post string, k int, w float64) spec.Projection {
			return spec.Projection{Name: name, Model: "VoltageJump", Pre: pre, Post: post, Output: "voltage", Weight: w, Delay: 1.5,
				Conn: spec.Conn{Kind: "fixed_indegree", K: k, Seed: &connSeed}, DelayDist: &spec.Dist{Kind: "uniform", Min: 1, Max: 2}}
		}
		drive := &spec.PoissonDrive{Rate: 20 * 1000 / (0.5 * 40 * 20), N: 40, Weight: 0.5}
		return &spec.Network{Dt: 0.1, Duration: 200, Seed: seed,
			Populations: []spec.Population{{Name: "exc", Model: "LIF", Size: 400, Params: lif, Method: "exp_euler"},
				{Name: "inh", Model: "LIF", Size: 100, Params: lif, Method: "exp_euler"}},
			Projections: []spec.Projection{proj("ee", "exc", "exc", 40, 0.5), proj("ei", "exc", "inh", 40, 0.5),
				proj("ie", "inh", "exc", 10, -g*0.5), proj("ii", "inh", "inh", 10, -g*0.5)},
			Inputs: []spec.Input{{Target: "exc", Var: "V", Poisson: drive}, {Target: "inh", Var: "V", Poisson: drive}},
			Spikes: []string{"exc"}}
	}
	one, res := runNets(t, []*spec.Network{mk(3, 5)}, 1)
	ref := one.Spike["exc"]
	if res.SpikeCounts["exc"][0] < 500 {
		t.Fatalf("only %d spikes", res.SpikeCounts["exc"][0])
	}
	for _, w := range []int{1, 3} {
		s, _ := runNets(t, []*spec.Network{mk(1, 4), mk(3, 5)}, w)
		sp := s.Spike["exc"]
		var steps, idx []int32
		for i, r := range sp.Replica {
			if r == 1 {
				steps, idx = append(steps, sp.Step[i]), append(idx, sp.Index[i])
			}
		}
		if !slices.Equal(steps, ref.Step) || !slices.Equal(idx, ref.Index) {
			t.Fatalf("%d workers, second of two replicas: spikes differ", w)
		}
	}
}
