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

// spinFor and yieldFor are how long an idle worker waits for the next stage before it parks:
// first polling, then polling and yielding its thread (see Pool.await). A step has several
// stages a few microseconds apart; waking a parked goroutine costs tens of microseconds, so
// workers wait actively between stages and park only between runs or long serial phases.
const (
	spinFor  = 50 * time.Microsecond
	yieldFor = 2 * time.Millisecond
)

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
	// busy[w] is how long worker w has spent in its chunks of split stages: with waited, it
	// tells load imbalance (one worker's share longer than another's) from barrier latency.
	busy []paddedDuration
}

// paddedDuration fills a cache line, so that workers updating their own do not share one.
type paddedDuration struct {
	d time.Duration
	_ [56]byte
}

type workerPanic struct{ value any }

// NewPool starts workers-1 goroutines; the caller's goroutine is the last worker.
func NewPool(workers int) *Pool {
	if workers < 1 {
		workers = 1
	}
	p := &Pool{workers: workers, sleeping: make([]atomic.Bool, workers), wake: make([]chan struct{}, workers),
		busy: make([]paddedDuration, workers)}
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
		for {
			if p.await(func() bool { return p.gen.Load() != seen || p.quit.Load() }, yieldFor) {
				break
			}
			// Park. Run checks sleeping after advancing gen, and this worker checks gen after
			// setting sleeping, so one of the two always sees the other.
			p.sleeping[w].Store(true)
			if p.gen.Load() == seen && !p.quit.Load() {
				<-p.wake[w]
			}
			p.sleeping[w].Store(false)
		}
		if p.quit.Load() {
			return
		}
		seen = p.gen.Load()
		if w < p.parts {
			t0 := time.Now()
			p.runChunk(w*p.n/p.parts, (w+1)*p.n/p.parts)
			p.busy[w].d += time.Since(t0)
		} else {
			// No chunk for this worker: it still reports, so that Run does not return (and
			// write the next stage's fields) while this worker is reading this one's.
			p.pending.Add(-1)
		}
	}
}

// await polls done until it holds, first in a tight loop for spinFor, then yielding the thread,
// until patience has passed (patience < 0: for ever). It reports whether done held.
//
// Why both: on an idle machine the other worker finishes a few microseconds later, and a tight
// loop sees it soonest (runtime.Gosched in every round, as before, takes the scheduler's lock
// each time, and the two waiting goroutines' yields cost more CPU than W2's kernels). On a
// loaded machine, or with more goroutines than processors, the goroutine or thread waited for
// may not be running at all; a tight loop would hold the processor it needs, so after spinFor
// the waiter yields to other goroutines and threads at each round. (Yielding the thread alone
// made go test ./sched, whose tests run in parallel, take several times as long: a worker
// goroutine queued behind a spinning one ran only when the runtime preempted it.)
func (p *Pool) await(done func() bool, patience time.Duration) bool {
	start := time.Now()
	for i := 1; ; i++ {
		if done() {
			return true
		}
		if i%256 != 0 {
			continue
		}
		waited := time.Since(start)
		if waited < spinFor {
			continue
		}
		if patience >= 0 && waited > patience {
			return false
		}
		// Let the other goroutines of this processor run (the worker this waits for may be one
		// of them, when a process has more goroutines than processors: parallel tests, or a
		// runner with a pool per batch), then the other threads of the machine.
		runtime.Gosched()
		yieldThread()
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
	p.pending.Store(int32(p.workers - 1)) // every other worker reports, with a chunk or without
	p.gen.Add(1)
	for w := 1; w < p.workers; w++ {
		if p.sleeping[w].Load() {
			select {
			case p.wake[w] <- struct{}{}:
			default:
			}
		}
	}
	t0 := time.Now()
	st.Run(c, 0, n/parts)
	p.busy[0].d += time.Since(t0)
	if p.pending.Load() != 0 {
		t0 = time.Now()
		p.await(func() bool { return p.pending.Load() == 0 }, -1)
		p.waited += time.Since(t0)
	}
	if wp := p.panicked.Swap(nil); wp != nil {
		panic(wp.value)
	}
}
