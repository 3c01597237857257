package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// A sweep with repeats is validated once per combination; the point an error names must still be
// the first failing one of the range, for the whole sweep and for a shard that starts at a later
// repeat, and nothing may be written.
func TestBadCombinationNamesItsFirstPoint(t *testing.T) {
	const src = `[run]
dt = 0.1
duration = 5.0
[[population]]
name = "neu"
model = "LIF"
size = 2
[[input]]
target = "neu"
var = "input"
poisson = { rate = 6000.0, n = 10, weight = 0.1 }
[sweep]
repeats = 3
[[sweep.axis]]
path = "run.dt"
values = [0.1, 0.2, 0.05]
`
	sw, err := sweep.Parse("bad.toml", []byte(src), systems.Catalog(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		shard sweep.Shard
		want  string
	}{{sweep.All, "point 1:"}, {sweep.Shard{Index: 1, Count: 3}, "point 4:"}, {sweep.Shard{Index: 2, Count: 3}, "point 7:"}} {
		out := filepath.Join(t.TempDir(), "out")
		_, err := Run(sw, Options{Out: out, Shard: c.shard, Workers: 1})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "poisson.rate") {
			t.Fatalf("shard %v: error %v, want one naming %q and poisson.rate", c.shard, err, c.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Fatalf("shard %v: the output directory exists (%v): something was written", c.shard, err)
		}
	}
}
