package connect

import (
	"sync"
	"testing"
)

// RowSplit must give, for every row, the first position whose target is >= q, for boundaries
// anywhere (0, inside, past the end), the same slice to concurrent callers, and nil once the
// cache is full, so that callers fall back to their own search.
func TestRowSplitFindsEachRowsFirstTargetAtOrAfterTheBoundary(t *testing.T) {
	g, err := FixedProb(300, 200, 0.1, true, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []int32{0, 1, 57, 100, 199, 200} {
		first := g.RowSplit(q)
		if len(first) != g.NPre {
			t.Fatalf("q=%d: %d entries for %d rows", q, len(first), g.NPre)
		}
		for p := range g.NPre {
			row := g.Targets[g.OutPtr[p]:g.OutPtr[p+1]]
			k := int(first[p])
			if k > len(row) || k > 0 && row[k-1] >= q || k < len(row) && row[k] < q {
				t.Fatalf("q=%d row %d: split %d in %v", q, p, k, row)
			}
		}
	}

	h, _ := FixedProb(50, 64, 0.2, true, 8)
	var wg sync.WaitGroup
	got := make([][]int32, 8)
	for w := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[w] = h.RowSplit(32) }()
	}
	wg.Wait()
	for w := range got {
		if &got[w][0] != &got[0][0] {
			t.Fatal("concurrent callers got different slices for one boundary")
		}
	}
	for q := int32(1); q < maxRowSplits; q++ {
		if h.RowSplit(q) == nil {
			t.Fatalf("boundary %d refused before the cache is full", q)
		}
	}
	if h.RowSplit(60) != nil {
		t.Fatal("a boundary past the cache's size was kept")
	}
	if h.RowSplit(32) == nil {
		t.Fatal("a kept boundary was lost")
	}
}
