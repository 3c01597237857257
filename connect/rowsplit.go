package connect

import (
	"sort"
	"sync"
	"sync/atomic"
)

// maxRowSplits bounds how many boundaries a graph keeps row splits for. A pool gives each
// worker the same range of post neurons every step, so a run needs one per worker boundary.
const maxRowSplits = 16

type rowSplit struct {
	q     int32
	first []int32
}

// rowSplits is a graph's cache of RowSplit results: read without a lock (an immutable list
// behind an atomic pointer), extended under mu.
type rowSplits struct {
	mu   sync.Mutex
	list atomic.Pointer[[]rowSplit]
}

// RowSplit returns, for every pre neuron p, the position in its row Targets[OutPtr[p]:OutPtr[p+1]]
// of its first target >= q; or nil when the graph keeps maxRowSplits boundaries already, and the
// caller searches the row itself. A worker that delivers spikes to the post neurons from q on
// starts each row there without a binary search per spike and row. Safe for concurrent use; the
// first call for a boundary searches every row once.
func (g *Graph) RowSplit(q int32) []int32 {
	if l := g.splits.list.Load(); l != nil {
		for _, s := range *l {
			if s.q == q {
				return s.first
			}
		}
	}
	g.splits.mu.Lock()
	defer g.splits.mu.Unlock()
	var old []rowSplit
	if l := g.splits.list.Load(); l != nil {
		old = *l
		for _, s := range old {
			if s.q == q {
				return s.first
			}
		}
	}
	if len(old) >= maxRowSplits {
		return nil
	}
	first := make([]int32, g.NPre)
	for p := range g.NPre {
		row := g.Targets[g.OutPtr[p]:g.OutPtr[p+1]]
		first[p] = int32(sort.Search(len(row), func(i int) bool { return row[i] >= q }))
	}
	list := append(append(make([]rowSplit, 0, len(old)+1), old...), rowSplit{q, first})
	g.splits.list.Store(&list)
	return first
}
