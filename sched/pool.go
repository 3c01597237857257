package sched

import (
	"sync"

	"github.com/spikesweep/spikesweep/systems"
)

// parallelWork is the least estimated work (ns) worth splitting over workers: below it, waking a
// worker costs more than it saves, so a 2-neuron demo runs as a plain loop.
const parallelWork = 20000

type chunk struct {
	run    func(systems.Ctx, int, int)
	c      systems.Ctx
	lo, hi int
}

// Pool is a fixed set of worker goroutines, started once, that run the chunks of one stage at a
// time. Chunks are disjoint index ranges, so the result does not depend on the number of workers.
type Pool struct {
	workers int
	work    []chan chunk
	done    sync.WaitGroup
}

// NewPool starts workers-1 goroutines; the caller's goroutine is the last worker.
func NewPool(workers int) *Pool {
	if workers < 1 {
		workers = 1
	}
	p := &Pool{workers: workers}
	for range workers - 1 {
		ch := make(chan chunk, 1)
		p.work = append(p.work, ch)
		go func() {
			for c := range ch {
				c.run(c.c, c.lo, c.hi)
				p.done.Done()
			}
		}()
	}
	return p
}

// Workers is the number of workers, the caller included.
func (p *Pool) Workers() int { return p.workers }

// Close stops the worker goroutines.
func (p *Pool) Close() {
	for _, ch := range p.work {
		close(ch)
	}
	p.work = nil
}

// Run runs one stage to completion: inline when it is small, else split into one contiguous range
// per worker.
func (p *Pool) Run(st *systems.Stage, c systems.Ctx) {
	n := st.Units
	if p.workers == 1 || n < 2 || n*max(st.Cost, 1) < parallelWork {
		st.Run(c, 0, n)
		return
	}
	parts := min(p.workers, n)
	p.done.Add(parts - 1)
	for w := 1; w < parts; w++ {
		p.work[w-1] <- chunk{run: st.Run, c: c, lo: w * n / parts, hi: (w + 1) * n / parts}
	}
	st.Run(c, 0, n/parts)
	p.done.Wait()
}
