package runner

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// statsNet is a small version of Brian2's CUBA network (sweeps/cuba.toml): irregular spiking,
// so CV and χ are neither 0 nor trivial. 4 points: two inhibitory weights, two repeats.
const statsNet = `
spikes = ["exc"]
[run]
dt = 0.1
duration = 300.0
seed = 7
order = ["exc", "inh", "ee", "ei", "ie", "ii"]

[[population]]
name = "exc"
model = "LIF"
size = 400
params = { tau = 20.0, V_th = -50.0, V_reset = -60.0, V_rest = -49.0, R = 1.0, t_refractory = 5.0 }
init = { V = { uniform = [-60.0, -50.0] } }
method = "exp_euler"

[[population]]
name = "inh"
model = "LIF"
size = 100
params = { tau = 20.0, V_th = -50.0, V_reset = -60.0, V_rest = -49.0, R = 1.0, t_refractory = 5.0 }
init = { V = { uniform = [-60.0, -50.0] } }
method = "exp_euler"

[[projection]]
name = "ee"
model = "Exponential"
pre = "exc"
post = "exc"
conn = { kind = "fixed_prob", prob = 0.16 }
params = { tau = 5.0, g_max = 1.62 }
output = "current"
event = true

[[projection]]
name = "ei"
model = "Exponential"
pre = "exc"
post = "inh"
conn = { kind = "fixed_prob", prob = 0.16 }
params = { tau = 5.0, g_max = 1.62 }
output = "current"
event = true

[[projection]]
name = "ie"
model = "Exponential"
pre = "inh"
post = "exc"
conn = { kind = "fixed_prob", prob = 0.16 }
params = { tau = 10.0, g_max = -9.0 }
output = "current"
event = true

[[projection]]
name = "ii"
model = "Exponential"
pre = "inh"
post = "inh"
conn = { kind = "fixed_prob", prob = 0.16 }
params = { tau = 10.0, g_max = -9.0 }
output = "current"
event = true

[[monitor]]
name = "v"
target = "exc"
vars = ["V", "spike"]
indices = [0, 1, 2, 3, 4, 5, 6, 7]
every = 3

[analysis]
start = 100.0
stop = 290.0
bin = 2.0
%s

[sweep]
repeats = 2
[[sweep.axis]]
path = "ie.g_max"
values = [-6.0, -9.0]
`

