package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSubmitDryRunWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := batch(t, nil, "submit", repo("sweeps", "stp.toml"), "--out", out, "--shards", "16", "--dry-run",
		"--time", "0:30:00", "--max-parallel", "4", "--extra", "#SBATCH --qos=short")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"#SBATCH --array=0-15%4", "#SBATCH --time=0:30:00", "#SBATCH --qos=short",
		"run " + mustAbs(t, repo("sweeps", "stp.toml")) + " --out " + out + " --shards 16"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, r.stdout)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--dry-run created %s", out)
	}
}

func TestSubmitOtherSchedulerWritesScript(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := batch(t, nil, "submit", repo("sweeps", "stp.toml"), "--out", out, "--shards", "4", "--scheduler", "lsf", "--cpus", "2")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	script := filepath.Join(out, "job", "array.lsf")
	data, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `#BSUB -J "stp[1-4]"`) || !strings.Contains(r.stdout, "bsub < "+script) {
		t.Errorf("LSF script or instructions wrong:\n%s\n%s", data, r.stdout)
	}
	bin, err := os.Stat(filepath.Join(out, "job", "batch"))
	if err != nil || bin.Mode()&0o111 == 0 {
		t.Errorf("the tasks' binary was not copied into DIR/job: %v", err)
	}
}

func TestSubmitUsageErrors(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other")
	if r := batch(t, nil, "run", "-q", smallSweep(t), "--out", other); r.code != 0 {
		t.Fatalf("run: %s", r.stderr)
	}
	stp := repo("sweeps", "stp.toml")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"submit", stp, "--shards", "4"}, "--out"},
		{[]string{"submit", stp, "--out", filepath.Join(dir, "a")}, "--shards"},
		{[]string{"submit", stp, "--out", filepath.Join(dir, "a"), "--shards", "4", "--scheduler", "pbs", "--wait"}, "SLURM"},
		{[]string{"submit", stp, "--out", filepath.Join(dir, "a"), "--shards", "4", "--scheduler", "torque"}, "slurm, pbs, sge, lsf"},
		{[]string{"submit", stp, "--out", filepath.Join(dir, "a"), "--shards", "4", "--time", "1:00 2:00", "--dry-run"}, "time"},
		{[]string{"submit", stp, "--out", other, "--shards", "4", "--dry-run"}, "another sweep"},
	} {
		r := batch(t, nil, c.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("batch %s: exit %d, stderr %q; want exit 2 mentioning %q", strings.Join(c.args[1:], " "), r.code, r.stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Errorf("a refused submit created its output directory")
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
