package sched_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/equations"
	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/internal/oracle"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

// lifEquations is brainmodels' LIF written as equations, in BrainPy's order of operations.
func lifEquations() *equations.Def {
	return &equations.Def{Name: "LIF_eq", Kind: "neuron",
		Params: []equations.Param{{Name: "V_rest"}, {Name: "V_reset", Default: -5}, {Name: "V_th", Default: 20},
			{Name: "R", Default: 1}, {Name: "tau", Default: 10}, {Name: "t_refractory", Default: 1}},
		Vars:       []equations.Var{{Name: "V", InitExpr: "V_rest", Unit: "mV"}},
		Equations:  "dV/dt = (-V + V_rest + R*input)/tau",
		Threshold:  "V >= V_th",
		Reset:      "V = V_reset",
		Refractory: "t_refractory",
	}
}

// useEquations replaces every LIF population of n by the LIF written as equations and records
// V, spike and refractory of each; it reports whether n has a LIF population.
func useEquations(n *spec.Network, def *equations.Def) bool {
	found := false
	for i := range n.Populations {
		if n.Populations[i].Model == "LIF" {
			n.Populations[i].Model = def.Name
			found = true
		}
	}
	n.Models = append(n.Models, def)
	return found
}

func addLIFMonitors(n *spec.Network) {
	for _, p := range n.Populations {
		n.Monitors = append(n.Monitors, spec.Monitor{Name: "lif." + p.Name, Target: p.Name, Vars: []string{"V", "spike", "refractory", "t_last_spike"}})
	}
}

