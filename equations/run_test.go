package equations

import (
	"math"
	"testing"
)

// sim runs a parsed model on its own: replicas of n neurons, constant input I per replica
// (added before every step, as an input with op "+" does), parameters per replica.
type sim struct {
	m    *Model
	run  *NeuronRun
	data NeuronData
	in   []float64
}

// Where a test's kernel keeps its parameters (Layout).
type paramMode int

const (
	perReplica        paramMode = iota // scalars, set per replica
	perElement                         // every parameter a column
	perElementUniform                  // columns, but parameters equal in every replica scalars
)

func newSim(t *testing.T, d *Def, method string, dt float64, n int, params map[string][]float64, input []float64, mode paramMode) *sim {
	t.Helper()
	m, err := Parse(d)
	if err != nil {
		t.Fatal(err)
	}
	R := len(input)
	data := NeuronData{N: n, Spike: make([]bool, n*R), Refr: make([]bool, n*R)}
	layout := Layout{PerElement: mode != perReplica}
	if mode == perElementUniform {
		layout.Uniform = make([]bool, len(m.Params))
	}
	for i, p := range m.Params {
		vals := params[p.Name]
		if vals == nil {
			vals = make([]float64, R)
			for r := range vals {
				vals[r] = p.Default
			}
		}
		data.Params = append(data.Params, vals)
		if layout.Uniform != nil {
			layout.Uniform[i] = true
			for _, v := range vals {
				layout.Uniform[i] = layout.Uniform[i] && v == vals[0]
			}
		}
	}
	k, err := m.CompileNeuron(method, dt, layout)
	if err != nil {
		t.Fatal(err)
	}
	for j := range m.Vars {
		col := make([]float64, n*R)
		for i := range col {
			col[i] = m.Init(j, func(p int) float64 { return data.Params[p][i/n] })
		}
		data.Vars = append(data.Vars, col)
	}
	return &sim{m: m, run: k.Bind(data), data: data, in: input}
}

func (s *sim) col(name string) []float64 { return s.data.Vars[s.m.varIx[name]] }

// step adds the input and updates every neuron at step i.
func (s *sim) step(i int, dt float64) {
	in := s.col(InputVar)
	n := s.data.N
	for r, x := range s.in { // replica by replica: no integer division per element in benchmarks
		for k := r * n; k < (r+1)*n; k++ {
			in[k] += x
		}
	}
	s.run.Step(float64(i)*dt, 0, len(in))
}

const izhikevich = `
dv/dt = 0.04*v**2 + 5*v + 140 - u + input : mV
du/dt = a*(b*v - u) : mV/ms
`

func izhDef() *Def {
	return &Def{Name: "Izhikevich", Kind: "neuron",
		Params:    []Param{{Name: "a", Default: 0.02}, {Name: "b", Default: 0.2}, {Name: "c", Default: -65}, {Name: "d", Default: 8}},
		Vars:      []Var{{Name: "v", Init: -65}, {Name: "u", InitExpr: "b*-65"}},
		Equations: izhikevich, Threshold: "v >= 30", Reset: "v = c\nu += d"}
}

// izhReference integrates the Izhikevich neuron by Euler in a plain loop, in the order the
// equations are written.
func izhReference(a, b, c, d, I, dt float64, steps int) (vs []float64, spikes []int) {
	v, u := -65.0, b*-65
	for i := range steps {
		dv := ((((0.04 * math.Pow(v, 2)) + 5*v) + 140) - u) + I
		du := a * ((b * v) - u)
		v, u = v+dv*dt, u+du*dt
		if v >= 30 {
			v, u = c, u+d
			spikes = append(spikes, i)
		}
		vs = append(vs, v)
	}
	return vs, spikes
}

func runIzh(t *testing.T, params map[string][]float64, I []float64, steps int, mode paramMode) ([][]float64, [][]int) {
	s := newSim(t, izhDef(), "euler", 0.1, 1, params, I, mode)
	vs := make([][]float64, len(I))
	sp := make([][]int, len(I))
	for i := range steps {
		s.step(i, 0.1)
		for r := range I {
			vs[r] = append(vs[r], s.col("v")[r])
			if s.data.Spike[r] {
				sp[r] = append(sp[r], i)
			}
		}
	}
	return vs, sp
}

// isis are the intervals between spikes, in steps.
func isis(spikes []int) []int {
	var out []int
	for i := 1; i < len(spikes); i++ {
		out = append(out, spikes[i]-spikes[i-1])
	}
	return out
}

