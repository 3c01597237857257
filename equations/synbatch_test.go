package equations

import (
	"math"
	"math/rand/v2"
	"testing"
)

// allToAll is R replicas of nPre neurons onto nPost, synapse pre*nPost + post, with the columns
// k asks for (state from cols, per replica, zero when absent).
func allToAll(k *Synapse, R, nPre, nPost int, params [][]float64, cols map[string][]float64) SynapseData {
	d := SynapseData{NSyn: nPre * nPost, NPre: nPre, NPost: nPost, Replicas: R, Params: params}
	d.OutPtr = append(d.OutPtr, 0)
	for q := range nPre {
		for p := range nPost {
			s := int32(q*nPost + p)
			d.Pre, d.Post, d.OutSyn = append(d.Pre, int32(q)), append(d.Post, int32(p)), append(d.OutSyn, s)
		}
		d.OutPtr = append(d.OutPtr, int32(len(d.OutSyn)))
	}
	d.InPtr = append(d.InPtr, 0)
	for p := range nPost {
		for q := range nPre {
			d.InSyn = append(d.InSyn, int32(q*nPost+p))
		}
		d.InPtr = append(d.InPtr, int32(len(d.InSyn)))
	}
	size := map[Storage]int{PerSynapse: d.NSyn, PerPre: nPre, PerPost: nPost}
	for _, c := range k.Columns() {
		var f []float64
		switch c.Kind {
		case ColVar, ColSide:
			f = cols[c.Name]
			if f == nil {
				f = make([]float64, size[c.Store]*R)
				cols[c.Name] = f
			}
		case ColOld:
			f = make([]float64, size[c.Store]*R)
		}
		d.F, d.B = append(d.F, f), append(d.B, nil)
	}
	return d
}

// TestEventsAcrossReplicasMatchPerReplica: the events of a synapse with per-element parameters
// run the lists of many replicas at once; they give the bits of running them replica by replica
// with scalar parameters. The cases have hundreds of events a step over many replicas (the batch
// fills and is flushed), and replicas with more events than one block, all adding to a neuron
// variable that several synapses share.
func TestEventsAcrossReplicasMatchPerReplica(t *testing.T) {
	def := &Def{Name: "STPside", Kind: "synapse",
		Params:    []Param{{Name: "U", Default: 0.15}, {Name: "tau_f", Default: 1500}, {Name: "tau_d", Default: 200}, {Name: "tau", Default: 8}},
		Vars:      []Var{{Name: "s"}, {Name: "u", SharedBy: "pre"}, {Name: "x", Init: 1, SharedBy: "pre"}, {Name: "w", Init: 1}},
		Equations: "ds/dt = -s/tau\ndu/dt = -u/tau_f\ndx/dt = -x/tau_d + 1.0/tau_d",
		OnPre:     "u += U*(1 - old(u)); s += w*u*old(x); x -= u*old(x); V_post += s*U",
		OnPost:    "s -= 0.01*s*tau",
		Method:    "exp_euler",
	}
	m, err := Parse(def)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ R, nPre, nPost int }{{300, 3, 2}, {2, 60, 20}, {700, 1, 1}} {
		rng := rand.New(rand.NewPCG(1, uint64(c.R)))
		params := make([][]float64, 4)
		for r := range c.R {
			params[0] = append(params[0], 0.1+0.4*rng.Float64())
			params[1] = append(params[1], 100+1000*rng.Float64())
			params[2] = append(params[2], 50+200*rng.Float64())
			params[3] = append(params[3], 8) // uniform: a scalar in both layouts
			_ = r
		}
		type run struct {
			k    *Synapse
			r    *SynapseRun
			cols map[string][]float64
		}
		var runs []run
		for _, l := range []Layout{{}, {PerElement: true, Uniform: []bool{false, false, false, true}}} {
			k, err := m.CompileSynapse("", 0.1, l)
			if err != nil {
				t.Fatal(err)
			}
			cols := map[string][]float64{"x": make([]float64, c.nPre*c.R), "w": make([]float64, c.nPre*c.nPost*c.R)}
			for i := range cols["x"] {
				cols["x"][i] = 1
			}
			for i := range cols["w"] {
				cols["w"][i] = 0.5 + float64(i%7)/7
			}
			runs = append(runs, run{k, k.Bind(allToAll(k, c.R, c.nPre, c.nPost, params, cols)), cols})
		}
		if !runs[1].k.events[0][1].VectorParams || runs[0].k.events[0][1].VectorParams {
			t.Fatal("the layouts did not give per-element and per-replica event programs")
		}
		events := 0
		pre, post := make([]bool, c.nPre*c.R), make([]bool, c.nPost*c.R)
		for step := range 200 {
			for i := range pre {
				pre[i] = rng.Float64() < 0.6
				if pre[i] {
					events += c.nPost
				}
			}
			for i := range post {
				post[i] = rng.Float64() < 0.2
			}
			tm := float64(step) * 0.1
			for _, x := range runs {
				for _, d := range []Storage{PerSynapse, PerPre} {
					if x.k.Integrates(d) {
						n := map[Storage]int{PerSynapse: c.nPre * c.nPost, PerPre: c.nPre}[d]
						x.r.Integrate(d, tm, 0, n*c.R, nil)
					}
				}
				x.r.Events(tm, 0, c.R, pre, post, nil)
			}
			for name, want := range runs[0].cols {
				got := runs[1].cols[name]
				for i := range want {
					if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
						t.Fatalf("R=%d %dx%d step %d: %s[%d] = %v across replicas, %v replica by replica", c.R, c.nPre, c.nPost, step, name, i, got[i], want[i])
					}
				}
			}
		}
		if events < 200*400 {
			t.Fatalf("R=%d: only %d synapse events in 200 steps", c.R, events)
		}
	}
}
