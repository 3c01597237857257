package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/io/duckdbtest"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// A sweep in which one point diverges (a negative membrane time constant makes V grow without
// bound): that point is recorded as failed with its error, the others finish, and the exit code
// is 1.
func TestFailedPointIsRecordedAndOthersGoOn(t *testing.T) {
	src := `
[run]
dt = 0.1
duration = 100.0
[[population]]
name = "neu"
model = "LIF"
size = 2
params = { V_th = 1.0e300 }
[[input]]
target = "neu"
var = "input"
value = 5.0
[[monitor]]
target = "neu"
vars = ["V"]
every = 100
[sweep]
[[sweep.axis]]
path = "neu.tau"
values = [10.0, -0.01, 20.0]
`
	f := filepath.Join(t.TempDir(), "diverge.toml")
	os.WriteFile(f, []byte(src), 0o644)
	out := t.TempDir()
	r := batch(t, nil, "run", f, "--out", out, "-q")
	if r.code != 1 || !strings.Contains(r.stderr, "1 failed") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rows := duckdbtest.Query(t, fmt.Sprintf(`SELECT point, status FROM read_parquet(%s) ORDER BY point`,
		duckdbtest.Quote(filepath.Join(out, "points", "*.parquet"))))
	if len(rows) != 3 || rows[0]["status"] != "ok" || rows[2]["status"] != "ok" ||
		!strings.Contains(fmt.Sprint(rows[1]["status"]), "state diverged: neu.V[0]") {
		t.Fatalf("points table: %v", rows)
	}
	st := batch(t, nil, "status", out, "--list")
	if st.code != 1 || !strings.Contains(st.stdout, "2 done, 1 failed, 0 missing") || !strings.Contains(st.stdout, "failed 1:") {
		t.Fatalf("status: %d %s", st.code, st.stdout)
	}
}

// TestDuckDBReadsEngineOutput runs a sweep through the CLI and checks, with DuckDB, that the
// Parquet dataset holds exactly the engine's in-memory recording: row counts, every value's sum
// per point and a sample of values bit for bit.
func TestDuckDBReadsEngineOutput(t *testing.T) {
	f := smallSweep(t)
	out := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	sw, err := sweep.Load(f, systems.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	var nets []*spec.Network
	for _, p := range sw.Points() {
		nets = append(nets, p.Net)
	}
	sink := sched.NewMemorySink()
	sim, err := sched.Build(nets, sched.Options{Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Run(); err != nil {
		t.Fatal(err)
	}
	mem := sink.Monitors["syn"]
	glob := duckdbtest.Quote(filepath.Join(out, "monitors", "syn", "*.parquet"))
	rows := duckdbtest.Query(t, fmt.Sprintf(`SELECT point, count(*)::INTEGER AS n, sum(u) AS su, sum(x) AS sx, sum(s) AS ss
		FROM read_parquet(%s) GROUP BY point ORDER BY point`, glob))
	if len(rows) != len(nets) {
		t.Fatalf("DuckDB sees %d points, want %d", len(rows), len(nets))
	}
	type acc struct {
		n          int
		su, sx, ss float64
	}
	want := make([]acc, len(nets))
	for i := range mem.Step {
		a := &want[mem.Replica[i]]
		a.n++
		a.su += mem.Values[0][i]
		a.sx += mem.Values[1][i]
		a.ss += mem.Values[2][i]
	}
	for p, row := range rows {
		w := want[p]
		if duckdbtest.Int(t, row["n"]) != int64(w.n) {
			t.Fatalf("point %d: %v rows, want %d", p, row["n"], w.n)
		}
		for _, c := range []struct {
			col  string
			want float64
		}{{"su", w.su}, {"sx", w.sx}, {"ss", w.ss}} {
			got := duckdbtest.Float(t, row[c.col])
			if math.Abs(got-c.want) > 1e-9*math.Abs(c.want)+1e-12 {
				t.Fatalf("point %d %s: DuckDB %v, engine %v", p, c.col, got, c.want)
			}
		}
	}
	// One value bit for bit: point 5, step 100, u.
	for i := range mem.Step {
		if mem.Replica[i] == 5 && mem.Step[i] == 100 {
			r := duckdbtest.Query(t, fmt.Sprintf(`SELECT u FROM read_parquet(%s) WHERE point = 5 AND step = 100`, glob))
			if len(r) != 1 || duckdbtest.Float(t, r[0]["u"]) != mem.Values[0][i] {
				t.Fatalf("u at point 5, step 100: DuckDB %v, engine %v", r, mem.Values[0][i])
			}
			return
		}
	}
	t.Fatal("step 100 of point 5 was not recorded")
}
