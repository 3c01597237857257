package connect

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestGaussianProbabilityByDistance: on a 40 × 40 torus (sigma 3, p_max 0.8) and a ring of 2000
// (sigma 25, p_max 0.5), the fraction of pairs connected at each distance matches
// p_max·exp(−d²/(2σ²)) within 4.5 binomial standard deviations at every distance class (the
// chance that any of the ~60 classes exceeds that by chance is below 1e-3), and the total within
// 4.5 standard deviations of its expectation. Fixed seeds.
func TestGaussianProbabilityByDistance(t *testing.T) {
	for _, c := range []struct {
		name        string
		grid        GaussianGrid
		sigma, pMax float64
	}{
		{"torus 40x40", GaussianGrid{40, 40}, 3, 0.8},
		{"ring 2000", GaussianGrid{2000, 1}, 25, 0.5},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := c.grid.Nx * c.grid.Ny
			g, err := Gaussian(n, c.grid, c.sigma, c.pMax, true, 11)
			if err != nil {
				t.Fatal(err)
			}
			// Pairs and connections per squared distance class (dx² + dy², binned to whole units of σ²/4).
			type class struct{ pairs, conns, p float64 }
			classes := map[int]*class{}
			key := func(p, q int) (int, float64) {
				dx := ringDistance(p%c.grid.Nx, q%c.grid.Nx, c.grid.Nx)
				dy := ringDistance(p/c.grid.Nx, q/c.grid.Nx, c.grid.Ny)
				d2 := float64(dx*dx + dy*dy)
				return int(4 * d2 / (c.sigma * c.sigma)), d2
			}
			connected := make([]bool, n)
			expected, variance := 0.0, 0.0
			for p := range n {
				clear(connected)
				for _, q := range g.Targets[g.OutPtr[p]:g.OutPtr[p+1]] {
					connected[q] = true
				}
				for q := range n {
					k, d2 := key(p, q)
					if k > 40 { // beyond ~3σ the probabilities are too small to test
						continue
					}
					cl := classes[k]
					if cl == nil {
						cl = &class{}
						classes[k] = cl
					}
					prob := c.pMax * math.Exp(-d2/(2*c.sigma*c.sigma))
					if got := GaussianProb(p, q, c.grid, c.sigma, c.pMax); math.Abs(got-prob) > 1e-15 {
						t.Fatalf("GaussianProb(%d, %d) = %v, want %v", p, q, got, prob)
					}
					cl.pairs++
					cl.p += prob
					expected += prob
					variance += prob * (1 - prob)
					if connected[q] {
						cl.conns++
					}
				}
			}
			keys := make([]int, 0, len(classes))
			for k := range classes {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				cl := classes[k]
				want := cl.p // expected connections in the class
				sd := math.Sqrt(want * (1 - cl.p/cl.pairs))
				if math.Abs(cl.conns-want) > 4.5*sd+1 {
					t.Errorf("d²/σ² in [%.2f, %.2f): %v of %v pairs connected, expected %.1f ± %.1f", float64(k)/4, float64(k+1)/4, cl.conns, cl.pairs, want, sd)
				}
			}
			total := 0.0
			for _, cl := range classes {
				total += cl.conns
			}
			if sd := math.Sqrt(variance); math.Abs(total-expected) > 4.5*sd {
				t.Errorf("%v synapses within 3σ, expected %.0f ± %.0f", total, expected, sd)
			}
			if e := GaussianExpectedLen(n, c.grid, c.sigma, c.pMax, true); math.Abs(float64(g.Len())-e) > 4.5*math.Sqrt(e) {
				t.Errorf("%d synapses, GaussianExpectedLen %.0f", g.Len(), e)
			}
		})
	}
}

// TestGaussianDeterministic: the graph depends on the seed alone, not on the number of threads;
// include_self = false removes exactly the pairs (k, k) and changes no other pair.
func TestGaussianDeterministic(t *testing.T) {
	grid := GaussianGrid{30, 20}
	a, err := Gaussian(600, grid, 2, 1, true, 5)
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	b, _ := Gaussian(600, grid, 2, 1, true, 5)
	runtime.GOMAXPROCS(prev)
	if !slices.Equal(a.Targets, b.Targets) || !slices.Equal(a.OutPtr, b.OutPtr) {
		t.Fatal("the graph depends on the number of threads")
	}
	c, _ := Gaussian(600, grid, 2, 1, false, 5)
	if a.Len()-c.Len() != 600 { // p_max = 1: every (k, k) was connected
		t.Fatalf("include_self = false removed %d synapses, want 600", a.Len()-c.Len())
	}
	for p := range 600 {
		var with []int32
		for _, q := range a.Targets[a.OutPtr[p]:a.OutPtr[p+1]] {
			if int(q) != p {
				with = append(with, q)
			}
		}
		if !slices.Equal(with, c.Targets[c.OutPtr[p]:c.OutPtr[p+1]]) {
			t.Fatalf("row %d differs beyond the pair (k, k)", p)
		}
	}
	d, _ := Gaussian(600, grid, 2, 1, true, 6)
	if slices.Equal(a.Targets, d.Targets) {
		t.Fatal("another seed gave the same graph")
	}
}

func TestGaussianBadParameters(t *testing.T) {
	for _, c := range []struct {
		nPre, nPost int
		grid        GaussianGrid
		sigma, pMax float64
		msg         string
	}{
		{100, 100, GaussianGrid{10, 10}, 0, 0.5, "sigma 0 must be positive"},
		{100, 100, GaussianGrid{10, 10}, -1, 0.5, "sigma -1 must be positive"},
		{100, 100, GaussianGrid{10, 10}, 1, 1.5, "p_max 1.5 must be in [0, 1]"},
		{100, 100, GaussianGrid{10, 9}, 1, 0.5, "grid 10 x 9 has 90 sites for 100 neurons"},
		{100, 50, GaussianGrid{10, 10}, 1, 0.5, "must have equal sizes"},
	} {
		err := CheckGaussian(c.nPre, c.nPost, c.grid, c.sigma, c.pMax)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%+v: %v, want %q", c, err, c.msg)
		}
	}
}

// benchmarkGaussian draws the graph of an nx × nx torus (sigma 3, p_max 0.5): one draw per pair,
// so the cost grows with the square of the neurons.
func benchmarkGaussian(b *testing.B, nx int) {
	n := nx * nx
	for b.Loop() {
		if _, err := Gaussian(n, GaussianGrid{nx, nx}, 3, 0.5, true, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
}

func BenchmarkGaussian1k(b *testing.B)  { benchmarkGaussian(b, 32) }
func BenchmarkGaussian10k(b *testing.B) { benchmarkGaussian(b, 100) }
