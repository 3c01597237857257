package report

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// writeStatsDataset writes a manifest and a points table with statistics columns, as the runner
// does: 3 points over one axis g, point 1 failed (its statistics NaN).
func writeStatsDataset(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	m := &parquetio.Manifest{EngineVersion: "test", SweepFile: "s.toml", SweepHash: "h", Dt: 0.1, Duration: 1000, Steps: 10000,
		Mode: "grid", Repeats: 1, Points: 3,
		Axes:        []parquetio.ManifestAxis{{Path: "g", Values: []float64{4, 5, 6}, Unit: "1"}},
		Monitors:    []parquetio.ManifestMonitor{{Name: "v", Target: "exc", Vars: []string{"V"}, Every: 1, Dtype: "float64", Units: map[string]string{"V": "mV"}}},
		Populations: []parquetio.ManifestPopulation{{Name: "exc", Model: "LIF", Size: 10}},
		Analysis: &parquetio.ManifestAnalysis{Start: 200, Stop: 1000, Bin: 1, Populations: []string{"exc"},
			Columns: []string{"rate.exc", "cv.exc", "sync.exc", "mean.v.V", "std.v.V"}}}
	if err := parquetio.WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	fields := []parquetio.Field{{Name: "point", Type: parquetio.Int32}, {Name: "g", Type: parquetio.Float64},
		{Name: "status", Type: parquetio.String}}
	for _, c := range m.Analysis.Columns {
		fields = append(fields, parquetio.Field{Name: c, Type: parquetio.Float64})
	}
	if err := os.MkdirAll(filepath.Join(dir, "points"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := parquetio.Create(filepath.Join(dir, "points", "part-0000.parquet"), fields, parquetio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int32{2, 0, 1} { // unsorted, as shards may write them
		w.Int32("point").Append(id)
		w.Float64("g").Append(float64(4 + id))
		status := "ok"
		if id == 1 {
			status = "state diverged"
		}
		w.String("status").Append(status)
		for k, c := range m.Analysis.Columns {
			w.Float64(c).Append(float64(10*k) + float64(id))
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The statistics columns are metrics: their values, per point, NaN for the failed point.
func TestStatMetrics(t *testing.T) {
	dir := writeStatsDataset(t)
	m, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	pt, err := readPoints(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range m.Analysis.Columns {
		mt, err := parseMetric(c, m, pt)
		if err != nil {
			t.Fatal(err)
		}
		vals, err := mt.compute(dir, m, pt)
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{float64(10 * k), math.NaN(), float64(10*k) + 2}
		for i := range want {
			if !approx(vals[i], want[i]) {
				t.Errorf("%s: point %d = %v, want %v", c, pt.rows[i].ID, vals[i], want[i])
			}
		}
		if mt.How == "" || !strings.Contains(mt.How, "[200, 1000) ms") {
			t.Errorf("%s: How = %q", c, mt.How)
		}
	}
	if mt, _ := parseMetric("rate.exc", m, pt); mt.Unit != "Hz" {
		t.Errorf("rate.exc unit %q", mt.Unit)
	}
	if mt, _ := parseMetric("std.v.V", m, pt); mt.Unit != "mV" {
		t.Errorf("std.v.V unit %q", mt.Unit)
	}
	if _, err := parseMetric("cv.inh", m, pt); err == nil || !strings.Contains(err.Error(), "columns: rate.exc, cv.exc") {
		t.Errorf("cv.inh: err = %v", err)
	}
	// A typo is the user's: a UsageError (exit 2) that suggests the column.
	_, err = parseMetric("rate.exe", m, pt)
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "did you mean rate.exc?") {
		t.Errorf("rate.exe: err = %v, want a UsageError suggesting rate.exc", err)
	}
	page := filepath.Join(t.TempDir(), "r.html")
	if _, err := Report(dir, ReportOptions{Out: page, Metric: "sync.exc"}); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(page)
	if !strings.Contains(string(html), "synchrony χ of exc") {
		t.Error("the page does not name the metric")
	}
}
