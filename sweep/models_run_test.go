package sweep_test

import (
	"testing"

	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// runFile loads a shipped sweep and runs all its points as replicas of one world.
func runFile(t *testing.T, path string) (*sweep.Sweep, *sched.MemorySink, *sched.Result) {
	t.Helper()
	s, err := sweep.Load(path, systems.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	var nets []*spec.Network
	for _, p := range s.Points() {
		nets = append(nets, p.Net)
	}
	sink := sched.NewMemorySink()
	sim, err := sched.Build(nets, sched.Options{Sink: sink, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	for r, f := range res.Failed {
		if f != nil {
			t.Fatalf("point %d: %v", r, f)
		}
	}
	return s, sink, res
}

// spikeSteps lists the steps at which neuron 0 of replica r fired.
func spikeSteps(b *sched.SpikeBatch, r int) []int {
	var out []int
	for i := range b.Step {
		if int(b.Replica[i]) == r && b.Index[i] == 0 {
			out = append(out, int(b.Step[i]))
		}
	}
	return out
}

func intervals(s []int) []int {
	var out []int
	for i := 1; i < len(s); i++ {
		out = append(out, s[i]-s[i-1])
	}
	return out
}

// The Izhikevich sweep shows its three firing patterns (Izhikevich 2003, fig. 2): regular
// spiking is tonic (no interval under 10 ms after the first); intrinsically bursting starts with
// a burst, then fires tonically; chattering repeats bursts (intervals under 10 ms within a
// burst, over 20 ms between bursts).
func TestIzhikevichSweepRuns(t *testing.T) {
	_, sink, res := runFile(t, "../sweeps/izhikevich.toml")
	counts := res.SpikeCounts["neu"]
	if len(counts) != 3 {
		t.Fatalf("%d points", len(counts))
	}
	for r, name := range []string{"RS", "IB", "CH"} {
		d := intervals(spikeSteps(sink.Spike["neu"], r))
		if counts[r]%10 != 0 {
			t.Errorf("%s: %d spikes; the 10 identical neurons should fire alike", name, counts[r])
		}
		short, long := 0, 0
		for _, x := range d[1:] {
			if x < 100 {
				short++
			} else if x > 200 {
				long++
			}
		}
		t.Logf("%s: %d spikes per neuron, intervals %v", name, counts[r]/10, d)
		if bursting := short > 0 && long > 0; bursting != (name != "RS") {
			t.Errorf("%s: %d short and %d long intervals", name, short, long)
		}
	}
	if m := sink.Monitors["neu"]; m == nil || len(m.Vars) != 2 {
		t.Fatal("v and u not recorded")
	}
}

// The AdEx sweep adapts: with b > 0 the intervals lengthen, and more b means fewer spikes.
func TestAdExSweepRuns(t *testing.T) {
	_, sink, res := runFile(t, "../sweeps/adex.toml")
	counts := res.SpikeCounts["neu"]
	t.Logf("spikes for b = 0, 80.5, 200 pA: %v", counts)
	if !(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > 2) {
		t.Fatalf("spike counts %v do not fall with b", counts)
	}
	d := intervals(spikeSteps(sink.Spike["neu"], 1))
	if len(d) < 3 || d[1] <= d[0] || d[2] <= d[1] {
		t.Fatalf("b = 80.5: intervals %v do not lengthen", d)
	}
}

// The NMDA-like synapse written as equations: without magnesium its current makes the post
// neuron fire; the block lowers the count as [Mg] grows, to silence at 1.2 mM, where the current
// at -55 mV is about a tenth of the unblocked one.
func TestNMDAMgSweepRuns(t *testing.T) {
	s, _, res := runFile(t, "../sweeps/nmda_mg.toml")
	counts := res.SpikeCounts["post"]
	if len(counts) != 5 {
		t.Fatalf("%d points", len(counts))
	}
	t.Logf("post spikes against Mg %v: %v", s.Axes[0].Values, counts)
	for r := 1; r < len(counts); r++ {
		if counts[r] > counts[r-1] {
			t.Errorf("more spikes with more magnesium: %v", counts)
		}
	}
	if counts[0] < 5 || counts[3] != 0 || counts[4] != 0 {
		t.Errorf("post spikes %v: want firing without Mg, none at 1.2 and 2 mM", counts)
	}
	for r, c := range res.SpikeCounts["pre"] {
		if c != res.SpikeCounts["pre"][0] {
			t.Errorf("point %d: the pre neuron fired %d times, point 0 %d", r, c, res.SpikeCounts["pre"][0])
		}
	}
}
