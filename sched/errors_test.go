package sched_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

func TestBadNetworksAreRefusedWithObjectAndKey(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(n *spec.Network)
		want   []string // substrings of the message
	}{
		{"unknown model", func(n *spec.Network) { n.Projections[0].Model = "STPP" },
			[]string{"projection syn", "model", `unknown model "STPP"`, "STP"}},
		{"unknown parameter", func(n *spec.Network) { n.Projections[0].Params["tau_dd"] = 1 },
			[]string{"projection syn", "params.tau_dd", "tau_d"}},
		{"zero dt", func(n *spec.Network) { n.Dt = 0 }, []string{"run", "dt"}},
		{"negative dt", func(n *spec.Network) { n.Dt = -0.1 }, []string{"run", "dt"}},
		{"NaN parameter", func(n *spec.Network) { n.Projections[0].Params["U"] = math.NaN() },
			[]string{"projection syn", "params.U", "not finite"}},
		{"negative delay", func(n *spec.Network) { n.Projections[0].Delay = -1 }, []string{"projection syn", "delay"}},
		{"sizes do not fit", func(n *spec.Network) { n.Projections[0].Conn = spec.Conn{Kind: "one2one"}; n.Populations[1].Size = 3 },
			[]string{"projection syn", "conn", "equal sizes"}},
		{"missing pre", func(n *spec.Network) { n.Projections[0].Pre = "nope" }, []string{"projection syn", "pre", "nope"}},
		{"neuron as synapse", func(n *spec.Network) { n.Projections[0].Model = "LIF" }, []string{"projection syn", "not a synapse"}},
		{"synapse on rate units", func(n *spec.Network) { n.Populations[0].Model = "Rate" },
			[]string{"projection syn", "STP cannot be wired"}},
		{"monitor of unknown var", func(n *spec.Network) {
			n.Monitors = []spec.Monitor{{Target: "syn", Vars: []string{"V"}}}
		}, []string{"monitor syn", "vars", `"V"`}},
		{"input length", func(n *spec.Network) { n.Inputs[0].Value = []float64{1, 2, 3} },
			[]string{"input neu1.input", "value", "want 1 or 1"}},
		{"unknown method", func(n *spec.Network) { n.Populations[0].Method = "heun" },
			[]string{"population neu1", "method", "heun"}},
		{"order incomplete", func(n *spec.Network) { n.Order = []string{"neu1", "syn"} },
			[]string{"run", "order", "neu2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := netgen.STPPair(10, 0.2, 150, 2)
			c.mutate(n)
			_, err := sched.Build([]*spec.Network{n}, sched.Options{})
			if err == nil {
				t.Fatal("accepted")
			}
			var be *sched.BuildError
			if !errors.As(err, &be) {
				t.Fatalf("error %T %v is not a *BuildError", err, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestDivergenceFailsOnlyItsReplica blows up one replica (a negative time constant and an
// unreachable threshold make V grow without bound) and
// checks the error names the variable, entity and step while the other replica finishes.
//
// The replicas run in one world (no blocks), and in blocks of one replica on two workers, where
// each block checks its own replicas: the error must be the same.
func TestDivergenceFailsOnlyItsReplica(t *testing.T) {
	for _, opts := range []sched.Options{{CheckEvery: 100}, {CheckEvery: 100, Workers: 2, BlockReplicas: 1}} {
		divergenceFailsOnlyItsReplica(t, opts)
	}
}

func divergenceFailsOnlyItsReplica(t *testing.T, opts sched.Options) {
	good := netgen.STPPair(100, 0.2, 150, 2)
	bad := netgen.STPPair(100, 0.2, 150, 2)
	bad.Populations[0].Params = map[string]float64{"tau": -0.01, "V_th": math.MaxFloat64}
	sim, err := sched.Build([]*spec.Network{good, bad}, opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed[0] != nil {
		t.Fatalf("healthy replica failed: %v", res.Failed[0])
	}
	var nf *sched.NonFiniteError
	if !errors.As(res.Failed[1], &nf) {
		t.Fatalf("diverged replica: %v", res.Failed[1])
	}
	if nf.Table != "neu1" || nf.Var != "V" || nf.Index != 0 || nf.Replica != 1 || nf.Step != 299 || nf.Since != 199 {
		t.Fatalf("error points at %+v", nf)
	}
	if !strings.Contains(nf.Error(), "neu1.V[0]") || !strings.Contains(nf.Error(), "step 299 (finite at step 199)") {
		t.Fatalf("message %q", nf.Error())
	}
	if res.SpikeCounts["neu2"][0] != 0 && res.SpikeCounts["neu1"][0] == 0 {
		t.Fatal("healthy replica did not run")
	}
}

// TestNonFiniteBeforeFirstScan: a state found non-finite by the first scan is said to have been
// finite at the start, not at step -1.
func TestNonFiniteBeforeFirstScan(t *testing.T) {
	e := &sched.NonFiniteError{Table: "neu", Var: "V", Value: math.NaN(), Step: 255, Since: -1}
	if got := e.Error(); !strings.HasSuffix(got, "at step 255 (finite at the start)") {
		t.Fatalf("got %q", got)
	}
}
