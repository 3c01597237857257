package runner

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/sweep"
)

// sink writes one batch's monitors and spikes to Parquet files, mapping replicas to point ids.
//
// Encoding and compressing Parquet costs as much as simulating a small network, so it runs on a
// goroutine of its own: Monitor and Spikes copy the rows into one of a few spare buffers and hand
// them over, and the simulation goes on while they are written. The spare buffers bound the
// memory (three batches in flight) and make the simulation wait when the writer falls behind.
type sink struct {
	points   []int32 // point id of each replica
	monitors map[string]*monWriter
	spikes   map[string]*spikeWriter
	stats    *batchStats // per-point statistics and population rates (stats.go)

	jobs     chan job
	freeMon  chan *sched.MonitorBatch
	freeSpk  chan *sched.SpikeBatch
	done     chan struct{}
	writeErr error // the writer goroutine's first error; read after done is closed
	failed   chan struct{}
}

// job is one batch for the writer goroutine: exactly one field is set.
type job struct {
	mon *sched.MonitorBatch
	spk *sched.SpikeBatch
}

const spareBatches = 3

func (s *sink) start() {
	s.jobs = make(chan job, spareBatches)
	s.freeMon = make(chan *sched.MonitorBatch, spareBatches)
	s.freeSpk = make(chan *sched.SpikeBatch, spareBatches)
	for range spareBatches {
		s.freeMon <- &sched.MonitorBatch{}
		s.freeSpk <- &sched.SpikeBatch{}
	}
	s.done = make(chan struct{})
	s.failed = make(chan struct{})
	go func() {
		defer close(s.done)
		// A panic here would end the process with a stack trace, past the CLI's recover: make it
		// this batch's error instead (and keep draining, so the simulation is not blocked).
		defer func() {
			if r := recover(); r != nil {
				if s.writeErr == nil {
					s.writeErr = fmt.Errorf("internal error writing Parquet: %v", r)
					close(s.failed)
				}
				for j := range s.jobs {
					_ = j
				}
			}
		}()
		for j := range s.jobs {
			var err error
			if s.writeErr == nil {
				if j.mon != nil {
					err = s.writeMonitor(j.mon)
				} else {
					err = s.writeSpikes(j.spk)
				}
			}
			if j.mon != nil {
				s.freeMon <- j.mon
			} else {
				s.freeSpk <- j.spk
			}
			if err != nil && s.writeErr == nil {
				s.writeErr = err
				close(s.failed)
			}
		}
	}()
}

// Monitor copies the rows and queues them for the writer.
func (s *sink) Monitor(b *sched.MonitorBatch) error {
	var c *sched.MonitorBatch
	select {
	case c = <-s.freeMon:
	case <-s.failed:
		return s.writeErr
	}
	copyMonitorBatch(c, b)
	s.jobs <- job{mon: c}
	return nil
}

// Spikes copies the events and queues them for the writer.
func (s *sink) Spikes(b *sched.SpikeBatch) error {
	var c *sched.SpikeBatch
	select {
	case c = <-s.freeSpk:
	case <-s.failed:
		return s.writeErr
	}
	c.Population = b.Population
	c.Replica = append(c.Replica[:0], b.Replica...)
	c.Step = append(c.Step[:0], b.Step...)
	c.T = append(c.T[:0], b.T...)
	c.Index = append(c.Index[:0], b.Index...)
	s.jobs <- job{spk: c}
	return nil
}

func copyMonitorBatch(dst, src *sched.MonitorBatch) {
	dst.Monitor, dst.Target, dst.Projection, dst.Vars, dst.Float32 = src.Monitor, src.Target, src.Projection, src.Vars, src.Float32
	dst.Replica = append(dst.Replica[:0], src.Replica...)
	dst.Step = append(dst.Step[:0], src.Step...)
	dst.T = append(dst.T[:0], src.T...)
	dst.Index = append(dst.Index[:0], src.Index...)
	dst.Pre = append(dst.Pre[:0], src.Pre...)
	dst.Post = append(dst.Post[:0], src.Post...)
	for len(dst.Values) < len(src.Values) {
		dst.Values = append(dst.Values, nil)
	}
	dst.Values = dst.Values[:len(src.Values)]
	for v := range src.Values {
		dst.Values[v] = append(dst.Values[v][:0], src.Values[v]...)
	}
}

