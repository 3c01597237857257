package cluster

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Watch submits an array job and sees it through: it waits until the job leaves the queue,
// asks Progress which shards still have missing points, and resubmits exactly those, at most
// Retries times.
type Watch struct {
	Sched       Scheduler
	Script      string // path of the job script
	Shards      int
	MaxParallel int
	Retries     int           // resubmissions after the first submission
	Poll        time.Duration // how often to ask the scheduler; 0: 30 s
	// Progress returns, for every shard with points that no task has finished, how many.
	// A point that finished with an error is finished: it is not retried.
	Progress func() (map[int]int, error)
	// Log receives one line per event (submission, a shard finished, a retry).
	Log func(format string, args ...any)
	// Submitted, if set, is told each job id as soon as it is known (for provenance files).
	Submitted func(job string, indices []int)
}

// Attempt is one submission and what was missing when it ended.
type Attempt struct {
	Job     string
	Indices []int
	Missing map[int]int // shard -> missing points after the job left the queue
}

// Outcome is the history of a watched sweep.
type Outcome struct {
	Attempts []Attempt
	// Missing is what is still missing after the last attempt: empty when every point is done.
	Missing map[int]int
	// Stuck lists the shards whose last attempt finished no point: retrying them as they are
	// (same time limit, same memory) would not help.
	Stuck []int
}

// Run submits the given shards (all of them when indices is nil) and watches until every point
// is done or the retries are used up. It returns early, with the job still queued, when ctx is
// cancelled.
func (w *Watch) Run(ctx context.Context, indices []int) (*Outcome, error) {
	if w.Poll <= 0 {
		w.Poll = 30 * time.Second
	}
	if w.Log == nil {
		w.Log = func(string, ...any) {}
	}
	if indices == nil {
		indices = make([]int, w.Shards)
		for i := range indices {
			indices[i] = i
		}
	}
	out := &Outcome{}
	before, err := w.Progress()
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		job, err := w.Sched.Submit(ctx, w.Script, indices, w.MaxParallel)
		if err != nil {
			return out, err
		}
		if w.Submitted != nil {
			w.Submitted(job, indices)
		}
		what := "submitted"
		if attempt > 0 {
			what = fmt.Sprintf("resubmitted (retry %d of %d)", attempt, w.Retries)
		}
		w.Log("job %s %s: %s, shards %s", job, what, count(len(indices), "task"), ArraySpec(indices, 0))
		if err := w.wait(ctx, job, indices); err != nil {
			return out, err
		}
		missing, err := w.Progress()
		if err != nil {
			return out, err
		}
		out.Attempts = append(out.Attempts, Attempt{Job: job, Indices: indices, Missing: missing})
		out.Missing = missing
		out.Stuck = out.Stuck[:0]
		for _, s := range indices {
			if n, ok := missing[s]; ok && n >= before[s] {
				out.Stuck = append(out.Stuck, s)
			}
		}
		if len(missing) == 0 {
			w.Log("job %s ended: every point is done", job)
			return out, nil
		}
		if attempt >= w.Retries {
			w.Log("job %s ended with %s missing points; no retries left", job, count(len(missing), "shard"))
			return out, nil
		}
		indices = shardsOf(missing)
		w.Log("job %s ended with %s missing in shards %s", job, count(total(missing), "point"), ArraySpec(indices, 0))
		before = missing
	}
}

// wait polls until the job leaves the queue, logging shards as they finish.
func (w *Watch) wait(ctx context.Context, job string, indices []int) error {
	done := -1
	for {
		active, err := w.Sched.Active(ctx, job)
		if err != nil {
			return err
		}
		if !active {
			return nil
		}
		if missing, err := w.Progress(); err == nil {
			n := 0
			for _, s := range indices {
				if missing[s] == 0 {
					n++
				}
			}
			if n != done {
				w.Log("job %s: %d of %s done", job, n, count(len(indices), "shard"))
				done = n
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("stopped watching job %s, which stays queued: %w", job, ctx.Err())
		case <-time.After(w.Poll):
		}
	}
}

func shardsOf(m map[int]int) []int {
	out := make([]int, 0, len(m))
	for s := range m {
		out = append(out, s)
	}
	sort.Ints(out)
	return out
}

func total(m map[int]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// count writes "1 shard", "3 shards".
func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
