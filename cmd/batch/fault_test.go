package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The fault suite: every case ends in a dataset equal, row for row, to an uninterrupted run's,
// or in a refusal that leaves the directory as it was.

// wholeRun runs f uninterrupted into a new directory and returns its dataset.
func wholeRun(t *testing.T, f string) map[string]string {
	t.Helper()
	out := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", out, "-q", "--replicas", "4"); r.code != 0 {
		t.Fatalf("uninterrupted run: exit %d: %s", r.code, r.stderr)
	}
	return dataset(t, out)
}

// TestKillAndReshard kills runs with SIGKILL at random moments, each under a random sharding (a
// whole run, --shard i/N for N up to 5), and finally completes the dataset under yet another
// sharding: no finished point may be lost or doubled.
func TestKillAndReshard(t *testing.T) {
	f := smallSweep(t)
	want := wholeRun(t, f)
	rng := rand.New(rand.NewPCG(11, 0))
	for trial := range 3 {
		out := t.TempDir()
		for range 4 {
			args := []string{"run", f, "--out", out, "-q", "--replicas", fmt.Sprint(1 + rng.IntN(6))}
			if n := rng.IntN(6); n > 0 {
				args = append(args, "--shard", fmt.Sprintf("%d/%d", rng.IntN(n), n))
			}
			cmd := exec.Command(batchBin, args...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(10+rng.IntN(150)) * time.Millisecond)
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
		}
		// Complete under shards of 3, then check with a whole run that nothing is left.
		for i := range 3 {
			if r := batch(t, nil, "run", f, "--out", out, "-q", "--shard", fmt.Sprintf("%d/3", i)); r.code != 0 {
				t.Fatalf("trial %d: shard %d/3: exit %d: %s", trial, i, r.code, r.stderr)
			}
		}
		r := batch(t, nil, "run", f, "--out", out, "-q")
		if r.code != 0 || !strings.Contains(r.stderr, "0 run") {
			t.Fatalf("trial %d: final check: exit %d: %s", trial, r.code, r.stderr)
		}
		sameDataset(t, want, dataset(t, out))
		if st := batch(t, nil, "status", out, "--verify"); st.code != 0 || !strings.Contains(st.stdout, "64 done, 0 failed, 0 missing") {
			t.Fatalf("trial %d: status --verify: exit %d: %s %s", trial, st.code, st.stdout, st.stderr)
		}
	}
}

// TestConcurrentRunsIntoOneDir starts two different sweeps into one new directory at once (one
// wins, the other exits 2) and then two identical ones (they share the points; each exits 0 or
// says which run holds the rest).
func TestConcurrentRunsIntoOneDir(t *testing.T) {
	f := smallSweep(t)
	data, _ := os.ReadFile(f)
	other := filepath.Join(t.TempDir(), "other.toml")
	os.WriteFile(other, []byte(strings.Replace(string(data), "value = 28.0", "value = 29.0", 1)), 0o644)
	want := wholeRun(t, f)
	wantOther := wholeRun(t, other)
	parallel := func(files ...string) []result {
		out := filepath.Join(t.TempDir(), "out")
		res := make([]result, len(files))
		var wg sync.WaitGroup
		for i, file := range files {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res[i] = batch(t, nil, "run", file, "--out", out, "-q", "--replicas", "4")
			}()
		}
		wg.Wait()
		res = append(res, result{stdout: out})
		return res
	}
	for range 3 {
		res := parallel(f, other)
		out := res[2].stdout
		switch {
		case res[0].code == 0 && res[1].code == 2:
			sameDataset(t, want, dataset(t, out))
		case res[0].code == 2 && res[1].code == 0:
			sameDataset(t, wantOther, dataset(t, out))
		default:
			t.Fatalf("two different sweeps: exits %d and %d: %s / %s", res[0].code, res[1].code, res[0].stderr, res[1].stderr)
		}
		for _, r := range res[:2] {
			if r.code == 2 && !strings.Contains(r.stderr, "another sweep") {
				t.Fatalf("refusal does not say why: %s", r.stderr)
			}
		}
	}
	for range 3 {
		res := parallel(f, f)
		for _, r := range res[:2] {
			if r.code != 0 && !(r.code == 1 && strings.Contains(r.stderr, "is in use by pid")) {
				t.Fatalf("identical sweeps: exit %d: %s", r.code, r.stderr)
			}
		}
		out := res[2].stdout
		if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 0 {
			t.Fatalf("after two identical runs: exit %d: %s", r.code, r.stderr)
		}
		sameDataset(t, want, dataset(t, out))
	}
}

