package sched_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/internal/oracle"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

// snapshot is every column of every table after a run, bit for bit.
func snapshot(t *testing.T, s *sched.Sim) map[string][]uint64 {
	t.Helper()
	out := map[string][]uint64{}
	for _, tab := range s.World.Tables() {
		for _, c := range tab.Components() {
			key := tab.Name + "." + string(c)
			if tab.IsBool(c) {
				for _, b := range tab.Bool(c) {
					v := uint64(0)
					if b {
						v = 1
					}
					out[key] = append(out[key], v)
				}
				continue
			}
			for _, x := range tab.Float64(c) {
				out[key] = append(out[key], math.Float64bits(x))
			}
		}
	}
	return out
}

func runWith(t *testing.T, nets []*spec.Network, workers int) (map[string][]uint64, *sched.MemorySink, *sched.Result) {
	t.Helper()
	return runBlocked(t, nets, workers, 0)
}

// runBlocked runs with block replicas per replica group (0: the scheduler's choice).
func runBlocked(t *testing.T, nets []*spec.Network, workers, block int) (map[string][]uint64, *sched.MemorySink, *sched.Result) {
	t.Helper()
	sink := sched.NewMemorySink()
	sim, err := sched.Build(nets, sched.Options{Workers: workers, Sink: sink, BlockReplicas: block})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	return snapshot(t, sim), sink, res
}

func sameState(t *testing.T, what string, a, b map[string][]uint64) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d columns vs %d", what, len(a), len(b))
	}
	for k, va := range a {
		vb := b[k]
		if len(va) != len(vb) {
			t.Fatalf("%s: %s lengths %d vs %d", what, k, len(va), len(vb))
		}
		for i := range va {
			if va[i] != vb[i] {
				t.Fatalf("%s: %s[%d] differs: %x vs %x", what, k, i, va[i], vb[i])
			}
		}
	}
}

func sameSpikes(t *testing.T, what string, a, b *sched.MemorySink) {
	t.Helper()
	for name, ma := range a.Monitors {
		mb := b.Monitors[name]
		if mb == nil || ma.Len() != mb.Len() {
			t.Fatalf("%s: monitor %s rows differ", what, name)
		}
		for i := range ma.Step {
			if ma.Step[i] != mb.Step[i] || ma.Replica[i] != mb.Replica[i] || ma.Index[i] != mb.Index[i] {
				t.Fatalf("%s: monitor %s row %d in another order", what, name, i)
			}
			for v := range ma.Values {
				if math.Float64bits(ma.Values[v][i]) != math.Float64bits(mb.Values[v][i]) {
					t.Fatalf("%s: monitor %s row %d differs", what, name, i)
				}
			}
		}
	}
	for pop, sa := range a.Spike {
		sb := b.Spike[pop]
		if sb == nil || sa.Len() != sb.Len() {
			t.Fatalf("%s: %s spike counts differ", what, pop)
		}
		for i := range sa.Step {
			if sa.Step[i] != sb.Step[i] || sa.Index[i] != sb.Index[i] || sa.Replica[i] != sb.Replica[i] {
				t.Fatalf("%s: %s spike %d differs", what, pop, i)
			}
		}
	}
}

// TestWorkersBitIdenticalOracle runs every reference example as 12 replicas with 1, 2, 3 and 8
// workers: 2 and 3 split the replicas into groups, 8 splits each stage. State, spikes and monitor
// rows (values and order) must be identical.
func TestWorkersBitIdenticalOracle(t *testing.T) {
	for _, name := range oracle.Names {
		n, _ := oracle.Example(name)
		tr, err := oracle.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		monitorsFor(n, tr)
		for i := range n.Monitors {
			n.Monitors[i].Every = 3 // recorded and skipped steps both occur in every chunk
		}
		n.Spikes = nil
		for _, p := range n.Populations {
			if p.Model == "LIF" {
				n.Spikes = append(n.Spikes, p.Name)
			}
		}
		// Twelve replicas make every stage big enough to be split.
		nets := make([]*spec.Network, 12)
		for i := range nets {
			nets[i] = n
		}
		ref, refSink, _ := runWith(t, nets, 1)
		for _, w := range []int{2, 3, 8} {
			got, sink, _ := runWith(t, nets, w)
			sameState(t, name, ref, got)
			sameSpikes(t, name, refSink, sink)
		}
	}
}

// TestBlocksBitIdenticalOracle runs every reference example as 12 replicas, stepped plainly (one
// worker, every replica every step) and in replica blocks of 1, 5 and 12 replicas that each run a
// chunk of steps before the next block (one and two workers). State, spike counts, spikes and
// monitor rows (values and order) must be identical.
func TestBlocksBitIdenticalOracle(t *testing.T) {
	for _, name := range oracle.Names {
		n, _ := oracle.Example(name)
		tr, err := oracle.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		monitorsFor(n, tr)
		for i := range n.Monitors {
			n.Monitors[i].Every = 3
		}
		n.Spikes = nil
		for _, p := range n.Populations {
			if p.Model == "LIF" {
				n.Spikes = append(n.Spikes, p.Name)
			}
		}
		nets := make([]*spec.Network, 12)
		for i := range nets {
			nets[i] = n
		}
		ref, refSink, refRes := runWith(t, nets, 1)
		for _, c := range []struct{ workers, block int }{{1, 1}, {1, 5}, {1, 12}, {2, 5}} {
			got, sink, res := runBlocked(t, nets, c.workers, c.block)
			what := fmt.Sprintf("%s, %d workers, blocks of %d", name, c.workers, c.block)
			sameState(t, what, ref, got)
			sameSpikes(t, what, refSink, sink)
			sameCounts(t, what, refRes, res)
		}
	}
}

