package sched

import (
	"time"

	"github.com/spikesweep/spikesweep/systems"
)

// A step's plan is Sim.step's order (BrainPy's, SEMANTICS.md §2) cut into the pieces the workers
// run between two barriers. Consecutive stages that declare their elements
// (systems.Stage.Elements) share one region when none reads whole a table that another writes:
// CUBA's step, two LIF updates and four event-driven projections, is then two regions (neurons,
// then synapses) instead of six barriers. Everything else (inputs, spike counters, monitors,
// stages that declare nothing) keeps a barrier of its own, as before.

// region is stages run between two barriers: each worker runs its share of every stage, in order.
type region struct {
	stages []*systems.Stage
	// split: some stage of the region is worth splitting on its own (units*cost at least
	// parallelWork). A region is split only then, so that joining stages never adds a barrier:
	// W1's stages, each below the bar, summed above it, and the barrier cost more than it saved.
	split bool
	// whole is the region as one stage of one unit per worker, for Pool.Run.
	whole systems.Stage
}

// planItem is a region, or an object's monitors and spike recording after its update.
type planItem struct {
	region *region
	rec    *object
}

// fits reports whether st can join the stages of r without a barrier before it.
func (r *region) fits(st *systems.Stage) bool {
	if st.Elements == nil {
		return false
	}
	for _, q := range r.stages {
		if q.Elements == nil || systems.ReadsWritten(st, q) || systems.ReadsWritten(q, st) {
			return false
		}
	}
	return true
}

// plan cuts the step into regions, in Sim.step's order. An object's monitors and spike recording
// read its table after its update; they may wait until the end of the region, so that the next
// object's update can join it, if no stage after them in the region writes that table. The sink
// still receives the recordings in the objects' order, each with its own step's values.
func (s *Sim) plan() []planItem {
	var items []planItem
	var cur *region
	var pending []*object // recordings waiting for the end of cur
	flush := func() {
		for _, o := range pending {
			items = append(items, planItem{rec: o})
		}
		pending, cur = nil, nil
	}
	add := func(st *systems.Stage) {
		if cur == nil || !cur.fits(st) || writesRecorded(st, pending) {
			flush()
			cur = &region{}
			items = append(items, planItem{region: cur})
		}
		cur.stages = append(cur.stages, st)
		cur.split = cur.split || (st.Units >= 2 && st.Units*max(st.Cost, 1) >= parallelWork)
	}
	for _, o := range s.objects {
		for k := range o.inputs { // 1. external inputs
			add(&o.inputs[k])
		}
		for k := range o.stages { // 2. update
			add(&o.stages[k])
		}
		if o.counter != nil { // 3. delay rotation is a function of the step; spike counts
			add(o.counter)
		}
		if len(o.monitors) > 0 || o.spikes != nil { // 4. monitors
			pending = append(pending, o)
		}
	}
	flush()
	W := s.pool.Workers()
	for _, it := range items {
		if r := it.region; r != nil && len(r.stages) > 1 {
			r.whole = systems.Stage{Name: "region", Units: W, Cost: parallelWork, Run: func(c systems.Ctx, lo, hi int) {
				for _, st := range r.stages {
					st.Run(c, lo*st.Units/W, hi*st.Units/W)
				}
			}}
		}
	}
	return items
}

// writesRecorded reports whether st may write the table of an object whose recording waits.
func writesRecorded(st *systems.Stage, pending []*object) bool {
	for _, o := range pending {
		if st.Elements == nil || st.Elements == o.table {
			return true
		}
	}
	return false
}

// barriers is the number of parallel regions a step has on the pool: each ends in a barrier.
func (s *Sim) barriers(items []planItem) int {
	n := 0
	for _, it := range items {
		if r := it.region; r != nil && s.pool.Workers() > 1 {
			if len(r.stages) == 1 {
				st := r.stages[0]
				if st.Units >= 2 && st.Units*max(st.Cost, 1) >= parallelWork {
					n++
				}
			} else if r.split {
				n++
			}
		}
	}
	return n
}

// runRegion runs a region's stages: split over the workers if that pays, else in order on this
// goroutine.
func (s *Sim) runRegion(r *region, c systems.Ctx) {
	if len(r.stages) == 1 {
		s.pool.Run(r.stages[0], c)
		return
	}
	if s.pool.Workers() == 1 || !r.split {
		for _, st := range r.stages {
			st.Run(c, 0, st.Units)
		}
		return
	}
	s.pool.Run(&r.whole, c)
}

// BarriersPerStep is how many times a step waits for every worker: one per parallel region. 0
// with one worker, and when the replicas run in groups (temporal blocking: one barrier per chunk
// of steps); known after Run.
func (s *Sim) BarriersPerStep() int {
	if s.grouped {
		return 0
	}
	if s.steps == nil {
		s.steps = s.plan()
	}
	return s.barriers(s.steps)
}

// BarrierWait is how long the run's own goroutine has waited at barriers for the other workers to
// finish their share of a stage or region.
func (s *Sim) BarrierWait() time.Duration { return s.pool.waited }

// WorkerBusy is, per worker, how long it has spent on its shares of split stages and regions
// (read it after Run: the workers write it while they run).
func (s *Sim) WorkerBusy() []time.Duration {
	busy := make([]time.Duration, len(s.pool.busy))
	for w := range busy {
		busy[w] = s.pool.busy[w].d
	}
	return busy
}
