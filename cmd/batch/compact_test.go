package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func countParquet(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".parquet") {
			n++
		}
		return nil
	})
	return n
}

// A sweep written in many small batches and compacted holds exactly the rows it held, in far
// fewer files; status, a resume and a second compaction see a complete dataset.
func TestCompactKeepsEveryRow(t *testing.T) {
	sw := smallSweep(t)
	ref := filepath.Join(t.TempDir(), "ref")
	out := filepath.Join(t.TempDir(), "out")
	if r := batch(t, nil, "run", "-q", sw, "--out", ref); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for i := range 4 { // 4 shards of batches of 2 points: 32 batches
		if r := batch(t, nil, "run", "-q", sw, "--out", out, "--replicas", "2", "--shard", strconv.Itoa(i)+"/4"); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	before := dataset(t, out)
	sameDataset(t, before, dataset(t, ref))
	nBefore := countParquet(t, out)
	r := batch(t, nil, "compact", out, "--max-size", "100M")
	if r.code != 0 {
		t.Fatalf("compact: exit %d: %s", r.code, r.stderr)
	}
	nAfter := countParquet(t, out)
	if nAfter*8 > nBefore || !strings.Contains(r.stdout, "1 batch in") {
		t.Errorf("compact: %d files before, %d after; says %q", nBefore, nAfter, r.stdout)
	}
	sameDataset(t, before, dataset(t, out))
	if st := batch(t, nil, "status", "--verify", out); st.code != 0 || !strings.Contains(st.stdout, "0 failed, 0 missing") {
		t.Errorf("status --verify after compact: %d %s %s", st.code, st.stdout, st.stderr)
	}
	if r := batch(t, nil, "run", sw, "--out", out); r.code != 0 || !strings.Contains(r.stderr, "0 run") {
		t.Errorf("resume after compact ran points again: %s", r.stderr)
	}
	if r := batch(t, nil, "compact", out); r.code != 0 || countParquet(t, out) != nAfter {
		t.Errorf("a second compact changed the files: %s", r.stderr)
	}
	sameDataset(t, before, dataset(t, out))
}

// A compaction killed between its merged points file and the removal of the replaced batches
// (simulated by putting a replaced batch's files back) is finished by the next run: no point
// twice, nothing lost.
func TestCompactInterruptedIsRecovered(t *testing.T) {
	sw := smallSweep(t)
	out := filepath.Join(t.TempDir(), "out")
	if r := batch(t, nil, "run", "-q", sw, "--out", out, "--replicas", "8"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	before := dataset(t, out)
	// Keep a copy of one batch's files to put back after the compaction.
	saved := map[string][]byte{}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(p) == "part-0000-000008.parquet" {
			data, _ := os.ReadFile(p)
			saved[p] = data
		}
		return nil
	})
	if len(saved) < 3 {
		t.Fatalf("found %d files of batch 8", len(saved))
	}
	if r := batch(t, nil, "compact", out); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for p, data := range saved {
		os.WriteFile(p, data, 0o644)
	}
	os.WriteFile(filepath.Join(out, ".compact.json"),
		[]byte(`{"shard":9999,"seq":0,"old":["part-0000-000008.parquet"]}`), 0o644)
	if r := batch(t, nil, "run", "-q", sw, "--out", out); r.code != 0 {
		t.Fatal(r.stderr)
	}
	sameDataset(t, before, dataset(t, out))
	if _, err := os.Stat(filepath.Join(out, ".compact.json")); !os.IsNotExist(err) {
		t.Errorf("the journal is still there")
	}
}
