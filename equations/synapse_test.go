package equations

import (
	"strings"
	"testing"
)

// pairData is one replica of one pre neuron onto one post neuron, with the columns k asks for.
func pairData(k *Synapse, params [][]float64, cols map[string][]float64) SynapseData {
	d := SynapseData{NSyn: 1, NPre: 1, NPost: 1, Replicas: 1, Pre: []int32{0}, Post: []int32{0},
		OutPtr: []int32{0, 1}, OutSyn: []int32{0}, InPtr: []int32{0, 1}, InSyn: []int32{0}, Params: params}
	for _, c := range k.Columns() {
		var f []float64
		switch c.Kind {
		case ColVar, ColSide:
			f = cols[c.Name]
		case ColOld:
			f = make([]float64, 1)
		}
		d.F, d.B = append(d.F, f), append(d.B, nil)
	}
	return d
}

// old(X) is X at the start of the step, also for a variable without an equation that an
// earlier (shared) statement of the same event changes; a neuron variable changed by an event
// accumulates synapse after synapse.
func TestSynapseOldAndSideWrites(t *testing.T) {
	m, err := Parse(&Def{Name: "count", Kind: "synapse", Params: []Param{{Name: "k", Default: 10}},
		Vars:  []Var{{Name: "c", SharedBy: "pre"}, {Name: "s"}},
		OnPre: "c += 1; s = old(c)*k; V_post += c"})
	if err != nil {
		t.Fatal(err)
	}
	k, err := m.CompileSynapse("", 0.1, Layout{})
	if err != nil {
		t.Fatal(err)
	}
	c, s, V := []float64{0}, []float64{0}, []float64{0}
	run := k.Bind(pairData(k, [][]float64{{10}}, map[string][]float64{"c": c, "s": s, "V": V}))
	for step, spike := range []bool{true, false, true, true} {
		if k.Integrates(PerPre) {
			run.Integrate(PerPre, float64(step), 0, 1, nil)
		}
		run.Events(float64(step), 0, 1, []bool{spike}, nil, nil)
	}
	if c[0] != 3 || s[0] != 20 || V[0] != 1+2+3 {
		t.Fatalf("c = %v, s = %v, V = %v; want 3, 20, 6", c, s, V)
	}
}

// Errors of synapse models, each at its place in the text.
func TestSynapseErrors(t *testing.T) {
	base := Def{Name: "x", Kind: "synapse", Params: []Param{{Name: "tau", Default: 5}},
		Vars: []Var{{Name: "s"}, {Name: "u", SharedBy: "pre"}}, Equations: "ds/dt = -s/tau",
		OnPre: "s += 1", Output: "input_post += delay(s)"}
	for _, c := range []struct {
		edit        func(d *Def)
		field, want string
		at          string // the text at the error's offset
	}{
		{func(d *Def) { d.OnPre = "s += V_pre; V_post = 1" }, "on_pre", "with += or -=", "= 1"},
		{func(d *Def) { d.OnPre = "V_post += 1; s += V_post" }, "on_pre", "which on_pre changes", "V_post"},
		{func(d *Def) { d.OnPre = "s += old(tau)" }, "on_pre", "old() takes one of the synapse's variables", "old(tau)"},
		{func(d *Def) { d.Equations = "ds/dt = -old(s)/tau" }, "equations", "on_pre and on_post only", "old(s)"},
		{func(d *Def) { d.OnPre = "s += delay(s)" }, "on_pre", "delay() may be used in the output only", "delay(s)"},
		{func(d *Def) { d.OnPre = "s += u; u += 1" }, "on_pre", "changed by a later statement", "u; u"},
		{func(d *Def) { d.OnPost = "u += 1" }, "on_post", "on_post cannot change it (on_pre can)", "u += 1"},
		{func(d *Def) { d.OnPre = "s += old(s)"; d.EventOrder = "before" }, "on_pre", "event_order = \"after\"", "old(s)"},
		{func(d *Def) { d.EventOrder = "later" }, "event_order", "\"after\" (the default) or \"before\"", ""},
		{func(d *Def) { d.Output = "input_post += delay(s) + 1" }, "output", "the output is", "delay(s) + 1"},
		{func(d *Def) { d.Threshold = "s > 1" }, "threshold", "for neuron models", ""},
		{func(d *Def) { d.Vars = append(d.Vars, Var{Name: "g_post"}) }, "vars.g_post", "ends in _pre or _post", ""},
		{func(d *Def) { d.Vars[0].Unit = "nS"; d.Params[0].Unit = "ms"; d.OnPre = "s += tau" }, "on_pre", "s is in", "tau"},
	} {
		d := base
		d.Vars = append([]Var(nil), base.Vars...)
		d.Params = append([]Param(nil), base.Params...)
		c.edit(&d)
		_, err := Parse(&d)
		list, _ := err.(ErrorList)
		if len(list) == 0 || list[0].Field != c.field || !strings.Contains(list[0].Msg, c.want) {
			t.Errorf("%s: got %v, want %s: %q", c.want, err, c.field, c.want)
			continue
		}
		text := map[string]string{"on_pre": d.OnPre, "on_post": d.OnPost, "equations": d.Equations, "output": d.Output}[c.field]
		if c.at != "" && !strings.HasPrefix(text[list[0].Offset:], c.at) {
			t.Errorf("%s: error at %q, want at %q", c.want, text[list[0].Offset:], c.at)
		}
	}
}
