package connect

import (
	"math"
	"slices"
	"testing"
)

func inDegrees(g *Graph) []int {
	d := make([]int, g.NPost)
	for _, q := range g.Targets {
		d[q]++
	}
	return d
}

func checkSorted(t *testing.T, g *Graph) {
	t.Helper()
	for p := range g.NPre {
		if !slices.IsSorted(g.Targets[g.OutPtr[p]:g.OutPtr[p+1]]) {
			t.Fatalf("targets of pre %d not ascending", p)
		}
	}
}

// TestFixedInDegreeExact: every post neuron has exactly k inputs, distinct and never itself
// without allow_multiple/include_self; each pre neuron's out-degree is Binomial(nPost, k/nPre)
// in distribution, so its mean is k*nPost/nPre exactly and its variance within 15%.
func TestFixedInDegreeExact(t *testing.T) {
	const nPre, nPost, k = 800, 1000, 80
	g, err := FixedInDegree(nPre, nPost, k, false, false, 42)
	if err != nil {
		t.Fatal(err)
	}
	checkSorted(t, g)
	for q, d := range inDegrees(g) {
		if d != k {
			t.Fatalf("post %d has in-degree %d, want %d", q, d, k)
		}
	}
	seen := map[[2]int32]bool{}
	out := make([]float64, nPre)
	for p := range nPre {
		for _, q := range g.Targets[g.OutPtr[p]:g.OutPtr[p+1]] {
			if int(q) == p {
				t.Fatalf("self pair (%d, %d) with include_self = false", p, q)
			}
			if seen[[2]int32{int32(p), q}] {
				t.Fatalf("pair (%d, %d) twice without allow_multiple", p, q)
			}
			seen[[2]int32{int32(p), q}] = true
			out[p]++
		}
	}
	var m, v float64
	for _, x := range out {
		m += x
	}
	m /= nPre
	for _, x := range out {
		v += (x - m) * (x - m)
	}
	v /= nPre - 1
	want := float64(nPost) * k / nPre
	if m != want {
		t.Fatalf("mean out-degree %v, want %v", m, want)
	}
	// Binomial-like variance: about nPost * p * (1-p) with p ≈ k/(nPre-1).
	p := float64(k) / (nPre - 1)
	if wv := nPost * p * (1 - p); math.Abs(v-wv) > 0.15*wv {
		t.Fatalf("out-degree variance %v, want %v ± 15%%", v, wv)
	}
	// The same seed gives the same graph; another seed another.
	g2, _ := FixedInDegree(nPre, nPost, k, false, false, 42)
	g3, _ := FixedInDegree(nPre, nPost, k, false, false, 43)
	if !slices.Equal(g.Targets, g2.Targets) || slices.Equal(g.Targets, g3.Targets) {
		t.Fatal("the graph is not a function of the seed")
	}
}

// TestFixedInDegreeMultiple: with allow_multiple, k may exceed the pre population, and repeated
// pairs appear at about the rate of draws with replacement.
func TestFixedInDegreeMultiple(t *testing.T) {
	g, err := FixedInDegree(10, 50, 30, true, true, 1)
	if err != nil {
		t.Fatal(err)
	}
	for q, d := range inDegrees(g) {
		if d != 30 {
			t.Fatalf("post %d: in-degree %d", q, d)
		}
	}
	checkSorted(t, g)
	if _, err := FixedInDegree(10, 50, 30, true, false, 1); err == nil {
		t.Fatal("k > pre size without allow_multiple must fail")
	}
	if _, err := FixedInDegree(10, 50, 10, false, false, 1); err == nil {
		t.Fatal("k = pre size without include_self must fail (only 9 candidates)")
	}
}

// TestFixedOutDegreeAndTotal: exact out-degrees; exact totals with and without repeats; without
// allow_multiple no pair repeats and without include_self no (k, k).
func TestFixedOutDegreeAndTotal(t *testing.T) {
	g, err := FixedOutDegree(300, 200, 25, false, false, 5)
	if err != nil {
		t.Fatal(err)
	}
	checkSorted(t, g)
	for p := range 300 {
		row := g.Targets[g.OutPtr[p]:g.OutPtr[p+1]]
		if len(row) != 25 || slices.Contains(row, int32(p)) {
			t.Fatalf("pre %d: %d targets (self included: %v)", p, len(row), slices.Contains(row, int32(p)))
		}
		if len(slices.Compact(slices.Clone(row))) != 25 {
			t.Fatalf("pre %d: repeated target", p)
		}
	}
	for _, multi := range []bool{false, true} {
		g, err := FixedTotal(100, 120, 5000, false, multi, 9)
		if err != nil {
			t.Fatal(err)
		}
		checkSorted(t, g)
		if g.Len() != 5000 {
			t.Fatalf("multi %v: %d synapses, want 5000", multi, g.Len())
		}
		pairs := map[[2]int32]int{}
		for p := range 100 {
			for _, q := range g.Targets[g.OutPtr[p]:g.OutPtr[p+1]] {
				if int(q) == p {
					t.Fatalf("self pair %d", p)
				}
				pairs[[2]int32{int32(p), q}]++
			}
		}
		if !multi && len(pairs) != 5000 {
			t.Fatalf("%d distinct pairs of 5000 without allow_multiple", len(pairs))
		}
		// Each row's count is about 5000/100 = 50 (multinomial: sd ≈ 7); the largest of 100 rows
		// stays below 50 + 6 sd.
		for p := range 100 {
			if c := g.OutPtr[p+1] - g.OutPtr[p]; c > 92 || c < 8 {
				t.Fatalf("multi %v: row %d has %d synapses", multi, p, c)
			}
		}
	}
	if _, err := FixedTotal(10, 10, 91, false, false, 1); err == nil {
		t.Fatal("more synapses than distinct non-self pairs must fail")
	}
}
