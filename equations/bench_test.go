package equations

import (
	"fmt"
	"testing"
)

func lifDef() *Def {
	return &Def{Name: "LIF_eq",
		Params: []Param{{Name: "V_rest"}, {Name: "V_reset", Default: -5}, {Name: "V_th", Default: 20},
			{Name: "R", Default: 1}, {Name: "tau", Default: 10}, {Name: "t_refractory", Default: 1}},
		Vars:      []Var{{Name: "V", InitExpr: "V_rest"}},
		Equations: "dV/dt = (-V + V_rest + R*input)/tau", Threshold: "V >= V_th", Reset: "V = V_reset",
		Refractory: "t_refractory"}
}

// TestStepDoesNotAllocate: a step of a compiled model allocates nothing.
func TestStepDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool allocate")
	}
	for _, d := range []*Def{lifDef(), izhDef(), adexDef()} {
		for _, method := range []string{"euler", "rk4"} {
			s := newSim(t, d, method, 0.1, 1000, nil, []float64{25, 30}, perReplica)
			i := 0
			if a := testing.AllocsPerRun(100, func() { s.step(i, 0.1); i++ }); a != 0 {
				t.Errorf("%s %s: %v allocations per step", d.Name, method, a)
			}
		}
	}
}

// lifLoop is the built-in LIF's Euler loop (systems/lif.go), for comparison.
func lifLoop(t float64, v, input, tLast []float64, spike, refr []bool) {
	const vRest, vReset, vTh, res, tau, tRef, dt = 0, -5, 20, 1, 10, 1, 0.1
	for i := range v {
		inRefr := (t - tLast[i]) <= tRef
		fired := false
		if !inRefr {
			dV := (float64((-v[i])+vRest) + float64(res*input[i])) / tau
			vNew := v[i] + float64(dV*dt)
			fired = vNew >= vTh
			if fired {
				v[i] = vReset
				tLast[i] = t
			} else {
				v[i] = vNew
			}
		}
		spike[i] = fired
		refr[i] = inRefr || fired
		input[i] = 0
	}
}

// benchLanes are the vector widths to compare: the portable loops (0) and each width this
// machine can run.
func benchLanes() []int {
	lanes := []int{0}
	for _, l := range []int{4, 8} {
		if l <= vecLanes {
			lanes = append(lanes, l)
		}
	}
	return lanes
}

// BenchmarkNeuronStep compares one compiled LIF step over n neurons, by the portable loops and by
// each vector width, with the built-in LIF's loop written by hand: the cost of the kernel machine.
// The sweep case is W3's: 512 replicas of one neuron in one block, parameters per element but
// shared (scalars), a constant drive taken by the step, by Euler and exponential Euler.
func BenchmarkNeuronStep(b *testing.B) {
	for _, method := range []string{"euler", "exp_euler"} {
		b.Run("LIF/sweep/"+method+"/replicas=512", func(b *testing.B) {
			s := newSim(&testing.T{}, lifDef(), method, 0.1, 1, nil, make([]float64, 512), perElementUniform)
			s.run.TakeDrive(&Drive{Value: 25})
			i := 0
			for b.Loop() {
				s.run.Step(float64(i)*0.1, 0, 512)
				i++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i*512), "ns/neuron-step")
		})
	}
	for _, n := range []int{1000, 100000} {
		for _, lanes := range benchLanes() {
			b.Run(fmt.Sprintf("LIF/kernel/lanes=%d/n=%d", lanes, n), func(b *testing.B) {
				saved := vecLanes
				defer func() { vecLanes = saved }()
				vecLanes = lanes
				s := newSim(&testing.T{}, lifDef(), "euler", 0.1, n, nil, []float64{25}, perReplica)
				i := 0
				for b.Loop() {
					s.step(i, 0.1)
					i++
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i*n), "ns/neuron-step")
			})
		}
		b.Run(fmt.Sprintf("LIF/handwritten/n=%d", n), func(b *testing.B) {
			v, in, tl := make([]float64, n), make([]float64, n), make([]float64, n)
			sp, rf := make([]bool, n), make([]bool, n)
			for k := range tl {
				tl[k] = -1e7
			}
			i := 0
			for b.Loop() {
				for k := range in {
					in[k] += 25
				}
				lifLoop(float64(i)*0.1, v, in, tl, sp, rf)
				i++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i*n), "ns/neuron-step")
		})
	}
}
