package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spikesweep/spikesweep/internal/oracle"
	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/runner"
)

var batchBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "batch-test")
	if err != nil {
		panic(err)
	}
	batchBin = filepath.Join(dir, "batch")
	if out, err := exec.Command("go", "build", "-o", batchBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building batch: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// repo is the repository root (tests run in cmd/batch).
func repo(parts ...string) string { return filepath.Join(append([]string{"..", ".."}, parts...)...) }

type result struct {
	code           int
	stdout, stderr string
}

func batch(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(batchBin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

func manifest(t *testing.T, dir string) *runner.Manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m runner.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// TestOracleTOMLExamples runs every examples/brainpy/*.toml through the whole path (TOML, engine,
// Parquet, read back) and compares with its BrainPy trace.
func TestOracleTOMLExamples(t *testing.T) {
	for _, name := range oracle.Names {
		t.Run(name, func(t *testing.T) {
			tr, err := oracle.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			r := batch(t, nil, "run", repo("examples", "brainpy", name+".toml"), "--out", out, "-q")
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			m := manifest(t, out)
			var synapse string
			var nPost int
			for _, p := range m.Projections {
				synapse = p.Name
				for _, q := range m.Populations {
					if q.Name == p.Post {
						nPost = q.Size
					}
				}
			}
			tables := map[string]*parquetio.Table{}
			for _, c := range tr.Columns {
				target := c.Target
				if target == "" {
					target = synapse
				}
				var mon string
				for _, mm := range m.Monitors {
					for _, v := range mm.Vars {
						if mm.Target == target && v == c.Var {
							mon = mm.Name
						}
					}
				}
				if mon == "" {
					t.Fatalf("no monitor records %s", c.Header)
				}
				tab := tables[mon]
				if tab == nil {
					if tab, err = parquetio.ReadDir(filepath.Join(out, "monitors", mon)); err != nil {
						t.Fatal(err)
					}
					tables[mon] = tab
				}
				idx := c.Ix[0]
				if len(c.Ix) == 2 {
					idx = c.Ix[0]*nPost + c.Ix[1]
				}
				vals, _ := tab.Floats(c.Var)
				steps, index := tab.Int32["step"], tab.Int32["index"]
				got := make([]float64, tr.Rows)
				n := 0
				for row := range vals {
					if int(index[row]) == idx {
						got[steps[row]] = vals[row]
						n++
					}
				}
				if n != tr.Rows {
					t.Fatalf("%s: %d rows, want %d", c.Header, n, tr.Rows)
				}
				if c.Var == "t_last_pre_spike" {
					continue
				}
				for i, ref := range c.Values {
					if oracle.Flag(c.Var) && got[i] != ref || !oracle.Close(got[i], ref) {
						t.Fatalf("%s step %d: got %v, want %v", c.Header, i, got[i], ref)
					}
				}
			}
		})
	}
}

// TestShippedSweepsValidateAndRun validates every shipped sweep and runs the small ones.
func TestShippedSweepsValidateAndRun(t *testing.T) {
	files, _ := filepath.Glob(repo("sweeps", "*.toml"))
	examples, _ := filepath.Glob(repo("examples", "brainpy", "*.toml"))
	if len(files) < 6 || len(examples) != 19 {
		t.Fatalf("found %d sweeps and %d examples", len(files), len(examples))
	}
	r := batch(t, nil, append([]string{"validate"}, append(files, examples...)...)...)
	if r.code != 0 {
		t.Fatalf("validate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Sweeps of large networks run one shard here: the whole of brunel.toml (12 points of a
	// 5000-neuron network) takes minutes; sweeps/brunel_states_test.go checks its states.
	oneShard := map[string]string{"brunel.toml": "0/12"}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			out := t.TempDir()
			args := []string{"run", f, "--out", out, "-q"}
			shard, partial := oneShard[filepath.Base(f)]
			if partial {
				args = append(args, "--shard", shard)
			}
			r := batch(t, nil, args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if partial {
				if !strings.Contains(r.stderr, "1 run (1 ok, 0 failed)") {
					t.Fatalf("shard %s of %s: %s", shard, f, r.stderr)
				}
				return
			}
			st := batch(t, nil, "status", out)
			if st.code != 0 || !strings.Contains(st.stdout, "0 failed, 0 missing") {
				t.Fatalf("status: %d %s %s", st.code, st.stdout, st.stderr)
			}
		})
	}
}

// dataset reads every table of an output directory into comparable text: rows sorted, so that
// two runs that split the work differently compare equal when their data are equal.
func dataset(t *testing.T, out string) map[string]string {
	t.Helper()
	res := map[string]string{}
	dirs, _ := filepath.Glob(filepath.Join(out, "*", "*"))
	dirs = append(dirs, filepath.Join(out, "points"))
	for _, d := range dirs {
		st, err := os.Stat(d)
		if err != nil || !st.IsDir() {
			continue
		}
		tab, err := parquetio.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		var rows []string
		for i := range tab.NumRows {
			var sb strings.Builder
			for _, f := range tab.Fields {
				if f.Name == "wall_s" || f.Name == "part" {
					continue
				}
				switch f.Type {
				case parquetio.Int32:
					fmt.Fprintf(&sb, "%d,", tab.Int32[f.Name][i])
				case parquetio.Int64:
					fmt.Fprintf(&sb, "%d,", tab.Int64[f.Name][i])
				case parquetio.Uint64:
					fmt.Fprintf(&sb, "%d,", tab.Uint64[f.Name][i])
				case parquetio.Float64:
					fmt.Fprintf(&sb, "%x,", tab.Float64[f.Name][i])
				case parquetio.Float32:
					fmt.Fprintf(&sb, "%x,", tab.Float32[f.Name][i])
				case parquetio.String:
					fmt.Fprintf(&sb, "%q,", tab.String[f.Name][i])
				}
			}
			rows = append(rows, sb.String())
		}
		sort.Strings(rows)
		rel, _ := filepath.Rel(out, d)
		res[rel] = strings.Join(rows, "\n")
	}
	return res
}

func sameDataset(t *testing.T, a, b map[string]string) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("datasets %v vs %v", keys(a), keys(b))
	}
	for k, va := range a {
		if vb, ok := b[k]; !ok || va != vb {
			t.Fatalf("dataset %s differs (%d vs %d bytes)", k, len(va), len(vb))
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// smallSweep is sweeps/stp.toml cut to 64 points of 200 ms.
func smallSweep(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(repo("sweeps", "stp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "duration = 1000.0", "duration = 200.0", 1)
	s = strings.Replace(s, "linspace = { start = 0.05, stop = 0.9, num = 8 }", "values = [0.1]", 1)
	f := filepath.Join(t.TempDir(), "small.toml")
	if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestShardsTogetherEqualOneRun(t *testing.T) {
	f := smallSweep(t)
	whole := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", whole, "-q"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	sharded := t.TempDir()
	for i := range 4 {
		if r := batch(t, nil, "run", f, "--out", sharded, "--shard", fmt.Sprintf("%d/4", i), "-q"); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	// A job array's variables pick the shard too.
	viaEnv := t.TempDir()
	for i := range 4 {
		env := []string{fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i), "SLURM_ARRAY_TASK_COUNT=4", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_STEP=1"}
		if r := batch(t, env, "run", f, "--out", viaEnv, "-q"); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	a, b, c := dataset(t, whole), dataset(t, sharded), dataset(t, viaEnv)
	sameDataset(t, a, b)
	sameDataset(t, a, c)
	parts, _ := filepath.Glob(filepath.Join(sharded, "points", "*.parquet"))
	if len(parts) != 4 {
		t.Fatalf("%d points files, want 4", len(parts))
	}
}

// TestKilledRunResumes kills a run with SIGKILL at several moments and resumes it; the result must
// equal an uninterrupted run, no point missing or doubled.
func TestKilledRunResumes(t *testing.T) {
	f := smallSweep(t)
	whole := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", whole, "-q", "--replicas", "4"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	want := dataset(t, whole)
	for _, delay := range []time.Duration{30 * time.Millisecond, 80 * time.Millisecond, 150 * time.Millisecond} {
		out := t.TempDir()
		cmd := exec.Command(batchBin, "run", f, "--out", out, "-q", "--replicas", "4")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if r := batch(t, nil, "run", f, "--out", out, "-q", "--replicas", "4"); r.code != 0 {
			t.Fatalf("resume: %s", r.stderr)
		}
		sameDataset(t, want, dataset(t, out))
		// Nothing hidden is left behind.
		var tmp []string
		filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
			if strings.Contains(filepath.Base(p), ".tmp-") {
				tmp = append(tmp, p)
			}
			return nil
		})
		if len(tmp) > 0 {
			t.Fatalf("temporary files left: %v", tmp)
		}
	}
}

func TestOtherSweepIntoSameDirIsRefused(t *testing.T) {
	f := smallSweep(t)
	out := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := batch(t, nil, "run", repo("sweeps", "gap_junction.toml"), "--out", out, "-q")
	if r.code != 2 || !strings.Contains(r.stderr, "another sweep") || !strings.Contains(r.stderr, "input[0].target: \"neu0\" here, \"neu1\" in") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
}
