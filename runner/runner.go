package runner

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/spikesweep/spikesweep/connect"
	"github.com/spikesweep/spikesweep/dataset"
	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// Version is the engine version written into every output.
const Version = "0.1.0"

// Options configure a run.
type Options struct {
	Out     string
	Shard   sweep.Shard // zero value: the whole sweep
	Workers int         // default GOMAXPROCS
	// MaxReplicas caps the points in one world; 0 picks a cap from the network's size.
	MaxReplicas int
	Compression string // "zstd" (default), "snappy", "gzip", "none"
	// MemoryLimit refuses a run whose batch is estimated to need more bytes: 0 means the
	// machine's (or the job's cgroup's) memory, a negative value skips the check.
	MemoryLimit int64
	// Command is the command line that started the run, recorded as provenance.
	Command []string
	// Progress is called with (point-steps done, point-steps total) as the run advances.
	Progress func(done, total int64)
	// PointsProgress, if set, is called with (points finished, points this run computes): with 0
	// before the first batch, then after each batch's points are in the points table.
	PointsProgress func(done, total int)
}

// Summary says what a run did.
type Summary struct {
	Points      int // points of this shard
	Skipped     int // already finished before this run (ok or failed)
	PriorFailed int // of those, how many had failed
	Repaired    int // finished points whose files were damaged or missing, run again
	OK          int
	Failed      int
	Busy        []dataset.Busy // other live runs computing points of this shard
	Wall        time.Duration
}

// PointRow is one row of the points table.
type PointRow = dataset.Row

// Manifest is OUT/sweep.json; its schema belongs to the dataset layout in package io.
type Manifest = parquetio.Manifest

// NewManifest describes a sweep's output.
func NewManifest(sw *sweep.Sweep) *Manifest {
	b := &sw.Base
	m := &parquetio.Manifest{EngineVersion: Version, SweepFile: sw.File, SweepHash: sw.Hash, Dt: b.Dt, Duration: b.Duration,
		Steps: b.Steps(), Mode: string(sw.Mode), Repeats: sw.Repeats, Points: sw.Len(), Settings: sw.Settings}
	for _, a := range sw.Axes {
		m.Axes = append(m.Axes, parquetio.ManifestAxis{Path: a.Path, Values: a.Values, Unit: Unit(b, a.Path), Source: a.Source, Also: a.Also})
	}
	for _, mon := range b.Monitors {
		name := mon.Name
		if name == "" {
			name = mon.Target
		}
		mm := parquetio.ManifestMonitor{Name: name, Target: mon.Target, Vars: mon.Vars, Every: max(mon.Every, 1), Dtype: dtype(mon.Dtype), Units: map[string]string{}}
		info := modelOf(b, mon.Target)
		for _, p := range b.Projections {
			mm.Projection = mm.Projection || p.Name == mon.Target
		}
		for _, v := range mon.Vars {
			if info != nil {
				if vi, ok := info.Var(v); ok {
					mm.Units[v] = vi.Unit
				}
			}
		}
		m.Monitors = append(m.Monitors, mm)
	}
	for _, p := range b.Populations {
		m.Populations = append(m.Populations, parquetio.ManifestPopulation{Name: p.Name, Model: p.Model, Size: p.Size})
		for _, s := range b.Spikes {
			if s == p.Name {
				m.Spikes = append(m.Spikes, parquetio.ManifestSpikes{Population: p.Name, Size: p.Size})
			}
		}
	}
	for _, p := range b.Projections {
		m.Projections = append(m.Projections, parquetio.ManifestProjection{Name: p.Name, Model: p.Model, Pre: p.Pre, Post: p.Post})
	}
	m.Fixed = FixedSettings(sw)
	m.Analysis = manifestAnalysis(b)
	return m
}

func dtype(d string) string {
	if d == "" {
		return "float64"
	}
	return d
}

func modelOf(n *spec.Network, name string) *spec.ModelInfo {
	for _, p := range n.Populations {
		if p.Name == name {
			info, _ := systems.CatalogWith(n.Models).Model(p.Model)
			return info
		}
	}
	for _, p := range n.Projections {
		if p.Name == name {
			info, _ := systems.CatalogWith(n.Models).Model(p.Model)
			return info
		}
	}
	return nil
}

