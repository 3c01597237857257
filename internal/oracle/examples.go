package oracle

import (
	"fmt"

	"github.com/spikesweep/spikesweep/spec"
)

// Names lists the 19 reference examples.
var Names = []string{
	"000_ampa", "000_nmda", "000_gabab", "000_two_exponentials", "000_alpha", "000_exponential",
	"000_voltage_jump", "000_gap_junction", "000_stp_std", "000_stp_stf", "000_stdp", "000_oja",
	"000_bcm", "001_stp_std", "001_stp_stf", "001_stdp_pre_post", "001_stdp_post_pre", "001_oja",
	"001_bcm",
}

func seg(d float64, v ...float64) spec.Segment { return spec.Segment{Value: v, Duration: d} }

func repeat(n int, s ...spec.Segment) []spec.Segment {
	var out []spec.Segment
	for range n {
		out = append(out, s...)
	}
	return out
}

// runSyn is document 000's run_syn: LIF(2) -> syn -> LIF(3), All2All, input 35 to neu1, 30 ms.
func runSyn(model string, params map[string]float64) *spec.Network {
	return &spec.Network{Dt: 0.1, Duration: 30,
		Populations: []spec.Population{{Name: "neu1", Model: "LIF", Size: 2}, {Name: "neu2", Model: "LIF", Size: 3}},
		Projections: []spec.Projection{{Name: "syn", Model: model, Pre: "neu1", Post: "neu2", Params: params}},
		Order:       []string{"neu1", "syn", "neu2"},
		Inputs:      []spec.Input{{Target: "neu1", Var: "input", Value: []float64{35}}},
	}
}

func pair(model string, pre, post string, params, init map[string]float64, duration float64, inputs ...spec.Input) *spec.Network {
	return &spec.Network{Dt: 0.1, Duration: duration,
		Populations: []spec.Population{{Name: pre, Model: "LIF", Size: 1}, {Name: post, Model: "LIF", Size: 1}},
		Projections: []spec.Projection{{Name: "syn", Model: model, Pre: pre, Post: post, Params: params, Init: init}},
		Order:       []string{pre, "syn", post},
		Inputs:      inputs,
	}
}

// stdp000 is document 000's STDP demo input: pulses of 30 for 15 ms, the pair order switching.
func stdp000() *spec.Network {
	pre := []spec.Segment{seg(5, 0), seg(15, 30), seg(15, 0), seg(15, 30), seg(15, 0), seg(15, 30),
		seg(98, 0), seg(15, 30), seg(15, 0), seg(15, 30), seg(15, 0), seg(15, 30), seg(300-155-98, 0)}
	post := []spec.Segment{seg(10, 0), seg(15, 30), seg(15, 0), seg(15, 30), seg(15, 0), seg(15, 30),
		seg(90, 0), seg(15, 30), seg(15, 0), seg(15, 30), seg(15, 0), seg(15, 30), seg(300-160-90, 0)}
	return pair("STDP", "pre", "post", nil, nil, 300,
		spec.Input{Target: "pre", Var: "input", Pieces: pre}, spec.Input{Target: "post", Var: "input", Pieces: post})
}

func stdp001(preFirst bool) *spec.Network {
	early := []spec.Segment{seg(5, 0), seg(15, 30), seg(5, 0), seg(15, 30), seg(60-40, 0)}
	late := []spec.Segment{seg(7, 0), seg(15, 30), seg(5, 0), seg(15, 30), seg(60-7-35, 0)}
	a, b := early, late
	if !preFirst {
		a, b = late, early
	}
	return pair("STDP", "pre", "post", nil, nil, 60,
		spec.Input{Target: "pre", Var: "input", Pieces: a}, spec.Input{Target: "post", Var: "input", Pieces: b})
}

// oja is the Oja demo: two rate units onto two, pre rates forced ('='), post driven ('+').
func oja(dt, leak float64) *spec.Network {
	pre := append(repeat(3, seg(20, 2, 2), seg(20, 0, 0)), repeat(2, seg(20, 0, 2), seg(20, 0, 0))...)
	post := repeat(5, seg(20, 2, 2), seg(20, 0, 0))
	leakP := map[string]float64{"leak": leak}
	return &spec.Network{Dt: dt, Duration: 200,
		Populations: []spec.Population{{Name: "neu_pre", Model: "Rate", Size: 2, Params: leakP}, {Name: "neu_post", Model: "Rate", Size: 2, Params: leakP}},
		Projections: []spec.Projection{{Name: "syn", Model: "Oja", Pre: "neu_pre", Post: "neu_post"}},
		Order:       []string{"neu_pre", "syn", "neu_post"},
		Inputs: []spec.Input{{Target: "neu_pre", Var: "r", Op: "=", Pieces: pre},
			{Target: "neu_post", Var: "r", Op: "+", Pieces: post}},
	}
}

