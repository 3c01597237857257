package equations

import "testing"

// A step of a compiled synapse (integration, events, output with a factor) allocates nothing.
func TestSynapseStepAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	m, err := Parse(&Def{Name: "n", Kind: "synapse", Params: []Param{{Name: "g_max", Default: 1}, {Name: "E"}, {Name: "tau", Default: 5}},
		Vars: []Var{{Name: "s"}, {Name: "u", SharedBy: "pre"}}, Equations: "ds/dt = -s/tau\ndu/dt = -u/tau", OnPre: "s += 1; u += old(u)", OnPost: "s -= 0.1",
		Output: "input_post -= delay(g_max*s)*(V_post - E)", Method: "rk4"})
	if err != nil {
		t.Fatal(err)
	}
	k, _ := m.CompileSynapse("", 0.1, Layout{})
	R := 3
	d := SynapseData{NSyn: 4, NPre: 2, NPost: 2, Replicas: R, Pre: []int32{0, 0, 1, 1}, Post: []int32{0, 1, 0, 1},
		OutPtr: []int32{0, 2, 4}, OutSyn: []int32{0, 1, 2, 3}, InPtr: []int32{0, 2, 4}, InSyn: []int32{0, 2, 1, 3}, Params: [][]float64{{1, 1, 1}, {0, 0, 0}, {5, 5, 5}}}
	size := map[Storage]int{PerSynapse: 4, PerPre: 2, PerPost: 2}
	for _, c := range k.Columns() {
		var f []float64
		if c.Kind != colRing {
			f = make([]float64, size[c.Store]*R)
		}
		d.F, d.B = append(d.F, f), append(d.B, nil)
	}
	run := k.Bind(d)
	ring, target := make([]float64, 4*R), make([]float64, 2*R)
	spikes := []bool{true, true, false, true, true, true}
	step := func() {
		for _, dom := range []Storage{PerSynapse, PerPre, PerPost} {
			if k.Integrates(dom) {
				run.Integrate(dom, 1, 0, size[dom]*R, ring)
			}
		}
		run.Events(1, 0, R, spikes, spikes, ring)
		if k.PushesSeparately() {
			run.Push(1, 0, 4*R, ring)
		}
		run.Output(1, 0, 2*R, ring, target)
	}
	step()
	if a := testing.AllocsPerRun(100, step); a != 0 {
		t.Fatalf("%v allocations per step", a)
	}
}
