package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// hetSweep is a LIF population whose thresholds and time constants are drawn per neuron, swept
// over the mean threshold, two repeats: six points, each drawing its own columns.
const hetSweep = `[run]
dt = 0.1
duration = 100.0
seed = 5

[[population]]
name = "exc"
model = "LIF"
size = 50
params = { V_th = { normal = [20.0, 2.0], min = 12.0 }, tau = { uniform = [8.0, 12.0] }, t_refractory = 2.0 }
method = "exp_euler"

[[input]]
target = "exc"
var = "input"
value = 24.0

[[monitor]]
target = "exc"
vars = ["V"]
indices = [0, 7, 49]
every = 10

[spikes]
populations = ["exc"]

[sweep]
repeats = 2
[[sweep.axis]]
path = "exc.V_th.normal[0]"
values = [18.0, 20.0, 22.0]
`

// TestParamsPerNeuronShardsWorkersReplicas: a sweep of drawn parameters writes the same data as
// one run, as three shards on one worker, and with every point in a world of its own: the draws
// depend on the point, never on how the points are run.
func TestParamsPerNeuronShardsWorkersReplicas(t *testing.T) {
	f := filepath.Join(t.TempDir(), "het.toml")
	if err := os.WriteFile(f, []byte(hetSweep), 0o644); err != nil {
		t.Fatal(err)
	}
	whole := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", whole, "-q", "--workers", "2"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	sharded := t.TempDir()
	for i := range 3 {
		if r := batch(t, nil, "run", f, "--out", sharded, "--shard", fmt.Sprintf("%d/3", i), "--workers", "1", "-q"); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	alone := t.TempDir()
	if r := batch(t, nil, "run", f, "--out", alone, "-q", "--replicas", "1"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	want := dataset(t, whole)
	sameDataset(t, want, dataset(t, sharded))
	sameDataset(t, want, dataset(t, alone))
}
