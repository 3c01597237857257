package sched

import (
	"fmt"
	"math"

	"github.com/spikesweep/spikesweep/connect"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/systems"
)

// Result is what a run leaves besides the recorded data.
type Result struct {
	Steps int
	// Failed holds, per replica, why it stopped being trustworthy (a NaN or Inf in its state),
	// or nil. A failed replica does not stop the others.
	Failed []error
	// SpikeCounts[population][replica] is the number of spikes over the run.
	SpikeCounts map[string][]int64
}

// NonFiniteError says where a state first became NaN or Inf.
type NonFiniteError struct {
	Table   string
	Var     string
	Replica int
	Index   int
	Value   float64
	Step    int // the step at which the scan found it
	Since   int // the last step at which the scan found every value finite (-1: none)
}

func (e *NonFiniteError) Error() string {
	since := fmt.Sprintf("finite at step %d", e.Since)
	if e.Since < 0 {
		since = "finite at the start" // the first scan found it
	}
	return fmt.Sprintf("state diverged: %s.%s[%d] = %v at step %d (%s)", e.Table, e.Var, e.Index, e.Value, e.Step, since)
}

func (s *Sim) graphOf(name string) *connect.Graph { return s.graphs[name] }

// Run simulates every step and flushes the monitors. The error is for the sink (I/O); diverged
// replicas are reported in Result.Failed.
func (s *Sim) Run() (*Result, error) {
	defer s.pool.Close()
	// The columns the finite checks scan, listed before groups check themselves in parallel.
	s.checked = s.checked[:0]
	for _, tab := range s.World.Tables() {
		for _, c := range tab.Components() {
			if !tab.IsBool(c) {
				s.checked = append(s.checked, checkedColumn{tab, c, tab.Float64(c)})
			}
		}
	}
	if groups := s.replicaGroups(); groups != nil {
		s.grouped = true
		if err := s.runGroups(groups); err != nil {
			return nil, err
		}
		return s.result()
	}
	for i := range s.Steps {
		if err := s.step(i); err != nil {
			return nil, err
		}
		if (i+1)%s.opts.CheckEvery == 0 || i == s.Steps-1 {
			allFailed := s.checkFinite(i)
			if s.opts.Progress != nil {
				s.opts.Progress(i + 1)
			}
			if allFailed {
				break // every replica has failed: nothing left worth computing
			}
		}
	}
	return s.result()
}

func (s *Sim) result() (*Result, error) {
	if err := s.flush(); err != nil {
		return nil, err
	}
	res := &Result{Steps: s.Steps, Failed: s.failed, SpikeCounts: map[string][]int64{}}
	for _, o := range s.objects {
		if o.spikeCounter != nil {
			counts := make([]int64, s.Replicas)
			for r := range counts {
				counts[r] = o.spikeCounter.SpikeCount(r)
			}
			res.SpikeCounts[o.name] = counts
		} else if o.counts != nil {
			res.SpikeCounts[o.name] = o.counts
		}
	}
	return res, nil
}

// step is one step of the network, in BrainPy's order (SEMANTICS.md §2):
//
//	for each object, in the network's order:
//	    1. its external inputs, in the order given
//	    2. its update: the model's stages
//	    3. its delay rotation (a ring's slots are a function of the step, systems.Ring) and
//	       spike count
//	    4. its monitors (and spike recording)
//
// s.steps is that order cut into parallel regions (plan.go); a region runs 1-3 of consecutive
// objects where their data allow it.
func (s *Sim) step(i int) error {
	c := systems.Ctx{Step: i, T: float64(i) * s.Dt}
	if s.steps == nil {
		s.steps = s.plan()
	}
	for _, it := range s.steps {
		if it.region != nil {
			s.runRegion(it.region, c)
			continue
		}
		o := it.rec
		for _, m := range o.monitors {
			if b := m.record(i, c.T, s.Replicas); b != nil && s.opts.Sink != nil {
				if err := s.opts.Sink.Monitor(b); err != nil {
					return err
				}
				b.reset()
			} else if b != nil {
				b.reset()
			}
		}
		if o.spikes != nil {
			if b := o.spikes.record(i, c.T, s.opts.BatchRows); b != nil {
				if s.opts.Sink != nil {
					if err := s.opts.Sink.Spikes(b); err != nil {
						return err
					}
				}
				b.reset()
			}
		}
	}
	s.stepsDone = i + 1
	return nil
}

func (s *Sim) flush() error {
	if s.opts.Sink == nil {
		return nil
	}
	for _, m := range s.monitorAll {
		if m.batch.Len() > 0 {
			if err := s.opts.Sink.Monitor(&m.batch); err != nil {
				return err
			}
			m.batch.reset()
		}
	}
	for _, sr := range s.spikeAll {
		if sr.batch.Len() > 0 {
			if err := s.opts.Sink.Spikes(&sr.batch); err != nil {
				return err
			}
			sr.batch.reset()
		}
	}
	return nil
}