// TestLostManifest: without sweep.json, the same sweep resumes (and writes it again), another
// sweep is refused by the hash in the files.
func TestLostManifest(t *testing.T) {
	f := smallSweep(t)
	want := wholeRun(t, f)
	out := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", out, "-q", "--replicas", "4", "--shard", "0/2"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	os.Remove(filepath.Join(out, "sweep.json"))
	r := batch(t, nil, "run", repo("sweeps", "gap_junction.toml"), "--out", out, "-q")
	if r.code != 2 || !strings.Contains(r.stderr, "sweep.json is missing") {
		t.Fatalf("another sweep into a DIR without manifest: exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "sweep.json")); err == nil {
		t.Fatal("the refused run wrote a manifest")
	}
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 0 || !strings.Contains(r.stderr, "32 already done") {
		t.Fatalf("resume without manifest: exit %d: %s", r.code, r.stderr)
	}
	manifest(t, out)
	sameDataset(t, want, dataset(t, out))
}

// TestDamagedFilesAreRunAgain truncates one monitor file and deletes one spike file of a
// finished dataset: status --verify lists the damaged points, a rerun computes them again.
func TestDamagedFilesAreRunAgain(t *testing.T) {
	f := smallSweep(t)
	want := wholeRun(t, f)
	out := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", out, "-q", "--replicas", "4"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	mons, _ := filepath.Glob(filepath.Join(out, "monitors", "syn", "part-*.parquet"))
	spks, _ := filepath.Glob(filepath.Join(out, "spikes", "neu2", "part-*.parquet"))
	if len(mons) != 16 || len(spks) != 16 {
		t.Fatalf("%d monitor and %d spike files, want 16 each", len(mons), len(spks))
	}
	st, _ := os.Stat(mons[3])
	os.Truncate(mons[3], st.Size()/2)
	os.Remove(spks[10])
	s := batch(t, nil, "status", out, "--verify")
	if s.code != 1 || !strings.Contains(s.stdout, "damaged: 8 points") {
		t.Fatalf("status --verify: exit %d: %s %s", s.code, s.stdout, s.stderr)
	}
	r := batch(t, nil, "run", f, "--out", out, "-q")
	if r.code != 0 || !strings.Contains(r.stderr, "8 run (8 ok") || !strings.Contains(r.stderr, "8 run again") {
		t.Fatalf("rerun: exit %d: %s", r.code, r.stderr)
	}
	sameDataset(t, want, dataset(t, out))
}

// TestIdentityIsWhatIsComputed: a comment or a written-out default does not change a sweep's
// identity; a changed parameter or CSV input does, and the refusal names the setting.
func TestIdentityIsWhatIsComputed(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "drive.csv")
	var rows strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&rows, "%g\n", 20+float64(i%100)/10)
	}
	os.WriteFile(csv, []byte(rows.String()), 0o644)
	src := `[run]
dt = 0.1
duration = 100.0

[[population]]
name = "neu"
model = "LIF"
size = 2

[[input]]
target = "neu"
var = "input"
csv = "drive.csv"

[[monitor]]
target = "neu"
vars = ["V"]
every = 10

[sweep]
[[sweep.axis]]
path = "neu.tau"
values = [5.0, 10.0, 20.0]
`
	f := filepath.Join(dir, "lif.toml")
	os.WriteFile(f, []byte(src), 0o644)
	out := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	before := dataset(t, out)
	// A comment and a default written out: the same sweep.
	os.WriteFile(f, []byte("# tried again\n"+strings.Replace(src, `size = 2`, "size = 2\nparams = { V_th = 20.0 }", 1)), 0o644)
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 0 || !strings.Contains(r.stderr, "3 already done") {
		t.Fatalf("comment and default: exit %d: %s", r.code, r.stderr)
	}
	// Another threshold: refused, naming it.
	os.WriteFile(f, []byte(strings.Replace(src, `size = 2`, "size = 2\nparams = { V_th = 15.0 }", 1)), 0o644)
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 2 || !strings.Contains(r.stderr, "neu.params.V_th: 15 here, 20 in DIR") {
		t.Fatalf("changed parameter: exit %d: %s", r.code, r.stderr)
	}
	// An edited CSV: refused, naming the input.
	os.WriteFile(f, []byte(src), 0o644)
	os.WriteFile(csv, []byte("25\n"+rows.String()[3:]), 0o644)
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 2 || !strings.Contains(r.stderr, "input[0].series") {
		t.Fatalf("edited CSV: exit %d: %s", r.code, r.stderr)
	}
	sameDataset(t, before, dataset(t, out))
}

