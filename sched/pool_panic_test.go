package sched

import (
	"testing"

	"github.com/spikesweep/spikesweep/systems"
)

// A panic in a worker's chunk reaches the caller of Run, where it can be recovered, instead of
// ending the process from the worker's goroutine.
func TestPoolPanicReachesCaller(t *testing.T) {
	p := NewPool(4)
	defer p.Close()
	st := &systems.Stage{Name: "boom", Units: 1 << 20, Cost: 1, Run: func(_ systems.Ctx, lo, hi int) {
		if lo > 0 {
			panic("sched: test panic")
		}
	}}
	got := func() (r any) {
		defer func() { r = recover() }()
		p.Run(st, systems.Ctx{})
		return nil
	}()
	if got != "sched: test panic" {
		t.Fatalf("recovered %v", got)
	}
	// The pool still works afterwards.
	ran := make([]bool, 4)
	p.Run(&systems.Stage{Name: "ok", Units: 1 << 20, Cost: 1, Run: func(_ systems.Ctx, lo, hi int) { ran[lo*4/(1<<20)] = true }}, systems.Ctx{})
	for i, r := range ran {
		if !r {
			t.Fatalf("chunk %d did not run", i)
		}
	}
}