// TestIzhikevich checks the compiled Izhikevich neuron against a plain loop (to the bit) and
// against the known firing patterns of Izhikevich (2003) at I = 10: regular spiking adapts (the
// first interval is the shortest, then they lengthen to a steady rate); chattering fires bursts
// (intervals of a few ms within a burst, tens of ms between bursts).
func TestIzhikevich(t *testing.T) {
	const steps = 10000 // 1 s
	sets := map[string][4]float64{"RS": {0.02, 0.2, -65, 8}, "CH": {0.02, 0.2, -50, 2}}
	names := []string{"RS", "CH"}
	params := map[string][]float64{}
	for _, name := range names {
		for k, p := range []string{"a", "b", "c", "d"} {
			params[p] = append(params[p], sets[name][k])
		}
	}
	I := []float64{10, 10}
	// a and b are the same in both sets: with perElementUniform they stay scalars, c and d not
	for _, mode := range []paramMode{perReplica, perElement, perElementUniform} {
		vs, sp := runIzh(t, params, I, steps, mode)
		for r, name := range names {
			p := sets[name]
			want, wantSp := izhReference(p[0], p[1], p[2], p[3], I[r], 0.1, steps)
			for i := range want {
				if math.Float64bits(vs[r][i]) != math.Float64bits(want[i]) {
					t.Fatalf("%s step %d: v = %v, reference %v", name, i, vs[r][i], want[i])
				}
			}
			if len(sp[r]) != len(wantSp) {
				t.Fatalf("%s: %d spikes, reference %d", name, len(sp[r]), len(wantSp))
			}
		}
	}
	_, sp := runIzh(t, params, I, steps, perReplica)
	rs, ch := isis(sp[0]), isis(sp[1])
	t.Logf("RS: %d spikes, intervals (steps) %v", len(sp[0]), rs)
	t.Logf("CH: %d spikes, intervals (steps) %v", len(sp[1]), ch)
	// Regular spiking: tonic firing at 5-30 Hz with adaptation.
	if n := len(sp[0]); n < 5 || n > 30 {
		t.Errorf("RS fired %d spikes in 1 s, want 5..30", n)
	}
	if rs[0] >= rs[len(rs)-1] {
		t.Errorf("RS: first interval %d is not shorter than the last %d: no adaptation", rs[0], rs[len(rs)-1])
	}
	// Chattering: bursts. Intra-burst intervals under 10 ms, inter-burst intervals over 20 ms,
	// and more than one spike per burst on average.
	short, long := 0, 0
	for _, d := range ch {
		switch {
		case d < 100:
			short++
		case d > 200:
			long++
		}
	}
	if short == 0 || long == 0 || short+long != len(ch) || short < long {
		t.Errorf("CH: %d short and %d long intervals of %d, want bursts", short, long, len(ch))
	}
}

const adex = `
dV/dt = (-gL*(V - EL) + gL*DeltaT*exp((V - VT)/DeltaT) - w + input)/C : mV
dw/dt = (a*(V - EL) - w)/tau_w : pA
`

func adexDef() *Def {
	return &Def{Name: "AdEx", Kind: "neuron",
		Params: []Param{{Name: "C", Default: 281}, {Name: "gL", Default: 30}, {Name: "EL", Default: -70.6},
			{Name: "VT", Default: -50.4}, {Name: "DeltaT", Default: 2}, {Name: "tau_w", Default: 144},
			{Name: "a", Default: 4}, {Name: "b", Default: 80.5}, {Name: "V_cut", Default: -30}},
		Vars:      []Var{{Name: "V", InitExpr: "EL"}, {Name: "w"}},
		Equations: adex, Threshold: "V > V_cut", Reset: "V = EL; w += b"}
}