// Unit is the unit of a swept path such as "syn.tau_d" (ms), "run.dt" (ms), "neu1.input.value"
// (the driven variable's) or "neu1.input.pieces[0].duration" (ms).
func Unit(n *spec.Network, path string) string {
	parts := strings.Split(path, ".")
	if parts[0] == "run" {
		return "ms"
	}
	if len(parts) >= 2 && parts[1] == "delay" {
		return "ms"
	}
	if len(parts) >= 4 && parts[len(parts)-1] == "duration" { // <target>.<var>.pieces[k].duration
		return "ms"
	}
	info := modelOf(n, parts[0])
	if info == nil || len(parts) < 2 {
		return ""
	}
	if len(parts) == 4 && parts[2] == "poisson" { // a Poisson drive: <target>.<var>.poisson.<key>
		switch parts[3] {
		case "rate":
			return "Hz"
		case "n":
			return "1"
		case "weight": // in the unit of the variable it moves
			if v, ok := info.Var(parts[1]); ok {
				return v.Unit
			}
		}
	}
	if len(parts) == 2 && parts[1] == "weight" { // a delta synapse's jump: the unit of what it moves
		for _, pr := range n.Projections {
			if pr.Name != parts[0] {
				continue
			}
			post := modelOf(n, pr.Post)
			target := "input"
			if pr.Output == "voltage" {
				target = "V"
			}
			if post != nil {
				if v, ok := post.Var(target); ok {
					return v.Unit
				}
			}
		}
	}
	if p, ok := info.Param(parts[1]); ok {
		if len(parts) == 3 && strings.HasPrefix(parts[2], "lognormal[") {
			return "1" // mu and sigma of the parameter's log (<population>.<param>.lognormal[i])
		}
		return p.Unit // also a normal's mean and std, a uniform's bounds (<population>.<param>.normal[i])
	}
	if parts[1] == "init" && len(parts) > 2 {
		if v, ok := info.Var(parts[2]); ok {
			return v.Unit
		}
	}
	if v, ok := info.Var(parts[1]); ok {
		return v.Unit
	}
	return ""
}

// Run runs the shard's points that are not finished yet. The output directory's life (identity,
// lock, claims, verification, repair, the points table) is package dataset's.
func Run(sw *sweep.Sweep, opts Options) (*Summary, error) {
	start := time.Now()
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Shard.Count == 0 {
		opts.Shard = sweep.All
	}
	lo, hi := opts.Shard.Range(sw.Len())
	structural := structuralAxes(sw)
	// Every point is validated before anything is written; points are built one at a time, so a
	// sweep of a million points never holds a million networks.
	if err := sched.Validate(&sw.Base); err != nil {
		return nil, fmt.Errorf("%s: %w", sw.File, err)
	}
	perPoint := estimateBytes(&sw.Base)
	// A point's network differs from that of the same combination in another repeat by its seed
	// only, which neither validation nor the estimate reads: each combination is checked at its
	// first point in the range (the first point to fail is still the one named), and a sweep with
	// repeats is built once here per combination instead of once per point.
	combos := sw.Combinations()
	var checked []bool // per combination; nil when no combination repeats in the range
	if combos < hi-lo {
		checked = make([]bool, combos)
	}
	for id := lo; id < hi; id++ {
		if checked != nil {
			if checked[id%combos] {
				continue
			}
			checked[id%combos] = true
		}
		p := sw.Point(id)
		check := sched.ValidateValues
		if structural {
			check = sched.Validate
			perPoint = max(perPoint, estimateBytes(p.Net))
		}
		if err := check(p.Net); err != nil {
			return nil, fmt.Errorf("point %d: %w", p.ID, err)
		}
	}
	limit := opts.MaxReplicas
	if limit <= 0 {
		limit = replicaCap(&sw.Base)
	}
	if err := checkMemory(perPoint, min(limit, max(hi-lo, 1)), opts.MemoryLimit); err != nil {
		return nil, err
	}
	want := make([]int, 0, hi-lo)
	for id := lo; id < hi; id++ {
		want = append(want, id)
	}
	prov := provenance(sw, opts.Command)
	man := NewManifest(sw)
	man.Provenance = prov
	meta := map[string]string{dataset.MetaEngine: Version, dataset.MetaFile: sw.File, dataset.MetaHash: sw.Hash}
	for k, v := range prov {
		meta[k] = v
	}
	ds, err := dataset.Open(opts.Out, &dataset.Sweep{Manifest: man, Layout: Layout(sw), Meta: meta}, want)
	if err != nil {
		return nil, err
	}
	defer ds.Close()
	sum := &Summary{Points: hi - lo, Repaired: len(ds.Repaired), Busy: ds.Busy}
	for _, id := range want {
		if ok, done := ds.Finished[id]; done {
			sum.Skipped++
			if !ok {
				sum.PriorFailed++
			}
		}
	}
	todo := ds.Todo
	total, progress := todoSteps(sw, todo), int64(0)
	finished := 0
	if opts.PointsProgress != nil {
		opts.PointsProgress(0, len(todo))
	}
	for len(todo) > 0 {
		batch, same := nextBatch(sw, todo, limit, structural)
		todo = todo[len(batch):]
		rows, err := runBatch(sw, batch, same, opts, func(s int) {
			if opts.Progress != nil {
				opts.Progress(progress+int64(s)*int64(len(batch)), total)
			}
		})
		if err != nil {
			return nil, err
		}
		progress += int64(len(batch)) * int64(batch[0].Net.Steps())
		for _, r := range rows {
			if r.OK() {
				sum.OK++
			} else {
				sum.Failed++
			}
		}
		if err := ds.Commit(opts.Shard.Index, batch[0].ID, rows); err != nil {
			return nil, err
		}
		finished += len(batch)
		if opts.PointsProgress != nil {
			opts.PointsProgress(finished, finished+len(todo))
		}
	}
	sum.Wall = time.Since(start)
	if len(ds.Busy) > 0 {
		return sum, &InUseError{Dir: opts.Out, Busy: ds.Busy, Ran: sum.OK + sum.Failed}
	}
	return sum, nil
}

