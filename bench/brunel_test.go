package bench

import (
	"testing"

	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

// benchBrunel runs Brunel's network (netgen.Brunel, nE excitatory neurons) for 1 s at g = 5,
// eta = 2 (asynchronous irregular), reporting the mean rate.
func benchBrunel(b *testing.B, nE, workers int) {
	var rate float64
	for b.Loop() {
		net := netgen.Brunel(nE, 5, 2, 1000)
		sim, err := sched.Build([]*spec.Network{net}, sched.Options{Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		res, err := sim.Run()
		if err != nil {
			b.Fatal(err)
		}
		var spikes int64
		for _, c := range res.SpikeCounts {
			spikes += c[0]
		}
		n := nE + nE/4
		rate = float64(spikes) / float64(n)
	}
	b.ReportMetric(rate, "Hz")
}

// BenchmarkW6 is Brunel's network at the laptop size of sweeps/brunel.toml (N = 5000).
func BenchmarkW6(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run(workersName(w), func(b *testing.B) { benchBrunel(b, 4000, w) })
	}
}

// BenchmarkBrunelSize scales the network (N = 1250, 5000).
func BenchmarkBrunelSize(b *testing.B) {
	b.Run("N=1250", func(b *testing.B) { benchBrunel(b, 1000, 1) })
	b.Run("N=5000", func(b *testing.B) { benchBrunel(b, 4000, 1) })
}
