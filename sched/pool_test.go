package sched

import (
	"testing"

	"github.com/spikesweep/spikesweep/systems"
)

// A stage with fewer units than workers runs each unit once, stage after stage: the workers
// without a unit must not read one stage's fields while Run is writing the next one's (the race
// detector saw it), nor run a unit of the next stage twice.
func TestPoolStagesWithFewerUnitsThanWorkers(t *testing.T) {
	p := NewPool(3)
	defer p.Close()
	for round := range 200 {
		n := 2 + round%2 // 2 or 3 units on 3 workers
		runs := make([]int, n)
		p.Run(&systems.Stage{Name: "few", Units: n, Cost: parallelWork, Run: func(_ systems.Ctx, lo, hi int) {
			for i := lo; i < hi; i++ {
				runs[i]++ // each unit belongs to one chunk: no two workers write one element
			}
		}}, systems.Ctx{})
		for i, c := range runs {
			if c != 1 {
				t.Fatalf("round %d: unit %d of %d ran %d times", round, i, n, c)
			}
		}
	}
}
