package parquetio

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeSpikes writes a spike file of the given rows (step, index) for point and returns its path.
func writeSpikes(t *testing.T, out string, shard, seq int, point int32, meta map[string]string, steps, idx []int32) string {
	t.Helper()
	path := SpikePath(out, "E", shard, seq)
	w, err := Create(path, SpikeFields(), Options{Metadata: meta, RowGroupRows: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	w.Int32(ColPoint).AppendN(point, len(steps))
	w.Int32(ColStep).AppendSlice(steps)
	for _, s := range steps {
		w.Float64(ColT).Append(float64(s) * 0.1)
	}
	w.Int32(ColIndex).AppendSlice(idx)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadDir(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sweep[1]") // glob characters in the path are plain
	// Written out of order: ReadDir sorts by name, and the zero padding makes that numeric order.
	p2 := writeSpikes(t, out, 0, 10, 2, map[string]string{"dt": "0.1", "point": "2"}, []int32{4, 9, 9}, []int32{0, 3, 1})
	p1 := writeSpikes(t, out, 0, 9, 1, map[string]string{"dt": "0.1", "point": "1"}, []int32{1, 2}, []int32{5, 6})
	p0 := writeSpikes(t, out, 0, 0, 0, map[string]string{"dt": "0.1", "point": "0"}, nil, nil)
	dir := filepath.Dir(p0)
	// An unfinished writer's temporary file and other files are not part of the dataset.
	w, err := Create(SpikePath(out, "E", 1, 0), SpikeFields(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	w.Int32(ColPoint).Append(99)
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}

	tb, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range tb.Files {
		paths = append(paths, f.Path)
	}
	if want := []string{p0, p1, p2}; !slices.Equal(paths, want) {
		t.Errorf("files %v, want %v", paths, want)
	}
	if tb.NumRows != 5 || tb.Files[0].NumRows != 0 || tb.Files[2].NumRows != 3 {
		t.Errorf("rows: %d in all, files %+v", tb.NumRows, tb.Files)
	}
	if got, want := tb.Int32[ColPoint], []int32{1, 1, 2, 2, 2}; !slices.Equal(got, want) {
		t.Errorf("point = %v, want %v", got, want)
	}
	if got, want := tb.Int32[ColIndex], []int32{5, 6, 0, 3, 1}; !slices.Equal(got, want) {
		t.Errorf("index = %v, want %v", got, want)
	}
	if got, want := tb.Float64[ColT], []float64{0.1, 0.2, 0.4, 0.9, 0.9}; !slices.Equal(got, want) {
		t.Errorf("t = %v, want %v", got, want)
	}
	// Only the keys every file agrees on are the dataset's; each file keeps its own.
	if want := map[string]string{"dt": "0.1"}; !maps.Equal(tb.Metadata, want) {
		t.Errorf("metadata = %v, want %v", tb.Metadata, want)
	}
	if tb.Files[1].Metadata["point"] != "1" {
		t.Errorf("file metadata = %v", tb.Files[1].Metadata)
	}
}

func TestReadDirErrors(t *testing.T) {
	empty := t.TempDir()
	if _, err := ReadDir(empty); err == nil || !strings.Contains(err.Error(), "no *.parquet files") {
		t.Errorf("ReadDir of an empty directory: %v", err)
	}

	// Files of different columns do not make one table.
	out := t.TempDir()
	p := writeSpikes(t, out, 0, 0, 0, nil, []int32{1}, []int32{1})
	w, err := Create(filepath.Join(filepath.Dir(p), "part-0000-000001.parquet"), MonitorFields([]string{"v"}, Float64), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDir(filepath.Dir(p)); err == nil || !strings.Contains(err.Error(), "differ") {
		t.Errorf("ReadDir of mixed columns: %v", err)
	}

	// A file that is not Parquet names itself in the error.
	bad := filepath.Join(t.TempDir(), "bad.parquet")
	if err := os.WriteFile(bad, []byte("PAR1 but not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("ReadFile of a broken file: %v", err)
	}
	if _, err := ReadFile(filepath.Join(empty, "missing.parquet")); err == nil {
		t.Error("ReadFile of a missing file succeeded")
	}
}