// TestFileInputsAreIdentity: a connectivity file and a spike-time file count by their contents.
// A sweep stopped half way (one shard of two done) resumes after the files are renamed or
// converted to Parquet, and is refused, naming the setting, after a weight or a spike time is edited.
func TestFileInputsAreIdentity(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pairs := "pre,post,weight\n0,0,12.0\n1,1,15.0\n0,1,6.0\n"
	times := "neuron,time\n0,5.0\n1,7.5\n0,20.0\n"
	write("pairs.csv", pairs)
	write("times.csv", times)
	src := `[run]
dt = 0.1
duration = 50.0

[[population]]
name = "gen"
model = "SpikeTimes"
size = 2
times_file = "times.csv"

[[population]]
name = "neu"
model = "LIF"
size = 2

[[projection]]
name = "p"
model = "VoltageJump"
pre = "gen"
post = "neu"
conn = { kind = "from_file", file = "pairs.csv" }
output = "voltage"

[spikes]
populations = ["gen", "neu"]

[sweep]
[[sweep.axis]]
path = "neu.V_th"
values = [10.0, 14.0, 18.0, 22.0]
`
	f := filepath.Join(dir, "files.toml")
	write("files.toml", src)
	whole := wholeRun(t, f)
	out := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", out, "-q", "--shard", "0/2"); r.code != 0 {
		t.Fatalf("first half: exit %d: %s", r.code, r.stderr)
	}
	// An edited weight, then an edited spike time: refused, naming the file's setting, nothing written.
	write("pairs.csv", strings.Replace(pairs, "15.0", "25.0", 1))
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 2 || !strings.Contains(r.stderr, "p.conn.file: 3 synapses (pre, post, weight), sha256") {
		t.Fatalf("edited connectivity file: exit %d: %s", r.code, r.stderr)
	}
	write("pairs.csv", pairs)
	write("times.csv", strings.Replace(times, "7.5", "8.5", 1))
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 2 || !strings.Contains(r.stderr, "gen.times_file: 2 neurons, 3 spikes, sha256") {
		t.Fatalf("edited spike-time file: exit %d: %s", r.code, r.stderr)
	}
	// The same numbers under other names (and the spike times in another row order): the same sweep.
	write("times.csv", times)
	os.Rename(filepath.Join(dir, "pairs.csv"), filepath.Join(dir, "conn.csv"))
	write("spikes.csv", "time,neuron\n5.0,0\n20.0,0\n7.5,1\n")
	write("files.toml", strings.NewReplacer(`"pairs.csv"`, `"conn.csv"`, `"times.csv"`, `"spikes.csv"`).Replace(src))
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 0 || !strings.Contains(r.stderr, "2 already done") {
		t.Fatalf("renamed files: exit %d: %s", r.code, r.stderr)
	}
	sameDataset(t, whole, dataset(t, out))
}

// TestResumeWithFailedPointExits1: the failure signal survives a requeue.
func TestResumeWithFailedPointExits1(t *testing.T) {
	src := `[run]
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
[sweep]
[[sweep.axis]]
path = "neu.tau"
values = [10.0, -0.01, 20.0]
`
	f := filepath.Join(t.TempDir(), "diverge.toml")
	os.WriteFile(f, []byte(src), 0o644)
	out := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 1 {
		t.Fatalf("first run: exit %d: %s", r.code, r.stderr)
	}
	r := batch(t, nil, "run", f, "--out", out, "-q")
	if r.code != 1 || !strings.Contains(r.stderr, "1 of them failed") {
		t.Fatalf("resume: exit %d: %s", r.code, r.stderr)
	}
}

// TestRunLimitsAreUsageErrors: out-of-range workers, replicas and shards, and a batch over the
// memory limit, exit 2 before anything is written; a sweep file with a byte-order mark runs.
func TestRunLimitsAreUsageErrors(t *testing.T) {
	f := smallSweep(t)
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--workers", "1000000"}, "--workers"},
		{[]string{"SLURM_CPUS_PER_TASK=99999999999"}, nil, "SLURM_CPUS_PER_TASK"},
		{nil, []string{"--replicas", "-5"}, "--replicas"},
		{nil, []string{"--shard", "0/99999999999"}, "shard count"},
		{nil, []string{"--max-memory", "1M"}, "--max-memory"},
		{nil, []string{"--max-memory", "lots"}, "--max-memory"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		r := batch(t, c.env, append([]string{"run", f, "--out", out, "-q"}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v %v: exit %d: %s", c.env, c.args, r.code, r.stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v %v: the output directory was created", c.env, c.args)
		}
	}
	data, _ := os.ReadFile(f)
	bom := filepath.Join(t.TempDir(), "bom.toml")
	os.WriteFile(bom, append([]byte("\xef\xbb\xbf"), data...), 0o644)
	if r := batch(t, nil, "validate", bom); r.code != 0 {
		t.Errorf("a byte-order mark: exit %d: %s", r.code, r.stderr)
	}
}
