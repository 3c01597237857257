package sched_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

// heteroNet is a LIF (or Rate) population of n neurons with initial values drawn per neuron and
// an input per neuron, so that neurons differ; the parameters are the replica's. With columns,
// each parameter is given per neuron, every neuron the same value.
func heteroNet(model, method string, n int, params map[string]float64, columns bool) *spec.Network {
	in := make([]float64, n)
	for i := range in {
		in[i] = 24 + float64(i%7)*2.5
	}
	net := &spec.Network{Dt: 0.1, Duration: 60, Seed: 3,
		Populations: []spec.Population{{Name: "pop", Model: model, Size: n, Method: method, Params: params}},
		Inputs:      []spec.Input{{Target: "pop", Var: "input", Op: "+", Value: in}}}
	pop := &net.Populations[0]
	if model == "LIF" {
		pop.InitRandom = map[string]spec.Dist{"V": {Kind: "uniform", Min: -5, Max: 15}}
		net.Spikes = []string{"pop"}
	}
	if columns {
		pop.ParamsPerNeuron = map[string][]float64{}
		for k, v := range params {
			pop.ParamsPerNeuron[k] = slices.Repeat([]float64{v}, n)
		}
	}
	return net
}

// TestPerNeuronColumnsOfOneValueAreBitIdentical: a population whose parameters are given per
// neuron, every neuron the same value, computes the bits of the same population with one value
// per parameter, for every method, population size (1: the path of single-neuron replicas; 13:
// vector groups of four and a remainder) and replica layout (replicas alike, or each with its
// own parameters). So the per-neuron kernels do the homogeneous kernels' arithmetic, and the
// homogeneous kernels stay what they were.
func TestPerNeuronColumnsOfOneValueAreBitIdentical(t *testing.T) {
	replica := func(r int) map[string]float64 {
		return map[string]float64{"V_rest": 0.5 * float64(r), "V_reset": -5 + float64(r), "V_th": 18 + 2*float64(r),
			"R": 1 + 0.25*float64(r), "tau": 8 + 3*float64(r), "t_refractory": 1 + float64(r)}
	}
	cases := []struct{ model, method string }{{"LIF", "euler"}, {"LIF", "exp_euler"}, {"LIF", "rk4"}, {"Rate", "euler"}, {"Rate", "rk4"}}
	for _, c := range cases {
		for _, n := range []int{1, 13} {
			for _, alike := range []bool{true, false} {
				t.Run(fmt.Sprintf("%s/%s/n=%d/alike=%v", c.model, c.method, n, alike), func(t *testing.T) {
					nets := func(columns bool) []*spec.Network {
						var out []*spec.Network
						for r := range 3 {
							p := replica(r)
							if alike {
								p = replica(1)
							}
							if c.model == "Rate" {
								p = map[string]float64{"tau": p["tau"]}
							}
							out = append(out, heteroNet(c.model, c.method, n, p, columns))
						}
						return out
					}
					want, wantSink, res := runWith(t, nets(false), 2)
					got, gotSink, _ := runWith(t, nets(true), 2)
					sameState(t, "per-neuron columns", want, got)
					sameSpikes(t, "per-neuron columns", wantSink, gotSink)
					if c.model == "LIF" && slices.Min(res.SpikeCounts["pop"]) == 0 {
						t.Fatal("no spikes: the test does not exercise threshold and reset")
					}
				})
			}
		}
	}
}

// TestPerNeuronEquationsModel: the LIF written as equations with V_th given per neuron fires as
// the built-in LIF with the same column, bit for bit (V, spikes), and the column really is read
// per neuron: a population whose thresholds differ fires differently from one with a single
// threshold.
func TestPerNeuronEquationsModel(t *testing.T) {
	const n = 40
	th := make([]float64, n)
	for i := range th {
		th[i] = 15 + float64(i%9)
	}
	mk := func(equationsModel bool, vTh []float64) *spec.Network {
		net := heteroNet("LIF", "euler", n, map[string]float64{"tau": 12}, false)
		net.Populations[0].ParamsPerNeuron = map[string][]float64{"V_th": vTh}
		if equationsModel {
			useEquations(net, lifEquations())
		}
		addLIFMonitors(net)
		return net
	}
	builtin := runUserNets(t, []*spec.Network{mk(false, th), mk(false, th)})
	eq := runUserNets(t, []*spec.Network{mk(true, th), mk(true, th)})
	sameBits(t, builtin, eq)
	flat := runUserNets(t, []*spec.Network{mk(true, slices.Repeat([]float64{20}, n))})
	if len(flat.Monitors["lif.pop"].Step) == 0 || slices.Equal(flat.Monitors["lif.pop"].Values[1], eq.Monitors["lif.pop"].Values[1][:len(flat.Monitors["lif.pop"].Values[1])]) {
		t.Fatal("thresholds per neuron fire like a single threshold")
	}
}