// drain waits for the writer goroutine to finish the queued batches.
func (s *sink) drain() error {
	if s.jobs == nil {
		return nil
	}
	close(s.jobs)
	<-s.done
	s.jobs = nil
	return s.writeErr
}

type monWriter struct {
	w                             *parquetio.Writer
	point, step, index, pre, post *parquetio.Int32Column
	t                             *parquetio.Float64Column
	f64                           []*parquetio.Float64Column
	f32                           []*parquetio.Float32Column
}

type spikeWriter struct {
	w                  *parquetio.Writer
	point, step, index *parquetio.Int32Column
	t                  *parquetio.Float64Column
}

func newSink(sw *sweep.Sweep, batch []sweep.Point, opts Options, shard, seq int) (_ *sink, err error) {
	base := batch[0].Net
	s := &sink{monitors: map[string]*monWriter{}, spikes: map[string]*spikeWriter{}}
	defer func() {
		if err != nil {
			s.abort()
		}
	}()
	for _, p := range batch {
		s.points = append(s.points, int32(p.ID))
	}
	// The points' values and seeds as JSON, for the footers of the batch's files: made when the
	// first file needs them, not for a batch that writes only its points (W4's 4,096 points a
	// batch spent an eighth of the runner's time here).
	var pj, sj []byte
	pointsJSON := func() {
		params := map[string]map[string]float64{}
		seeds := map[string]uint64{}
		for _, p := range batch {
			vals := map[string]float64{}
			for i, a := range sw.Axes {
				vals[a.Path] = p.Values[i]
			}
			params[strconv.Itoa(p.ID)] = vals
			seeds[strconv.Itoa(p.ID)] = p.Seed
		}
		pj, _ = json.Marshal(params)
		sj, _ = json.Marshal(seeds)
	}
	prov := provenance(sw, opts.Command)
	prov[MetaBatchStart] = now()
	meta := func(extra map[string]string) map[string]string {
		if pj == nil {
			pointsJSON()
		}
		m := map[string]string{"spikesweep.engine_version": Version, "spikesweep.dt": fmt.Sprint(base.Dt),
			"spikesweep.duration": fmt.Sprint(base.Duration), "spikesweep.sweep_file": sw.File,
			"spikesweep.sweep_hash": sw.Hash, "spikesweep.points": string(pj), "spikesweep.seeds": string(sj)}
		for k, v := range prov {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	pOpts := parquetio.Options{Compression: opts.Compression}
	man := NewManifest(sw)
	for i, mon := range base.Monitors {
		mm := man.Monitors[i]
		spec, _ := json.Marshal(mm)
		typ := parquetio.Float64
		if mm.Dtype == "float32" {
			typ = parquetio.Float32
		}
		fields := parquetio.MonitorFields(mon.Vars, typ)
		if mm.Projection {
			fields = parquetio.ProjectionMonitorFields(mon.Vars, typ)
		}
		pOpts.Metadata = meta(map[string]string{"spikesweep.monitor": string(spec)})
		w, err := parquetio.Create(parquetio.MonitorPath(opts.Out, mm.Name, shard, seq), fields, pOpts)
		if err != nil {
			return nil, err
		}
		mw := &monWriter{w: w, point: w.Int32(parquetio.ColPoint), step: w.Int32(parquetio.ColStep),
			index: w.Int32(parquetio.ColIndex), t: w.Float64(parquetio.ColT)}
		if mm.Projection {
			mw.pre, mw.post = w.Int32(parquetio.ColPre), w.Int32(parquetio.ColPost)
		}
		for _, v := range mon.Vars {
			if typ == parquetio.Float32 {
				mw.f32 = append(mw.f32, w.Float32(v))
			} else {
				mw.f64 = append(mw.f64, w.Float64(v))
			}
		}
		s.monitors[mm.Name] = mw
	}
	for _, pop := range base.Spikes {
		pOpts.Metadata = meta(map[string]string{"spikesweep.population": pop})
		w, err := parquetio.Create(parquetio.SpikePath(opts.Out, pop, shard, seq), parquetio.SpikeFields(), pOpts)
		if err != nil {
			return nil, err
		}
		s.spikes[pop] = &spikeWriter{w: w, point: w.Int32(parquetio.ColPoint), step: w.Int32(parquetio.ColStep),
			index: w.Int32(parquetio.ColIndex), t: w.Float64(parquetio.ColT)}
	}
	if s.stats, err = newBatchStats(sw, batch, s.points, opts, shard, seq, meta); err != nil {
		return nil, err
	}
	s.start()
	return s, nil
}

func (s *sink) writeMonitor(b *sched.MonitorBatch) error {
	m := s.monitors[b.Monitor]
	n := b.Len()
	pts := m.point.Extend(n)
	for i, r := range b.Replica {
		pts[i] = s.points[r]
	}
	m.step.AppendSlice(b.Step)
	m.t.AppendSlice(b.T)
	m.index.AppendSlice(b.Index)
	if m.pre != nil {
		m.pre.AppendSlice(b.Pre)
		m.post.AppendSlice(b.Post)
	}
	for v := range b.Values {
		if m.f32 != nil {
			m.f32[v].AppendFloat64s(b.Values[v])
		} else {
			m.f64[v].AppendSlice(b.Values[v])
		}
	}
	s.stats.addMonitor(b)
	return m.w.Commit()
}

func (s *sink) writeSpikes(b *sched.SpikeBatch) error {
	if err := s.stats.addSpikes(b); err != nil {
		return err
	}
	w := s.spikes[b.Population]
	if w == nil { // analysed, not recorded
		return nil
	}
	pts := w.point.Extend(b.Len())
	for i, r := range b.Replica {
		pts[i] = s.points[r]
	}
	w.step.AppendSlice(b.Step)
	w.t.AppendSlice(b.T)
	w.index.AppendSlice(b.Index)
	return w.w.Commit()
}

// close waits for the queued batches and renames every file into place; on the first error the
// rest are aborted.
func (s *sink) close() error {
	first := s.drain()
	end := now()
	for _, name := range keysSorted(s.monitors) {
		if first != nil {
			s.monitors[name].w.Abort()
		} else {
			s.monitors[name].w.SetMetadata(MetaBatchEnd, end)
			first = s.monitors[name].w.Close()
		}
	}
	for _, name := range keysSorted(s.spikes) {
		if first != nil {
			s.spikes[name].w.Abort()
		} else {
			s.spikes[name].w.SetMetadata(MetaBatchEnd, end)
			first = s.spikes[name].w.Close()
		}
	}
	if first != nil {
		s.stats.abort()
	} else {
		first = s.stats.finish()
	}
	return first
}

func (s *sink) abort() {
	s.drain()
	for _, m := range s.monitors {
		m.w.Abort()
	}
	for _, w := range s.spikes {
		w.w.Abort()
	}
	if s.stats != nil {
		s.stats.abort()
	}
}

// runBatch simulates a batch of points as replicas of one world and writes their data.
func runBatch(sw *sweep.Sweep, batch []sweep.Point, same bool, opts Options, progress func(int)) ([]PointRow, error) {
	start := time.Now()
	seq := batch[0].ID
	sk, err := newSink(sw, batch, opts, opts.Shard.Index, seq)
	if err != nil {
		return nil, err
	}
	nets := make([]*spec.Network, len(batch))
	for i, p := range batch {
		nets[i] = recordedSpikes(p.Net)
	}
	sim, err := sched.Build(nets, sched.Options{Workers: opts.Workers, Sink: sk, Progress: progress, SameStructure: same,
		Validated: true}) // Run validated every point before it wrote anything
	if err != nil {
		sk.abort()
		return nil, fmt.Errorf("points %d..%d: %w", batch[0].ID, batch[len(batch)-1].ID, err)
	}
	res, err := sim.Run()
	if err != nil {
		sk.abort()
		return nil, err
	}
	if err := sk.close(); err != nil {
		return nil, err
	}
	wall := time.Since(start).Seconds() / float64(len(batch))
	rows := make([]PointRow, len(batch))
	for i, p := range batch {
		row := PointRow{Point: p.ID, Values: p.Values, Repeat: p.Repeat, Seed: p.Seed, Status: "ok",
			Spikes: map[string]int64{}, WallS: wall, Part: seq}
		if res.Failed[i] != nil {
			row.Status = res.Failed[i].Error()
		}
		row.Extra = sk.stats.row(i, res.Failed[i] != nil)
		for pop, counts := range res.SpikeCounts {
			row.Spikes[pop] = counts[i]
		}
		rows[i] = row
	}
	return rows, nil
}
