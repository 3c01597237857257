package sched

import (
	"runtime"
	"sync/atomic"
	"time"

	"github.com/spikesweep/spikesweep/systems"
)

// parallelWork is the least estimated work (ns) worth splitting over workers: below it, handing
// out the work costs more than it saves, so a 2-neuron demo runs as a plain loop.
const parallelWork = 20000

// spinRounds is how long an idle worker polls for the next stage before it parks (each round
// yields the processor once). A step has several stages a few microseconds apart; waking a
// parked goroutine costs tens of microseconds on a loaded VM, so workers wait actively between
// stages and park only between runs or long serial phases.
const spinRounds = 4000

// Pool is a fixed set of worker goroutines, started once, that run the chunks of one stage at a
// time. Chunks are disjoint index ranges, so the result does not depend on the number of workers.
type Pool struct {
	workers int

	// The stage being run: written by Run before it advances gen, read by the workers after
	// they see gen advance (the atomic gives the happens-before).
	run   func(systems.Ctx, int, int)
	ctx   systems.Ctx
	n     int
	parts int

	gen      atomic.Uint64 // advanced once per dispatched stage
	pending  atomic.Int32  // chunks of the current stage not finished
	quit     atomic.Bool
	sleeping []atomic.Bool // per worker: parked, waiting for wake
	wake     []chan struct{}
	// panicked holds the first panic of a worker's chunk; Run panics with it on the caller's
	// goroutine, where the command line can recover it (a worker's own panic would end the
	// process with a stack trace).
	panicked atomic.Pointer[workerPanic]

	// waited is how long Run's caller has waited at the end of split stages for the other
	// workers: the cost of the barriers, as the workload reports it (two clock reads a barrier).
	waited time.Duration
}

type workerPanic struct{ value any }

// NewPool starts workers-1 goroutines; the caller's goroutine is the last worker.
func NewPool(workers int) *Pool {
	if workers < 1 {
		workers = 1
	}
	p := &Pool{workers: workers, sleeping: make([]atomic.Bool, workers), wake: make([]chan struct{}, workers)}
	for w := 1; w < workers; w++ {
		p.wake[w] = make(chan struct{}, 1)
		go p.worker(w)
	}
	return p
}

// Workers is the number of workers, the caller included.
func (p *Pool) Workers() int { return p.workers }

// Close stops the worker goroutines.
func (p *Pool) Close() {
	p.quit.Store(true)
	for w := 1; w < p.workers; w++ {
		select {
		case p.wake[w] <- struct{}{}:
		default:
		}
	}
}

func (p *Pool) worker(w int) {
	var seen uint64
	for {
		for spins := 0; ; spins++ {
			if g := p.gen.Load(); g != seen {
				seen = g
				break
			}
			if p.quit.Load() {
				return
			}
			if spins < spinRounds {
				runtime.Gosched()
				continue
			}
			// Park. Run checks sleeping after advancing gen, and this worker checks gen after
			// setting sleeping, so one of the two always sees the other.
			p.sleeping[w].Store(true)
			if p.gen.Load() == seen && !p.quit.Load() {
				<-p.wake[w]
			}
			p.sleeping[w].Store(false)
			spins = 0
		}
		if w < p.parts {
			p.runChunk(w*p.n/p.parts, (w+1)*p.n/p.parts)
		}
	}
}

// runChunk runs one worker's chunk; a panic is kept for Run (one defer per chunk, not per element).
func (p *Pool) runChunk(lo, hi int) {
	defer func() {
		if r := recover(); r != nil {
			p.panicked.CompareAndSwap(nil, &workerPanic{r})
		}
		p.pending.Add(-1)
	}()
	p.run(p.ctx, lo, hi)
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
	p.run, p.ctx, p.n, p.parts = st.Run, c, n, parts
	p.pending.Store(int32(parts - 1))
	p.gen.Add(1)
	for w := 1; w < p.workers; w++ {
		if p.sleeping[w].Load() {
			select {
			case p.wake[w] <- struct{}{}:
			default:
			}
		}
	}
	st.Run(c, 0, n/parts)
	if p.pending.Load() != 0 {
		t0 := time.Now()
		for p.pending.Load() != 0 {
			runtime.Gosched()
		}
		p.waited += time.Since(t0)
	}
	if wp := p.panicked.Swap(nil); wp != nil {
		panic(wp.value)
	}
}
