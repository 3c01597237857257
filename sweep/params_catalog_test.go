package sweep

import "github.com/spikesweep/spikesweep/spec"

// Parameters per neuron (issue 16, heterogeneity) join the fake catalog as the engine declares
// them: every LIF parameter and Rate's tau may be given per neuron; time constants must be > 0
// and a refractory period >= 0.
func init() {
	lif, _ := testCatalog.Model("LIF")
	for i := range lif.Params {
		p := &lif.Params[i]
		p.PerNeuron = true
		p.Positive = p.Name == "tau"
		p.NonNegative = p.Name == "t_refractory"
	}
	rate, _ := testCatalog.Model("Rate")
	rate.Params[0].PerNeuron, rate.Params[0].Positive = true, true // tau
}

// describeParamFlags is how a parameter may be given, for comparing catalogs.
func describeParamFlags(p spec.ParamInfo) string {
	return map[bool]string{true: " per-neuron"}[p.PerNeuron] + map[bool]string{true: " >0"}[p.Positive] +
		map[bool]string{true: " >=0"}[p.NonNegative]
}
