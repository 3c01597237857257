package sched

import (
	"math"
	"slices"
	"sort"

	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
)

// monitor copies selected columns of one table into a fixed buffer every Every steps and hands
// the buffer to the sink when it is full: memory stays flat however long the run.
type monitor struct {
	every   int
	indices []int32 // elements recorded
	pre     []int32 // per recorded element, projection monitors only
	post    []int32
	cols    [][]float64 // float columns
	flags   [][]bool    // bool columns (spike, refractory), recorded as 0/1
	isFlag  []bool
	// Per variable: elements per replica of the table that stores it, and for each recorded
	// element the entry that holds its value (itself, or its pre or post neuron for a variable
	// shared by the synapses of one neuron).
	size   []int
	at     [][]int32
	batch  MonitorBatch
	limit  int
	groups []MonitorBatch // per replica group, in group mode (see Sim.runGroups)
}

func (s *Sim) addMonitor(m *spec.Monitor) error {
	o := s.byName[m.Target]
	tab := o.table
	perPost := false
	if post := s.World.Table(m.Target + "/post"); post != nil && post.Has(ecs.Component(m.Vars[0])) {
		tab, perPost = post, true
	}
	name := m.Name
	if name == "" {
		name = m.Target
	}
	mon := &monitor{every: max(m.Every, 1), limit: s.opts.BatchRows,
		batch: MonitorBatch{Monitor: name, Target: m.Target, Vars: m.Vars, Float32: m.Dtype == "float32",
			Values: make([][]float64, len(m.Vars))}}
	if len(m.Indices) == 0 {
		for i := range tab.Size {
			mon.indices = append(mon.indices, int32(i))
		}
	} else {
		for _, i := range m.Indices {
			mon.indices = append(mon.indices, int32(i))
		}
	}
	if g := s.graphOf(m.Target); g != nil {
		g.Full()
		mon.batch.Projection = true
		for _, i := range mon.indices {
			if perPost {
				mon.pre = append(mon.pre, -1)
				mon.post = append(mon.post, i)
			} else {
				mon.pre = append(mon.pre, g.Pre[i])
				mon.post = append(mon.post, g.Post[i])
			}
		}
	}
	for _, v := range m.Vars {
		c := ecs.Component(v)
		vtab, at := tab, mon.indices
		if !perPost && !tab.Has(c) {
			// Stored once per pre or post neuron: each synapse reads its neuron's entry.
			g := s.graphOf(m.Target)
			if pt := s.World.Table(m.Target + "/pre"); pt != nil && pt.Has(c) {
				vtab, at = pt, gather(mon.indices, g.Pre)
			} else {
				vtab, at = s.World.Table(m.Target+"/post"), gather(mon.indices, g.Post)
			}
		}
		mon.size = append(mon.size, vtab.Size)
		mon.at = append(mon.at, at)
		tab := vtab
		if tab.IsBool(c) {
			mon.flags = append(mon.flags, tab.Bool(c))
			mon.cols = append(mon.cols, nil)
			mon.isFlag = append(mon.isFlag, true)
		} else {
			mon.cols = append(mon.cols, tab.Float64(c))
			mon.flags = append(mon.flags, nil)
			mon.isFlag = append(mon.isFlag, false)
		}
	}
	// The buffer's full size up front: growing it by appends would copy it several times.
	mon.batch.grow(min(s.opts.BatchRows, 1<<20)+s.Replicas*len(mon.indices), mon.pre != nil)
	o.monitors = append(o.monitors, mon)
	s.monitorAll = append(s.monitorAll, mon)
	return nil
}

// record appends this step's rows; it returns a full batch to flush, or nil.
func (m *monitor) record(step int, t float64, replicas int) *MonitorBatch {
	if !m.recordRange(step, t, 0, replicas, &m.batch) {
		return nil
	}
	if m.batch.Len() >= m.limit {
		return &m.batch
	}
	return nil
}

// recordRange appends the rows of replicas [ra, rb) at step to b, if step is recorded.
func (m *monitor) recordRange(step int, t float64, ra, rb int, b *MonitorBatch) bool {
	if step%m.every != 0 {
		return false
	}
	for r := ra; r < rb; r++ {
		for j, i := range m.indices {
			b.Replica = append(b.Replica, int32(r))
			b.Step = append(b.Step, int32(step))
			b.T = append(b.T, t)
			b.Index = append(b.Index, i)
			if m.pre != nil {
				b.Pre = append(b.Pre, m.pre[j])
				b.Post = append(b.Post, m.post[j])
			}
			for v := range m.cols {
				k := r*m.size[v] + int(m.at[v][j])
				var x float64
				if m.isFlag[v] {
					if m.flags[v][k] {
						x = 1
					}
				} else {
					x = m.cols[v][k]
				}
				b.Values[v] = append(b.Values[v], x)
			}
		}
	}
	return true
}

