package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// monitoredSweep is 1e4 LIF neurons with random drive for 1,000 steps, recording V of every
// neuron every step (1e4 values per step) when monitor is set.
func monitoredSweep(b *testing.B, monitor bool) *sweep.Sweep {
	src := `
[run]
dt = 0.1
duration = 100.0
[[population]]
name = "neu"
model = "LIF"
size = 10000
init = { V = { uniform = [0.0, 20.0] } }
[[input]]
target = "neu"
var = "input"
value = 21.0
`
	if monitor {
		src += "[[monitor]]\ntarget = \"neu\"\nvars = [\"V\"]\n"
	}
	dir := b.TempDir()
	f := filepath.Join(dir, "mon.toml")
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	sw, err := sweep.Load(f, systems.Catalog())
	if err != nil {
		b.Fatal(err)
	}
	return sw
}

// BenchmarkMonitoring measures the whole path (simulation, buffering, zstd Parquet, atomic
// rename) with and without a monitor of 1e4 values per step: the slowdown is the cost of
// recording. One worker, so the writer competes with the simulation for the same core.
func BenchmarkMonitoring(b *testing.B) {
	for _, mon := range []bool{false, true} {
		b.Run(fmt.Sprintf("monitor=%v", mon), func(b *testing.B) {
			sw := monitoredSweep(b, mon)
			for b.Loop() {
				if _, err := runner.Run(sw, runner.Options{Out: b.TempDir(), Workers: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
			if mon {
				b.ReportMetric(1e4*1000*float64(b.N)/b.Elapsed().Seconds(), "values/s")
			}
		})
	}
}
