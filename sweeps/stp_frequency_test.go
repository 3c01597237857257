package sweeps_test

import (
	"math"
	"path/filepath"
	"slices"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// stpSteady is the steady state of this project's STP synapse (systems/stp.go, SEMANTICS.md §12
// Q3) under a regular presynaptic train of one spike every n steps of dt.
//
// The model, per step: u ← u·eF, x ← 1 - (1-x)·eD, s ← s·eS (exponential Euler, exact for
// these linear equations: eF = exp(-dt/tau_f), eD = exp(-dt/tau_d), eS = exp(-dt/tau)), and at a
// presynaptic spike, with u₀, x₀ the values before the step,
//
//	u⁺ = u₀·eF + U(1 - u₀),   s += w·u⁺·x₀,   x = 1 - (1-x₀)·eD - u⁺·x₀.
//
// Unlike the textbook Tsodyks–Markram map (u⁺ = u⁻ + U(1 - u⁻) with u⁻ the decayed value), the
// increment uses u₀ before the step's decay (quirk Q3). Between spikes come n-1 steps without
// one. Writing F = exp(-n·dt/tau_f), D = exp(-n·dt/tau_d) and requiring u₀ and x₀ to repeat:
//
//	u₀ = u⁺·F/eF  ⇒  u⁺ = U / (1 - F + U·F/eF)
//	1-x₀ = ((1-x₀)·eD + u⁺·x₀)·D/eD  ⇒  x₀ = (1 - D) / (1 - D + u⁺·D/eD)
//
// (for dt → 0, eF, eD → 1 and these become the textbook u⁺ = U/(1 - (1-U)F) and
// x⁻ = (1-D)/(1 - (1-u⁺)D)). The efficacy of a spike is E = w·u⁺·x₀, and over one period the
// recorded values (after each step's update) average to
//
//	mean s = E / (n(1 - eS))
//	mean u = u⁺(1 - eF^n) / (n(1 - eF))
//	mean x = 1 - (1 - x₁)(1 - eD^n) / (n(1 - eD)),  x₁ = 1 - (1-x₀)·eD - u⁺·x₀ (x after the spike).
//
// The run approaches the steady state geometrically: a deviation of u⁺ shrinks by
// λ_u = F(1 - U/eF) per spike, one of x₀ by about λ_x = D(1 - u⁺) (the derivatives of the two
// maps above); lambda is the larger.
type stpSteady struct{ uPlus, x0, meanS, meanU, meanX, lambda float64 }

func steadyState(U, tauF, tauD, tau, w, dt float64, n int) stpSteady {
	eF, eD, eS := math.Exp(-dt/tauF), math.Exp(-dt/tauD), math.Exp(-dt/tau)
	F, D := math.Pow(eF, float64(n)), math.Pow(eD, float64(n))
	u := U / (1 - F + U*F/eF)
	x0 := (1 - D) / (1 - D + u*D/eD)
	x1 := 1 - (1-x0)*eD - u*x0
	nf := float64(n)
	return stpSteady{uPlus: u, x0: x0, meanS: w * u * x0 / (nf * (1 - eS)),
		meanU: u * (1 - F) / (nf * (1 - eF)), meanX: 1 - (1-x1)*(1-D)/(nf*(1-eD)),
		lambda: max(F*(1-U/eF), D*(1-u))}
}

// The shipped frequency-response sweep reaches the closed-form steady state: u⁺ and x₀ at the
// last spike, and the statistics columns mean.<syn>.s/u/x over the analysis window (the last 5 s,
// a whole number of periods). The tolerance (relative) is 1e-9 for rounding plus λ^k, the
// deviation left after the k spikes before the measurement (k = spikes before the last one, or
// before the window) from a start off by about the steady value itself (u starts at 0): 1e-9 at
// most rates, where the errors are 1e-16 to 5e-13; the slowest facilitating point (1 Hz, 5 spikes
// before the window, λ = 0.33) gets 4e-3 for its means and has an error of 4e-4. The run is
// deterministic: these margins are for convergence, not chance.
func TestSTPFrequencyClosedForm(t *testing.T) {
	sw, err := sweep.Load("stp_frequency.toml", systems.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := runner.Run(sw, runner.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	read := func(dir ...string) *parquetio.Table {
		tab, err := parquetio.ReadDir(filepath.Join(append([]string{out}, dir...)...))
		if err != nil {
			t.Fatal(err)
		}
		return tab
	}
	pts, spikes := read("points"), read("spikes", "pre")
	checkPoissonTrains(t, pts)
	syn := map[string]struct{ U, tauF, tauD float64 }{"dep": {0.5, 10, 800}, "fac": {0.1, 1000, 100}}
	const dt, tau, w, start = 0.1, 8.0, 1.0, 50000 // tau and w: the model's defaults
	for name, p := range syn {
		for _, pr := range sw.Base.Projections {
			if pr.Name == name && (pr.Params["U"] != p.U || pr.Params["tau_f"] != p.tauF || pr.Params["tau_d"] != p.tauD) {
				t.Fatalf("%s's parameters in the file changed: %v", name, pr.Params)
			}
		}
		mon := read("monitors", name)
		for i := range pts.NumRows {
			point := pts.Int32["point"][i]
			interval := pts.Float64["pre.input.pieces[1].duration"][i] + 0.05 // ms
			var steps []int32
			for e := range spikes.NumRows {
				if spikes.Int32["point"][e] == point {
					steps = append(steps, spikes.Int32["step"][e])
				}
			}
			n := int(math.Round(interval / dt))
			for k := 1; k < len(steps); k++ {
				if int(steps[k]-steps[k-1]) != n {
					t.Fatalf("point %d: interval %d steps between spikes %d and %d, want %d (a regular train)", point, steps[k]-steps[k-1], k-1, k, n)
				}
			}
			if got := pts.Float64["rate.pre"][i]; math.Abs(got-1000/interval) > 1e-9*got {
				t.Errorf("point %d: rate.pre %v, want %v", point, got, 1000/interval)
			}
			want := steadyState(p.U, p.tauF, p.tauD, tau, w, dt, n)
			last := steps[len(steps)-1]
			var uAt, xBefore float64
			for r := range mon.NumRows {
				if mon.Int32["point"][r] != point {
					continue
				}
				switch mon.Int32["step"][r] {
				case last:
					uAt = mon.Float64["u"][r]
				case last - 1:
					xBefore = mon.Float64["x"][r]
				}
			}
			rel := func(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }
			before := 0 // spikes before the window
			for _, st := range steps {
				if st < start {
					before++
				}
			}
			tolLast := 1e-9 + math.Pow(want.lambda, float64(len(steps)-1))
			tolMean := 1e-9 + math.Pow(want.lambda, float64(before))
			if rel(uAt, want.uPlus) > tolLast || rel(xBefore, want.x0) > tolLast {
				t.Errorf("%s at %v Hz: last spike u⁺ %v x₀ %v, closed form %v %v", name, 1000/interval, uAt, xBefore, want.uPlus, want.x0)
			}
			for _, c := range []struct {
				col  string
				want float64
			}{{"mean." + name + ".s", want.meanS}, {"mean." + name + ".u", want.meanU}, {"mean." + name + ".x", want.meanX}} {
				if got := pts.Float64[c.col][i]; rel(got, c.want) > tolMean {
					t.Errorf("%s at %v Hz: %s = %v, closed form %v (rel. error %.2g)", name, 1000/interval, c.col, got, c.want, rel(got, c.want))
				}
			}
		}
		if len(slices.Compact(slices.Clone(pts.Float64["mean."+name+".s"]))) < 10 || len(pts.Float64["mean."+name+"_poi.s"]) != 13 {
			t.Errorf("%s: the mean current should differ between rates", name)
		}
	}
}

// checkPoissonTrains checks the statistics of the sweep's Poisson trains (50 neurons, 5 s window)
// against their known values, with tolerances of 4 standard deviations: the rate within
// 4/sqrt(expected count) (relative); the CV, where each neuron has 50 or more intervals (10 Hz
// and up), within 0.08 of sqrt(1 - rate·dt), the CV of the geometric intervals of a per-step
// draw; χ·sqrt(50) within [0.7, 1.3] (independent trains: χ² ≈ 1/N).
func checkPoissonTrains(t *testing.T, pts *parquetio.Table) {
	for i := range pts.NumRows {
		rate := pts.Float64["poi.rate"][i]
		count := 50 * 5 * rate
		if got := pts.Float64["rate.poi"][i]; math.Abs(got-rate) > 4/math.Sqrt(count)*rate {
			t.Errorf("Poisson at %v Hz: rate.poi %v", rate, got)
		}
		if cv, want := pts.Float64["cv.poi"][i], math.Sqrt(1-rate*1e-4); rate >= 10 && math.Abs(cv-want) > 0.08 {
			t.Errorf("Poisson at %v Hz: cv.poi %v, want %v within 0.08", rate, cv, want)
		}
		if chi := pts.Float64["sync.poi"][i] * math.Sqrt(50); chi < 0.7 || chi > 1.3 {
			t.Errorf("Poisson at %v Hz: sync.poi·sqrt(50) = %v, want about 1", rate, chi)
		}
	}
}
