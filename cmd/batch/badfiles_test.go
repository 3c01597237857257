package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadSweepFiles: each broken file gives a message naming file, line and key, exit code 2, and
// writes nothing.
func TestBadSweepFiles(t *testing.T) {
	data, err := os.ReadFile(repo("sweeps", "stp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	good := string(data)
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"unknown key", "duration = 1000.0", "duraton = 1000.0", []string{":", "duraton", "duration"}},
		{"unknown model", `model = "STP"`, `model = "STPX"`, []string{"model", "STPX", "STDP"}},
		{"unknown parameter", "params = { U = 0.15,", "params = { UU = 0.15,", []string{"params.UU", "did you mean U"}},
		{"negative dt", "dt = 0.1 ", "dt = -0.1 ", []string{"dt"}},
		{"zero duration", "duration = 1000.0", "duration = 0.0", []string{"duration"}},
		{"missing post", `post = "neu2"`, `post = "neu3"`, []string{"post", "neu3"}},
		{"bad syntax", "[run]", "[run", []string{"stp.toml:"}},
		{"wrong type", "size = 1\n\n[[projection]]", "size = \"one\"\n\n[[projection]]", []string{"size"}},
		{"unknown monitor var", `vars = ["u", "x", "s"]`, `vars = ["u", "x", "q"]`, []string{"vars", "q"}},
		{"sweep path matches nothing", `path = "syn.U"`, `path = "syn.UX"`, []string{"syn.UX"}},
		{"linspace num", "num = 8 }\n\n[[sweep.axis]]\npath = \"syn.tau_d\"", "num = 0 }\n\n[[sweep.axis]]\npath = \"syn.tau_d\"", []string{"num"}},
		{"unknown connectivity", `conn = "all2all"`, `conn = "all2some"`, []string{"conn", "all2some"}},
		{"bad op", `value = 28.0`, "value = 28.0\nop = \"*\"", []string{"op"}},
		{"duplicate name", "name = \"neu2\"", "name = \"neu1\"", []string{"neu1"}},
		{"negative delay", `conn = "all2all"`, "conn = \"all2all\"\ndelay = -1.0", []string{"delay"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.old) {
				t.Fatalf("stp.toml no longer contains %q", c.old)
			}
			dir := t.TempDir()
			f := filepath.Join(dir, "stp.toml")
			if err := os.WriteFile(f, []byte(strings.Replace(good, c.old, c.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			r := batch(t, nil, "run", f, "--out", out, "-q")
			if r.code != 2 {
				t.Fatalf("exit %d, want 2: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, f+":") {
				t.Errorf("message does not name the file and line: %s", r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("message lacks %q: %s", w, r.stderr)
				}
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output directory was created")
			}
			if v := batch(t, nil, "validate", f); v.code != 2 {
				t.Errorf("validate: exit %d", v.code)
			}
		})
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--shard", "5/4"},
		{"run", "--workers", "0"},
		{"run", "a.toml", "b.toml"},
		{"run", "--nope"},
		{"status"},
	} {
		r := batch(t, nil, args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
	if r := batch(t, nil, "run", "no-such-file.toml"); r.code != 2 || !strings.Contains(r.stderr, "no-such-file.toml") {
		t.Errorf("missing file: exit %d %s", r.code, r.stderr)
	}
}

func TestModelsAndPlan(t *testing.T) {
	r := batch(t, nil, "models")
	for _, m := range []string{"LIF", "Rate", "AMPA", "NMDA", "GABAb", "TwoExponentials", "Alpha", "Exponential",
		"VoltageJump", "GapJunction", "STP", "STDP", "Oja", "BCM", "tau_d", "ms"} {
		if !strings.Contains(r.stdout, m) {
			t.Errorf("models lacks %s", m)
		}
	}
	p := batch(t, nil, "plan", repo("sweeps", "stp.toml"), "--shards", "4")
	if p.code != 0 || !strings.Contains(p.stdout, "# 512 points") || strings.Count(p.stdout, "\n") != 514 {
		t.Fatalf("plan: %d %s", p.code, p.stderr)
	}
}
