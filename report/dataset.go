package report

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// manifest is DIR/sweep.json (parquetio.Manifest), with the look-ups the report needs.
type manifest struct{ parquetio.Manifest }

type (
	axis        = parquetio.ManifestAxis
	monitorInfo = parquetio.ManifestMonitor
)

func readManifest(dir string) (*manifest, error) {
	pm, err := parquetio.ReadManifest(dir)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if pm.Duration <= 0 {
		return nil, fmt.Errorf("report: %s: duration must be positive, got %v", parquetio.ManifestPath(dir), pm.Duration)
	}
	return &manifest{*pm}, nil
}

// monitor finds a monitor by name, or else by the object it records.
func (m *manifest) monitor(name string) (*monitorInfo, error) {
	for i := range m.Monitors {
		if m.Monitors[i].Name == name {
			return &m.Monitors[i], nil
		}
	}
	for i := range m.Monitors {
		if m.Monitors[i].Target == name {
			return &m.Monitors[i], nil
		}
	}
	return nil, fmt.Errorf("report: no monitor named %q (monitors: %s)", name, listOr(m.monitorNames(), "none"))
}

func (m *manifest) monitorNames() []string {
	var names []string
	for _, mon := range m.Monitors {
		names = append(names, mon.Name)
	}
	return names
}

// popSize is the number of neurons of a population whose spikes were recorded.
func (m *manifest) popSize(pop string) (int, error) {
	for _, s := range m.Spikes {
		if s.Population == pop && s.Size > 0 {
			return s.Size, nil
		}
	}
	for _, p := range m.Populations {
		if p.Name == pop && p.Size > 0 {
			return p.Size, nil
		}
	}
	return 0, fmt.Errorf("report: the manifest gives no size for population %q", pop)
}

func (m *manifest) axis(path string) (int, error) {
	for i, a := range m.Axes {
		if a.Path == path {
			return i, nil
		}
	}
	var paths []string
	for _, a := range m.Axes {
		paths = append(paths, a.Path)
	}
	return -1, fmt.Errorf("report: %q is not a swept axis (axes: %s)", path, listOr(paths, "none"))
}

func listOr(names []string, none string) string {
	if len(names) == 0 {
		return none
	}
	return strings.Join(names, ", ")
}

// withUnit labels a quantity: "t (ms)", "V (mV)"; a dimensionless quantity (unit "1" or none) is
// labelled by its name alone.
func withUnit(name, unit string) string {
	if unit == "" || unit == "1" {
		return name
	}
	return name + " (" + unit + ")"
}

// pointRow is one row of the points table.
type pointRow struct {
	ID       int32
	Params   []float64 // per manifest axis; NaN where the table lacks the column
	Repeat   int32
	Seed     int64
	Status   string
	Wall     float64 // s; NaN if absent
	Duration float64 // ms: run.duration if swept, else the manifest's
	spikes   map[string]int64
}

func (p *pointRow) ok() bool { return p.Status == "ok" }

// pointsTable is the points table, sorted by point id.
type pointsTable struct {
	rows     []pointRow
	spikeCol map[string]bool // populations with a spikes.<pop> column
	meta     map[string]string
}

func (pt *pointsTable) find(id int32) (*pointRow, bool) {
	i, ok := slices.BinarySearchFunc(pt.rows, id, func(r pointRow, id int32) int { return int(r.ID) - int(id) })
	if !ok {
		return nil, false
	}
	return &pt.rows[i], true
}

// readPoints reads DIR/points (small: one row per point).
func readPoints(dir string, m *manifest) (*pointsTable, error) {
	t, err := parquetio.ReadDir(filepath.Join(dir, "points"))
	if err != nil {
		return nil, fmt.Errorf("report: points table: %w", err)
	}
	ids, ok := t.Int32["point"]
	if !ok {
		return nil, fmt.Errorf("report: points table in %s has no int32 column \"point\"", dir)
	}
	status := t.String["status"]
	pt := &pointsTable{rows: make([]pointRow, t.NumRows), spikeCol: map[string]bool{}, meta: t.Metadata}
	for _, f := range t.Fields {
		if pop, ok := strings.CutPrefix(f.Name, "spikes."); ok && f.Type == parquetio.Int64 {
			pt.spikeCol[pop] = true
		}
	}
	params := make([][]float64, len(m.Axes))
	for k, a := range m.Axes {
		params[k], _ = t.Floats(a.Path)
	}
	wall, _ := t.Floats("wall_s")
	dur, _ := t.Floats("run.duration")
	for i := range pt.rows {
		r := &pt.rows[i]
		r.ID = ids[i]
		r.Params = make([]float64, len(m.Axes))
		for k := range m.Axes {
			r.Params[k] = math.NaN()
			if params[k] != nil {
				r.Params[k] = params[k][i]
			}
		}
		if v := t.Int32["repeat"]; v != nil {
			r.Repeat = v[i]
		}
		if v := t.Int64["seed"]; v != nil {
			r.Seed = v[i]
		}
		r.Status = "ok"
		if status != nil {
			r.Status = status[i]
		}
		r.Wall = math.NaN()
		if wall != nil {
			r.Wall = wall[i]
		}
		r.Duration = m.Duration
		if dur != nil {
			r.Duration = dur[i]
		}
		r.spikes = map[string]int64{}
		for pop := range pt.spikeCol {
			r.spikes[pop] = t.Int64["spikes."+pop][i]
		}
	}
	slices.SortFunc(pt.rows, func(a, b pointRow) int { return int(a.ID) - int(b.ID) })
	return pt, nil
}

// errNoParts says a dataset directory holds no part file (or does not exist).
var errNoParts = errors.New("no *.parquet files")

// eachPart reads the part files of one dataset directory one at a time, in name order, and hands
// each to fn. Memory is bounded by the largest part, not by the dataset: the report and the plots
// keep only what they need (one point's rows, or a running sum per point) between parts. parquetio
// reads every column and row of a file, so the cost of a plot of one point is still a full read
// of the dataset's parts; see the package documentation.
func eachPart(dir string, fn func(t *parquetio.Table) error) error {
	paths, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if len(paths) == 0 {
		return fmt.Errorf("report: %s: %w", dir, errNoParts)
	}
	slices.Sort(paths)
	for _, p := range paths {
		t, err := parquetio.ReadFile(p)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := fn(t); err != nil {
			return fmt.Errorf("report: %s: %w", p, err)
		}
	}
	return nil
}

// column returns a numeric column as float64 or an error naming the columns there are.
func column(t *parquetio.Table, name string) ([]float64, error) {
	v, ok := t.Floats(name)
	if !ok {
		var names []string
		for _, f := range t.Fields {
			names = append(names, f.Name)
		}
		return nil, fmt.Errorf("no numeric column %q (columns: %s)", name, strings.Join(names, ", "))
	}
	return v, nil
}

func int32Column(t *parquetio.Table, name string) ([]int32, error) {
	v, ok := t.Int32[name]
	if !ok {
		return nil, fmt.Errorf("no int32 column %q", name)
	}
	return v, nil
}
