package dataset

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// testSweep is a sweep of 20 points with one monitor "m" and spikes of "p".
func testSweep(hash string, settings map[string]string) *Sweep {
	return &Sweep{
		Manifest: &parquetio.Manifest{SweepFile: "t.toml", SweepHash: hash, Points: 20, Settings: settings,
			Axes:     []parquetio.ManifestAxis{{Path: "a.x"}},
			Monitors: []parquetio.ManifestMonitor{{Name: "m"}}, Spikes: []parquetio.ManifestSpikes{{Population: "p"}}},
		Layout: Layout{Axes: []string{"a.x"}, Spiking: []string{"p"}, Extra: []string{"stat.cv"}},
		Meta:   map[string]string{MetaHash: hash, MetaFile: "t.toml"},
	}
}

func ids(lo, hi int) []int {
	var out []int
	for i := lo; i < hi; i++ {
		out = append(out, i)
	}
	return out
}

// runBatch writes the data files of a batch, as the runner does, and commits it.
func runBatch(t *testing.T, d *Dataset, sw *Sweep, shard int, points []int) {
	t.Helper()
	for _, f := range batchFiles(d.Dir, sw.Manifest, shard, points[0]) {
		w, err := parquetio.Create(f, parquetio.SpikeFields(), parquetio.Options{Metadata: sw.Meta})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range points {
			w.Int32(parquetio.ColPoint).Append(int32(p))
			w.Int32(parquetio.ColStep).Append(0)
			w.Float64(parquetio.ColT).Append(0)
			w.Int32(parquetio.ColIndex).Append(0)
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	var rows []Row
	for _, p := range points {
		rows = append(rows, Row{Point: p, Values: []float64{float64(p) / 2}, Seed: math.MaxUint64 - uint64(p), Status: "ok",
			Spikes: map[string]int64{"p": int64(p)}, Extra: map[string]float64{"stat.cv": 0.5}, Part: points[0]})
	}
	if err := d.Commit(shard, points[0], rows); err != nil {
		t.Fatal(err)
	}
}

func TestOpenCreatesManifestAndRefusesAnotherSweep(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(dir, testSweep("aaaa", map[string]string{"syn.tau": "200"}), ids(0, 20))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Todo) != 20 {
		t.Fatalf("todo %v", d.Todo)
	}
	d.Close()
	_, err = Open(dir, testSweep("bbbb", map[string]string{"syn.tau": "100"}), ids(0, 20))
	var fe *ForeignError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "syn.tau: 100 here, 200 in DIR") {
		t.Fatalf("want a ForeignError naming syn.tau, got %v", err)
	}
}

// Points are the unit: batches of any sharding are kept, and a point is never claimed twice.
func TestClaimsAndResharding(t *testing.T) {
	dir := t.TempDir()
	sw := testSweep("aaaa", nil)
	a, err := Open(dir, sw, ids(0, 10)) // shard 0/2
	if err != nil {
		t.Fatal(err)
	}
	runBatch(t, a, sw, 0, ids(0, 4))
	// While a lives, a whole run gets the points a has not claimed, and is told about a.
	b, err := Open(dir, sw, ids(0, 20))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Todo, ids(10, 20)) || len(b.Busy) != 1 || b.Busy[0].Points != 6 ||
		!strings.HasPrefix(b.Busy[0].Owner, "pid ") {
		t.Fatalf("todo %v busy %v", b.Todo, b.Busy)
	}
	runBatch(t, b, sw, 0, ids(10, 13))
	b.Close()
	a.Close() // a "dies" without finishing 4..9
	// Another sharding resumes: 0..3 and 10..12 are finished, the rest is to do.
	c, err := Open(dir, sw, ids(0, 20))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	want := append(ids(4, 10), ids(13, 20)...)
	if !slices.Equal(c.Todo, want) || len(c.Finished) != 7 {
		t.Fatalf("todo %v, %d finished", c.Todo, len(c.Finished))
	}
	if !c.Finished[2] {
		t.Fatal("point 2 is finished ok, Finished says not")
	}
	rows, _, err := readRows(PointsPath(dir, 0, 0), sw.Layout.Axes)
	if err != nil || len(rows) != 4 {
		t.Fatalf("points file of batch 0: %d rows, %v", len(rows), err)
	}
	r := rows[2]
	if r.Point != 2 || r.Seed != math.MaxUint64-2 || r.Values[0] != 1 || r.Spikes["p"] != 2 || r.Extra["stat.cv"] != 0.5 {
		t.Fatalf("row read back: %+v", r)
	}
}

