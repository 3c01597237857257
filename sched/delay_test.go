package sched_test

import (
	"testing"

	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

// TestDelayShiftsOutputByCeilSteps: with a delay d, the post neuron sees the synapse's output
// ceil(d/dt) steps later (SEMANTICS.md §7), BrainPy's float rounding included: 0.3/0.1 is
// 2.9999999999999996 (3 steps) and 0.7/0.1 is 6.999999999999999 (7 steps). The post neuron starts
// at rest with no other input, so its trace is the undelayed one shifted by exactly that many steps.
func TestDelayShiftsOutputByCeilSteps(t *testing.T) {
	post := func(delay float64) []float64 {
		n := netgen.STPPair(60, 0.2, 150, 2)
		n.Projections[0].Init = map[string]float64{"w": 200}
		n.Projections[0].Delay = delay
		n.Monitors = []spec.Monitor{{Target: "neu2", Vars: []string{"V"}}}
		sink := sched.NewMemorySink()
		sim, err := sched.Build([]*spec.Network{n}, sched.Options{Sink: sink})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sim.Run(); err != nil {
			t.Fatal(err)
		}
		return sink.Monitors["neu2"].Values[0]
	}
	base := post(0)
	for _, c := range []struct {
		delay float64
		shift int
	}{{0.1, 1}, {0.3, 3}, {0.7, 7}, {1.5, 15}, {2.0, 20}} {
		got := post(c.delay)
		for i := range c.shift {
			if got[i] != 0 {
				t.Fatalf("delay %v: post V moved at step %d, before the output could arrive", c.delay, i)
			}
		}
		for i := c.shift; i < len(got); i++ {
			if got[i] != base[i-c.shift] {
				t.Fatalf("delay %v: step %d is %v, want the undelayed step %d's %v", c.delay, i, got[i], i-c.shift, base[i-c.shift])
			}
		}
	}
}
