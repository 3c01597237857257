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
	if g.Pre != nil {
		t.Fatal("per-synapse lists filled before Full")
	}
	g.Full()
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
	noSelf.Full()
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
	a.Full()
	b.Full()
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

func TestCompressedCoreMatchesSynapseLists(t *testing.T) {
	graphs := map[string]*Graph{}
	graphs["all2all"], _ = All2All(5, 4, false)
	graphs["one2one"], _ = OneToOne(6, 6)
	graphs["fixed"], _ = FixedProb(50, 60, 0.1, true, 3)
	graphs["explicit"], _ = Explicit(3, 4, []int{2, 0, 2, 1, 0}, []int{3, 1, 0, 2, 3})
	for name, g := range graphs {
		g.Full()
		if len(g.Targets) != g.Len() || int(g.OutPtr[g.NPre]) != g.Len() {
			t.Fatalf("%s: %d targets, %d synapses", name, len(g.Targets), g.Len())
		}
		for p := range g.NPre {
			var want []int32
			for _, i := range g.OutSyn[g.OutPtr[p]:g.OutPtr[p+1]] {
				want = append(want, g.Post[i])
			}
			got := g.Targets[g.OutPtr[p]:g.OutPtr[p+1]]
			for k := range got {
				if k > 0 && got[k] < got[k-1] {
					t.Fatalf("%s: targets of %d not ascending: %v", name, p, got)
				}
			}
			seen := map[int32]int{}
			for _, q := range want {
				seen[q]++
			}
			for _, q := range got {
				seen[q]--
			}
			for q, c := range seen {
				if c != 0 {
					t.Fatalf("%s: pre %d target %d count off by %d", name, p, q, c)
				}
			}
		}
	}
	// Explicit keeps the given order as synapse numbering.
	e := graphs["explicit"]
	if e.Pre[0] != 2 || e.Post[0] != 3 || e.Pre[4] != 0 || e.Post[4] != 3 {
		t.Fatalf("explicit order lost: %v %v", e.Pre, e.Post)
	}
}

// BenchmarkFixedProb32M builds the W2 projection: 40,000 x 40,000 at p = 0.02 (32M synapses).
func BenchmarkFixedProb32M(b *testing.B) {
	for b.Loop() {
		g, err := FixedProb(40000, 40000, 0.02, true, 1)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(g.Targets)*4+len(g.OutPtr)*4)/float64(g.Len()), "bytes/synapse")
	}
}
