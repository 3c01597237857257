package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// TestParquetConnectivityFile: a from_file projection and a SpikeTimes source read from Parquet
// run, and a Parquet file with an index out of range or a column of strings is refused with exit
// 2, naming the file, the row or column and the key, before anything is written.
func TestParquetConnectivityFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, fields []parquetio.Field, fill func(w *parquetio.Writer)) {
		t.Helper()
		w, err := parquetio.Create(filepath.Join(dir, name), fields, parquetio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fill(w)
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	pairs := []parquetio.Field{{Name: "pre", Type: parquetio.Int64}, {Name: "post", Type: parquetio.Int64}, {Name: "weight", Type: parquetio.Float64}}
	write("pairs.parquet", pairs, func(w *parquetio.Writer) {
		w.Int64("pre").AppendSlice([]int64{0, 1})
		w.Int64("post").AppendSlice([]int64{1, 0})
		w.Float64("weight").AppendSlice([]float64{25, 25})
	})
	write("range.parquet", pairs, func(w *parquetio.Writer) {
		w.Int64("pre").AppendSlice([]int64{0, 2})
		w.Int64("post").AppendSlice([]int64{1, 0})
		w.Float64("weight").AppendSlice([]float64{25, 25})
	})
	write("strings.parquet", []parquetio.Field{{Name: "pre", Type: parquetio.Int64}, {Name: "post", Type: parquetio.String}}, func(w *parquetio.Writer) {
		w.Int64("pre").Append(0)
		w.String("post").Append("1")
	})
	write("times.parquet", []parquetio.Field{{Name: "neuron", Type: parquetio.Int32}, {Name: "time", Type: parquetio.Float64}}, func(w *parquetio.Writer) {
		w.Int32("neuron").AppendSlice([]int32{0, 1})
		w.Float64("time").AppendSlice([]float64{5, 10})
	})
	src := `[run]
duration = 30.0

[[population]]
name = "gen"
model = "SpikeTimes"
size = 2
times_file = "times.parquet"

[[population]]
name = "neu"
model = "LIF"
size = 2

[[projection]]
name = "p"
model = "VoltageJump"
pre = "gen"
post = "neu"
conn = { kind = "from_file", file = "PAIRS" }
output = "voltage"

[spikes]
populations = ["gen", "neu"]
`
	run := func(pairsFile string) (result, string) {
		f := filepath.Join(dir, "net.toml")
		os.WriteFile(f, []byte(strings.Replace(src, "PAIRS", pairsFile, 1)), 0o644)
		out := filepath.Join(t.TempDir(), "out")
		return batch(t, nil, "run", f, "--out", out, "-q"), out
	}
	r, out := run("pairs.parquet")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	tab, err := parquetio.ReadDir(filepath.Join(out, "spikes", "neu"))
	if err != nil || tab.NumRows != 2 { // each jump of 25 mV crosses the 20 mV threshold
		t.Fatalf("neu spiked %v times (%v), want 2", tab, err)
	}
	for file, msg := range map[string]string{
		"range.parquet":   `net.toml:20:30: projection "p": conn.file: Parquet file "range.parquet", row 2: pre 2 is not an index in 0..1 of gen`,
		"strings.parquet": `conn.file: Parquet file "strings.parquet": column post has type utf8, not numbers`,
	} {
		r, out := run(file)
		if r.code != 2 || !strings.Contains(r.stderr, msg) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", file, r.code, r.stderr, msg)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: the output directory was created", file)
		}
	}
}
