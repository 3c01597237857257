package sweeps_test

import (
	"math"
	"path/filepath"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// brunelSmall is Brunel's (2000) model A, reduced to run in seconds: N_E = 2000,
// N_I = 500, in-degrees C_E = 200 and C_I = 50 (ε = 0.1), and J = 0.5 mV so that J·C_E = 100 mV
// as in the paper; LIF with tau 20 ms, threshold 20 mV, reset 10 mV, refractory 2 ms; delta
// synapses (J, -gJ) with delay 1.5 ms; external Poisson drive of C_E processes at η·ν_thr, with
// ν_thr = θ/(J C_E τ) = 10 Hz. Four points (zip): the paper's Fig. 2 states
// SR (g 3, η 2), AI (g 5, η 2), SI fast (g 6, η 4), SI slow (g 4.5, η 0.9). 300 ms, analysed
// from 100 ms, synchrony in 0.1 ms bins (one step: with one common delay, synchronous volleys
// arrive in the same step).
const brunelSmall = `
[run]
dt = 0.1
duration = 300.0
seed = 3
order = ["exc", "inh", "ee", "ei", "ie", "ii"]

[[population]]
name = "exc"
model = "LIF"
size = 2000
params = { V_rest = 0.0, V_reset = 10.0, V_th = 20.0, tau = 20.0, R = 1.0, t_refractory = 2.0 }
init = { V = { uniform = [0.0, 20.0] } }

[[population]]
name = "inh"
model = "LIF"
size = 500
params = { V_rest = 0.0, V_reset = 10.0, V_th = 20.0, tau = 20.0, R = 1.0, t_refractory = 2.0 }
init = { V = { uniform = [0.0, 20.0] } }

[[projection]]
name = "ee"
model = "VoltageJump"
pre = "exc"
post = "exc"
conn = { kind = "fixed_indegree", k = 200 }
output = "voltage"
weight = 0.5
delay = 1.5

[[projection]]
name = "ei"
model = "VoltageJump"
pre = "exc"
post = "inh"
conn = { kind = "fixed_indegree", k = 200 }
output = "voltage"
weight = 0.5
delay = 1.5

[[projection]]
name = "ie"
model = "VoltageJump"
pre = "inh"
post = "exc"
conn = { kind = "fixed_indegree", k = 50 }
output = "voltage"
weight = -2.5
delay = 1.5

[[projection]]
name = "ii"
model = "VoltageJump"
pre = "inh"
post = "inh"
conn = { kind = "fixed_indegree", k = 50 }
output = "voltage"
weight = -2.5
delay = 1.5

[[input]]
target = "exc"
var = "V"
poisson = { rate = 20.0, n = 200, weight = 0.5 }

[[input]]
target = "inh"
var = "V"
poisson = { rate = 20.0, n = 200, weight = 0.5 }

[analysis]
start = 100.0
bin = 0.1
populations = ["exc"]

[sweep]
mode = "zip"
[[sweep.axis]]
path = "ie.weight"              # -g J: g = 3, 5, 6, 4.5
values = [-1.5, -2.5, -3.0, -2.25]
also = ["ii.weight"]
[[sweep.axis]]
path = "exc.V.poisson.rate"     # η ν_thr: η = 2, 2, 4, 0.9
values = [20.0, 20.0, 40.0, 9.0]
also = ["inh.V.poisson.rate"]
`

// Brunel's states are told apart by the points table's statistics alone: the synchronous regular
// point fires near saturation with CV near 0 and high synchrony, the asynchronous irregular point
// irregularly (CV near 1) with low synchrony, the fast synchronous irregular point irregularly,
// and the slow oscillatory point at a low rate with a population rate that swings far more than
// the asynchronous one's (from the rates dataset, in 5 ms windows). The run is deterministic (fixed
// seed); the thresholds sit between the states with wide margins (measured: SR CV 0.0015, χ 0.40;
// AI CV 1.14, χ 0.048; SI fast CV 1.39; SI slow rate 23 Hz against AI's 68).
func TestBrunelStatesByStatistics(t *testing.T) {
	sw, err := sweep.Parse("brunel_small.toml", []byte(brunelSmall), systems.Catalog(), "")
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
	rates, err := parquetio.ReadDir(filepath.Join(out, "rates", "exc"))
	if err != nil {
		t.Fatal(err)
	}
	const sr, ai, siFast, siSlow = 0, 1, 2, 3
	stat := func(col string, point int) float64 {
		for i, p := range pts.Int32["point"] {
			if int(p) == point {
				return pts.Float64[col][i]
			}
		}
		t.Fatalf("no point %d", point)
		return 0
	}
	rate, cv, sync := func(p int) float64 { return stat("rate.exc", p) }, func(p int) float64 { return stat("cv.exc", p) },
		func(p int) float64 { return stat("sync.exc", p) }
	for p := range 4 {
		t.Logf("point %d: rate %.1f Hz, CV %.3f, χ %.3f, population-rate CV (5 ms) %.3f", p, rate(p), cv(p), sync(p), popRateCV(rates, p, 50))
	}
	if !(cv(sr) < 0.05 && rate(sr) > 300 && sync(sr) > 0.25) {
		t.Errorf("SR: want CV < 0.05, rate > 300 Hz, χ > 0.25")
	}
	if !(cv(ai) > 0.8 && cv(ai) < 1.5 && sync(ai) < 0.1 && sync(sr) > 4*sync(ai)) {
		t.Errorf("AI: want CV in (0.8, 1.5), χ < 0.1 and a quarter of SR's at most")
	}
	if !(cv(siFast) > 0.8) {
		t.Errorf("SI fast: want irregular firing, CV > 0.8")
	}
	if !(rate(siSlow) < rate(ai)/2 && popRateCV(rates, siSlow, 50) > 2*popRateCV(rates, ai, 50)) {
		t.Errorf("SI slow: want a rate below half of AI's and a population rate swinging more than twice as much")
	}
}

// popRateCV is the coefficient of variation over time of point's population spike count in windows
// of w bins (the rates dataset's counts, summed).
func popRateCV(rates *parquetio.Table, point, w int) float64 {
	sums := map[int32]float64{}
	for i, p := range rates.Int32["point"] {
		if int(p) == point {
			sums[rates.Int32["bin"][i]/int32(w)] += float64(rates.Int32["count"][i])
		}
	}
	var xs []float64
	for k, v := range sums {
		if int(k) < len(sums)-1 { // whole windows only
			xs = append(xs, v)
		}
	}
	mean, ss := 0.0, 0.0
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss/float64(len(xs))) / mean
}
