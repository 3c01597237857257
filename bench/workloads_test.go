package bench

import (
	"fmt"
	"time"

	"testing"

	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

// W3Nets is the W3 sweep (netgen.W3).
func W3Nets(copies int, duration float64) []*spec.Network { return netgen.W3(copies, duration) }

func benchReplicas(b *testing.B, nets []*spec.Network, workers int) {
	var spikes int64
	for b.Loop() {
		sim, err := sched.Build(nets, sched.Options{Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		res, err := sim.Run()
		if err != nil {
			b.Fatal(err)
		}
		spikes = 0
		for _, c := range res.SpikeCounts["neu2"] {
			spikes += c
		}
	}
	steps := float64(nets[0].Steps())
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/sweep")
	b.ReportMetric(float64(len(nets))*steps*float64(b.N)/b.Elapsed().Seconds(), "point-steps/s")
	b.ReportMetric(float64(spikes)/float64(len(nets)), "post-spikes/point")
}

// BenchmarkW3 is the 512-point STP sweep, 1 s each, simulated as one world (no output).
func BenchmarkW3(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run(workersName(w), func(b *testing.B) { benchReplicas(b, W3Nets(1, 1000), w) })
	}
}

// BenchmarkW4 is the W3 grid replicated to 1,048,576 pairs, 0.1 s.
func BenchmarkW4(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run(workersName(w), func(b *testing.B) { benchReplicas(b, W3Nets(2048, 100), w) })
	}
}

// BenchmarkSweepBlocks is W4 at 1/16 of its size (65,536 STP pairs, 100 ms) on one worker, with
// replica blocks of 64 to 65,536 replicas (one block: every replica each step, as without temporal
// blocking) and the scheduler's own choice (block=auto): what temporal blocking buys once the
// replicas' state no longer fits in cache. Build time is not counted.
func BenchmarkSweepBlocks(b *testing.B) {
	nets := W3Nets(128, 100)
	for _, block := range []int{0, 64, 256, 1024, 4096, 65536} {
		name := fmt.Sprintf("block=%d", block)
		if block == 0 {
			name = "block=auto"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				sim, err := sched.Build(nets, sched.Options{Workers: 1, BlockReplicas: block, SameStructure: true})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := sim.Run(); err != nil {
					b.Fatal(err)
				}
			}
			steps := float64(nets[0].Steps())
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/(float64(len(nets))*steps)*1e9, "ns/point-step")
		})
	}
}

func workersName(w int) string { return "workers=" + string(rune('0'+w)) }

// benchCUBA reports build (connectivity and state) and sim time separately, and the mean rate.
func benchCUBA(b *testing.B, n int, workers int) {
	var build, sim float64
	var rate float64
	for b.Loop() {
		net := netgen.CUBA(n, 0.02, 1000, 1, true)
		t0 := time.Now()
		s, err := sched.Build([]*spec.Network{net}, sched.Options{Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		res, err := s.Run()
		if err != nil {
			b.Fatal(err)
		}
		build += t1.Sub(t0).Seconds()
		sim += time.Since(t1).Seconds()
		rate = float64(res.SpikeCounts["exc"][0]+res.SpikeCounts["inh"][0]) / float64(n) / 1.0
	}
	b.ReportMetric(build/float64(b.N), "build-s")
	b.ReportMetric(sim/float64(b.N), "sim-s")
	b.ReportMetric(rate, "Hz")
}

// BenchmarkW1 is Brian2's CUBA: 4,000 LIF, p = 0.02 (320k synapses), 1 s, event-driven.
func BenchmarkW1(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run(workersName(w), func(b *testing.B) { benchCUBA(b, 4000, w) })
	}
}

// BenchmarkW2 is CUBA with 40,000 LIF (32M synapses), 1 s.
func BenchmarkW2(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run(workersName(w), func(b *testing.B) { benchCUBA(b, 40000, w) })
	}
}

// BenchmarkW5 is W3 recording u, x and s every 1 ms into memory buffers handed to a sink that
// drops them, against the same run without monitors: the cost of recording.
func BenchmarkW5(b *testing.B) {
	for _, mon := range []bool{false, true} {
		name := "monitors=off"
		if mon {
			name = "monitors=on"
		}
		b.Run(name, func(b *testing.B) {
			nets := W3Nets(1, 1000)
			if mon {
				for _, n := range nets {
					n.Monitors = []spec.Monitor{{Target: "syn", Vars: []string{"u", "x", "s"}, Every: 10},
						{Target: "neu2", Vars: []string{"V"}, Every: 10}}
				}
			}
			for b.Loop() {
				sim, err := sched.Build(nets, sched.Options{Workers: 2, Sink: discard{}})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := sim.Run(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/sweep")
		})
	}
}

type discard struct{}

func (discard) Monitor(*sched.MonitorBatch) error { return nil }
func (discard) Spikes(*sched.SpikeBatch) error    { return nil }
