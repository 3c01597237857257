package parquetio

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

// TestReadNumbers: integer and float columns of every width written by the Writer come back as
// float64 in file order; a string column is a *ColumnError naming it.
func TestReadNumbers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pairs.parquet")
	w, err := Create(path, []Field{{"pre", Int64}, {"post", Int32}, {"n", Uint64}, {"weight", Float32}, {"delay", Float64}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Int64("pre").AppendSlice([]int64{0, 1, 7})
	w.Int32("post").AppendSlice([]int32{2, 0, 1})
	w.Uint64("n").AppendSlice([]uint64{1, 2, 1 << 40})
	w.Float32("weight").AppendSlice([]float32{0.5, -1.25, 3})
	w.Float64("delay").AppendSlice([]float64{1.5, 0.1, 2})
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	names, cols, err := ReadNumbers(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"pre", "post", "n", "weight", "delay"}) {
		t.Fatalf("names %v", names)
	}
	want := [][]float64{{0, 1, 7}, {2, 0, 1}, {1, 2, 1 << 40}, {0.5, -1.25, 3}, {1.5, 0.1, 2}}
	for i := range want {
		if !slices.Equal(cols[i], want[i]) {
			t.Errorf("%s: %v, want %v", names[i], cols[i], want[i])
		}
	}

	bad := filepath.Join(t.TempDir(), "bad.parquet")
	w, err = Create(bad, []Field{{"pre", Int32}, {"post", String}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Int32("pre").Append(0)
	w.String("post").Append("one")
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_, _, err = ReadNumbers(bad)
	var ce *ColumnError
	if !errors.As(err, &ce) || ce.Column != "post" || ce.Row != 0 {
		t.Fatalf("string column: %v", err)
	}
	if _, _, err := ReadNumbers(filepath.Join(t.TempDir(), "none.parquet")); err == nil {
		t.Fatal("a missing file read without error")
	}
}
