package parquetio

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/spikesweep/spikesweep/io/duckdbtest"
)

// TestDuckDB writes a monitor dataset of several files, as a sweep does, and checks that DuckDB
// reads the same rows, values and key-value metadata. It needs node and `npm install` at the
// repository root; with CI set it fails rather than skips when they are missing.
func TestDuckDB(t *testing.T) {
	out := t.TempDir()
	const (
		points  = 3
		steps   = 50
		neurons = 40
	)
	// Sums computed here in the same way DuckDB can check them: integers exactly, floats with a
	// relative tolerance because the summation order differs.
	var sumStep, sumIndex int64
	var sumV float64
	var sumW float64
	for p := range points {
		w, err := Create(MonitorPath(out, "E", 0, p), MonitorFields([]string{"V", "w"}, Float64), Options{
			RowGroupRows: 512, // several row groups per file
			Metadata:     map[string]string{"engine": "spikesweep-test", "point": fmt.Sprint(p)},
		})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Abort()
		w.SetMetadata("params", fmt.Sprintf(`{"g": %d}`, p))
		point, step, tt, index, v, wc := w.Int32(ColPoint), w.Int32(ColStep), w.Float64(ColT), w.Int32(ColIndex), w.Float64("V"), w.Float64("w")
		for s := range steps {
			point.AppendN(int32(p), neurons)
			step.AppendN(int32(s), neurons)
			tt.AppendN(float64(s)*0.1, neurons)
			index.AppendRange(0, neurons)
			for i := range neurons {
				x := -65 + math.Sin(float64(s*neurons+i+p))
				v.Append(x)
				wc.Append(float64(i) * 0.5)
				sumV += x
				sumW += float64(i) * 0.5
				sumStep += int64(s)
				sumIndex += int64(i)
			}
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// A float32 spike-free monitor in another dataset, to check DuckDB sees FLOAT columns.
	w, err := Create(MonitorPath(out, "I", 0, 0), MonitorFields([]string{"x"}, Float32), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	w.Int32(ColPoint).AppendN(0, 3)
	w.Int32(ColStep).AppendN(0, 3)
	w.Float64(ColT).AppendN(0, 3)
	w.Int32(ColIndex).AppendRange(0, 3)
	w.Float32("x").AppendSlice([]float32{0.5, 1.25, -2})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	glob := duckdbtest.Quote(filepath.Join(out, "monitors", "E", "*.parquet"))
	rows := duckdbtest.Query(t, `SELECT count(*) AS n, count(DISTINCT point) AS points,
		sum(step) AS sum_step, sum("index") AS sum_index, sum("V") AS sum_v, sum(w) AS sum_w,
		max(t) AS max_t, min("V") AS min_v
		FROM read_parquet(`+glob+`)`)
	if len(rows) != 1 {
		t.Fatalf("DuckDB returned %d rows", len(rows))
	}
	r := rows[0]
	checkInt := func(name string, want int64) {
		t.Helper()
		if got := duckdbtest.Int(t, r[name]); got != want {
			t.Errorf("DuckDB %s = %d, want %d", name, got, want)
		}
	}
	checkFloat := func(name string, want float64) {
		t.Helper()
		if got := duckdbtest.Float(t, r[name]); math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("DuckDB %s = %v, want %v", name, got, want)
		}
	}
	checkInt("n", points*steps*neurons)
	checkInt("points", points)
	checkInt("sum_step", sumStep)
	checkInt("sum_index", sumIndex)
	checkFloat("sum_v", sumV)
	checkFloat("sum_w", sumW)
	checkFloat("max_t", float64(steps-1)*0.1)

	// One value exactly, and the column types DuckDB sees.
	rows = duckdbtest.Query(t, `SELECT "V" AS v, typeof("V") AS tv, typeof(point) AS tp, typeof(t) AS tt
		FROM read_parquet(`+glob+`) WHERE point = 1 AND step = 7 AND "index" = 3`)
	if len(rows) != 1 {
		t.Fatalf("DuckDB found %d rows for one (point, step, index)", len(rows))
	}
	if got, want := duckdbtest.Float(t, rows[0]["v"]), -65+math.Sin(float64(7*neurons+3+1)); got != want {
		t.Errorf("DuckDB V = %v, want %v exactly", got, want)
	}
	if rows[0]["tv"] != "DOUBLE" || rows[0]["tp"] != "INTEGER" || rows[0]["tt"] != "DOUBLE" {
		t.Errorf("DuckDB types: %v", rows[0])
	}
	rows = duckdbtest.Query(t, `SELECT typeof(x) AS tx, sum(x)::DOUBLE AS s FROM read_parquet(`+
		duckdbtest.Quote(filepath.Join(out, "monitors", "I", "*.parquet"))+`) GROUP BY ALL`)
	if len(rows) != 1 || rows[0]["tx"] != "FLOAT" || duckdbtest.Float(t, rows[0]["s"]) != -0.25 {
		t.Errorf("DuckDB float32 column: %v", rows)
	}

	// A points table: int64 seeds (a uint64 seed is stored as its int64 bit pattern) and strings.
	pw, err := Create(filepath.Join(out, "points.parquet"), []Field{
		{"point", Int32}, {"g", Float64}, {"seed", Int64}, {"status", String}, {"spikes", Int64},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Abort()
	bigSeed := uint64(1)<<63 + 5
	pw.Int32("point").AppendSlice([]int32{0, 1})
	pw.Float64("g").AppendSlice([]float64{0.25, 0.5})
	pw.Int64("seed").AppendSlice([]int64{42, int64(bigSeed)})
	pw.String("status").AppendSlice([]string{"ok", "nan: V at step 12"})
	pw.Int64("spikes").AppendSlice([]int64{1 << 40, 0})
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	rows = duckdbtest.Query(t, `SELECT point, g, (seed::HUGEINT + CASE WHEN seed < 0 THEN 18446744073709551616 ELSE 0 END)::VARCHAR AS useed, status, spikes, typeof(seed) AS ts
		FROM read_parquet(`+duckdbtest.Quote(filepath.Join(out, "points.parquet"))+`) ORDER BY point`)
	if len(rows) != 2 {
		t.Fatalf("DuckDB points table: %v", rows)
	}
	if rows[1]["useed"] != fmt.Sprint(bigSeed) || rows[1]["status"] != "nan: V at step 12" ||
		duckdbtest.Int(t, rows[0]["spikes"]) != 1<<40 || duckdbtest.Float(t, rows[0]["g"]) != 0.25 ||
		rows[0]["ts"] != "BIGINT" {
		t.Errorf("DuckDB points table: %v", rows)
	}

	// Key-value metadata as a user's query reads it.
	rows = duckdbtest.Query(t, `SELECT decode(key) AS key, decode(value) AS value, file_name
		FROM parquet_kv_metadata(`+duckdbtest.Quote(MonitorPath(out, "E", 0, 2))+`) ORDER BY key`)
	got := map[string]string{}
	for _, r := range rows {
		got[r["key"].(string)] = r["value"].(string)
	}
	want := map[string]string{"engine": "spikesweep-test", "point": "2", "params": `{"g": 2}`}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("DuckDB metadata %q = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}
