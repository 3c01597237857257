package sched_test

import (
	"math"
	"slices"
	"testing"

	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/equations"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

// stdpInitNet is an STDP projection of 100 x 100 = 10,000 synapses whose initial w is drawn per
// synapse; a monitor records w, A_s and A_t every step from step 0.
func stdpInitNet(seed uint64, model string, init map[string]spec.Dist) *spec.Network {
	return &spec.Network{Dt: 0.1, Duration: 2, Seed: seed,
		Populations: []spec.Population{{Name: "a", Model: "LIF", Size: 100}, {Name: "b", Model: "LIF", Size: 100}},
		Projections: []spec.Projection{{Name: "syn", Model: model, Pre: "a", Post: "b", InitRandom: init}},
		Inputs:      []spec.Input{{Target: "a", Var: "input", Value: []float64{30}}, {Target: "b", Var: "input", Value: []float64{30}}},
		Monitors:    []spec.Monitor{{Target: "syn", Vars: []string{"w", "A_s", "A_t"}}},
	}
}

// initColumns builds nets in one world with workers and returns syn's w per replica as built
// (before any step), and the monitor's records.
func initColumns(t *testing.T, nets []*spec.Network, workers int) ([]float64, *sched.MonitorBatch) {
	t.Helper()
	sink := sched.NewMemorySink()
	sim, err := sched.Build(nets, sched.Options{Workers: workers, Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	w := slices.Clone(sim.World.Table("syn").Float64(ecs.Component("w")))
	if _, err := sim.Run(); err != nil {
		t.Fatal(err)
	}
	for _, b := range sink.Monitors {
		return w, b
	}
	t.Fatal("no monitor records")
	return nil, nil
}

// TestProjectionInitUniformStatistics: w uniform in [0, 1] over 10,000 synapses has mean 1/2 and
// variance 1/12. The standard error of the mean is sqrt(1/12/10000) = 0.0029 and that of the
// variance about 0.00075, so the tolerances (0.015, 0.004) are five standard errors. The first
// record (step 0) is the draw, and synapses differ.
func TestProjectionInitUniformStatistics(t *testing.T) {
	net := stdpInitNet(11, "STDP", map[string]spec.Dist{"w": {Kind: "uniform", Min: 0, Max: 1}})
	w, mon := initColumns(t, []*spec.Network{net}, 1)
	if len(w) != 10000 {
		t.Fatalf("%d synapses, want 10000", len(w))
	}
	var sum, sq float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range w {
		sum += x
		lo, hi = min(lo, x), max(hi, x)
	}
	mean := sum / float64(len(w))
	for _, x := range w {
		sq += (x - mean) * (x - mean)
	}
	variance := sq / float64(len(w)-1)
	if math.Abs(mean-0.5) > 0.015 || math.Abs(variance-1.0/12) > 0.004 || lo < 0 || hi > 1 {
		t.Errorf("mean %.4f (want 0.5 +- 0.015), variance %.4f (want %.4f +- 0.004), range [%v, %v]", mean, variance, 1.0/12, lo, hi)
	}
	// The first record of w is step 0's, the drawn values (no spike happens at step 0).
	iw := slices.Index(mon.Vars, "w")
	var first []float64
	for k := range mon.Step {
		if mon.Step[k] == mon.Step[0] {
			first = append(first, mon.Values[iw][k])
		}
	}
	if mon.Step[0] != 0 || len(first) != 10000 {
		t.Fatalf("first record at step %d with %d synapses", mon.Step[0], len(first))
	}
	if !slices.Equal(first, w) {
		t.Error("the first recorded w is not the drawn column")
	}
	distinct := map[float64]bool{}
	for _, x := range first {
		distinct[x] = true
	}
	if len(distinct) < 9990 {
		t.Errorf("only %d distinct initial weights among 10000", len(distinct))
	}
	// Undrawn variables keep their defaults.
	ia := slices.Index(mon.Vars, "A_s")
	if mon.Values[ia][0] != 0 {
		t.Errorf("A_s starts at %v, want the default 0", mon.Values[ia][0])
	}
}

// TestProjectionInitNormalAndShared: a normal draw has its mean and sd; a variable shared by the
// synapses of one pre neuron (STDP's A_s) is drawn once per pre neuron, so each pre neuron's
// synapses start alike and pre neurons differ.
func TestProjectionInitNormalAndShared(t *testing.T) {
	net := stdpInitNet(5, "STDP", map[string]spec.Dist{"w": {Kind: "normal", Mean: 2, Std: 0.5},
		"A_s": {Kind: "uniform", Min: 0, Max: 1}})
	sink := sched.NewMemorySink()
	sim, err := sched.Build([]*spec.Network{net}, sched.Options{Workers: 1, Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	w := sim.World.Table("syn").Float64(ecs.Component("w"))
	var sum, sq float64
	for _, x := range w {
		sum += x
	}
	mean := sum / float64(len(w))
	for _, x := range w {
		sq += (x - mean) * (x - mean)
	}
	// Standard errors: 0.5/100 = 0.005 (mean), about 0.0035 (sd).
	if sd := math.Sqrt(sq / float64(len(w)-1)); math.Abs(mean-2) > 0.025 || math.Abs(sd-0.5) > 0.02 {
		t.Errorf("normal w: mean %.4f (want 2 +- 0.025), sd %.4f (want 0.5 +- 0.02)", mean, sd)
	}
	as := sim.World.Table("syn/pre").Float64(ecs.Component("A_s"))
	if len(as) != 100 {
		t.Fatalf("A_s has %d elements, want one per pre neuron (100)", len(as))
	}
	distinct := map[float64]bool{}
	for _, x := range as {
		distinct[x] = true
	}
	if len(distinct) != 100 {
		t.Errorf("%d distinct A_s among 100 pre neurons", len(distinct))
	}
}

// TestProjectionInitDeterministic: the draw depends on (point seed, projection, variable) only:
// one or two workers, alone or as the second replica of a world, give the same bits; another
// seed gives another draw. A synapse model written as equations draws into its own columns, and
// its initial-value expression does not overwrite the draw.
func TestProjectionInitDeterministic(t *testing.T) {
	init := map[string]spec.Dist{"w": {Kind: "uniform", Min: 0, Max: 1}}
	for _, model := range []string{"STDP", "STDP_eq"} {
		t.Run(model, func(t *testing.T) {
			mk := func(seed uint64) *spec.Network {
				n := stdpInitNet(seed, model, init)
				if model == "STDP_eq" {
					// w starts from an expression of the parameters, which the draw overrides.
					def := *synapseDefs()["STDP"]
					def.Vars = slices.Clone(def.Vars)
					def.Vars[3] = equations.Var{Name: "w", InitExpr: "w_max/20"}
					n.Models = []*equations.Def{&def}
				}
				return n
			}
			w1, m1 := initColumns(t, []*spec.Network{mk(3)}, 1)
			w2, m2 := initColumns(t, []*spec.Network{mk(3)}, 2)
			if !slices.Equal(w1, w2) {
				t.Error("the draw depends on the worker count")
			}
			for k := range m1.Values {
				if !slices.Equal(m1.Values[k], m2.Values[k]) {
					t.Errorf("recorded %s differs between 1 and 2 workers", m1.Vars[k])
				}
			}
			both, _ := initColumns(t, []*spec.Network{mk(9), mk(3)}, 2)
			if !slices.Equal(both[len(w1):], w1) {
				t.Error("the draw of a replica depends on the other replicas of its world")
			}
			if slices.Equal(both[:len(w1)], w1) {
				t.Error("seeds 9 and 3 drew the same weights")
			}
			if w1[0] == 1 || w1[1] == 1 {
				t.Errorf("the model's initial value overwrote the draw: w starts %v", w1[:2])
			}
		})
	}
}
