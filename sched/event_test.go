package sched_test

import (
	"math"
	"testing"

	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/internal/oracle"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

func cubaRun(t *testing.T, n int, event bool, workers int) (*sched.MemorySink, map[string][]int64) {
	t.Helper()
	net := netgen.CUBA(n, 0.02, 300, 5, event)
	net.Monitors = []spec.Monitor{{Target: "exc", Vars: []string{"V"}, Indices: []int{0, 1, 2, 3}}}
	sink := sched.NewMemorySink()
	sim, err := sched.Build([]*spec.Network{net}, sched.Options{Workers: workers, Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	return sink, res.SpikeCounts
}

// TestEventDrivenMatchesExact runs the CUBA network with event-driven and with per-synapse
// exponential synapses: spikes must be identical and V within the oracle tolerance; the
// event-driven run must not depend on the worker count.
func TestEventDrivenMatchesExact(t *testing.T) {
	exact, exactCounts := cubaRun(t, 1000, false, 1)
	event, eventCounts := cubaRun(t, 1000, true, 1)
	event2, _ := cubaRun(t, 1000, true, 2)
	if exactCounts["exc"][0] < 500 {
		t.Fatalf("only %d excitatory spikes: the network is too quiet to test propagation", exactCounts["exc"][0])
	}
	for _, pop := range []string{"exc", "inh"} {
		if exactCounts[pop][0] != eventCounts[pop][0] {
			t.Fatalf("%s: %d spikes exact, %d event-driven", pop, exactCounts[pop][0], eventCounts[pop][0])
		}
		a, b, c := exact.Spike[pop], event.Spike[pop], event2.Spike[pop]
		for i := range a.Step {
			if a.Step[i] != b.Step[i] || a.Index[i] != b.Index[i] || b.Step[i] != c.Step[i] || b.Index[i] != c.Index[i] {
				t.Fatalf("%s: spike %d differs", pop, i)
			}
		}
	}
	va, vb, vc := exact.Monitors["exc"].Values[0], event.Monitors["exc"].Values[0], event2.Monitors["exc"].Values[0]
	worst := 0.0
	for i := range va {
		if !oracle.Close(vb[i], va[i]) {
			t.Fatalf("V row %d: event %v, exact %v", i, vb[i], va[i])
		}
		worst = math.Max(worst, math.Abs(vb[i]-va[i]))
		if math.Float64bits(vb[i]) != math.Float64bits(vc[i]) {
			t.Fatalf("V row %d differs between 1 and 2 workers", i)
		}
	}
	t.Logf("largest |V_event - V_exact| = %.3g mV", worst)
}

// TestEventDrivenOneToOneIsBitIdentical: with one synapse per post neuron the event-driven sum
// is the synapse's own s, so the post neurons follow BrainPy's numbers to the bit.
func TestEventDrivenOneToOneIsBitIdentical(t *testing.T) {
	post := func(event bool) []float64 {
		n := netgen.STPPair(200, 0.2, 150, 2)
		n.Projections[0] = spec.Projection{Name: "syn", Model: "Exponential", Pre: "neu1", Post: "neu2",
			Output: "current", Event: &event, Delay: 0.3, Params: map[string]float64{"g_max": 150}}
		n.Monitors = []spec.Monitor{{Target: "neu2", Vars: []string{"V", "spike"}}}
		sink := sched.NewMemorySink()
		sim, err := sched.Build([]*spec.Network{n}, sched.Options{Sink: sink})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sim.Run(); err != nil {
			t.Fatal(err)
		}
		return append(sink.Monitors["neu2"].Values[0], sink.Monitors["neu2"].Values[1]...)
	}
	a, b := post(false), post(true)
	spikes := 0.0
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("row %d: exact %v, event %v", i, a[i], b[i])
		}
		if i >= len(a)/2 {
			spikes += a[i]
		}
	}
	if spikes == 0 {
		t.Fatal("the post neuron never fired: the comparison is too weak")
	}
}

func TestEventDrivenRefusesPerSynapseMonitor(t *testing.T) {
	net := netgen.CUBA(100, 0.1, 10, 1, true)
	net.Monitors = []spec.Monitor{{Target: "ee", Vars: []string{"s"}}}
	if _, err := sched.Build([]*spec.Network{net}, sched.Options{}); err == nil {
		t.Fatal("monitor of s on an event-driven projection accepted")
	}
}
