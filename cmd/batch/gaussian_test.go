package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// TestGaussianConnectivityThroughTheCLI: a ring of 400 neurons connected with a Gaussian kernel
// (sigma 6 sites, p_max 0.6), as FORMAT.md writes it. The synapses a projection monitor lists are
// the graph: their number at each distance matches 400·2·p_max·exp(−d²/(2σ²)) within 4.5
// binomial standard deviations (distance bins of 3 sites, to 3σ), the run is the same for 1 and 2
// workers, and the two repeats (no seed: a graph per point) draw different graphs.
func TestGaussianConnectivityThroughTheCLI(t *testing.T) {
	dir := t.TempDir()
	src := `[run]
dt = 0.1
duration = 1.0

[[population]]
name = "ring"
model = "LIF"
size = 400

[[projection]]
name = "lat"
model = "Exponential"
pre = "ring"
post = "ring"
conn = { kind = "gaussian", sigma = 6.0, p_max = 0.6, grid = [400] }

[[monitor]]
target = "lat"
vars = ["s"]
every = 10

[sweep]
repeats = 2
`
	f := filepath.Join(dir, "ring.toml")
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	one, two := t.TempDir(), t.TempDir()
	for _, c := range []struct{ out, workers string }{{one, "1"}, {two, "2"}} {
		if r := batch(t, nil, "run", f, "--out", c.out, "-q", "--workers", c.workers); r.code != 0 {
			t.Fatalf("workers %s: exit %d: %s", c.workers, r.code, r.stderr)
		}
	}
	sameDataset(t, dataset(t, one), dataset(t, two))
	tab, err := parquetio.ReadDir(filepath.Join(one, "monitors", "lat"))
	if err != nil {
		t.Fatal(err)
	}
	const n, sigma, pMax = 400, 6.0, 0.6
	graphs := map[int32]map[[2]int32]bool{}
	for i, pt := range tab.Int32["point"] {
		if tab.Int32["step"][i] != 0 {
			continue
		}
		if graphs[pt] == nil {
			graphs[pt] = map[[2]int32]bool{}
		}
		graphs[pt][[2]int32{tab.Int32["pre"][i], tab.Int32["post"][i]}] = true
	}
	if len(graphs) != 2 {
		t.Fatalf("%d points recorded", len(graphs))
	}
	same := true
	for pair := range graphs[0] {
		same = same && graphs[1][pair]
	}
	if same && len(graphs[0]) == len(graphs[1]) {
		t.Error("the two repeats drew the same graph")
	}
	for pt, g := range graphs {
		counts := make([]float64, n/2+1)
		for pair := range g {
			d := int(math.Abs(float64(pair[0] - pair[1])))
			counts[min(d, n-d)]++
		}
		var msgs []string
		for lo := 0; lo <= int(3*sigma); lo += 3 {
			got, want, variance := 0.0, 0.0, 0.0
			for d := lo; d < lo+3; d++ {
				p := pMax * math.Exp(-float64(d*d)/(2*sigma*sigma))
				pairs := 2.0 * n // two partners at distance d on a ring, one at 0
				if d == 0 {
					pairs = n
				}
				got += counts[d]
				want += pairs * p
				variance += pairs * p * (1 - p)
			}
			if sd := math.Sqrt(variance); math.Abs(got-want) > 4.5*sd {
				msgs = append(msgs, fmt.Sprintf("distance %d..%d: %v synapses, expected %.1f ± %.1f", lo, lo+2, got, want, sd))
			}
		}
		if len(msgs) > 0 {
			t.Errorf("point %d:\n%s", pt, strings.Join(msgs, "\n"))
		}
	}
}
