package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/spikesweep/spikesweep/runner"
)

// rateDt is testdata/rate_dt_diverges.toml: six values of run.dt, the largest of which diverges.
var rateDt = repo("testdata", "rate_dt_diverges.toml")

// runRateDt runs rateDt into a temporary directory; exit 1, since one point fails.
func runRateDt(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "rate_dt")
	if r := batch(t, nil, "run", rateDt, "--out", out); r.code != 1 || !strings.Contains(r.stderr, "1 of 6 points failed") {
		t.Fatalf("run: exit %d, want 1 with one failed point: %s", r.code, r.stderr)
	}
	return out
}

// packageName finds a Go package name used as a message prefix ("report: ", "parquetio: ").
var packageName = regexp.MustCompile(`(^|: )(report|parquetio|runner|sched|sweep): `)

// Every usage error exits 2, and no message speaks of Go packages.
func TestEveryUsageErrorExits2(t *testing.T) {
	out := runRateDt(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"foo"}, `unknown command "foo"`},
		{[]string{"run", rateDt, "--out"}, "flag --out needs a value"},
		{[]string{"report", out, "--metric"}, "flag --metric needs a value"},
		{[]string{"report", out, "--metric", "rate.neu"}, "no such statistics column"},
		{[]string{"report", out, "--fix", "neu.tauu=1"}, `"neu.tauu" is not a swept axis (axes: run.dt)`},
		{[]string{"report", out, "--metric", "rate:foo"}, `the spikes of "foo" were not counted`},
		{[]string{"report", out, "--metric", "final:neu.V"}, `monitor neu records no variable "V" (it records r)`},
		{[]string{"report", out, "--x", "neu.tau"}, `not a swept axis`},
		{[]string{"status", filepath.Join(out, "nonexistent")}, "no such directory"},
		{[]string{"status", t.TempDir()}, "not an output directory of batch run (it has no sweep.json)"},
		{[]string{"report", rateDt}, "is a file"},
		{[]string{"plot", out, "--point", "9999"}, "point 9999 has no row in the points table"},
		{[]string{"plot", out, "--monitor", "nope"}, `no monitor named "nope"`},
		{[]string{"plot", out, "--vars", "V"}, `records no variable "V"`},
		{[]string{"plot", out, "-o", filepath.Join(out, "x.pdf")}, "want a .png or .svg file"},
		{[]string{"plot", out, "--tmin", "300", "--tmax", "100"}, "--tmax 100 ms: want a time after --tmin (300 ms)"},
		{[]string{"plot", out, "--tmax", "0"}, "--tmax 0 ms: want a time after --tmin (0 ms)"},
		{[]string{"plot", out, "--tmax", "500"}, "tmax 500 ms is after the end of the run (400 ms)"},
		{[]string{"plot", out, "--tmin", "400"}, "tmin 400 ms is at or after the end of the run (400 ms)"},
		{[]string{"plot", out, "--tmin", "-5"}, "tmin -5 ms is before the start of the run"},
		{[]string{"plot", out, "--tmin"}, "flag --tmin needs a value"},
		{[]string{"plot", out, "--tmax", "late"}, `invalid value "late" for flag -tmax`},
		{[]string{"plot", out, "--rates", "neu"}, `no population rate of "neu" was written: the sweep file has no [analysis]`},
		{[]string{"plot", out, "--smooth", "-2"}, "--smooth -2: want a width in ms, or 0 for no smoothing"},
		{[]string{"report", out, "--fix", "run.dt=0.05", "--x", "run.dt"}, "run.dt is fixed (--fix), so it cannot also be the heat map's x axis"},
		{[]string{"models", "NoSuchModel"}, `no model named "NoSuchModel"`},
		{[]string{"help", "nope"}, `no help topic "nope"`},
	}
	for _, c := range cases {
		r := batch(t, nil, c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("batch %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), r.code, r.stderr, c.want)
		}
		if m := packageName.FindString(r.stderr[min(len(r.stderr), len("batch: ")):]); m != "" {
			t.Errorf("batch %s: the message names a Go package (%q): %s", strings.Join(c.args, " "), m, r.stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"-v"}} {
		r := batch(t, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "spikesweep engine "+runner.Version+", commit ") {
			t.Errorf("batch %s: exit %d, %q; want the engine version %s and the commit", args[0], r.code, r.stdout, runner.Version)
		}
	}
}

// `batch help format` prints FORMAT.md as it is in the repository: the binary carries it.
func TestHelpFormatPrintsFormatMd(t *testing.T) {
	want, err := os.ReadFile(repo("sweep", "FORMAT.md"))
	if err != nil {
		t.Fatal(err)
	}
	if r := batch(t, nil, "help", "format"); r.code != 0 || r.stdout != string(want) {
		t.Errorf("help format: exit %d, %d bytes; want FORMAT.md's %d bytes", r.code, len(r.stdout), len(want))
	}
	r := batch(t, nil, "--help")
	for _, s := range []string{"batch help format", "Exit codes"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("batch --help does not mention %q", s)
		}
	}
	r = batch(t, nil, "help", "run")
	for _, s := range []string{"--replicas", "--compression", "--quiet, -q", "all cores"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("batch help run does not list %q:\n%s", s, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "(default: 0)") {
		t.Errorf("batch help run shows a default of 0:\n%s", r.stdout)
	}
}

func TestModelsName(t *testing.T) {
	r := batch(t, nil, "models", "lif")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "LIF (neuron)") || strings.Contains(r.stdout, "STP") {
		t.Errorf("models lif: exit %d\n%s", r.code, r.stdout)
	}
	r = batch(t, nil, "models", "STP", "Rate")
	if r.code != 0 || !strings.Contains(r.stdout, "STP (synapse)") || !strings.Contains(r.stdout, "Rate (neuron)") ||
		strings.Contains(r.stdout, "LIF (neuron)") {
		t.Errorf("models STP Rate: exit %d\n%s", r.code, r.stdout)
	}
	if r := batch(t, nil, "models"); !strings.Contains(r.stdout, "Units are BrainPy's") {
		t.Errorf("models does not explain the units")
	}
}

