package sched_test

import (
	"testing"

	"github.com/spikesweep/spikesweep/equations"
	"github.com/spikesweep/spikesweep/internal/oracle"
	"github.com/spikesweep/spikesweep/spec"
)

// The built-in synapse models written as equations, from their documented equations (document
// 000) in BrainPy's order of operations (SEMANTICS.md §6.4, §9.1).
func synapseDefs() map[string]*equations.Def {
	p := func(kv ...any) []equations.Param {
		var out []equations.Param
		for i := 0; i < len(kv); i += 2 {
			out = append(out, equations.Param{Name: kv[i].(string), Default: kv[i+1].(float64)})
		}
		return out
	}
	return map[string]*equations.Def{
		"Exponential": {Name: "Exponential_eq", Kind: "synapse", Params: p("tau", 8.0),
			Vars:      []equations.Var{{Name: "s"}},
			Equations: "ds/dt = -s/tau", OnPre: "s += 1", Method: "exp_euler"},
		"AMPA": {Name: "AMPA_eq", Kind: "synapse", Params: p("alpha", 0.98, "beta", 0.18, "T", 0.5, "T_duration", 0.5),
			Vars: []equations.Var{{Name: "s"}},
			// the pre neuron's t_last_spike is AMPA's t_last_pre_spike: set at its spike step,
			// before the synapse reads it; sympy's expansion of alpha*TT*(1-s) - beta*s
			Equations: `TT = ((t - t_last_spike_pre) < T_duration) * T
ds/dt = -TT*alpha*s + 1.0*TT*alpha - beta*s`,
			Method: "exp_euler"},
		"STP": {Name: "STP_eq", Kind: "synapse", Params: p("U", 0.15, "tau_f", 1500.0, "tau_d", 200.0, "tau", 8.0),
			Vars: []equations.Var{{Name: "s"}, {Name: "x", Init: 1, SharedBy: "pre"}, {Name: "u", SharedBy: "pre"}, {Name: "w", Init: 1}},
			Equations: `ds/dt = -s/tau
du/dt = -u/tau_f
dx/dt = -x/tau_d + 1.0/tau_d   # sympy's expansion of (1 - x)/tau_d`,
			OnPre:  "u += U*(1 - old(u)); s += w*u*old(x); x -= u*old(x)",
			Output: "input_post += delay(s)", Method: "exp_euler"},
		"NMDA": {Name: "NMDA_eq", Kind: "synapse",
			Params: p("g_max", 0.15, "E", 0.0, "cc_Mg", 1.2, "alpha", 0.062, "beta", 3.57, "tau", 100.0, "a", 0.5, "tau_rise", 2.0),
			Vars:   []equations.Var{{Name: "s"}, {Name: "x"}},
			Equations: `ds/dt = -s/tau + a*x*(1 - s)
dx/dt = -x/tau_rise`,
			OnPre: "x += 1", EventOrder: "before",
			Output: "input_post -= delay(g_max*s/(1 + exp(-alpha*V_post)*cc_Mg/beta))*(V_post - E)", Method: "rk4"},
		"STDP": {Name: "STDP_eq", Kind: "synapse",
			Params: p("delta_A_s", 0.5, "delta_A_t", 0.5, "w_min", 0.0, "w_max", 20.0, "tau_s", 10.0, "tau_t", 10.0, "tau", 10.0),
			Vars:   []equations.Var{{Name: "s"}, {Name: "A_s", SharedBy: "pre"}, {Name: "A_t", SharedBy: "post"}, {Name: "w", Init: 1}},
			Equations: `ds/dt = -s/tau
dA_s/dt = -A_s/tau_s
dA_t/dt = -A_t/tau_t`,
			// BrainPy clips once per step: when the post neuron fires too, on_post clips
			OnPre:  "s += w; A_s += delta_A_s; w = where(spike_post, w - A_t, clip(w - A_t, w_min, w_max))",
			OnPost: "A_t += delta_A_t; w = clip(w + A_s, w_min, w_max)",
			Output: "input_post += delay(s)", Method: "exp_euler"},
	}
}

