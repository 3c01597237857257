package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/runner"
)

// sweep.json and every file record where they come from: command, host, scheduler job, engine
// commit, the sweep file's text, and for data files when their batch ran.
func TestProvenanceInManifestAndFiles(t *testing.T) {
	sw := smallSweep(t)
	out := filepath.Join(t.TempDir(), "out")
	env := []string{"SLURM_JOB_ID=4321", "SLURM_ARRAY_JOB_ID=4300", "SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_COUNT=1"}
	if r := batch(t, env, "run", "-q", sw, "--out", out, "--shard", "0/1"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	m := manifest(t, out)
	p := m.Provenance
	if !strings.Contains(p[runner.MetaCommand], "run -q "+sw) || p[runner.MetaJob] != "slurm job 4321, array job 4300, task 0" ||
		p[runner.MetaHost] == "" || p[runner.MetaCommit] == "" || !strings.Contains(p[runner.MetaSweepText], "[[population]]") {
		t.Errorf("manifest provenance %v", p)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*", "*", "*.parquet"))
	points, _ := filepath.Glob(filepath.Join(out, "points", "*.parquet"))
	if len(files) == 0 || len(points) == 0 {
		t.Fatal("no files")
	}
	for _, f := range append(files, points...) {
		tab, err := parquetio.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		md := tab.Metadata
		if md[runner.MetaJob] != p[runner.MetaJob] || md[runner.MetaCommand] != p[runner.MetaCommand] ||
			md[runner.MetaSweepText] != p[runner.MetaSweepText] {
			t.Errorf("%s: provenance %v", f, md)
		}
		if strings.Contains(f, "points") {
			continue
		}
		start, err1 := time.Parse(time.RFC3339Nano, md[runner.MetaBatchStart])
		end, err2 := time.Parse(time.RFC3339Nano, md[runner.MetaBatchEnd])
		if err1 != nil || err2 != nil || end.Before(start) {
			t.Errorf("%s: batch start %q, end %q", f, md[runner.MetaBatchStart], md[runner.MetaBatchEnd])
		}
	}
}
