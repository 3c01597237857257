package sweep

import (
	"slices"
	"strings"

	"github.com/spikesweep/spikesweep/spec"
)

// fakeCatalog stands in for systems.Catalog(): the models of the two BrainPy documents with
// their parameters and state, looked up case-insensitively ignoring underscores as the real
// catalog does. TestFakeCatalogMatchesEngine keeps it in step with the engine's.
type fakeCatalog struct{ models []*spec.ModelInfo }

func normModel(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }

func (c fakeCatalog) Model(name string) (*spec.ModelInfo, bool) {
	for _, m := range c.models {
		if normModel(m.Name) == normModel(name) {
			return m, true
		}
	}
	return nil, false
}

func (c fakeCatalog) Names() []string {
	var out []string
	for _, m := range c.models {
		out = append(out, m.Name)
	}
	slices.Sort(out)
	return out
}

// model builds a ModelInfo from "name=default" parameter pairs and state names ("spike!" marks
// a 0/1 flag, "r_th^" a variable kept per post neuron); method is BrainPy's default integrator
// ("" for a model without one).
func model(name string, kind spec.Kind, method string, params []any, state ...string) *spec.ModelInfo {
	m := &spec.ModelInfo{Name: name, Kind: kind}
	for i := 0; i < len(params); i += 2 {
		m.Params = append(m.Params, spec.ParamInfo{Name: params[i].(string), Default: params[i+1].(float64)})
	}
	for _, s := range state {
		flag, perPost := strings.HasSuffix(s, "!"), strings.HasSuffix(s, "^")
		m.State = append(m.State, spec.VarInfo{Name: strings.TrimRight(s, "!^"), Bool: flag, PerPost: perPost})
	}
	if method != "" {
		m.Methods = []string{method}
		for _, x := range []string{"euler", "rk4", "exp_euler"} {
			if x != method {
				m.Methods = append(m.Methods, x)
			}
		}
	}
	return m
}

// takesOutput marks a model that accepts a projection output (and event-driven propagation).
func takesOutput(m *spec.ModelInfo, event bool) *spec.ModelInfo {
	m.Output, m.Event = true, event
	return m
}

var testCatalog = fakeCatalog{models: []*spec.ModelInfo{
	model("LIF", spec.NeuronModel, "euler", []any{"V_rest", 0.0, "V_reset", -5.0, "V_th", 20.0, "R", 1.0, "tau", 10.0, "t_refractory", 1.0},
		"V", "input", "spike!", "refractory!", "t_last_spike"),
	model("Rate", spec.NeuronModel, "euler", []any{"tau", 10.0, "leak", 1.0}, "r", "input"),
	takesOutput(model("AMPA", spec.SynapseModel, "exp_euler", []any{"alpha", .98, "beta", .18, "T", .5, "T_duration", .5, "g_max", 1.0, "E", 0.0}, "s", "t_last_pre_spike"), false),
	model("NMDA", spec.SynapseModel, "rk4", []any{"g_max", .15, "E", 0.0, "cc_Mg", 1.2, "alpha", .062, "beta", 3.57, "tau", 100.0, "a", .5, "tau_rise", 2.0}, "s", "x"),
	model("GABAb", spec.SynapseModel, "rk4", []any{"g_max", .02, "E", -95.0, "k1", .18, "k2", .034, "k3", .09, "k4", .0012, "kd", 100.0, "T", .5, "T_duration", .3}, "R", "G", "s", "t_last_pre_spike"),
	takesOutput(model("TwoExponentials", spec.SynapseModel, "rk4", []any{"tau1", 1.0, "tau2", 3.0, "g_max", 1.0, "E", 0.0}, "s", "x"), false),
	takesOutput(model("Alpha", spec.SynapseModel, "rk4", []any{"tau", 3.0, "g_max", 1.0, "E", 0.0}, "s", "x"), false),
	takesOutput(model("Exponential", spec.SynapseModel, "exp_euler", []any{"tau", 8.0, "g_max", 1.0, "E", 0.0}, "s"), true),
	model("VoltageJump", spec.SynapseModel, "", nil, "s"),
	model("GapJunction", spec.SynapseModel, "", []any{"k_spikelet", .1, "post_refractory", 0.0}, "w"),
	model("STP", spec.SynapseModel, "exp_euler", []any{"U", .15, "tau_f", 1500.0, "tau_d", 200.0, "tau", 8.0}, "s", "x", "u", "w"),
	model("STDP", spec.SynapseModel, "exp_euler", []any{"delta_A_s", .5, "delta_A_t", .5, "w_min", 0.0, "w_max", 20.0, "tau_s", 10.0, "tau_t", 10.0, "tau", 10.0}, "s", "A_s", "A_t", "w"),
	model("Oja", spec.SynapseModel, "euler", []any{"gamma", .005, "w_max", 1.0, "w_min", 0.0}, "w"),
	model("BCM", spec.SynapseModel, "rk4", []any{"lr", .005, "w_max", 1.0, "w_min", 0.0}, "w", "sum_post_r^", "r_th^"),
}}
