package sweep

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const sourcesBase = `[run]
duration = 20.0

[[population]]
name = "src"
model = "Poisson"
size = 10
params = { rate = 5.0 }

[[population]]
name = "a"
model = "LIF"
size = 4

[[projection]]
name = "s"
model = "VoltageJump"
pre = "src"
post = "a"
conn = { kind = "fixed_indegree", k = 3 }
output = "voltage"
weight = 0.5
delay = 1.5
`

// TestSourcesFileGood: the new keys parse into the network.
func TestSourcesFileGood(t *testing.T) {
	src := sourcesBase + `
[[population]]
name = "gen"
model = "SpikeTimes"
size = 2
times = [[1.0, 2.0], []]

[[input]]
target = "a"
var = "V"
poisson = { rate = 100.0, n = 20, weight = 0.2 }

[sweep]
[[sweep.axis]]
path = "s.weight"
values = [0.5, 1.0]
[[sweep.axis]]
path = "a.V.poisson.rate"
values = [50.0, 80.0]
[[sweep.axis]]
path = "src.rate"
values = [1.0, 2.0]
`
	s, err := Parse("test.toml", []byte(src), testCatalog, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pt := s.Point(7)
	n := pt.Net
	if n.Projections[0].Weight != 1 || n.Inputs[0].Poisson.Rate != 80 || n.Populations[0].Params["rate"] != 2 ||
		n.Projections[0].Conn.K != 3 || n.Projections[0].Output != "voltage" || len(n.Populations[2].SpikeTimes[0]) != 2 {
		t.Fatalf("point 7: %+v", n)
	}
	if s.Point(0).Net.Inputs[0].Poisson.Rate != 50 || s.Base.Inputs[0].Poisson.Rate != 100 {
		t.Fatal("an axis changed the base network or another point")
	}
}

// TestSourcesBadFiles: each bad value is reported at its file:line:col with its key.
func TestSourcesBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("nopost.csv", "pre,weight\n0,1.0\n")
	write("range.csv", "pre,post\n0,1\n10,2\n")
	write("times.csv", "neuron,time\n0,1.0\n0,1.04\n")
	cases := []struct{ name, old, new, key, msg string }{
		{"negative rate", "rate = 5.0", "rate = -5.0", "params.rate", "must be >= 0"},
		{"k above pre size", "k = 3", "k = 11", "conn.k", "set allow_multiple = true"},
		{"k above pre size ok with multiple", "k = 3", "k = 11, allow_multiple = true", "", ""},
		{"delay below dt", "delay = 1.5", "delay = 0.05", "delay", "below dt"},
		{"delay dist without min", "delay = 1.5", "delay = { normal = [1.5, 0.5] }", "delay", "at or above dt"},
		{"file missing column", `conn = { kind = "fixed_indegree", k = 3 }`, `conn = { kind = "from_file", file = "nopost.csv" }`, "conn.file", `missing column "post"`},
		{"file index out of range", `conn = { kind = "fixed_indegree", k = 3 }`, `conn = { kind = "from_file", file = "range.csv" }`, "conn.file", "line 3: pre 10 is not an index in 0..9"},
		{"file not found", `conn = { kind = "fixed_indegree", k = 3 }`, `conn = { kind = "from_file", file = "none.csv" }`, "conn.file", "not found"},
		{"weight on a kinetic synapse", `model = "VoltageJump"`, `model = "Exponential"`, "weight", "for delta synapses"},
		{"two spikes in one step", `model = "Poisson"` + "\nsize = 10\nparams = { rate = 5.0 }", `model = "SpikeTimes"` + "\nsize = 10\ntimes_csv = \"times.csv\"", "times_csv", "two spikes in step 10"},
		{"drive rate below 0", "delay = 1.5", "delay = 1.5\n\n[[input]]\ntarget = \"a\"\nvar = \"V\"\npoisson = { rate = -1.0, n = 5, weight = 0.1 }", "poisson.rate", "non-negative"},
		{"drive n not whole", "delay = 1.5", "delay = 1.5\n\n[[input]]\ntarget = \"a\"\nvar = \"V\"\npoisson = { rate = 1.0, n = 2.5, weight = 0.1 }", "poisson.n", "whole number"},
	}
	pos := regexp.MustCompile(`^test\.toml:\d+:\d+: `)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(sourcesBase, c.old, c.new, 1)
			if src == sourcesBase {
				t.Fatalf("edit %q not applied", c.old)
			}
			_, err := Parse("test.toml", []byte(src), testCatalog, dir)
			if c.key == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, e := range Errors(err) {
				if strings.HasSuffix(e.Key, c.key) && strings.Contains(e.Msg, c.msg) && pos.MatchString(e.Error()) {
					return
				}
			}
			t.Fatalf("no error at key %s mentioning %q with a position: %v", c.key, c.msg, err)
		})
	}
}
