package connect

import (
	"math"
	"testing"
)

func TestAll2AllIsRowMajor(t *testing.T) {
	g, err := All2All(2, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	wantPre := []int32{0, 0, 0, 1, 1, 1}
	wantPost := []int32{0, 1, 2, 0, 1, 2}
	for i := range wantPre {
		if g.Pre[i] != wantPre[i] || g.Post[i] != wantPost[i] {
			t.Fatalf("synapse %d = (%d,%d)", i, g.Pre[i], g.Post[i])
		}
	}
	if !g.Dense {
		t.Fatal("All2All not dense")
	}
	// Incoming of post 1: synapses 1 and 4, ascending.
	in := g.InSyn[g.InPtr[1]:g.InPtr[2]]
	if len(in) != 2 || in[0] != 1 || in[1] != 4 {
		t.Fatalf("incoming of post 1: %v", in)
	}
	noSelf, _ := All2All(2, 3, false)
	if noSelf.Len() != 4 || noSelf.Dense {
		t.Fatalf("include_self=false: %d synapses, dense %v", noSelf.Len(), noSelf.Dense)
	}
	m := noSelf.Matrix()
	if m[0] != -1 || m[4] != -1 || m[1] != 0 {
		t.Fatalf("matrix %v", m)
	}
}

func TestFixedProbIsSeededAndHasTheRightDensity(t *testing.T) {
	a, _ := FixedProb(400, 500, 0.02, true, 7)
	b, _ := FixedProb(400, 500, 0.02, true, 7)
	c, _ := FixedProb(400, 500, 0.02, true, 8)
	if a.Len() != b.Len() {
		t.Fatal("same seed, different graphs")
	}
	for i := range a.Pre {
		if a.Pre[i] != b.Pre[i] || a.Post[i] != b.Post[i] {
			t.Fatal("same seed, different graphs")
		}
	}
	if a.Len() == c.Len() {
		t.Log("different seeds gave equal counts (possible but unlikely)")
	}
	mean, sd := 400*500*0.02, math.Sqrt(400*500*0.02*0.98)
	if math.Abs(float64(a.Len())-mean) > 5*sd {
		t.Fatalf("%d synapses, expected %.0f ± %.0f", a.Len(), mean, sd)
	}
	for i := 1; i < a.Len(); i++ {
		if a.Pre[i] < a.Pre[i-1] || (a.Pre[i] == a.Pre[i-1] && a.Post[i] <= a.Post[i-1]) {
			t.Fatal("fixed_prob synapses not ordered by (pre, post)")
		}
	}
}

func TestBadConnectivity(t *testing.T) {
	if _, err := OneToOne(2, 3); err == nil {
		t.Fatal("one-to-one with unequal sizes accepted")
	}
	if _, err := Explicit(2, 2, []int{0, 2}, []int{0, 1}); err == nil {
		t.Fatal("out-of-range explicit index accepted")
	}
	if _, err := FixedProb(2, 2, 1.5, true, 1); err == nil {
		t.Fatal("probability 1.5 accepted")
	}
	if _, err := All2All(0, 2, true); err == nil {
		t.Fatal("empty group accepted")
	}
}