func runUserNets(t *testing.T, nets []*spec.Network) *sched.MemorySink {
	t.Helper()
	sink := sched.NewMemorySink()
	sim, err := sched.Build(nets, sched.Options{Workers: 2, Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	for r, f := range res.Failed {
		if f != nil {
			t.Fatalf("replica %d: %v", r, f)
		}
	}
	return sink
}

// sameBits checks that two runs recorded the same values, to the bit.
func sameBits(t *testing.T, want, got *sched.MemorySink) {
	t.Helper()
	if len(want.Monitors) != len(got.Monitors) {
		t.Fatalf("%d monitors, want %d", len(got.Monitors), len(want.Monitors))
	}
	for name, w := range want.Monitors {
		g := got.Monitors[name]
		if g == nil || len(g.Step) != len(w.Step) {
			t.Fatalf("monitor %s: missing or of another length", name)
		}
		for v := range w.Values {
			for i := range w.Values[v] {
				if math.Float64bits(w.Values[v][i]) != math.Float64bits(g.Values[v][i]) {
					t.Fatalf("monitor %s %s row %d (step %d, element %d): got %v, want %v", name, w.Vars[v], i, w.Step[i], w.Index[i], g.Values[v][i], w.Values[v][i])
				}
			}
		}
	}
}

// TestEquationsLIFMatchesBrainPy runs every reference example that has LIF neurons with the LIF
// written as equations: every column of the trace within tolerance, and every recorded value
// (the trace's and V, spike, refractory of each population) bit-identical to the built-in LIF.
func TestEquationsLIFMatchesBrainPy(t *testing.T) {
	ran := 0
	for _, name := range oracle.Names {
		t.Run(name, func(t *testing.T) {
			tr, err := oracle.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			builtin, _ := oracle.Example(name)
			user, _ := oracle.Example(name)
			if !useEquations(user, lifEquations()) {
				t.Skip("no LIF population")
			}
			ran++
			for _, n := range []*spec.Network{builtin, user} {
				monitorsFor(n, tr)
				addLIFMonitors(n)
			}
			want := runUserNets(t, []*spec.Network{builtin})
			got := runUserNets(t, []*spec.Network{user})
			compare(t, user, tr, got, 0)
			sameBits(t, want, got)
		})
	}
	if ran < 10 {
		t.Fatalf("only %d examples have LIF neurons", ran)
	}
}

// TestEquationsLIFRK4AndReplicas checks the RK4 kernel against the built-in LIF's RK4, and
// per-replica parameters in both kernel layouts (parameters per replica for large populations,
// per element for small ones), all to the bit.
func TestEquationsLIFRK4AndReplicas(t *testing.T) {
	for _, size := range []int{1, 3, 300} {
		for _, method := range []string{"euler", "rk4"} {
			build := func(model string, r int) *spec.Network {
				n := &spec.Network{Dt: 0.1, Duration: 200,
					Populations: []spec.Population{{Name: "neu", Model: model, Size: size, Method: method,
						Params:     map[string]float64{"tau": 8 + float64(r), "t_refractory": 2},
						InitRandom: map[string]spec.Dist{"V": {Kind: "uniform", Min: -5, Max: 20}}}},
					Inputs: []spec.Input{{Target: "neu", Var: "input", Value: []float64{22 + float64(r)}}},
				}
				if model != "LIF" {
					n.Models = []*equations.Def{lifEquations()}
				}
				addLIFMonitors(n)
				return n
			}
			var builtin, user []*spec.Network
			for r := range 4 {
				builtin = append(builtin, build("LIF", r))
				user = append(user, build("LIF_eq", r))
			}
			want := runUserNets(t, builtin)
			got := runUserNets(t, user)
			sameBits(t, want, got)
			spikes := 0.0
			for _, s := range got.Monitors["lif.neu"].Values[1] {
				spikes += s
			}
			if spikes == 0 {
				t.Fatalf("size %d %s: no spikes, the test would prove little", size, method)
			}
		}
	}
}

// TestEquationsLIFExpEuler: under exp_euler the LIF written as equations advances V by
// BrainPy's formula ((f*(E-1))/A) + V, the built-in LIF by the exact V_inf + (V - V_inf)*E; the
// two agree to rounding, and spike at the same steps.
func TestEquationsLIFExpEuler(t *testing.T) {
	build := func(model string) *spec.Network {
		n := &spec.Network{Dt: 0.1, Duration: 300,
			Populations: []spec.Population{{Name: "neu", Model: model, Size: 50, Method: "exp_euler",
				Params:     map[string]float64{"t_refractory": 2},
				InitRandom: map[string]spec.Dist{"V": {Kind: "uniform", Min: -5, Max: 20}}}},
			Inputs: []spec.Input{{Target: "neu", Var: "input", Value: []float64{23}}},
		}
		if model != "LIF" {
			n.Models = []*equations.Def{lifEquations()}
		}
		addLIFMonitors(n)
		return n
	}
	want := runUserNets(t, []*spec.Network{build("LIF")}).Monitors["lif.neu"]
	got := runUserNets(t, []*spec.Network{build("LIF_eq")}).Monitors["lif.neu"]
	spikes := 0.0
	for i := range want.Step {
		v, w := got.Values[0][i], want.Values[0][i]
		if math.Abs(v-w) > 1e-12+1e-12*math.Abs(w) || got.Values[1][i] != want.Values[1][i] {
			t.Fatalf("row %d: V %v spike %v, built-in V %v spike %v", i, v, got.Values[1][i], w, want.Values[1][i])
		}
		spikes += want.Values[1][i]
	}
	if spikes < 50 {
		t.Fatalf("only %v spikes", spikes)
	}
}

// TestEquationsModelErrorsAtBuild: a network built without the sweep parser still gets the
// model's errors, as a BuildError, not a panic.
func TestEquationsModelErrorsAtBuild(t *testing.T) {
	def := lifEquations()
	def.Equations = "dV/dt = (-V + V_rst + R*input)/tau"
	n := &spec.Network{Dt: 0.1, Duration: 1, Models: []*equations.Def{def},
		Populations: []spec.Population{{Name: "neu", Model: "LIF_eq", Size: 1}}}
	_, err := sched.Build([]*spec.Network{n}, sched.Options{})
	var be *sched.BuildError
	if !errors.As(err, &be) || be.Object != "population neu" || !strings.Contains(err.Error(), `unknown name "V_rst"`) {
		t.Fatalf("got %v", err)
	}
}

// TestStructureKeyOfModels: points that share their models' definitions, or hold equal copies of
// them, can be replicas of one world; a definition whose text differs cannot, even under the same
// name, and the key does not remember a definition by its address alone.
func TestStructureKeyOfModels(t *testing.T) {
	pair := func(def *equations.Def, tau float64) *spec.Network {
		n := netgen.STPPair(10, 0.2, 100, 500)
		useEquations(n, def)
		n.Populations[0].Params = map[string]float64{"tau": tau}
		return n
	}
	shared := lifEquations()
	a, b := pair(shared, 10), pair(shared, 20)
	if sched.StructureKey(a) != sched.StructureKey(b) {
		t.Fatal("two points that differ in a parameter value have different keys")
	}
	if sched.StructureKey(a) != sched.StructureKey(pair(lifEquations(), 10)) {
		t.Fatal("an equal copy of the definition gives another key")
	}
	other := lifEquations()
	other.Equations = "dV/dt = (-V + V_rest + 2*R*input)/tau"
	if sched.StructureKey(a) == sched.StructureKey(pair(other, 10)) {
		t.Fatal("a definition with other equations gives the same key")
	}
	sims, err := sched.Build([]*spec.Network{a, pair(other, 10)}, sched.Options{})
	if err == nil || !strings.Contains(err.Error(), "differs in structure") {
		t.Fatalf("Build of two points with different model text: %v, %v", sims, err)
	}
}
