package bench

import (
	"syscall"
	"testing"

	"github.com/spikesweep/spikesweep/equations"
	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/spec"
)

// lifEquations is brainmodels' LIF written as equations (what a user would write in a
// [[model]] table); Euler and RK4 give the built-in LIF's numbers to the bit.
func lifEquations() *equations.Def {
	return &equations.Def{Name: "LIF_eq", Kind: "neuron",
		Params: []equations.Param{{Name: "V_rest"}, {Name: "V_reset", Default: -5}, {Name: "V_th", Default: 20},
			{Name: "R", Default: 1}, {Name: "tau", Default: 10}, {Name: "t_refractory", Default: 1}},
		Vars:       []equations.Var{{Name: "V", InitExpr: "V_rest"}},
		Equations:  "dV/dt = (-V + V_rest + R*input)/tau",
		Threshold:  "V >= V_th",
		Reset:      "V = V_reset",
		Refractory: "t_refractory",
	}
}

// withEquations replaces the LIF populations of nets by lifEquations, with method (or the
// populations' own method when method is "").
func withEquations(nets []*spec.Network, method string) []*spec.Network {
	def := lifEquations()
	for _, n := range nets {
		n.Models = []*equations.Def{def}
		for i := range n.Populations {
			if n.Populations[i].Model == "LIF" {
				n.Populations[i].Model = def.Name
				if method != "" {
					n.Populations[i].Method = method
				}
			}
		}
	}
	return nets
}

func withMethod(nets []*spec.Network, method string) []*spec.Network {
	for _, n := range nets {
		for i := range n.Populations {
			n.Populations[i].Method = method
		}
	}
	return nets
}

// BenchmarkEquationsLIF compares the LIF written as equations with the built-in LIF on the same
// work: W1 (CUBA, 4,000 neurons, 320k event-driven synapses, 1 s), W3 (512 STP pairs of single
// neurons as replicas, 1 s) and a population of 100,000 unconnected LIF (0.1 s), each by Euler
// and by exponential Euler. The ratio of the equations' time to the built-in's is the speed bar;
// W1 and W3 also report the process's CPU time (cpu-s/op), which a loaded machine distorts less.
func BenchmarkEquationsLIF(b *testing.B) {
	for _, method := range []string{"euler", "exp_euler"} {
		for _, model := range []string{"builtin", "equations"} {
			prep := func(nets []*spec.Network) []*spec.Network {
				nets = withMethod(nets, method)
				if model == "equations" {
					nets = withEquations(nets, method)
				}
				return nets
			}
			name := method + "/" + model
			b.Run("W1/"+name, func(b *testing.B) {
				defer reportCPU(b)()
				nets := prep([]*spec.Network{netgen.CUBA(4000, 0.02, 1000, 1, true)})
				benchReplicas(b, nets, 1)
			})
			b.Run("W3/"+name, func(b *testing.B) {
				defer reportCPU(b)()
				benchReplicas(b, prep(W3Nets(1, 1000)), 1)
			})
			b.Run("LIF100k/"+name, func(b *testing.B) {
				nets := prep([]*spec.Network{lifPopulation(100000, 1000)})
				benchSim(b, nets[0], 1, "neuron-step", 100000)
			})
		}
	}
}

// stpEquations is the built-in STP written as equations (FORMAT.md, "Synapses from equations");
// it gives the built-in's numbers to the bit.
func stpEquations() *equations.Def {
	return &equations.Def{Name: "STP_eq", Kind: "synapse",
		Params:    []equations.Param{{Name: "U", Default: 0.15}, {Name: "tau_f", Default: 1500}, {Name: "tau_d", Default: 200}, {Name: "tau", Default: 8}},
		Vars:      []equations.Var{{Name: "s"}, {Name: "u", SharedBy: "pre"}, {Name: "x", Init: 1, SharedBy: "pre"}, {Name: "w", Init: 1}},
		Equations: "ds/dt = -s/tau\ndu/dt = -u/tau_f\ndx/dt = -x/tau_d + 1.0/tau_d",
		OnPre:     "u += U*(1 - old(u)); s += w*u*old(x); x -= u*old(x)",
		Output:    "input_post += delay(s)",
		Method:    "exp_euler",
	}
}

// withSTPEquations replaces the STP projections of nets by stpEquations.
func withSTPEquations(nets []*spec.Network) []*spec.Network {
	def := stpEquations()
	for _, n := range nets {
		n.Models = append(n.Models, def)
		for i := range n.Projections {
			if n.Projections[i].Model == "STP" {
				n.Projections[i].Model = def.Name
			}
		}
	}
	return nets
}

// BenchmarkEquationsSTP compares the STP synapse written as equations with the built-in on the
// same work: W3 (512 STP pairs of single LIF neurons as replicas, 1 s; built-in LIF) and one
// projection of about 100,000 STP synapses between 1,000 and 1,000 neurons (10 ms). The ratio of
// the equations' time to the built-in's is the speed bar (1.5x).
func BenchmarkEquationsSTP(b *testing.B) {
	for _, model := range []string{"builtin", "equations"} {
		prep := func(nets []*spec.Network) []*spec.Network {
			if model == "equations" {
				return withSTPEquations(nets)
			}
			return nets
		}
		b.Run("W3/"+model, func(b *testing.B) {
			defer reportCPU(b)()
			benchReplicas(b, prep(W3Nets(1, 1000)), 1)
		})
		b.Run("syn=100000/"+model, func(b *testing.B) {
			defer reportCPU(b)()
			net := prep([]*spec.Network{projection("STP", 100000, 100)})[0]
			benchSim(b, net, 1, "synapse-step", 100000)
		})
	}
}

// reportCPU reports the process's CPU time per iteration (user + system), which a loaded
// machine distorts less than wall time: waiting for a core is not counted.
func reportCPU(b *testing.B) func() {
	start := cpuSeconds()
	return func() { b.ReportMetric((cpuSeconds()-start)/float64(b.N), "cpu-s/op") }
}

func cpuSeconds() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return float64(u.Utime.Nano()+u.Stime.Nano()) / 1e9
}