// merge moves the groups' rows into the main batch in step order, then group (replica) order:
// the order a single worker records them in.
func (m *monitor) merge() {
	b := &m.batch
	steps := make([][]int32, len(m.groups))
	for g := range m.groups {
		steps[g] = m.groups[g].Step
	}
	mergeByStep(steps, func(g, lo, hi int) {
		gb := &m.groups[g]
		b.Replica = append(b.Replica, gb.Replica[lo:hi]...)
		b.Step = append(b.Step, gb.Step[lo:hi]...)
		b.T = append(b.T, gb.T[lo:hi]...)
		b.Index = append(b.Index, gb.Index[lo:hi]...)
		if gb.Pre != nil {
			b.Pre = append(b.Pre, gb.Pre[lo:hi]...)
			b.Post = append(b.Post, gb.Post[lo:hi]...)
		}
		for v := range gb.Values {
			b.Values[v] = append(b.Values[v], gb.Values[v][lo:hi]...)
		}
	})
	for g := range m.groups {
		m.groups[g].reset()
	}
}

// mergeByStep walks several step-sorted row lists (one per replica group) step by step and, for
// each step, hands emit each group's run of rows of that step, in group order.
func mergeByStep(steps [][]int32, emit func(g, lo, hi int)) {
	cursor := make([]int, len(steps))
	for {
		step := int32(-1)
		for g, st := range steps {
			if c := cursor[g]; c < len(st) && (step < 0 || st[c] < step) {
				step = st[c]
			}
		}
		if step < 0 {
			return
		}
		for g, st := range steps {
			lo, hi := cursor[g], cursor[g]
			for hi < len(st) && st[hi] == step {
				hi++
			}
			if hi > lo {
				emit(g, lo, hi)
			}
			cursor[g] = hi
		}
	}
}

// spikeRecorder appends the indices of the neurons that fired this step.
type spikeRecorder struct {
	batch  SpikeBatch
	spike  []bool
	n      int
	groups []SpikeBatch // per replica group, in group mode
}

func (sr *spikeRecorder) record(step int, t float64, limit int) *SpikeBatch {
	sr.recordRange(step, t, 0, len(sr.spike)/sr.n, &sr.batch)
	if sr.batch.Len() >= limit {
		return &sr.batch
	}
	return nil
}

func (sr *spikeRecorder) recordRange(step int, t float64, ra, rb int, b *SpikeBatch) {
	// One scan over the group's flags (replicas are contiguous), then replica and index per event.
	before := len(b.Index)
	b.Index = ecs.Fired(b.Index, sr.spike[ra*sr.n:rb*sr.n], ra*sr.n)
	for e := before; e < len(b.Index); e++ {
		k := int(b.Index[e])
		r := k
		if sr.n != 1 {
			r = k / sr.n
		}
		b.Index[e] = int32(k - r*sr.n)
		b.Replica = append(b.Replica, int32(r))
		b.Step = append(b.Step, int32(step))
		b.T = append(b.T, t)
	}
}

// merge moves the groups' events into the main batch in step order, then replica order. Each
// group's events are in step order already: a count of events per step gives each step's place
// in the batch, and each group's events go there, in group order. This costs a few operations
// per event; a merge run by run (mergeByStep) cost a call and four appends per group and step,
// for one or two spikes each in sweeps of a million small networks. parallel runs run(lo, hi)
// over a split of [0, units) (the workers, between chunks): counting and placing are split by
// ranges of steps, which write disjoint counts and disjoint places of the batch.
func (sr *spikeRecorder) merge(parallel func(units int, run func(lo, hi int))) {
	b := &sr.batch
	total, first, last := 0, int32(math.MaxInt32), int32(-1)
	for g := range sr.groups {
		st := sr.groups[g].Step
		if len(st) > 0 {
			total += len(st)
			first, last = min(first, st[0]), max(last, st[len(st)-1])
		}
	}
	if total == 0 {
		return
	}
	steps := int(last-first) + 1
	at := make([]int, steps) // where the next event of each step goes
	// span is where group events st has its events of the steps first+lo .. first+hi-1.
	span := func(st []int32, lo, hi int) (int, int) {
		from, to := first+int32(lo), first+int32(hi)
		a := sort.Search(len(st), func(i int) bool { return st[i] >= from })
		z := a + sort.Search(len(st)-a, func(i int) bool { return st[a+i] >= to })
		return a, z
	}
	parallel(steps, func(lo, hi int) {
		for g := range sr.groups {
			st := sr.groups[g].Step
			a, z := span(st, lo, hi)
			for _, x := range st[a:z] {
				at[x-first]++
			}
		}
	})
	pos := len(b.Step)
	for i, c := range at {
		at[i] = pos
		pos += c
	}
	b.Replica, b.Step, b.T, b.Index = grown(b.Replica, total), grown(b.Step, total), grown(b.T, total), grown(b.Index, total)
	parallel(steps, func(lo, hi int) {
		for g := range sr.groups {
			gb := &sr.groups[g]
			a, z := span(gb.Step, lo, hi)
			for e := a; e < z; e++ {
				st := gb.Step[e]
				k := at[st-first]
				at[st-first] = k + 1
				b.Replica[k], b.Step[k], b.T[k], b.Index[k] = gb.Replica[e], st, gb.T[e], gb.Index[e]
			}
		}
	})
	for g := range sr.groups {
		sr.groups[g].reset()
	}
}

// grown is s with n more elements (to be overwritten), reallocated at most once.
func grown[T any](s []T, n int) []T {
	return slices.Grow(s, n)[:len(s)+n]
}

// gather maps synapse indices to the neuron each one reads a shared value from.
func gather(synapses, neuron []int32) []int32 {
	out := make([]int32, len(synapses))
	for j, i := range synapses {
		out[j] = neuron[i]
	}
	return out
}
