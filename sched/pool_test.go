package sched

import (
	"sync/atomic"
	"testing"
	"time"
)

// Each runs every item exactly once, on any number of workers, and a slow item does not hold
// the others back: the other workers take them.
func TestPoolEachRunsEveryItemOnce(t *testing.T) {
	for _, workers := range []int{1, 2, 3} {
		p := NewPool(workers)
		for _, n := range []int{0, 1, 2, 5, 1000} {
			runs := make([]atomic.Int32, n)
			p.Each(n, func(i int) { runs[i].Add(1) })
			for i := range runs {
				if c := runs[i].Load(); c != 1 {
					t.Fatalf("workers=%d n=%d: item %d ran %d times", workers, n, i, c)
				}
			}
		}
		p.Close()
	}

	p := NewPool(2)
	defer p.Close()
	var slowDone atomic.Bool
	var afterSlow atomic.Int32 // items finished while item 0 was still running
	p.Each(50, func(i int) {
		if i == 0 {
			time.Sleep(200 * time.Millisecond)
			slowDone.Store(true)
			return
		}
		if !slowDone.Load() {
			afterSlow.Add(1)
		}
	})
	if afterSlow.Load() < 40 {
		t.Fatalf("only %d of 49 quick items ran beside the slow one: items are not taken by the free worker", afterSlow.Load())
	}
}