func parseStats(t *testing.T, extra string) *sweep.Sweep {
	t.Helper()
	sw, err := sweep.Parse("stats.toml", fmt.Appendf(nil, statsNet, extra), systems.Catalog(), "")
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

func runStats(t *testing.T, sw *sweep.Sweep, opts Options) string {
	t.Helper()
	opts.Out = filepath.Join(t.TempDir(), "out")
	if _, err := Run(sw, opts); err != nil {
		t.Fatal(err)
	}
	return opts.Out
}

func readDir(t *testing.T, dir string) *parquetio.Table {
	t.Helper()
	tab, err := parquetio.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// relNear compares within rel relative to want (absolute for want 0), NaN equal to NaN.
func relNear(got, want, rel float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= rel*math.Abs(want) || got == want
}

// The points table's statistics equal a direct computation from the recorded spikes and monitor
// rows, and the rates dataset sums to the spikes in the window.
func TestStatisticsMatchRecordings(t *testing.T) {
	sw := parseStats(t, "")
	out := runStats(t, sw, Options{Workers: 2})
	pts := readDir(t, filepath.Join(out, "points"))
	spk := readDir(t, filepath.Join(out, "spikes", "exc"))
	rates := readDir(t, filepath.Join(out, "rates", "exc"))
	mon := readDir(t, filepath.Join(out, "monitors", "v"))
	if _, err := os.Stat(filepath.Join(out, "rates", "inh")); err == nil {
		t.Error("rates/inh written, but inh is neither in spikes nor in [analysis] populations")
	}
	const n, start, stop, bin = 400, 1000, 2900, 20 // steps
	const bins = (stop - start) / bin
	for i := range pts.NumRows {
		point := pts.Int32["point"][i]
		// Per neuron spike steps in the window, and counts per bin.
		trains := make([][]int32, n)
		counts := make([][]float64, n)
		for k := range counts {
			counts[k] = make([]float64, bins)
		}
		total := 0
		for e := range spk.NumRows {
			st := spk.Int32["step"][e]
			if spk.Int32["point"][e] != point || st < start || st >= stop {
				continue
			}
			k := spk.Int32["index"][e]
			trains[k] = append(trains[k], st)
			counts[k][(st-start)/bin]++
			total++
		}
		if total < 300 {
			t.Fatalf("point %d: %d spikes in the window; the test wants an active network", point, total)
		}
		rate := float64(total) / (n * 0.19)
		cvSum, cvN := 0.0, 0
		for _, tr := range trains {
			if len(tr) < 3 {
				continue
			}
			var isi []float64
			for j := 1; j < len(tr); j++ {
				isi = append(isi, float64(tr[j]-tr[j-1]))
			}
			m, s := meanStd(isi)
			cvSum += s / m
			cvN++
		}
		pop := make([]float64, bins)
		varSum := 0.0
		for _, c := range counts {
			for b, x := range c {
				pop[b] += x
			}
			_, s := meanStd(c)
			varSum += s * s
		}
		_, sp := meanStd(pop)
		chi := math.Sqrt(sp * sp / n / varSum) // Var(C/N) / mean_i Var(c_i) = Var(C) / (N Σ Var)
		got := func(col string) float64 { return pts.Float64[col][i] }
		if !relNear(got("rate.exc"), rate, 1e-12) || !relNear(got("cv.exc"), cvSum/float64(cvN), 1e-12) ||
			!relNear(got("sync.exc"), chi, 1e-9) {
			t.Errorf("point %d: rate %v cv %v sync %v, direct %v %v %v", point, got("rate.exc"), got("cv.exc"),
				got("sync.exc"), rate, cvSum/float64(cvN), chi)
		}
		// The rates dataset: every bin once, counts summing to the spikes in the window.
		binsSeen, sum := 0, int64(0)
		for r := range rates.NumRows {
			if rates.Int32["point"][r] != point {
				continue
			}
			c := rates.Int32["count"][r]
			sum += int64(c)
			binsSeen++
			if want := float64(c) * 1000 / (n * 2.0); !relNear(rates.Float64["rate_hz"][r], want, 1e-12) {
				t.Errorf("point %d bin %d: rate_hz %v, want %v", point, rates.Int32["bin"][r], rates.Float64["rate_hz"][r], want)
			}
			if st := rates.Int32["step"][r]; st != start+bin*rates.Int32["bin"][r] || !relNear(rates.Float64["t"][r], float64(st)*0.1, 1e-12) {
				t.Errorf("point %d bin %d: step %d t %v", point, rates.Int32["bin"][r], st, rates.Float64["t"][r])
			}
		}
		if binsSeen != bins || sum != int64(total) {
			t.Errorf("point %d: rates has %d bins summing to %d spikes; want %d bins, %d spikes", point, binsSeen, sum, bins, total)
		}
		// Monitor statistics: every recorded value in the window, pooled.
		for _, v := range []string{"V", "spike"} {
			var xs []float64
			for r := range mon.NumRows {
				if st := mon.Int32["step"][r]; mon.Int32["point"][r] == point && st >= start && st < stop {
					xs = append(xs, mon.Float64[v][r])
				}
			}
			if len(xs) != 8*633 { // steps 1002, 1005, ..., 2898
				t.Fatalf("point %d: %d monitor values in the window", point, len(xs))
			}
			m, s := meanStd(xs)
			if !relNear(got("mean.v."+v), m, 1e-12) || !relNear(got("std.v."+v), s, 1e-10) {
				t.Errorf("point %d %s: mean %v std %v, direct %v %v", point, v, got("mean.v."+v), got("std.v."+v), m, s)
			}
		}
	}
}

func meanStd(xs []float64) (mean, std float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		std += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(std / float64(len(xs)))
}

// The statistics and rates do not depend on the number of workers or on how the points are
// batched into worlds, and survive a resumed run's rewrite of the points table.
func TestStatisticsDeterministic(t *testing.T) {
	sw := parseStats(t, "")
	ref := runStats(t, sw, Options{Workers: 1})
	cols := planStats(&sw.Base).columns
	for _, opts := range []Options{{Workers: 2}, {Workers: 2, MaxReplicas: 1}, {Workers: 3, MaxReplicas: 3}} {
		out := runStats(t, sw, opts)
		a, b := readDir(t, filepath.Join(ref, "points")), readDir(t, filepath.Join(out, "points"))
		for _, c := range cols {
			if !slices.EqualFunc(a.Float64[c], b.Float64[c], func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }) {
				t.Errorf("%+v: column %s differs: %v vs %v", opts, c, a.Float64[c], b.Float64[c])
			}
		}
		ra, rb := readDir(t, filepath.Join(ref, "rates", "exc")), readDir(t, filepath.Join(out, "rates", "exc"))
		if sa, sb := rowSet(ra), rowSet(rb); !slices.Equal(sa, sb) {
			t.Errorf("%+v: rates datasets differ (%d and %d rows)", opts, len(sa), len(sb))
		}
	}
	// Resume: a second run skips every point and rewrites the table with the same statistics.
	before := readDir(t, filepath.Join(ref, "points"))
	if _, err := Run(sw, Options{Out: ref, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	after := readDir(t, filepath.Join(ref, "points"))
	for _, c := range append(cols, "ie.g_max") {
		if !slices.Equal(before.Float64[c], after.Float64[c]) && !slices.ContainsFunc(before.Float64[c], math.IsNaN) {
			t.Errorf("after resume column %s: %v, before %v", c, after.Float64[c], before.Float64[c])
		}
	}
}

func rowSet(t *parquetio.Table) []string {
	var rows []string
	for i := range t.NumRows {
		rows = append(rows, fmt.Sprintf("%d %d %d %x %d %x", t.Int32["point"][i], t.Int32["bin"][i], t.Int32["step"][i],
			t.Float64["t"][i], t.Int32["count"][i], t.Float64["rate_hz"][i]))
	}
	slices.Sort(rows)
	return rows
}

// [analysis] populations gives statistics of a population whose spikes are not written,
// rates = false keeps the statistics without the rates dataset, and populations = [] turns spike
// statistics off.
func TestStatisticsPopulations(t *testing.T) {
	sw := parseStats(t, `populations = ["exc", "inh"]`)
	out := runStats(t, sw, Options{Workers: 2})
	pts := readDir(t, filepath.Join(out, "points"))
	for _, c := range []string{"rate.exc", "rate.inh", "cv.inh", "sync.inh"} {
		if v := pts.Float64[c]; len(v) != 4 || !(v[0] > 0) {
			t.Errorf("column %s = %v", c, v)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "spikes", "inh")); err == nil {
		t.Error("spikes/inh written: inh is analysed, not recorded")
	}
	if rates := readDir(t, filepath.Join(out, "rates", "inh")); rates.NumRows != 4*95 {
		t.Errorf("rates/inh has %d rows, want 4 points × 95 bins", rates.NumRows)
	}
	sw = parseStats(t, `rates = false`)
	out = runStats(t, sw, Options{Workers: 1})
	if _, err := os.Stat(filepath.Join(out, "rates")); err == nil {
		t.Error("rates = false still writes rates/")
	}
	if v := readDir(t, filepath.Join(out, "points")).Float64["sync.exc"]; len(v) != 4 || !(v[0] > 0) {
		t.Errorf("rates = false: sync.exc = %v, want the statistics still", v)
	}
	sw = parseStats(t, `populations = []`)
	out = runStats(t, sw, Options{Workers: 1})
	pts = readDir(t, filepath.Join(out, "points"))
	if _, ok := pts.Float64["rate.exc"]; ok {
		t.Error("populations = [] still gives rate.exc")
	}
	if _, ok := pts.Float64["mean.v.V"]; !ok {
		t.Error("monitor statistics missing")
	}
}

// A failed point's statistics are NaN (its recordings stop meaning anything where it diverged);
// the other points keep theirs.
func TestStatisticsOfFailedPoint(t *testing.T) {
	src := `
spikes = ["neu"]
[run]
dt = 0.1
duration = 100.0
[[population]]
name = "neu"
model = "LIF"
size = 2
[[input]]
target = "neu"
var = "input"
value = 30.0
[[monitor]]
target = "neu"
vars = ["V"]
[sweep]
[[sweep.axis]]
path = "neu.tau"
values = [10.0, -0.01, 20.0]
`
	sw, err := sweep.Parse("diverge.toml", []byte(src), systems.Catalog(), "")
	if err != nil {
		t.Fatal(err)
	}
	out := runStats(t, sw, Options{Workers: 1})
	if _, err := os.Stat(filepath.Join(out, "rates")); err == nil {
		t.Error("a rates dataset without [analysis]: it is written only when asked for")
	}
	pts := readDir(t, filepath.Join(out, "points"))
	for i := range pts.NumRows {
		failed := pts.String["status"][i] != "ok"
		if failed != (pts.Int32["point"][i] == 1) {
			t.Fatalf("point %d status %q", pts.Int32["point"][i], pts.String["status"][i])
		}
		for _, c := range []string{"rate.neu", "cv.neu", "sync.neu", "mean.neu.V", "std.neu.V"} {
			if v := pts.Float64[c][i]; math.IsNaN(v) != failed {
				t.Errorf("point %d (failed %v): %s = %v", pts.Int32["point"][i], failed, c, v)
			}
		}
	}
}
