package netgen

import (
	"math/rand/v2"

	"github.com/spikesweep/spikesweep/spec"
)

// Plastic is a recurrent LIF population of n neurons with two fixed-probability projections onto
// itself, one STP and one STDP, each of about synapses/2 synapses, and a constant random drive per
// neuron so that neurons fire at different times. Duration in ms.
func Plastic(n, synapses int, duration float64, seed uint64) *spec.Network {
	rng := rand.New(rand.NewPCG(seed, 1))
	drive := make([]float64, n)
	for i := range drive {
		drive[i] = 18 + 6*rng.Float64() // threshold 20 at R=1: some neurons fire on drive alone
	}
	p := float64(synapses) / 2 / float64(n) / float64(n)
	s1, s2 := seed+11, seed+12
	return &spec.Network{Dt: 0.1, Duration: duration, Seed: seed,
		Populations: []spec.Population{{Name: "exc", Model: "LIF", Size: n, Params: map[string]float64{"t_refractory": 5}}},
		Projections: []spec.Projection{
			{Name: "stp", Model: "STP", Pre: "exc", Post: "exc", Conn: spec.Conn{Kind: "fixed_prob", Prob: p, Seed: &s1},
				Params: map[string]float64{"U": 0.2, "tau_d": 150, "tau_f": 20}, Init: map[string]float64{"w": 0.5}, Delay: 1},
			{Name: "stdp", Model: "STDP", Pre: "exc", Post: "exc", Conn: spec.Conn{Kind: "fixed_prob", Prob: p, Seed: &s2},
				Params: map[string]float64{"w_max": 2, "delta_A_s": 0.01, "delta_A_t": 0.012}, Init: map[string]float64{"w": 0.3}},
		},
		Order:  []string{"exc", "stp", "stdp"},
		Inputs: []spec.Input{{Target: "exc", Var: "input", Value: drive}},
		Spikes: []string{"exc"},
	}
}

// STPPair is the documents' STP pair (LIF -> STP -> LIF, input 28) as replicas of one world, one
// per (U, tau_d, tau_f) point of a grid, for sweep benchmarks.
func STPPair(duration float64, U, tauD, tauF float64) *spec.Network {
	return &spec.Network{Dt: 0.1, Duration: duration,
		Populations: []spec.Population{{Name: "neu1", Model: "LIF", Size: 1}, {Name: "neu2", Model: "LIF", Size: 1}},
		Projections: []spec.Projection{{Name: "syn", Model: "STP", Pre: "neu1", Post: "neu2",
			Params: map[string]float64{"U": U, "tau_d": tauD, "tau_f": tauF}}},
		Order:  []string{"neu1", "syn", "neu2"},
		Inputs: []spec.Input{{Target: "neu1", Var: "input", Value: []float64{28}}},
		Spikes: []string{"neu2"},
	}
}

// CUBA is Brian2's examples/CUBA.py in BrainPy terms: n LIF neurons (80 % excitatory) with
// v' = (ge + gi - (v - El))/taum, that is our LIF with V_rest = El and input = ge + gi; current-
// based exponential synapses (taue 5 ms, we = 1.62 mV; taui 10 ms, wi = -9 mV), every pair
// connected with probability p, v0 uniform in [Vr, Vt]. event selects event-driven synapses.
func CUBA(n int, p, duration float64, seed uint64, event bool) *spec.Network {
	nE := n * 4 / 5
	lif := map[string]float64{"tau": 20, "V_th": -50, "V_reset": -60, "V_rest": -49, "R": 1, "t_refractory": 5}
	v0 := map[string]spec.Dist{"V": {Kind: "uniform", Min: -60, Max: -50}}
	proj := func(name, pre, post string, tau, w float64, s uint64) spec.Projection {
		return spec.Projection{Name: name, Model: "Exponential", Pre: pre, Post: post, Output: "current", Event: &event,
			Conn: spec.Conn{Kind: "fixed_prob", Prob: p, Seed: &s}, Params: map[string]float64{"tau": tau, "g_max": w}}
	}
	return &spec.Network{Dt: 0.1, Duration: duration, Seed: seed,
		Populations: []spec.Population{
			{Name: "exc", Model: "LIF", Size: nE, Params: lif, InitRandom: v0, Method: "exp_euler"},
			{Name: "inh", Model: "LIF", Size: n - nE, Params: lif, InitRandom: v0, Method: "exp_euler"},
		},
		Projections: []spec.Projection{
			proj("ee", "exc", "exc", 5, 1.62, seed+1), proj("ei", "exc", "inh", 5, 1.62, seed+2),
			proj("ie", "inh", "exc", 10, -9, seed+3), proj("ii", "inh", "inh", 10, -9, seed+4),
		},
		Order:  []string{"exc", "inh", "ee", "ei", "ie", "ii"},
		Spikes: []string{"exc", "inh"},
	}
}

// The W3 grid of the Brian2 comparison (bench/brian2): 8 U x 8 tau_d x 8 tau_f = 512 points.
var (
	W3U    = []float64{0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8}
	W3TauD = []float64{5, 10, 20, 50, 100, 200, 500, 1000}
	W3TauF = []float64{5, 10, 20, 50, 100, 200, 500, 1500}
)

// W3 is the STP sweep of the Brian2 comparison: copies x 512 STP pairs (pre LIF with refractory
// 5 ms and input 28 -> STP synapse with w = 200 -> post LIF, LIF integrated exactly), duration ms
// each, in grid order (U slowest), one network per point, to be run as replicas of one world.
func W3(copies int, duration float64) []*spec.Network {
	var nets []*spec.Network
	for range copies {
		for _, u := range W3U {
			for _, d := range W3TauD {
				for _, f := range W3TauF {
					n := STPPair(duration, u, d, f)
					for i := range n.Populations {
						n.Populations[i].Params = map[string]float64{"t_refractory": 5}
						n.Populations[i].Method = "exp_euler"
					}
					n.Projections[0].Init = map[string]float64{"w": 200}
					nets = append(nets, n)
				}
			}
		}
	}
	return nets
}
