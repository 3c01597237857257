package bench

import (
	"testing"

	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

// w3Grid is the STP grid of the Brian2 comparison (bench/brian2): 8 U x 8 tau_d x 8 tau_f.
var (
	w3U    = []float64{0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8}
	w3TauD = []float64{5, 10, 20, 50, 100, 200, 500, 1000}
	w3TauF = []float64{5, 10, 20, 50, 100, 200, 500, 1500}
)

// W3Nets is the W3 sweep: 512 STP pairs (pre LIF refractory 5 ms, input 28, w = 200), copies
// times, duration ms each, as replicas of one world.
func W3Nets(copies int, duration float64) []*spec.Network {
	var nets []*spec.Network
	for range copies {
		for _, u := range w3U {
			for _, d := range w3TauD {
				for _, f := range w3TauF {
					n := netgen.STPPair(duration, u, d, f)
					for i := range n.Populations {
						n.Populations[i].Params = map[string]float64{"t_refractory": 5}
					}
					n.Projections[0].Init = map[string]float64{"w": 200}
					nets = append(nets, n)
				}
			}
		}
	}
	return nets
}

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

func workersName(w int) string { return "workers=" + string(rune('0'+w)) }