// bcm is the BCM demo: 20 rate units in two groups of 10 alternating every 1 ms, onto one unit.
func bcm(reps int, leak, wMax, w0 float64) *spec.Network {
	on, off := make([]float64, 20), make([]float64, 20)
	for i := range 10 {
		on[i], off[i] = 1.5, 0 // group 1: 1.5 then 0
		on[10+i], off[10+i] = 0, 1
	}
	leakP := map[string]float64{"leak": leak}
	return &spec.Network{Dt: 0.1, Duration: float64(2 * reps),
		Populations: []spec.Population{{Name: "pre", Model: "Rate", Size: 20, Params: leakP}, {Name: "post", Model: "Rate", Size: 1, Params: leakP}},
		Projections: []spec.Projection{{Name: "bcm", Model: "BCM", Pre: "pre", Post: "post",
			Params: map[string]float64{"w_max": wMax}, Init: map[string]float64{"w": w0}}},
		Order:  []string{"pre", "bcm", "post"},
		Inputs: []spec.Input{{Target: "pre", Var: "r", Op: "=", Pieces: repeat(reps, seg(1, on...), seg(1, off...))}},
	}
}

// Example returns the network of reference example name, as the documents build it (SEMANTICS.md
// §9.3). Monitors are not set: the caller adds what the trace holds.
func Example(name string) (*spec.Network, error) {
	switch name {
	case "000_ampa":
		return runSyn("AMPA", map[string]float64{"T_duration": 3}), nil
	case "000_nmda":
		return runSyn("NMDA", nil), nil
	case "000_gabab":
		n := runSyn("GABAb", nil)
		n.Duration = 1020
		n.Inputs = []spec.Input{{Target: "neu1", Var: "input", Pieces: []spec.Segment{seg(20, 25), seg(1000, 0)}}}
		return n, nil
	case "000_two_exponentials":
		return runSyn("TwoExponentials", map[string]float64{"tau1": 2}), nil
	case "000_alpha":
		return runSyn("Alpha", nil), nil
	case "000_exponential":
		return runSyn("Exponential", nil), nil
	case "000_voltage_jump":
		return runSyn("VoltageJump", nil), nil
	case "000_gap_junction":
		noRefr := map[string]float64{"t_refractory": 0}
		v0 := map[string]float64{"V": -10}
		return &spec.Network{Dt: 0.1, Duration: 100,
			Populations: []spec.Population{{Name: "neu0", Model: "LIF", Size: 1, Params: noRefr, Init: v0},
				{Name: "neu1", Model: "LIF", Size: 1, Params: noRefr, Init: v0}},
			Projections: []spec.Projection{{Name: "syn", Model: "GapJunction", Pre: "neu0", Post: "neu1",
				Params: map[string]float64{"k_spikelet": 5}, Init: map[string]float64{"w": 0.5}}},
			Order:  []string{"neu0", "neu1", "syn"},
			Inputs: []spec.Input{{Target: "neu0", Var: "input", Value: []float64{30}}},
		}, nil
	case "000_stp_std", "001_stp_std":
		return pair("STP", "neu1", "neu2", map[string]float64{"U": 0.2, "tau_d": 150, "tau_f": 2}, nil, 100,
			spec.Input{Target: "neu1", Var: "input", Value: []float64{28}}), nil
	case "000_stp_stf", "001_stp_stf":
		return pair("STP", "neu1", "neu2", map[string]float64{"U": 0.1, "tau_d": 10, "tau_f": 100}, nil, 100,
			spec.Input{Target: "neu1", Var: "input", Value: []float64{28}}), nil
	case "000_stdp":
		return stdp000(), nil
	case "001_stdp_pre_post":
		return stdp001(true), nil
	case "001_stdp_post_pre":
		return stdp001(false), nil
	case "000_oja":
		return oja(0.1, 0), nil
	case "001_oja":
		return oja(0.02, 1), nil
	case "000_bcm":
		return bcm(10, 0, 1, 0.5), nil
	case "001_bcm":
		return bcm(20, 1, 2, 1), nil
	}
	return nil, fmt.Errorf("oracle: no example %q", name)
}

// SynapseName is the projection whose bare variables a trace holds.
func SynapseName(n *spec.Network) string { return n.Projections[0].Name }