// TestAdEx checks the adaptive exponential neuron (Brette & Gerstner 2005) against a plain loop,
// to the bit, and its adaptation: under a 1 nA step the intervals between spikes grow.
func TestAdEx(t *testing.T) {
	const steps, dt, I = 5000, 0.1, 1000.0
	s := newSim(t, adexDef(), "euler", dt, 1, nil, []float64{I}, perReplica)
	C, gL, EL, VT, DeltaT, tauW, a, b := 281.0, 30.0, -70.6, -50.4, 2.0, 144.0, 4.0, 80.5
	V, w := EL, 0.0
	var spikes []int
	for i := range steps {
		s.step(i, dt)
		dV := ((((-gL) * (V - EL)) + ((gL * DeltaT) * math.Exp((V-VT)/DeltaT))) - w + I) / C
		dw := ((a * (V - EL)) - w) / tauW
		V, w = V+dV*dt, w+dw*dt
		if V > -30 {
			V, w = EL, w+b
			spikes = append(spikes, i)
		}
		if got := s.col("V")[0]; math.Float64bits(got) != math.Float64bits(V) {
			t.Fatalf("step %d: V = %v, reference %v", i, got, V)
		}
		if got := s.col("w")[0]; math.Float64bits(got) != math.Float64bits(w) {
			t.Fatalf("step %d: w = %v, reference %v", i, got, w)
		}
		if s.data.Spike[0] != (len(spikes) > 0 && spikes[len(spikes)-1] == i) {
			t.Fatalf("step %d: spike flag differs from the reference", i)
		}
	}
	d := isis(spikes)
	t.Logf("AdEx: %d spikes, intervals (steps) %v", len(spikes), d)
	if len(d) < 4 {
		t.Fatalf("only %d spikes", len(spikes))
	}
	for i := 1; i < 4; i++ {
		if d[i] <= d[i-1] {
			t.Errorf("interval %d (%d steps) is not longer than interval %d (%d): no adaptation", i, d[i], i-1, d[i-1])
		}
	}
	if d[len(d)-1] < 2*d[0] {
		t.Errorf("last interval %d is not at least twice the first %d", d[len(d)-1], d[0])
	}
}

// TestDriveMatchesInputPass: a constant drive the step applies itself gives the bits of the same
// input added (or set) by a pass of its own before the step, in every parameter layout, over
// populations that end in a partial vector and span several blocks.
func TestDriveMatchesInputPass(t *testing.T) {
	const steps = 2000
	for _, set := range []bool{false, true} {
		for _, mode := range []paramMode{perReplica, perElement, perElementUniform} {
			for _, n := range []int{1, 13, 700} {
				I := []float64{24.75, 24.75, 24.75}
				params := map[string][]float64{"tau": {10, 12.5, 10}}
				pass := newSim(t, lifDef(), "exp_euler", 0.1, n, params, make([]float64, len(I)), mode)
				own := newSim(t, lifDef(), "exp_euler", 0.1, n, params, make([]float64, len(I)), mode)
				own.run.TakeDrive(&Drive{Value: I[0], Set: set})
				spikes := 0
				for i := range steps {
					in := pass.col(InputVar)
					for k := range in {
						if set {
							in[k] = I[0]
						} else {
							in[k] += I[0]
						}
					}
					pass.step(i, 0.1)
					own.step(i, 0.1)
					for k, v := range pass.col("V") {
						if math.Float64bits(v) != math.Float64bits(own.col("V")[k]) || pass.data.Spike[k] != own.data.Spike[k] {
							t.Fatalf("set=%v mode %d n=%d step %d neuron %d: V %v with the drive, %v with a pass", set, mode, n, i, k, own.col("V")[k], v)
						}
						if pass.data.Spike[k] {
							spikes++
						}
					}
				}
				if spikes == 0 {
					t.Fatalf("set=%v mode %d n=%d: no spike: the drive did not drive", set, mode, n)
				}
			}
		}
	}
}

// TestRefractoryInStoresMatchesRegister: with a refractory period of one value per block the
// stores and the spike pass test (t - t_last_spike) <= t_refractory themselves; with one value
// per element the step computes it into a register first. Both give the same bits, by Euler and
// exponential Euler, at periods that end between steps and on a step.
func TestRefractoryInStoresMatchesRegister(t *testing.T) {
	params := map[string][]float64{"t_refractory": {1, 2.5, 0.3, 5}}
	I := []float64{40, 40, 40, 40}
	for _, method := range []string{"euler", "exp_euler"} {
		inline := newSim(t, lifDef(), method, 0.1, 3, params, I, perReplica)
		register := newSim(t, lifDef(), method, 0.1, 3, params, I, perElement)
		if !inline.run.k.refrInline || register.run.k.refrInline {
			t.Fatal("the layouts did not give the two refractory tests")
		}
		spikes := 0
		for i := range 3000 {
			inline.step(i, 0.1)
			register.step(i, 0.1)
			for k, v := range register.col("V") {
				if math.Float64bits(v) != math.Float64bits(inline.col("V")[k]) || register.data.Spike[k] != inline.data.Spike[k] ||
					register.data.Refr[k] != inline.data.Refr[k] {
					t.Fatalf("%s step %d neuron %d: V %v spike %v refractory %v tested in the stores; %v %v %v from a register", method, i, k,
						inline.col("V")[k], inline.data.Spike[k], inline.data.Refr[k], v, register.data.Spike[k], register.data.Refr[k])
				}
				if v == -5 && register.data.Spike[k] {
					spikes++
				}
			}
		}
		if spikes < 100 {
			t.Fatalf("%s: %d spikes: the neurons hardly left their refractory periods", method, spikes)
		}
	}
}
