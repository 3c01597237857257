package runner

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

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
	// Progress is called with (point-steps done, point-steps total) as the run advances.
	Progress func(done, total int64)
}

// Summary says what a run did.
type Summary struct {
	Points  int // points of this shard
	Skipped int // already complete before this run
	OK      int
	Failed  int
	Wall    time.Duration
}

// PointRow is one row of the points table.
type PointRow struct {
	Point  int
	Values []float64 // one per axis
	Repeat int
	Seed   uint64
	Status string // "ok" or the error
	Spikes map[string]int64
	WallS  float64
	Part   int // seq of the files holding its data
}

// Manifest is OUT/sweep.json; its schema belongs to the dataset layout in package io.
type Manifest = parquetio.Manifest

// NewManifest describes a sweep's output.
func NewManifest(sw *sweep.Sweep) *Manifest {
	b := &sw.Base
	m := &parquetio.Manifest{EngineVersion: Version, SweepFile: sw.File, SweepHash: sw.Hash, Dt: b.Dt, Duration: b.Duration,
		Steps: b.Steps(), Mode: string(sw.Mode), Repeats: sw.Repeats, Points: sw.Len()}
	for _, a := range sw.Axes {
		m.Axes = append(m.Axes, parquetio.ManifestAxis{Path: a.Path, Values: a.Values, Unit: Unit(b, a.Path), Source: a.Source})
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

// Unit is the unit of a swept path such as "syn.tau_d" (ms), "run.dt" (ms) or "neu1.input.value".
func Unit(n *spec.Network, path string) string {
	parts := strings.Split(path, ".")
	if parts[0] == "run" {
		return "ms"
	}
	if len(parts) >= 2 && parts[1] == "delay" {
		return "ms"
	}
	info := modelOf(n, parts[0])
	if info == nil || len(parts) < 2 {
		return ""
	}
	if p, ok := info.Param(parts[1]); ok {
		return p.Unit
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

// prepare checks or writes the manifest: an OUT made from another sweep file is refused.
//
// The tasks of a job array start together and race to write the manifest: each writes its own
// temporary file and renames it into place (same content, so whichever wins is fine). A task
// that finds the manifest already there removes manifest temp files left by killed tasks
// (cleanOrphans), which may include one that a slower task is still writing; that task's
// rename then fails, and it accepts the manifest that is in place if it is this sweep's.
func prepare(sw *sweep.Sweep, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("runner: output directory: %w", err)
	}
	exists, err := checkManifest(sw, out)
	if err != nil || exists {
		return err
	}
	werr := parquetio.WriteManifest(out, NewManifest(sw))
	if werr == nil {
		return nil
	}
	if exists, err := checkManifest(sw, out); exists || err != nil {
		return err
	}
	return werr
}

// checkManifest reports whether OUT has a manifest, and an error if it is not this sweep's.
func checkManifest(sw *sweep.Sweep, out string) (bool, error) {
	if _, err := os.Stat(parquetio.ManifestPath(out)); errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("runner: %w", err)
	}
	old, err := parquetio.ReadManifest(out)
	if err != nil {
		return true, err
	}
	if old.SweepHash != sw.Hash {
		return true, fmt.Errorf("runner: %s holds results of another sweep file (%s, hash %.12s; this is %s, hash %.12s): use another --out",
			out, old.SweepFile, old.SweepHash, sw.File, sw.Hash)
	}
	return true, nil
}

// Run runs the shard's points that are not complete yet.
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
	for id := lo; id < hi; id++ {
		p := sw.Point(id)
		check := sched.ValidateValues
		if structural {
			check = sched.Validate
		}
		if err := check(p.Net); err != nil {
			return nil, fmt.Errorf("point %d: %w", p.ID, err)
		}
	}
	if err := prepare(sw, opts.Out); err != nil {
		return nil, err
	}
	done, err := readPoints(opts.Out)
	if err != nil {
		return nil, err
	}
	mine := map[int]PointRow{} // this shard's finished points, kept in its points file
	var todo []int
	for id := lo; id < hi; id++ {
		if row, ok := done[id]; ok {
			mine[id] = row
		} else {
			todo = append(todo, id)
		}
	}
	sum := &Summary{Points: hi - lo, Skipped: hi - lo - len(todo)}
	if err := cleanOrphans(opts.Out, opts.Shard.Index, mine); err != nil {
		return nil, err
	}
	steps := int64(sw.Base.Steps())
	total, progress := int64(len(todo))*steps, int64(0)
	limit := opts.MaxReplicas
	if limit <= 0 {
		limit = replicaCap(&sw.Base)
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
		progress += int64(len(batch)) * steps
		for _, r := range rows {
			mine[r.Point] = r
			if r.Status == "ok" {
				sum.OK++
			} else {
				sum.Failed++
			}
		}
		if err := writePoints(opts.Out, opts.Shard.Index, sw, mine); err != nil {
			return nil, err
		}
	}
	sum.Wall = time.Since(start)
	return sum, nil
}

// structuralAxes reports whether a sweep's axes can change a network's structure (dt, duration,
// sizes, delays, connectivity, input series): then points are grouped into worlds by
// sched.StructureKey; otherwise every point shares the base's structure.
func structuralAxes(sw *sweep.Sweep) bool {
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
	}
	return pre * post
}
