package sched

import (
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
)

// monitor copies selected columns of one table into a fixed buffer every Every steps and hands
// the buffer to the sink when it is full: memory stays flat however long the run.
type monitor struct {
	every   int
	n       int     // elements per replica of the recorded table
	indices []int32 // elements recorded
	pre     []int32 // per recorded element, projection monitors only
	post    []int32
	cols    [][]float64 // float columns
	flags   [][]bool    // bool columns (spike, refractory), recorded as 0/1
	isFlag  []bool
	batch   MonitorBatch
	limit   int
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
	mon := &monitor{every: max(m.Every, 1), n: tab.Size, limit: s.opts.BatchRows,
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
	o.monitors = append(o.monitors, mon)
	s.monitorAll = append(s.monitorAll, mon)
	return nil
}

// record appends this step's rows; it returns a full batch to flush, or nil.
func (m *monitor) record(step int, t float64, replicas int) *MonitorBatch {
	if step%m.every != 0 {
		return nil
	}
	b := &m.batch
	for r := range replicas {
		base := r * m.n
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
				var x float64
				if m.isFlag[v] {
					if m.flags[v][base+int(i)] {
						x = 1
					}
				} else {
					x = m.cols[v][base+int(i)]
				}
				b.Values[v] = append(b.Values[v], x)
			}
		}
	}
	if b.Len() >= m.limit {
		return b
	}
	return nil
}

// spikeRecorder appends the indices of the neurons that fired this step.
type spikeRecorder struct {
	batch SpikeBatch
	spike []bool
	n     int
}

func (sr *spikeRecorder) record(step int, t float64, limit int) *SpikeBatch {
	b := &sr.batch
	for k, fired := range sr.spike {
		if fired {
			b.Replica = append(b.Replica, int32(k/sr.n))
			b.Step = append(b.Step, int32(step))
			b.T = append(b.T, t)
			b.Index = append(b.Index, int32(k%sr.n))
		}
	}
	if b.Len() >= limit {
		return b
	}
	return nil
}
