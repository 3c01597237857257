package sweeps_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// TestHeterogeneityDesynchronises runs sweeps/heterogeneous.toml: with identical thresholds the
// 400 neurons fire in lockstep (χ = 1 to 1e-9), synchrony falls as the spread of the thresholds
// grows (strictly, and below 0.5 at 2 mV), and the mean rate stays within 10% of the rate of the
// mean threshold's closed-form period T = 2 + 10 ln(25/5) ms (the rate is a mean of 1/T over the
// thresholds, which are spread symmetrically).
func TestHeterogeneityDesynchronises(t *testing.T) {
	src, err := os.ReadFile("heterogeneous.toml")
	if err != nil {
		t.Fatal(err)
	}
	sw, err := sweep.Parse("sweeps/heterogeneous.toml", src, systems.Catalog(), ".")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := runner.Run(sw, runner.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	pts, err := parquetio.ReadDir(filepath.Join(out, "points"))
	if err != nil {
		t.Fatal(err)
	}
	n := len(sw.Axes[0].Values)
	sync, rate := make([]float64, n), make([]float64, n)
	for i, p := range pts.Int32["point"] {
		sync[p], rate[p] = pts.Float64["sync.exc"][i], pts.Float64["rate.exc"][i]
	}
	want := 1000 / (2 + 10*math.Log(25.0/5))
	for p := range n {
		t.Logf("std %v mV: rate %.2f Hz, χ %.3f", sw.Axes[0].Values[p], rate[p], sync[p])
		if math.Abs(rate[p]-want) > 0.1*want {
			t.Errorf("std %v: rate %v Hz, want %v ± 10%%", sw.Axes[0].Values[p], rate[p], want)
		}
		if p > 0 && !(sync[p] < sync[p-1]) {
			t.Errorf("synchrony does not fall from std %v to %v: %v, %v", sw.Axes[0].Values[p-1], sw.Axes[0].Values[p], sync[p-1], sync[p])
		}
	}
	if math.Abs(sync[0]-1) > 1e-9 || sync[n-1] > 0.5 {
		t.Errorf("χ %v with identical thresholds (want 1), %v at the widest spread (want < 0.5)", sync[0], sync[n-1])
	}
}
