package sweep

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// parquetColumn is one column of a test Parquet file: []int64, []int32, []float64 or []string.
type parquetColumn struct {
	name   string
	values any
}

func writeParquet(t *testing.T, path string, cols ...parquetColumn) {
	t.Helper()
	var fields []parquetio.Field
	for _, c := range cols {
		var typ parquetio.Type
		switch c.values.(type) {
		case []int64:
			typ = parquetio.Int64
		case []int32:
			typ = parquetio.Int32
		case []float64:
			typ = parquetio.Float64
		case []string:
			typ = parquetio.String
		}
		fields = append(fields, parquetio.Field{Name: c.name, Type: typ})
	}
	w, err := parquetio.Create(path, fields, parquetio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, c := range cols {
		switch v := c.values.(type) {
		case []int64:
			w.Int64(c.name).AppendSlice(v)
		case []int32:
			w.Int32(c.name).AppendSlice(v)
		case []float64:
			w.Float64(c.name).AppendSlice(v)
		case []string:
			for _, s := range v {
				w.String(c.name).Append(s)
			}
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

const columnFilesSweep = `[run]
duration = 20.0

[[population]]
name = "gen"
model = "SpikeTimes"
size = 3
times_file = "TIMES"

[[population]]
name = "a"
model = "LIF"
size = 4

[[projection]]
name = "s"
model = "VoltageJump"
pre = "gen"
post = "a"
conn = { kind = "from_file", file = "PAIRS" }
output = "voltage"
`

// TestColumnFilesCSVAndParquet: the same connectivity and spike times as CSV and as Parquet
// (columns in another order, integer indices) give the same network and the same sweep identity.
func TestColumnFilesCSVAndParquet(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "pairs.csv"), []byte("pre,post,weight,delay\n0,1,0.5,1.5\n2,3,-0.25,2.0\n1,1,1.0,0.1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "times.csv"), []byte("# spikes\nneuron,time\n2,5.0\n0,1.0\n0,7.5\n"), 0o644)
	writeParquet(t, filepath.Join(dir, "pairs.parquet"),
		parquetColumn{"delay", []float64{1.5, 2.0, 0.1}}, parquetColumn{"post", []int32{1, 3, 1}},
		parquetColumn{"pre", []int64{0, 2, 1}}, parquetColumn{"weight", []float64{0.5, -0.25, 1.0}})
	writeParquet(t, filepath.Join(dir, "times.parquet"),
		parquetColumn{"time", []float64{5.0, 1.0, 7.5}}, parquetColumn{"neuron", []int64{2, 0, 0}})
	parse := func(pairs, times string) *Sweep {
		t.Helper()
		src := strings.NewReplacer("PAIRS", pairs, "TIMES", times).Replace(columnFilesSweep)
		s, err := Parse("test.toml", []byte(src), testCatalog, dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	c, p := parse("pairs.csv", "times.csv"), parse("pairs.parquet", "times.parquet")
	for _, s := range []*Sweep{c, p} {
		pr := s.Base.Projections[0]
		if !slices.Equal(pr.Conn.Pre, []int{0, 2, 1}) || !slices.Equal(pr.Conn.Post, []int{1, 3, 1}) ||
			!slices.Equal(pr.Weights, []float64{0.5, -0.25, 1.0}) || !slices.Equal(pr.Delays, []float64{1.5, 2.0, 0.1}) {
			t.Errorf("projection %+v", pr)
		}
		st := s.Base.Populations[0].SpikeTimes
		if len(st) != 3 || !slices.Equal(st[0], []float64{1.0, 7.5}) || len(st[1]) != 0 || !slices.Equal(st[2], []float64{5.0}) {
			t.Errorf("spike times %v", st)
		}
	}
	if c.Hash != p.Hash {
		t.Errorf("CSV and Parquet of the same numbers: different sweeps:\n%s", strings.Join(DiffSettings(c.Settings, p.Settings, "parquet", 10), "\n"))
	}
	if got := c.Settings["s.conn.file"]; !strings.HasPrefix(got, "3 synapses (pre, post, weight, delay), sha256 ") {
		t.Errorf("s.conn.file = %q", got)
	}
	if got := c.Settings["gen.times_file"]; !strings.HasPrefix(got, "3 neurons, 3 spikes, sha256 ") {
		t.Errorf("gen.times_file = %q", got)
	}
	for k := range c.Settings {
		if strings.Contains(k, "conn.pre") || strings.Contains(k, "weights") || strings.Contains(k, "spiketimes") {
			t.Errorf("the file's contents listed in the settings: %s", k)
		}
	}
	// One weight changed: another sweep.
	os.WriteFile(filepath.Join(dir, "pairs2.csv"), []byte("pre,post,weight,delay\n0,1,0.5,1.5\n2,3,-0.5,2.0\n1,1,1.0,0.1\n"), 0o644)
	if parse("pairs2.csv", "times.csv").Hash == c.Hash {
		t.Error("an edited weight kept the sweep's identity")
	}
}

// TestColumnFilesBadParquet: a Parquet file is checked as a CSV file is, with the row and column.
func TestColumnFilesBadParquet(t *testing.T) {
	dir := t.TempDir()
	writeParquet(t, filepath.Join(dir, "nopost.parquet"), parquetColumn{"pre", []int64{0}}, parquetColumn{"weight", []float64{1}})
	writeParquet(t, filepath.Join(dir, "range.parquet"), parquetColumn{"pre", []int64{0, 2, 9}}, parquetColumn{"post", []int64{0, 1, 1}})
	writeParquet(t, filepath.Join(dir, "strings.parquet"), parquetColumn{"pre", []int64{0}}, parquetColumn{"post", []string{"one"}})
	writeParquet(t, filepath.Join(dir, "extra.parquet"), parquetColumn{"pre", []int64{0}}, parquetColumn{"post", []int64{0}}, parquetColumn{"wieght", []float64{1}})
	writeParquet(t, filepath.Join(dir, "onlytime.parquet"), parquetColumn{"time", []float64{1}})
	writeParquet(t, filepath.Join(dir, "badtime.parquet"), parquetColumn{"neuron", []int64{0, 1}}, parquetColumn{"time", []float64{1, -2}})
	writeParquet(t, filepath.Join(dir, "negdelay.parquet"), parquetColumn{"pre", []int64{0, 1}}, parquetColumn{"post", []int64{0, 1}}, parquetColumn{"delay", []float64{1, -1}})
	os.WriteFile(filepath.Join(dir, "notparquet.parquet"), []byte("pre,post\n0,1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "times.csv"), []byte("neuron,time\n0,1.0\n"), 0o644)
	cases := []struct{ name, pairs, times, key, msg string }{
		{"missing column", "nopost.parquet", "times.csv", "conn.file", `Parquet file "nopost.parquet": missing column "post"`},
		{"index out of range", "range.parquet", "times.csv", "conn.file", `Parquet file "range.parquet", row 3: pre 9 is not an index in 0..2 of gen`},
		{"wrong type", "strings.parquet", "times.csv", "conn.file", `Parquet file "strings.parquet": column post has type utf8, not numbers`},
		{"unknown column", "extra.parquet", "times.csv", "conn.file", `unknown column "wieght"`},
		{"negative delay", "negdelay.parquet", "times.csv", "conn.file", `row 2: delay -1 is negative`},
		{"not Parquet", "notparquet.parquet", "times.csv", "conn.file", `Parquet file "notparquet.parquet": not readable as Parquet`},
		{"not found", "none.parquet", "times.csv", "conn.file", `Parquet file "none.parquet" not found`},
		{"negative time", "range.parquet", "badtime.parquet", "times_file", `Parquet file "badtime.parquet", row 2: spike time -2 is negative`},
		{"times missing column", "range.parquet", "onlytime.parquet", "times_file", `missing column "neuron"`},
	}
	pos := regexp.MustCompile(`^test\.toml:\d+:\d+: `)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.NewReplacer("PAIRS", c.pairs, "TIMES", c.times).Replace(columnFilesSweep)
			_, err := Parse("test.toml", []byte(src), testCatalog, dir)
			if err == nil {
				t.Fatal("no error")
			}
			for _, e := range Errors(err) {
				if strings.HasSuffix(e.Key, c.key) && strings.Contains(e.Msg, c.msg) && pos.MatchString(e.Error()) {
					return
				}
			}
			t.Fatalf("no error at key %s mentioning %q with a position: %v", c.key, c.msg, err)
		})
	}
}
