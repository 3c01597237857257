package spec

import (
	"strings"

	"github.com/spikesweep/spikesweep/equations"
)

// InfoFromEquations describes a model defined from equations as the catalog describes its own:
// its parameters, its state (declared variables, then input and t_last_spike, then the spike
// and refractory flags) and the integration methods its equations allow.
func InfoFromEquations(m *equations.Model) *ModelInfo {
	d := m.Def
	if m.IsSynapse() {
		return synapseInfo(m)
	}
	info := &ModelInfo{Name: d.Name, Kind: NeuronModel, Doc: d.Doc, Methods: m.Methods}
	if info.Doc == "" {
		info.Doc = "neuron model defined by equations"
	}
	for _, p := range m.Params {
		// Every parameter may be given per neuron: the kernel then reads parameters as columns.
		info.Params = append(info.Params, ParamInfo{Name: p.Name, Default: p.Default, Unit: p.Unit, PerNeuron: true})
	}
	for _, v := range m.Vars {
		vi := VarInfo{Name: v.Name, Init: v.Init, Unit: v.Unit}
		switch {
		case v.Name == equations.InputVar:
			vi.Doc = "input of this step, zeroed by the update"
		case v.Name == equations.TLastSpikeVar:
			vi.Doc = "time of the last spike"
		case v.InitExpr != nil:
			vi.Doc = "starts at " + v.InitExpr.String() + " unless set"
		case v.ODE != nil:
			vi.Doc = "d" + v.Name + "/dt = " + v.ODE.String()
		}
		info.State = append(info.State, vi)
	}
	info.State = append(info.State,
		VarInfo{Name: equations.SpikeVar, Bool: true, Doc: "fired at this step"},
		VarInfo{Name: equations.RefractoryVar, Bool: true, Doc: "refractory at this step"})
	return info
}

// synapseInfo describes a synapse model defined from equations: its parameters and its state,
// each variable stored per synapse or shared by the pre or post neuron.
func synapseInfo(m *equations.Model) *ModelInfo {
	d := m.Def
	info := &ModelInfo{Name: d.Name, Kind: SynapseModel, Doc: d.Doc, Methods: m.Methods}
	if info.Doc == "" {
		info.Doc = "synapse model defined by equations"
	}
	for _, p := range m.Params {
		info.Params = append(info.Params, ParamInfo{Name: p.Name, Default: p.Default, Unit: p.Unit})
	}
	for _, v := range m.Vars {
		vi := VarInfo{Name: v.Name, Init: v.Init, Unit: v.Unit}
		switch {
		case v.InitExpr != nil:
			vi.Doc = "starts at " + v.InitExpr.String() + " unless set"
		case v.ODE != nil:
			vi.Doc = "d" + v.Name + "/dt = " + v.ODE.String()
		}
		switch v.Store {
		case equations.PerPre:
			vi.SharedBy = "pre"
			vi.Doc = strings.TrimPrefix(vi.Doc+"; one per pre neuron", "; ")
		case equations.PerPost:
			vi.SharedBy = "post"
			vi.Doc = strings.TrimPrefix(vi.Doc+"; one per post neuron", "; ")
		}
		info.State = append(info.State, vi)
	}
	return info
}