// checkFinite scans every real-valued column for NaN and Inf and marks the replicas where it
// finds one. It reports whether every replica has failed.
func (s *Sim) checkFinite(step int) bool {
	s.checkReplicas(step, 0, s.Replicas)
	s.lastCheck = step
	return s.allFailed()
}

// allFailed reports whether every replica has failed.
func (s *Sim) allFailed() bool {
	for _, f := range s.failed {
		if f == nil {
			return false
		}
	}
	return true
}

// checkedColumn is a real-valued column that checkFinite scans.
type checkedColumn struct {
	tab  *ecs.Table
	name ecs.Component
	col  []float64
}

// checkReplicas is checkFinite's scan of the replicas [ra, rb): for each replica that has not
// failed, the first non-finite value in table and column order. A column whose values in the
// range are all finite (the common case) costs one pass without branches that are ever taken;
// replicas are looked at one by one only where one is not. Groups of replicas can check
// themselves in parallel: each writes only its replicas' entries of failed.
func (s *Sim) checkReplicas(step, ra, rb int) {
	for _, cc := range s.checked {
		n := cc.tab.Size
		if allFinite(cc.col[ra*n : rb*n]) {
			continue
		}
		for r := ra; r < rb; r++ {
			if s.failed[r] != nil {
				continue
			}
			for i, x := range cc.col[r*n : (r+1)*n] {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					s.failed[r] = &NonFiniteError{Table: cc.tab.Name, Var: string(cc.name), Replica: r, Index: i, Value: x, Step: step, Since: s.lastCheck}
					break
				}
			}
		}
	}
}

// allFinite reports whether no value of xs is NaN or infinite: x-x is 0 for every finite x and
// NaN otherwise.
func allFinite(xs []float64) bool {
	var a, b float64
	for len(xs) >= 2 {
		a += xs[0] - xs[0]
		b += xs[1] - xs[1]
		xs = xs[2:]
	}
	for _, x := range xs {
		a += x - x
	}
	return a+b == 0
}

// replicaGroup is a contiguous range of replicas that one worker steps on its own, many steps at a
// time (temporal blocking).
type replicaGroup struct{ id, ra, rb int }

// blockBytes is about how much state one replica group may have. A group runs a whole chunk of
// steps before the next group starts, so its state should stay in the core's L2 cache (1 MB per
// core on current x86 server cores, 512 KB on older ones; half of that leaves room for the rest).
const blockBytes = 256 << 10

// unblockedBytes is the most state (as bytesPerReplica counts it) that one worker steps without
// temporal blocking: about twice the last-level cache of the machines measured (32 MB of L3).
const unblockedBytes = 64 << 20

// replicaGroups splits the replicas into groups when that is the better way to run them, and
// returns nil when stages should be split over the workers instead.
//
// Replicas never touch each other's data, so a worker can run many steps of a group of its own
// replicas with no synchronisation between stages. That wins twice for sweeps of small networks:
// their stages are too small to split, and a group whose state stays in cache runs a whole chunk
// of steps without going to memory, where stepping every replica every step streams all their
// state through memory each step. Results do not depend on the grouping: stages update disjoint
// ranges, and monitors merge the groups' rows back into the order of a plain run.
func (s *Sim) replicaGroups() []replicaGroup {
	W, R := s.pool.Workers(), s.Replicas
	if R < 2 {
		return nil
	}
	perGroup := s.opts.BlockReplicas
	if perGroup <= 0 {
		perGroup = max(1, blockBytes/s.bytesPerReplica())
	}
	G := (R + perGroup - 1) / perGroup
	switch {
	case s.opts.BlockReplicas > 0: // asked for
	case W >= 2 && (R%W == 0 || R >= 4*W): // replicas divide evenly enough over the workers
	// One worker blocks when the replicas' state is far larger than a last-level cache: then
	// stepping every replica each step streams it all from memory. When it fits (65,536 STP
	// pairs, about 24 MB), the automatic block size ran 5.1-5.8 ns per point-step against 4.2
	// unblocked (BenchmarkSweepBlocks), so a single worker does not block there.
	case R*s.bytesPerReplica() > unblockedBytes:
	default:
		return nil
	}
	if G < W {
		G = min(W, R)
	} else if G%W != 0 && G+W-G%W <= R {
		G += W - G%W // as many groups per worker, so that the workers finish together
	}
	// Groups start at multiples of eight replicas where they are large enough: the vector loops
	// then load and store whole aligned vectors (a 64-byte load across two cache lines costs two)
	// and have no scalar head.
	unit := 1
	if R/G >= 64 {
		unit = 8
	}
	groups := make([]replicaGroup, G)
	for g := range groups {
		groups[g] = replicaGroup{id: g, ra: g * R / G / unit * unit, rb: (g + 1) * R / G / unit * unit}
	}
	groups[G-1].rb = R
	for _, m := range s.monitorAll {
		m.groups = make([]MonitorBatch, G)
		for g := range m.groups {
			m.groups[g] = MonitorBatch{Values: make([][]float64, len(m.batch.Values))}
		}
	}
	for _, sr := range s.spikeAll {
		sr.groups = make([]SpikeBatch, G)
	}
	return groups
}