// TestBlocksBitIdenticalSweep runs 96 points of the STP sweep (W3's grid) for 100 ms with the
// scheduler's own choice and with blocks of 1, 7 and 96 replicas on one to three workers.
func TestBlocksBitIdenticalSweep(t *testing.T) {
	nets := netgen.W3(1, 100)[:96]
	for _, n := range nets {
		n.Monitors = []spec.Monitor{{Target: "syn", Vars: []string{"u", "x", "s"}, Every: 7},
			{Target: "neu2", Vars: []string{"V", "spike"}, Every: 5}}
	}
	ref, refSink, refRes := runWith(t, nets, 1)
	for _, c := range []struct{ workers, block int }{{1, 1}, {1, 7}, {1, 96}, {2, 7}, {3, 5}, {2, 0}} {
		got, sink, res := runBlocked(t, nets, c.workers, c.block)
		what := fmt.Sprintf("sweep, %d workers, blocks of %d", c.workers, c.block)
		sameState(t, what, ref, got)
		sameSpikes(t, what, refSink, sink)
		sameCounts(t, what, refRes, res)
	}
}

func sameCounts(t *testing.T, what string, a, b *sched.Result) {
	t.Helper()
	for pop, ca := range a.SpikeCounts {
		cb := b.SpikeCounts[pop]
		if len(ca) != len(cb) {
			t.Fatalf("%s: %s spike counts for %d vs %d replicas", what, pop, len(ca), len(cb))
		}
		for r := range ca {
			if ca[r] != cb[r] {
				t.Fatalf("%s: %s replica %d fired %d vs %d times", what, pop, r, ca[r], cb[r])
			}
		}
	}
}

// TestWorkersBitIdenticalLarge runs 1e4 LIF neurons with 1e6 STP and STDP synapses for 500 ms
// with 1, 2, 3 and 8 workers and requires identical state and spikes. Under the race detector a
// smaller network keeps the run short; the split logic is the same.
func TestWorkersBitIdenticalLarge(t *testing.T) {
	n, syn, dur := 10000, 1000000, 500.0
	if raceEnabled || testing.Short() {
		n, syn, dur = 2000, 100000, 50
	}
	net := netgen.Plastic(n, syn, dur, 42)
	ref, refSink, res := runWith(t, []*spec.Network{net}, 1)
	if c := res.SpikeCounts["exc"][0]; c < int64(n)/10 {
		t.Fatalf("only %d spikes: the test network is too quiet to exercise propagation", c)
	}
	for _, w := range []int{2, 3, 8} {
		got, sink, _ := runWith(t, []*spec.Network{net}, w)
		sameState(t, "large", ref, got)
		sameSpikes(t, "large", refSink, sink)
	}
}

// TestWorkersBitIdenticalFusedRegions runs CUBA (25,000 LIF, event-driven synapses, spikes and V
// recorded) with 1, 2 and 3 workers: the two LIF updates share one parallel region (the
// recordings of exc wait for its end) and the four projections another, so a step has two
// barriers (it had six: one per update and per projection); state, spikes and monitor rows are
// the same for every worker count.
func TestWorkersBitIdenticalFusedRegions(t *testing.T) {
	net := netgen.CUBA(25000, 0.002, 50, 3, true)
	net.Monitors = []spec.Monitor{{Target: "exc", Vars: []string{"V", "input"}, Indices: []int{0, 1, 2, 19999}}}
	sim, err := sched.Build([]*spec.Network{net}, sched.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if b := sim.BarriersPerStep(); b != 2 {
		t.Fatalf("%d barriers per step, want 2 (LIF updates, then projections)", b)
	}
	ref, refSink, refRes := runWith(t, []*spec.Network{net}, 1)
	if c := refRes.SpikeCounts["exc"][0]; c < 1000 {
		t.Fatalf("only %d spikes: the network is too quiet to exercise propagation", c)
	}
	for _, w := range []int{2, 3} {
		got, sink, res := runWith(t, []*spec.Network{net}, w)
		sameState(t, "cuba", ref, got)
		sameSpikes(t, "cuba", refSink, sink)
		for _, pop := range []string{"exc", "inh"} {
			if res.SpikeCounts[pop][0] != refRes.SpikeCounts[pop][0] {
				t.Fatalf("%d workers: %s %d spikes, 1 worker %d", w, pop, res.SpikeCounts[pop][0], refRes.SpikeCounts[pop][0])
			}
		}
	}
}
