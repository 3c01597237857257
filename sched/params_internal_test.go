package sched

import (
	"math"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spikesweep/spikesweep/spec"
)

// Per-neuron parameters drawn from distributions: the draws, their determinism, and what a LIF
// population does with them.

func ptr(x float64) *float64 { return &x }

// drawNet is a LIF population of n neurons whose parameters are drawn from dists.
func drawNet(seed uint64, n int, dists map[string]spec.Dist) *spec.Network {
	return &spec.Network{Dt: 0.1, Duration: 1, Seed: seed,
		Populations: []spec.Population{{Name: "exc", Model: "LIF", Size: n, ParamsRandom: dists}}}
}

// ksDistance is the Kolmogorov-Smirnov distance between the sample x and the distribution cdf.
func ksDistance(x []float64, cdf func(float64) float64) float64 {
	s := slices.Clone(x)
	sort.Float64s(s)
	n := float64(len(s))
	d := 0.0
	for i, v := range s {
		c := cdf(v)
		d = max(d, math.Abs(c-float64(i)/n), math.Abs(c-float64(i+1)/n))
	}
	return d
}

// truncatedCDF is the CDF of cdf restricted to [lo, hi].
func truncatedCDF(cdf func(float64) float64, lo, hi float64) func(float64) float64 {
	a, b := cdf(lo), cdf(hi)
	return func(x float64) float64 { return (cdf(min(max(x, lo), hi)) - a) / (b - a) }
}

// TestPerNeuronDrawsFollowTheirDistribution draws 20,000 values of each kind (fixed seed) and
// checks them against their (truncated) distribution: every value within the bounds, and a
// Kolmogorov-Smirnov distance below 1.63/sqrt(n) = 0.0115, the 1% critical value.
func TestPerNeuronDrawsFollowTheirDistribution(t *testing.T) {
	const n = 20000
	norm := distuv.Normal{Mu: 20, Sigma: 2}
	logn := distuv.LogNormal{Mu: 2.3, Sigma: 0.4}
	cases := []struct {
		param  string
		dist   spec.Dist
		lo, hi float64
		cdf    func(float64) float64
	}{
		{"tau", spec.Dist{Kind: "uniform", Min: 5, Max: 15}, 5, 15, func(x float64) float64 { return (x - 5) / 10 }},
		{"V_th", spec.Dist{Kind: "normal", Mean: 20, Std: 2, Lo: ptr(17), Hi: ptr(30)}, 17, 30, truncatedCDF(norm.CDF, 17, 30)},
		{"R", spec.Dist{Kind: "lognormal", Mean: 2.3, Std: 0.4, Hi: ptr(15)}, 0, 15, truncatedCDF(logn.CDF, 0, 15)},
		{"V_reset", spec.Dist{Kind: "normal", Mean: -5, Std: 1}, math.Inf(-1), math.Inf(1), distuv.Normal{Mu: -5, Sigma: 1}.CDF},
	}
	dists := map[string]spec.Dist{}
	for _, c := range cases {
		dists[c.param] = c.dist
	}
	cols := perNeuronParams([]*spec.Network{drawNet(11, n, dists)}, 0)
	for _, c := range cases {
		x := cols[c.param]
		if len(x) != n {
			t.Fatalf("%s: %d values, want %d", c.param, len(x), n)
		}
		for i, v := range x {
			if v < c.lo || v > c.hi {
				t.Fatalf("%s[%d] = %v outside [%v, %v]", c.param, i, v, c.lo, c.hi)
			}
		}
		if d := ksDistance(x, c.cdf); d > 1.63/math.Sqrt(n) {
			t.Errorf("%s ~ %+v: KS distance %.4f > %.4f", c.param, c.dist, d, 1.63/math.Sqrt(n))
		}
	}
	// Two parameters drawn from one distribution get independent streams: their correlation is
	// within 4/sqrt(n) of 0.
	same := spec.Dist{Kind: "uniform", Min: 0, Max: 1}
	cols = perNeuronParams([]*spec.Network{drawNet(11, n, map[string]spec.Dist{"V_rest": same, "V_th": same})}, 0)
	if r := correlation(cols["V_rest"], cols["V_th"]); math.Abs(r) > 4/math.Sqrt(n) {
		t.Errorf("V_rest and V_th drawn alike are correlated: r = %v", r)
	}
}