// bytesPerReplica estimates the memory one replica's step touches: its state columns, times four
// for what models keep beside them (parameters, derived constants, delay rings).
func (s *Sim) bytesPerReplica() int {
	b := 0
	for _, tab := range s.World.Tables() {
		for _, c := range tab.Components() {
			if tab.IsBool(c) {
				b += tab.Size
			} else {
				b += 8 * tab.Size
			}
		}
	}
	return max(4*b, 1)
}

// runGroups runs the replica groups, in parallel over the workers, a chunk of steps at a time: a
// worker runs the whole chunk for one of its groups, then for the next. (Groups taken in turn
// by whichever worker was free made each worker's share about 40 % slower on W4: each then
// jumps over the other's groups instead of streaming through a contiguous half.) A chunk ends
// where something outside the groups is needed: between chunks the groups' recordings are merged (in
// the order one worker would have recorded them) and flushed, and the state is checked.
func (s *Sim) runGroups(groups []replicaGroup) error {
	chunk := s.opts.CheckEvery
	for _, m := range s.monitorAll {
		// Bound the rows a chunk buffers to about one batch.
		rowsPerRecord := s.Replicas * len(m.indices)
		chunk = min(chunk, max(1, s.opts.BatchRows/max(rowsPerRecord, 1))*m.every)
	}
	for start := 0; start < s.Steps; start += chunk {
		end := min(start+chunk, s.Steps)
		s.pool.Run(&systems.Stage{Name: "replica groups", Units: len(groups), Cost: parallelWork, Run: func(_ systems.Ctx, lo, hi int) {
			for _, g := range groups[lo:hi] {
				for i := start; i < end; i++ {
					s.stepGroup(g, i)
				}
				// The group's finite check, while its state is still in this core's cache.
				s.checkReplicas(end-1, g.ra, g.rb)
			}
		}}, systems.Ctx{})
		s.stepsDone = end
		for _, m := range s.monitorAll {
			m.merge()
			if m.batch.Len() >= m.limit && s.opts.Sink != nil {
				if err := s.opts.Sink.Monitor(&m.batch); err != nil {
					return err
				}
				m.batch.reset()
			} else if s.opts.Sink == nil {
				m.batch.reset()
			}
		}
		for _, sr := range s.spikeAll {
			sr.merge(s.parallel)
			if sr.batch.Len() >= s.opts.BatchRows && s.opts.Sink != nil {
				if err := s.opts.Sink.Spikes(&sr.batch); err != nil {
					return err
				}
				sr.batch.reset()
			} else if s.opts.Sink == nil {
				sr.batch.reset()
			}
		}
		s.lastCheck = end - 1
		if s.opts.Progress != nil {
			s.opts.Progress(end)
		}
		if s.allFailed() {
			break
		}
	}
	return nil
}

// parallel runs run over [0, units) split over the pool's workers.
func (s *Sim) parallel(units int, run func(lo, hi int)) {
	s.pool.Run(&systems.Stage{Name: "merge", Units: units, Cost: parallelWork, Run: func(_ systems.Ctx, lo, hi int) { run(lo, hi) }}, systems.Ctx{})
}

// stepGroup is one step of the replicas of one group, in the order of Sim.step.
func (s *Sim) stepGroup(g replicaGroup, i int) {
	c := systems.Ctx{Step: i, T: float64(i) * s.Dt}
	R := s.Replicas
	run := func(st *systems.Stage) {
		per := st.Units / R
		st.Run(c, g.ra*per, g.rb*per)
	}
	for _, o := range s.objects {
		for k := range o.inputs {
			run(&o.inputs[k])
		}
		for k := range o.stages {
			run(&o.stages[k])
		}
		if o.counter != nil {
			run(o.counter)
		}
		for _, m := range o.monitors {
			m.recordRange(i, c.T, g.ra, g.rb, &m.groups[g.id])
		}
		if o.spikes != nil {
			o.spikes.recordRange(i, c.T, g.ra, g.rb, &o.spikes.groups[g.id])
		}
	}
}