// TestEquationsSynapsesMatchBrainPy runs the reference examples of AMPA, Exponential, STP, NMDA
// and STDP with the synapse written as equations: every trace column within tolerance (flags
// exactly), and every recorded value bit-identical to the built-in model's run.
func TestEquationsSynapsesMatchBrainPy(t *testing.T) {
	defs := synapseDefs()
	ran := map[string]bool{}
	for _, name := range oracle.Names {
		base, _ := oracle.Example(name)
		def := defs[base.Projections[0].Model]
		if def == nil {
			continue
		}
		ran[base.Projections[0].Model] = true
		t.Run(name, func(t *testing.T) {
			tr, err := oracle.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			var cols []oracle.Column
			for _, c := range tr.Columns {
				if c.Var != "t_last_pre_spike" { // AMPA_eq reads the pre neuron's t_last_spike instead
					cols = append(cols, c)
				}
			}
			tr.Columns = cols
			builtin, _ := oracle.Example(name)
			user, _ := oracle.Example(name)
			user.Projections[0].Model = def.Name
			user.Models = []*equations.Def{def}
			for _, n := range []*spec.Network{builtin, user} {
				monitorsFor(n, tr)
				addLIFMonitors(n)
			}
			want := runUserNets(t, []*spec.Network{builtin})
			got := runUserNets(t, []*spec.Network{user})
			exact := compare(t, user, tr, got, 0)
			sameBits(t, want, got)
			t.Logf("%s: %d of %d trace columns bit-identical", name, exact, len(tr.Columns))
		})
	}
	if len(ran) != len(defs) {
		t.Fatalf("ran %d of %d models", len(ran), len(defs))
	}
}

// TestEquationsSynapsesReplicasAndDelay runs user and built-in STP, NMDA and STDP as four
// replicas with different parameters, a delay and a network of 3 -> 4 neurons with different
// inputs, and checks every recorded value to the bit.
func TestEquationsSynapsesReplicasAndDelay(t *testing.T) {
	defs := synapseDefs()
	for _, model := range []string{"STP", "NMDA", "STDP", "Exponential"} {
		for _, size := range []int{1, 3, 40} {
			t.Logf("%s, %d pre neurons", model, size)
			build := func(m string, r int) *spec.Network {
				par := map[string]float64{"tau": 6 + float64(r)}
				if model == "NMDA" {
					par = map[string]float64{"tau": 80 + float64(r), "E": -10}
				}
				n := &spec.Network{Dt: 0.1, Duration: 100,
					Populations: []spec.Population{{Name: "a", Model: "LIF", Size: size, InitRandom: map[string]spec.Dist{"V": {Kind: "uniform", Min: -5, Max: 20}}},
						{Name: "b", Model: "LIF", Size: size + 1, InitRandom: map[string]spec.Dist{"V": {Kind: "uniform", Min: -5, Max: 20}}}},
					Projections: []spec.Projection{{Name: "syn", Model: m, Pre: "a", Post: "b", Params: par, Delay: 0.3}},
					Order:       []string{"a", "syn", "b"},
					Inputs: []spec.Input{{Target: "a", Var: "input", Value: []float64{24 + float64(r)}},
						{Target: "b", Var: "input", Value: []float64{21}}},
					Seed: uint64(7 + r),
				}
				if m != model {
					n.Models = []*equations.Def{defs[model]}
				}
				info := []string{"s"}
				switch model {
				case "STP":
					info = []string{"s", "u", "x"}
				case "NMDA":
					info = []string{"s", "x"}
				case "STDP":
					info = []string{"s", "w", "A_s", "A_t"}
				}
				n.Monitors = append(n.Monitors, spec.Monitor{Name: "syn", Target: "syn", Vars: info, Every: 3})
				addLIFMonitors(n)
				return n
			}
			var builtin, user []*spec.Network
			for r := range 4 {
				builtin = append(builtin, build(model, r))
				user = append(user, build(defs[model].Name, r))
			}
			want := runUserNets(t, builtin)
			got := runUserNets(t, user)
			sameBits(t, want, got)
		}
	}
}