// TestPerNeuronReplicasDrawTheirOwn: points whose thresholds are drawn from different
// distributions (a sweep of the mean) run as replicas of one world; each replica records what its
// point records alone, for 1 and 3 workers, and the replicas differ.
func TestPerNeuronReplicasDrawTheirOwn(t *testing.T) {
	mk := func(seed uint64, mean float64) *spec.Network {
		net := heteroNet("LIF", "exp_euler", 30, map[string]float64{"tau": 10}, false)
		net.Seed = seed
		net.Populations[0].ParamsRandom = map[string]spec.Dist{"V_th": {Kind: "normal", Mean: mean, Std: 2, Lo: fptr(10)}}
		net.Monitors = []spec.Monitor{{Target: "pop", Vars: []string{"V"}, Every: 7}}
		return net
	}
	rows := func(s *sched.MemorySink, r int32) []float64 {
		m := s.Monitors["pop"]
		var out []float64
		for i, rep := range m.Replica {
			if rep == r {
				out = append(out, m.Values[0][i])
			}
		}
		return out
	}
	means := []float64{18, 20, 22}
	var alone [][]float64
	for i, m := range means {
		s, _ := runNets(t, []*spec.Network{mk(uint64(40+i), m)}, 1)
		alone = append(alone, rows(s, 0))
	}
	for _, w := range []int{1, 3} {
		s, _ := runNets(t, []*spec.Network{mk(40, 18), mk(41, 20), mk(42, 22)}, w)
		for r := range means {
			if !slices.Equal(rows(s, int32(r)), alone[r]) {
				t.Fatalf("%d workers: replica %d records other values than its point alone", w, r)
			}
		}
	}
	if slices.Equal(alone[0], alone[1]) {
		t.Fatal("points with other thresholds recorded the same V")
	}
}

func fptr(x float64) *float64 { return &x }

// TestPerNeuronEquationsDerived: in a model of equations, expressions of parameters (exp_euler's
// exp(A*dt) with A = -1/tau) are evaluated per neuron when tau is given per neuron; columns of
// one value give the bits of the one-value form, and two values of tau give two behaviours.
func TestPerNeuronEquationsDerived(t *testing.T) {
	const n = 12
	mk := func(tau []float64) *spec.Network {
		net := heteroNet("LIF", "exp_euler", n, map[string]float64{"V_th": 22}, false)
		if tau == nil {
			net.Populations[0].Params["tau"] = 12
		} else {
			net.Populations[0].ParamsPerNeuron = map[string][]float64{"tau": tau}
		}
		useEquations(net, lifEquations())
		addLIFMonitors(net)
		return net
	}
	one := runUserNets(t, []*spec.Network{mk(nil)})
	sameBits(t, one, runUserNets(t, []*spec.Network{mk(slices.Repeat([]float64{12}, n))}))
	two := make([]float64, n)
	for i := range two {
		two[i] = 12 + 5.3*float64(i%2) // not 20: at tau 12 and 20, 3 and 5 steps decay alike
	}
	het := runUserNets(t, []*spec.Network{mk(two)})
	v1, v2 := one.Monitors["lif.pop"], het.Monitors["lif.pop"]
	var odd, oddSame int
	for i := range v1.Step {
		same := v1.Values[0][i] == v2.Values[0][i]
		switch {
		case v1.Step[i] == 0:
		case v1.Index[i]%2 == 0 && !same:
			t.Fatalf("step %d neuron %d (tau 12 in both): V %v and %v", v1.Step[i], v1.Index[i], v1.Values[0][i], v2.Values[0][i])
		case v1.Index[i]%2 == 1:
			odd++
			if same { // both at V_reset, refractory
				oddSame++
			}
		}
	}
	if oddSame > odd/10 {
		t.Fatalf("neurons with tau 17.3 have the V of tau 12 at %d of %d steps", oddSame, odd)
	}
}

// BenchmarkLIFParamsPerNeuron compares a LIF population with one value per parameter (the
// per-replica kernels) and with V_th and tau per neuron (every parameter a column, exp(-dt/tau)
// per neuron), by size, exponential Euler, 200 steps, one worker.
func BenchmarkLIFParamsPerNeuron(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		for _, perNeuron := range []bool{false, true} {
			b.Run(fmt.Sprintf("n=%d/perNeuron=%v", n, perNeuron), func(b *testing.B) {
				net := heteroNet("LIF", "exp_euler", n, map[string]float64{"tau": 10, "V_th": 20}, false)
				net.Duration = 20
				if perNeuron {
					net.Populations[0].ParamsRandom = map[string]spec.Dist{
						"V_th": {Kind: "normal", Mean: 20, Std: 1, Lo: fptr(15)}, "tau": {Kind: "uniform", Min: 8, Max: 12}}
				}
				for b.Loop() {
					b.StopTimer()
					sim, err := sched.Build([]*spec.Network{net}, sched.Options{Workers: 1})
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if _, err := sim.Run(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*n*net.Steps()), "ns/neuron-step")
			})
		}
	}
}