// todoSteps is the point-steps of the points to run: each point's own step count, which differs
// between points when run.dt or run.duration is swept (the points of one batch share it).
func todoSteps(sw *sweep.Sweep, todo []int) int64 {
	if lo, hi := sw.StepRange(); lo == hi {
		return int64(len(todo)) * int64(lo)
	}
	var n int64
	for _, id := range todo {
		n += int64(sw.Point(id).Net.Steps())
	}
	return n
}

// InUseError says that other live runs were computing some of this run's points: this run did
// the rest and left those to them.
type InUseError struct {
	Dir  string
	Busy []dataset.Busy
	Ran  int
}

func (e *InUseError) Error() string {
	var parts []string
	n := 0
	for _, b := range e.Busy {
		parts = append(parts, fmt.Sprintf("%s (%d points)", b.Owner, b.Points))
		n += b.Points
	}
	return fmt.Sprintf("%s is in use by %s: %d points of this shard are being computed there, so this run left them "+
		"(it ran %d others); run again after that run ends to check the dataset is complete", e.Dir, strings.Join(parts, ", "), n, e.Ran)
}

// Layout is the points table's columns for a sweep.
func Layout(sw *sweep.Sweep) dataset.Layout {
	l := dataset.Layout{Spiking: spikingPopulations(sw), Extra: planStats(&sw.Base).columns}
	for _, a := range sw.Axes {
		l.Axes = append(l.Axes, a.Path)
	}
	return l
}

// spikingPopulations are the populations whose spike counts the points table holds.
func spikingPopulations(sw *sweep.Sweep) []string {
	var out []string
	for _, p := range sw.Base.Populations {
		if info, ok := systems.CatalogWith(sw.Base.Models).Model(p.Model); ok {
			if _, ok := info.Var("spike"); ok {
				out = append(out, p.Name)
			}
		}
	}
	return out
}

// structuralAxes reports whether a sweep's axes can change a network's structure (dt, duration,
// sizes, delays, connectivity, input series): then points are grouped into worlds by
// sched.StructureKey; otherwise every point shares the base's structure.
func structuralAxes(sw *sweep.Sweep) bool {
	// A random graph (fixed_prob, fixed_indegree, ...) without its own seed is drawn from each
	// point's seed: every point has a graph of its own, so points may share a world only if
	// StructureKey says so. (Without this, a batch's points all got its first point's graph, and
	// results depended on the batching.)
	for _, p := range sw.Base.Projections {
		if p.Conn.Random() && p.Conn.Seed == nil && sw.Len() > 1 {
			return true
		}
	}
	for _, a := range sw.Axes {
		parts := strings.Split(a.Path, ".")
		switch {
		case parts[0] == "run":
			return true
		case len(parts) == 2 && (parts[1] == "delay" || parts[1] == "size"):
			return true
		case len(parts) >= 2 && (parts[1] == "conn" || strings.HasPrefix(parts[len(parts)-1], "pieces") ||
			strings.Contains(a.Path, ".pieces[")):
			return true
		}
	}
	return false
}

// nextBatch builds the points of the next world: consecutive ids of equal structure, at most
// limit. It reports whether they are known to share one structure.
func nextBatch(sw *sweep.Sweep, ids []int, limit int, structural bool) ([]sweep.Point, bool) {
	first := sw.Point(ids[0])
	batch := []sweep.Point{first}
	var key string
	if structural {
		key = sched.StructureKey(first.Net)
	}
	for _, id := range ids[1:] {
		if len(batch) >= limit {
			break
		}
		p := sw.Point(id)
		if structural && sched.StructureKey(p.Net) != key {
			break
		}
		batch = append(batch, p)
	}
	return batch, true
}

// replicaCap is how many points of a network share one world: about 4M entities (neurons and
// synapses) per world keeps a batch's state and monitor buffers in a few hundred MB.
func replicaCap(n *spec.Network) int {
	size := 0
	for _, pop := range n.Populations {
		size += pop.Size
	}
	for _, prj := range n.Projections {
		size += synapseEstimate(n, &prj)
	}
	return max(1, min(4096, (1<<22)/max(size, 1)))
}

// keysSorted lists a map's keys in order.
func keysSorted[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func synapseEstimate(n *spec.Network, p *spec.Projection) int {
	size := func(name string) int {
		for _, q := range n.Populations {
			if q.Name == name {
				return q.Size
			}
		}
		return 0
	}
	pre, post := size(p.Pre), size(p.Post)
	switch p.Conn.Kind {
	case "one2one":
		return pre
	case "explicit":
		return len(p.Conn.Pre)
	case "fixed_prob":
		return int(float64(pre) * float64(post) * p.Conn.Prob)
	case "gaussian":
		includeSelf := p.Conn.IncludeSelf == nil || *p.Conn.IncludeSelf
		return int(connect.GaussianExpectedLen(pre, sched.GaussianGrid(p.Conn.Grid), p.Conn.Sigma, p.Conn.PMax, includeSelf))
	}
	return pre * post
}