// With run.dt swept each point has its own step count.
func TestPlanAndValidateStepsPerPoint(t *testing.T) {
	v := batch(t, nil, "validate", rateDt)
	if v.code != 0 || !strings.Contains(v.stdout, "ok (6 points, 800 to 40000 steps per point") {
		t.Errorf("validate: exit %d %q", v.code, v.stdout)
	}
	p := batch(t, nil, "plan", rateDt)
	if p.code != 0 {
		t.Fatalf("plan: exit %d %s", p.code, p.stderr)
	}
	lines := strings.Split(strings.TrimSpace(p.stdout), "\n")
	if !strings.HasSuffix(strings.TrimSpace(lines[0]), "steps") {
		t.Errorf("plan has no steps column: %q", lines[0])
	}
	for i, want := range []string{"40000", "20000", "8000", "4000", "2000", "800"} {
		f := strings.Fields(lines[1+i])
		if f[len(f)-1] != want {
			t.Errorf("point %d: %s steps, want %s", i, f[len(f)-1], want)
		}
	}
	if !strings.Contains(p.stdout, "# 6 points, 800 to 40000 steps per point") || !strings.Contains(p.stdout, "1 shard\n") {
		t.Errorf("plan summary: %q", lines[len(lines)-1])
	}
	s := batch(t, nil, "plan", repo("sweeps", "stp.toml"))
	if !strings.Contains(s.stdout, "# 512 points, 10000 steps each (dt 0.1 ms, 1000 ms), 1 shard") {
		t.Errorf("plan of stp.toml: %q", s.stdout[strings.LastIndex(s.stdout, "#"):])
	}
}

// Progress counts points, singular when there is one, and a sweep that records nothing says so.
func TestProgressAndRecordsNothing(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "bare.toml")
	if err := os.WriteFile(f, []byte("[run]\ndt = 0.1\nduration = 10.0\n\n[[population]]\nname = \"neu\"\nmodel = \"LIF\"\nsize = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	v := batch(t, nil, "validate", f)
	if v.code != 0 || !strings.Contains(v.stdout, "ok (1 point, 100 steps each") || !strings.Contains(v.stderr, "records no monitor and no spikes") {
		t.Errorf("validate: exit %d %q %q", v.code, v.stdout, v.stderr)
	}
	r := batch(t, nil, "run", f, "--out", filepath.Join(dir, "out"))
	for _, s := range []string{"records no monitor and no spikes", "1/1 points", "1 point in shard"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("run does not say %q:\n%s", s, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "point-steps") {
		t.Errorf("progress counts point-steps:\n%s", r.stderr)
	}
	q := batch(t, nil, "run", f, "--out", filepath.Join(dir, "out2"), "-q")
	if strings.Contains(q.stderr, "points (") || strings.Contains(q.stderr, "records no") {
		t.Errorf("-q still shows progress or notes:\n%s", q.stderr)
	}
}

// A dataset with a failed point gets a report and plots, and they are readable by the group
// (the umask decides, as for any file).
func TestReportAndPlotOfFailedPoints(t *testing.T) {
	old := syscall.Umask(0o002)
	defer syscall.Umask(old)
	out := runRateDt(t)
	r := batch(t, nil, "report", out)
	if r.code != 0 {
		t.Fatalf("report: exit %d %s", r.code, r.stderr)
	}
	p := batch(t, nil, "plot", out, "--point", "5")
	if p.code != 0 {
		t.Fatalf("plot of the failed point: exit %d %s", p.code, p.stderr)
	}
	w := batch(t, nil, "plot", out, "--point", "0", "--tmin", "100", "--tmax", "250.5")
	if w.code != 0 || !strings.Contains(w.stdout, "neu-point0-t100-250.5.png") {
		t.Errorf("plot of a time window: exit %d, wrote %q %s", w.code, w.stdout, w.stderr)
	}
	files := append([]string{filepath.Join(out, "report.html")}, strings.Fields(p.stdout)...)
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o664 {
			t.Errorf("%s: mode %v, want 0664 (0666 less the umask 002)", filepath.Base(f), fi.Mode().Perm())
		}
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"state diverged", "1 of 6 points failed", "neu.tau", "Fixed"} {
		if !strings.Contains(string(html), s) {
			t.Errorf("report does not say %q", s)
		}
	}
}

// userMessage drops Go package names but keeps a sweep file's own keys.
func TestUserMessage(t *testing.T) {
	for in, want := range map[string]string{
		"report: points table: parquetio: open x: no such file": "points table: open x: no such file",
		"runner: out holds results of another sweep file":       "out holds results of another sweep file",
		"f.toml:30:1: sweep: the grid has more than 1 points":   "f.toml:30:1: sweep: the grid has more than 1 points",
		"f.toml:3:1: spikes: populations: unknown":              "f.toml:3:1: spikes: populations: unknown",
	} {
		if got := userMessage(errors.New(in)); got != want {
			t.Errorf("userMessage(%q) = %q, want %q", in, got, want)
		}
	}
}
