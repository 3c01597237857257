package parquetio

import (
	"path/filepath"
	"slices"
	"sort"
	"testing"
)

func TestFields(t *testing.T) {
	got := MonitorFields([]string{"V", "w"}, Float32)
	want := []Field{{"point", Int32}, {"step", Int32}, {"t", Float64}, {"index", Int32}, {"V", Float32}, {"w", Float32}}
	if !slices.Equal(got, want) {
		t.Errorf("MonitorFields = %v, want %v", got, want)
	}
	got = ProjectionMonitorFields([]string{"s"}, Float64)
	want = []Field{{"point", Int32}, {"step", Int32}, {"t", Float64}, {"index", Int32}, {"pre", Int32}, {"post", Int32}, {"s", Float64}}
	if !slices.Equal(got, want) {
		t.Errorf("ProjectionMonitorFields = %v, want %v", got, want)
	}
	if got := SpikeFields(); !slices.Equal(got, want[:4]) {
		t.Errorf("SpikeFields = %v", got)
	}
	mustPanic(t, "int monitor", func() { MonitorFields([]string{"v"}, Int32) })
}

func TestPaths(t *testing.T) {
	if got, want := MonitorPath("out", "E.V", 3, 12), filepath.Join("out", "monitors", "E.V", "part-0003-000012.parquet"); got != want {
		t.Errorf("MonitorPath = %q, want %q", got, want)
	}
	if got, want := SpikePath("/o", "E", 0, 0), filepath.Join("/o", "spikes", "E", "part-0000-000000.parquet"); got != want {
		t.Errorf("SpikePath = %q, want %q", got, want)
	}
	// Names sort as the numbers do, shard first.
	var names []string
	for _, sh := range []int{10, 2, 0} {
		for _, seq := range []int{100, 9, 10} {
			names = append(names, PartName(sh, seq))
		}
	}
	sorted := slices.Clone(names)
	sort.Strings(sorted)
	want := []string{
		PartName(0, 9), PartName(0, 10), PartName(0, 100),
		PartName(2, 9), PartName(2, 10), PartName(2, 100),
		PartName(10, 9), PartName(10, 10), PartName(10, 100),
	}
	if !slices.Equal(sorted, want) {
		t.Errorf("sorted names %v, want %v", sorted, want)
	}
	for _, bad := range []string{"", ".", "..", "a/b", `a\b`} {
		mustPanic(t, "name "+bad, func() { MonitorPath("out", bad, 0, 0) })
	}
	mustPanic(t, "negative shard", func() { PartName(-1, 0) })
	mustPanic(t, "negative seq", func() { SpikePath("out", "E", 0, -1) })
}

func TestColumnLookupPanics(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "x.parquet"), allFields, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	mustPanic(t, "wrong type", func() { w.Float64("i32") })
	mustPanic(t, "missing", func() { w.Int32("nope") })
	mustPanic(t, "negative", func() { w.Float64("f64").Extend(-1) })
	w.Abort()
	mustPanic(t, "metadata after abort", func() { w.SetMetadata("k", "v") })
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}