// A killed run's claim is stale once its lock is released; its unfinished files are removed, the
// finished batches kept.
func TestStaleClaimAndOrphans(t *testing.T) {
	dir := t.TempDir()
	sw := testSweep("aaaa", nil)
	a, err := Open(dir, sw, ids(0, 20))
	if err != nil {
		t.Fatal(err)
	}
	runBatch(t, a, sw, 0, ids(0, 5))
	// A batch killed between its data files and its points file, and a writer's temporary file.
	orphan := batchFiles(dir, sw.Manifest, 0, 5)[0]
	os.WriteFile(orphan, []byte("half"), 0o644)
	tmp := filepath.Join(filepath.Dir(orphan), ".part-0000-000007.parquet.tmp-1234")
	os.WriteFile(tmp, []byte("half"), 0o644)
	// While a lives, its files are left alone.
	b, err := Open(dir, sw, ids(0, 20))
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	for _, f := range []string{orphan, tmp} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("a live run's file was removed: %v", err)
		}
	}
	// Kill a: close its claim file without removing it, as the kernel does.
	unlockFile(a.claim)
	a.claim.Close()
	a.claim = nil
	c, err := Open(dir, sw, ids(0, 20))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, f := range []string{orphan, tmp} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Fatalf("%s of a dead run was not removed", f)
		}
	}
	if !slices.Equal(c.Todo, ids(5, 20)) {
		t.Fatalf("todo %v", c.Todo)
	}
	if claims, _ := os.ReadDir(filepath.Join(dir, ".claims")); len(claims) != 1 {
		t.Fatalf("%d claim files, want only c's", len(claims))
	}
}

// A batch whose file is missing or does not read is removed and its points run again; a DIR
// without manifest keeps its identity through its files.
func TestVerifyRepairsAndIdentityWithoutManifest(t *testing.T) {
	dir := t.TempDir()
	sw := testSweep("aaaa", nil)
	a, _ := Open(dir, sw, ids(0, 20))
	runBatch(t, a, sw, 0, ids(0, 5))
	runBatch(t, a, sw, 0, ids(5, 10))
	runBatch(t, a, sw, 0, ids(10, 20))
	a.Close()
	files := batchFiles(dir, sw.Manifest, 0, 5)
	os.WriteFile(files[0], []byte("not parquet"), 0o644)
	os.Remove(batchFiles(dir, sw.Manifest, 0, 10)[1])
	st, err := ReadStatus(dir, true)
	if err != nil || !slices.Equal(st.Damaged, ids(5, 20)) || st.Done != 5 {
		t.Fatalf("status: %+v %v", st, err)
	}
	os.Remove(parquetio.ManifestPath(dir))
	if _, err := Open(dir, testSweep("bbbb", nil), ids(0, 20)); err == nil || !strings.Contains(err.Error(), "sweep.json is missing") {
		t.Fatalf("another sweep without manifest: %v", err)
	}
	b, err := Open(dir, sw, ids(0, 20))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !slices.Equal(b.Todo, ids(5, 20)) || !slices.Equal(b.Repaired, ids(5, 20)) {
		t.Fatalf("todo %v repaired %v", b.Todo, b.Repaired)
	}
	if _, err := os.Stat(PointsPath(dir, 0, 5)); !os.IsNotExist(err) {
		t.Fatal("the damaged batch's points file is still there")
	}
	if _, err := parquetio.ReadManifest(dir); err != nil {
		t.Fatalf("manifest not rewritten: %v", err)
	}
}

// A data file rewritten by another tool (DuckDB's COPY keeps the rows, not spikesweep's
// metadata) is damaged, as status says and resume repairs, not another sweep's.
func TestFileWithoutMetadataIsDamagedNotForeign(t *testing.T) {
	dir := t.TempDir()
	sw := testSweep("aaaa", nil)
	a, _ := Open(dir, sw, ids(0, 20))
	runBatch(t, a, sw, 0, ids(0, 10))
	runBatch(t, a, sw, 0, ids(10, 20))
	a.Close()
	f := batchFiles(dir, sw.Manifest, 0, 10)[0]
	w, err := parquetio.Create(f, parquetio.SpikeFields(), parquetio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := ReadStatus(dir, false)
	if err != nil || !slices.Equal(st.Damaged, ids(10, 20)) || len(st.Problems) != 1 ||
		!strings.Contains(st.Problems[0], "no spikesweep metadata") {
		t.Fatalf("status: %+v %v", st, err)
	}
	b, err := Open(dir, sw, ids(0, 20))
	if err != nil {
		t.Fatalf("resume refused a file without metadata: %v", err)
	}
	defer b.Close()
	if !slices.Equal(b.Todo, ids(10, 20)) || !slices.Equal(b.Repaired, ids(10, 20)) {
		t.Fatalf("todo %v repaired %v", b.Todo, b.Repaired)
	}
}