func correlation(a, b []float64) float64 {
	var ma, mb float64
	for i := range a {
		ma += a[i] / float64(len(a))
		mb += b[i] / float64(len(b))
	}
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

// TestPerNeuronDrawsAreDeterministic: a point's column depends on its seed, its population and
// the parameter only: the same as the second replica of three, and when an unrelated population
// is listed first; another seed draws another column.
func TestPerNeuronDrawsAreDeterministic(t *testing.T) {
	d := map[string]spec.Dist{"V_th": {Kind: "normal", Mean: 20, Std: 1, Lo: ptr(15)}}
	alone := perNeuronParams([]*spec.Network{drawNet(5, 100, d)}, 0)["V_th"]
	three := perNeuronParams([]*spec.Network{drawNet(4, 100, d), drawNet(5, 100, d), drawNet(6, 100, d)}, 0)["V_th"]
	if !slices.Equal(three[100:200], alone) {
		t.Fatal("replica 1 of 3 draws another column than the point alone")
	}
	if slices.Equal(three[:100], alone) || slices.Equal(three[200:], alone) {
		t.Fatal("points of other seeds draw the same column")
	}
	other := drawNet(5, 100, d)
	other.Populations = append([]spec.Population{{Name: "inh", Model: "LIF", Size: 30, ParamsRandom: d}}, other.Populations...)
	if got := perNeuronParams([]*spec.Network{other}, 1)["V_th"]; !slices.Equal(got, alone) {
		t.Fatal("an unrelated population listed first changed the draws")
	}
}

// TestHeterogeneousThresholdsFireAtTheirClosedFormRate: 40 LIF neurons with V_th drawn uniform
// in [10, 20] mV under a constant input of 25 (V_rest = V_reset = 0, tau = 10 ms, refractory
// 2 ms) fire periodically with period T = t_ref + tau*ln(25/(25 - V_th)), from 7.1 ms to 18.1
// ms. By exponential Euler the state is exact at the steps, so the interval differs from T by
// less than a step: the crossing is found at the first step after it (0 to dt late), and the
// refractory test (t - t_last) <= t_ref on float times holds for 2/dt or 2/dt - 1 steps (0 or dt
// early): -dt <= ISI - T < dt.
func TestHeterogeneousThresholdsFireAtTheirClosedFormRate(t *testing.T) {
	const n, dt, dur = 40, 0.01, 1000.0
	net := &spec.Network{Dt: dt, Duration: dur, Seed: 8,
		Populations: []spec.Population{{Name: "exc", Model: "LIF", Size: n, Method: "exp_euler",
			Params:       map[string]float64{"V_rest": 0, "V_reset": 0, "tau": 10, "t_refractory": 2},
			ParamsRandom: map[string]spec.Dist{"V_th": {Kind: "uniform", Min: 10, Max: 20}}}},
		Inputs: []spec.Input{{Target: "exc", Var: "input", Op: "+", Value: []float64{25}}},
		Spikes: []string{"exc"}}
	vTh := perNeuronParams([]*spec.Network{net}, 0)["V_th"]
	sink := NewMemorySink()
	sim, err := Build([]*spec.Network{net}, Options{Workers: 2, Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Run(); err != nil {
		t.Fatal(err)
	}
	steps := make([][]int32, n)
	sp := sink.Spike["exc"]
	for i, k := range sp.Index {
		steps[k] = append(steps[k], sp.Step[i])
	}
	lo, hi := math.Inf(1), 0.0
	for k := range n {
		T := 2 + 10*math.Log(25/(25-vTh[k]))
		s := steps[k]
		if len(s) < 20 {
			t.Fatalf("neuron %d (V_th %v) fired %d times; T = %v ms", k, vTh[k], len(s), T)
		}
		for j := 1; j < len(s); j++ {
			isi := float64(s[j]-s[j-1]) * dt
			if isi < T-dt-1e-9 || isi >= T+dt+1e-9 {
				t.Fatalf("neuron %d (V_th %.3f): interval %v ms, closed form %v ms", k, vTh[k], isi, T)
			}
		}
		rate := 1000 / T
		lo, hi = min(lo, rate), max(hi, rate)
	}
	if hi-lo < 50 {
		t.Fatalf("rates span %v..%v Hz: the thresholds do not spread them", lo, hi)
	}
}
