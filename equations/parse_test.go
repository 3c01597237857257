package equations

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/integrators"
)

func TestExpressionPrecedence(t *testing.T) {
	for src, want := range map[string]string{
		"-V + V_rest + R*I":    "(((-V) + V_rest) + (R * I))",
		"-x**2":                "(-(x ** 2))",
		"2**-1":                "(2 ** (-1))",
		"a**b**c":              "(a ** (b ** c))",
		"a/b/c":                "((a / b) / c)",
		"not a < b and c or d": "(((not (a < b)) and c) or d)",
		"clip(x, 0, 1e-3)":     "clip(x, 0, 0.001)",
		"where(V > 0, 1, .5)":  "where((V > 0), 1, 0.5)",
	} {
		n, err := parseExpr(src, 0)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if n.String() != want {
			t.Errorf("%s: parsed as %s, want %s", src, n, want)
		}
	}
}

func errorsOf(t *testing.T, d *Def) ErrorList {
	t.Helper()
	_, err := Parse(d)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	return list
}

// TestErrorsPointIntoTheText checks each kind of mistake is reported at the offending offset.
func TestErrorsPointIntoTheText(t *testing.T) {
	base := func() *Def {
		return &Def{Name: "m", Params: []Param{{Name: "tau", Default: 10}, {Name: "V_rest"}},
			Vars: []Var{{Name: "V"}}, Equations: "dV/dt = (V_rest - V)/tau", Threshold: "V > 1", Reset: "V = 0"}
	}
	cases := []struct {
		name   string
		edit   func(*Def)
		field  string
		at     string // the text the error points at (its first occurrence in the field)
		inText string // a phrase of the message
	}{
		{"unknown name", func(d *Def) { d.Equations = "dV/dt = (V_rst - V)/tau" }, "equations", "V_rst", "did you mean V_rest?"},
		{"unit without a scale", func(d *Def) { d.Equations = "dV/dt = (V_rest - V + 0.2*nA)/tau" }, "equations", "nA", "write the number in your model's unit"},
		{"parse error", func(d *Def) { d.Equations = "dV/dt = (V_rest - V)/tau\nI = 2 * * V" }, "equations", "* V", "unexpected"},
		{"undeclared variable", func(d *Def) { d.Equations = "dV/dt = -V/tau\ndW/dt = -W/tau" }, "equations", "dW/dt", "undeclared variable W"},
		{"equation for a parameter", func(d *Def) { d.Equations = "dtau/dt = 1" }, "equations", "dtau", "is a parameter"},
		{"reset of a parameter", func(d *Def) { d.Reset = "V = 0; tau = 3" }, "reset", "tau", "is a parameter"},
		{"reset typo", func(d *Def) { d.Reset = "Vv = 0" }, "reset", "Vv", "did you mean V?"},
		{"unknown function", func(d *Def) { d.Threshold = "expp(V) > 1" }, "threshold", "expp", "did you mean exp?"},
		{"arity", func(d *Def) { d.Threshold = "clip(V, 1) > 0" }, "threshold", "clip", "takes 3"},
		{"refractory uses state", func(d *Def) { d.Refractory = "V*2" }, "refractory", "V", "parameters and constants only"},
		{"non-linear exp_euler", func(d *Def) { d.Method = "exp_euler"; d.Equations = "dV/dt = (V_rest - V*V)/tau" }, "equations", "V*V", "linear in V"},
		{"unknown method", func(d *Def) { d.Method = "rk5" }, "method", "", "unknown integration method"},
		{"flag", func(d *Def) { d.Equations = "dV/dt = -V/tau : volt (constant)" }, "equations", "(constant)", "unsupported flag"},
		{"sub-expression cycle", func(d *Def) { d.Equations = "dV/dt = a/tau\na = b\nb = a" }, "equations", "", "depends on itself"},
		{"kind", func(d *Def) { d.Kind = "synaps" }, "kind", "", "did you mean synapse?"},
		{"synapse with a threshold", func(d *Def) { d.Kind = "synapse" }, "threshold", "", "threshold is for neuron models"},
		{"on_pre on a neuron", func(d *Def) { d.OnPre = "V += 1" }, "on_pre", "", "on_pre is for synapse models"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := base()
			c.edit(d)
			list := errorsOf(t, d)
			e := list[0]
			if e.Field != c.field || !strings.Contains(e.Msg, c.inText) {
				t.Fatalf("got %v, want field %s and %q", list, c.field, c.inText)
			}
			if c.at != "" {
				text := map[string]string{"equations": d.Equations, "reset": d.Reset, "threshold": d.Threshold, "refractory": d.Refractory}[c.field]
				if want := strings.Index(text, c.at); e.Offset != want {
					t.Fatalf("%v: offset %d, want %d (%q)", e, e.Offset, want, c.at)
				}
			}
		})
	}
}

// TestBrian2Syntax reads Brian2's line syntax: units, flags, declarations, comments,
// continuation lines and unit constants.
func TestBrian2Syntax(t *testing.T) {
	d := &Def{Name: "cuba", Params: []Param{{Name: "taum", Default: 20}, {Name: "taue", Default: 5},
		{Name: "taui", Default: 10}, {Name: "El", Default: -60}},
		Equations: `
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)  # membrane
dge/dt = -ge/taue : volt
dgi/dt = (-gi +
          0)/(taui*ms) : volt
I_syn = ge + gi : volt
taum : second
`, Threshold: "v > -50*mV", Reset: "v = -60*mV", Refractory: "5*ms"}
	m, err := Parse(d)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, v := range m.Vars {
		got[v.Name] = v.Held
		if v.Name == "v" && v.Unit != "volt" {
			t.Errorf("unit of v is %q", v.Unit)
		}
	}
	if !got["v"] || got["ge"] || got["gi"] {
		t.Errorf("held variables: %v; want only v", got)
	}
	if len(m.subs) != 1 || m.subs[0].Name != "I_syn" {
		t.Errorf("sub-expressions %v", m.subs)
	}
	if strings.Join(m.Methods, ",") != "euler,rk4,exp_euler" {
		t.Errorf("methods %v", m.Methods)
	}
	d.Equations += "\nx : 1\n"
	if list := errorsOf(t, d); !strings.Contains(list[0].Msg, "x is declared here but has no value") {
		t.Errorf("got %v", list)
	}
}

// TestUnlessRefractory: a held variable stays put while refractory, the others integrate.
func TestUnlessRefractory(t *testing.T) {
	d := &Def{Name: "m", Params: []Param{{Name: "tau", Default: 10}},
		Equations: "dv/dt = 1 : mV (unless refractory)\ndg/dt = 1 : 1", Threshold: "v >= 1", Reset: "v = 0", Refractory: "0.5"}
	s := newSim(t, d, "euler", 0.1, 1, nil, []float64{0}, perReplica)
	var vs, gs []float64
	var refr, fired []bool
	for i := range 40 {
		s.step(i, 0.1)
		vs = append(vs, s.col("v")[0])
		gs = append(gs, s.col("g")[0])
		refr = append(refr, s.data.Refr[0] && !s.data.Spike[0])
		fired = append(fired, s.data.Spike[0])
	}
	held := 0
	for i := 1; i < len(vs); i++ {
		if refr[i] {
			held++
			if vs[i] != vs[i-1] {
				t.Fatalf("v moved while refractory at step %d: %v", i, vs)
			}
		} else if !fired[i] && vs[i] == vs[i-1] {
			t.Fatalf("v held outside the refractory period at step %d: %v", i, vs)
		}
	}
	if held < 5 {
		t.Fatalf("only %d refractory steps: %v", held, refr)
	}
	if math.Abs(gs[39]-4.0) > 1e-12 {
		t.Fatalf("g integrates regardless: %v", gs)
	}
}

// TestRK4MatchesIntegrators: a two-variable system under RK4 gives integrators.Step2's bits.
func TestRK4MatchesIntegrators(t *testing.T) {
	d := izhDef()
	const dt, I = 0.1, 10.0
	s := newSim(t, d, "rk4", dt, 1, nil, []float64{I}, perReplica)
	a, b := 0.02, 0.2
	f := func(v, u, in float64) (float64, float64) {
		return ((((0.04 * math.Pow(v, 2)) + 5*v) + 140) - u) + in, a * ((b * v) - u)
	}
	v, u := -65.0, b*-65
	for i := range 3000 {
		s.step(i, dt)
		v, u = integrators.Step2(integrators.RK4, f, v, u, I, dt)
		if v >= 30 {
			v, u = -65, u+8
		}
		if gv, gu := s.col("v")[0], s.col("u")[0]; math.Float64bits(gv) != math.Float64bits(v) || math.Float64bits(gu) != math.Float64bits(u) {
			t.Fatalf("step %d: (%v, %v), reference (%v, %v)", i, gv, gu, v, u)
		}
	}
}

// TestExpEuler: the decay dy/dt = -y/tau gives BrainPy's exponential Euler to the bit
// (integrators.Decay); a linear equation with a constant term matches its exact solution.
func TestExpEuler(t *testing.T) {
	d := &Def{Name: "m", Params: []Param{{Name: "tau", Default: 7}, {Name: "E", Default: 3}},
		Vars: []Var{{Name: "y", Init: 1}, {Name: "x", Init: 0}}, Equations: "dy/dt = -y/tau\ndx/dt = (E - x)/tau",
		Method: "exp_euler"}
	const dt = 0.1
	s := newSim(t, d, "", dt, 1, nil, []float64{0}, perReplica)
	y, e := 1.0, integrators.DecayFactor(7, dt)
	for i := range 1000 {
		s.step(i, dt)
		y = integrators.Decay(y, 7, e)
		if got := s.col("y")[0]; math.Float64bits(got) != math.Float64bits(y) {
			t.Fatalf("step %d: y = %v, BrainPy %v", i, got, y)
		}
		exact := 3 * (1 - math.Exp(-float64(i+1)*dt/7))
		if got := s.col("x")[0]; math.Abs(got-exact) > 1e-12 {
			t.Fatalf("step %d: x = %v, exact %v", i, got, exact)
		}
	}
}

// TestUnitMismatch: where units are given, sums, comparisons, assignments, exp arguments and
// dX/dt are checked; quantities without units are not.
func TestUnitMismatch(t *testing.T) {
	for _, c := range []struct {
		name, field, want string
		edit              func(*Def)
	}{
		{"w in mV", "equations", "adding or subtracting", func(d *Def) { d.Vars[1].Unit = "mV" }},
		{"exp of a voltage", "equations", "exp needs a dimensionless argument", func(d *Def) {
			d.Equations = strings.Replace(d.Equations, "exp((V - VT)/DeltaT)", "exp(V - VT)", 1)
		}},
		{"threshold", "threshold", "comparing volt and amp", func(d *Def) { d.Threshold = "V > b" }},
		{"reset", "reset", "w is in amp, the value assigned in volt", func(d *Def) { d.Reset = "V = EL; w += EL" }},
		{"derivative", "equations", "dw/dt must be in amp/second", func(d *Def) {
			d.Equations = strings.Replace(d.Equations, "/tau_w", "", 1)
		}},
		{"unknown unit", "params.C", "unknown unit \"pFF\"", func(d *Def) { d.Params[0].Unit = "pFF" }},
		{"annotation", "equations", "is annotated", func(d *Def) { d.Equations = strings.Replace(d.Equations, ": pA", ": mV", 1) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := adexUnits()
			c.edit(d)
			list := errorsOf(t, d)
			for _, e := range list {
				if e.Field == c.field && strings.Contains(e.Msg, c.want) {
					return
				}
			}
			t.Fatalf("got %v, want %s: %q", list, c.field, c.want)
		})
	}
	if _, err := Parse(adexUnits()); err != nil {
		t.Fatalf("the consistent model: %v", err)
	}
	if _, err := Parse(adexDef()); err != nil {
		t.Fatalf("the model without units: %v", err)
	}
}

// adexUnits is AdEx with every unit given.
func adexUnits() *Def {
	d := adexDef()
	units := map[string]string{"C": "pF", "gL": "nS", "EL": "mV", "VT": "mV", "DeltaT": "mV", "tau_w": "ms", "a": "nS", "b": "pA", "V_cut": "mV"}
	for i := range d.Params {
		d.Params[i].Unit = units[d.Params[i].Name]
	}
	d.Vars[0].Unit, d.Vars[1].Unit = "mV", "pA"
	d.Vars = append(d.Vars, Var{Name: "input", Unit: "pA"})
	d.Equations = strings.ReplaceAll(strings.ReplaceAll(d.Equations, ": mV", ""), ": pA", ": pA")
	return d
}

// A refractory period may be written as parameters are, "2 ms": it means 2*ms. Other units
// are still expressions of their own, and errors keep their positions.
func TestRefractoryNumberAndUnit(t *testing.T) {
	for _, text := range []string{"2 ms", " 2.5  ms ", "1e1 msecond", "0.002 second"} {
		d := &Def{Name: "m", Params: []Param{{Name: "tau", Default: 10}}, Vars: []Var{{Name: "V"}},
			Equations: "dV/dt = -V/tau", Threshold: "V > 1", Reset: "V = 0", Refractory: text}
		if _, err := Parse(d); err != nil {
			t.Errorf("refractory %q: %v", text, err)
		}
	}
	d := &Def{Name: "m", Params: []Param{{Name: "tau", Default: 10}}, Vars: []Var{{Name: "V"}},
		Equations: "dV/dt = -V/tau", Threshold: "V > 1", Reset: "V = 0", Refractory: "2 tau"}
	if _, err := Parse(d); err == nil {
		t.Error(`refractory "2 tau" parsed`)
	}
}

// TestDimensionNames: error messages name a dimension by a unit a model writes, times a power of
// time where that is what it is, and fall back to SI base units.
func TestDimensionNames(t *testing.T) {
	for _, c := range []struct {
		d    dim
		want string
	}{
		{dimVolt, "volt"},
		{dimVolt.add(dimTime.scale(-1)), "volt/second"},
		{dimVolt.add(dimTime.scale(-2)), "volt/second**2"},
		{dimSie.add(dimTime), "farad"}, // S s = F
		{dimAmp.add(dimTime), "amp*second"},
		{dimless.add(dimTime.scale(2)), "second**2"},
		{dimHz, "Hz"},
		{dim{1, 1, 1, 1}, "m^1 kg^1 s^1 A^1"},
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("%v: %q, want %q", c.d, got, c.want)
		}
	}
}

// TestStochasticTermsAreNamed: Brian2's noise terms get a message that says they are not
// supported and what to use instead, and a neuron is not offered synapses' functions.
func TestStochasticTermsAreNamed(t *testing.T) {
	for _, c := range []struct{ eq, want, not string }{
		{"dV/dt = -V/tau + sigma*xi", "stochastic equations", ""},
		{"dV/dt = -V/tau + rand()", "random numbers in equations are not supported", ""},
		{"dV/dt = -V/tau + exprel(V)", `unknown function "exprel"`, "delay"},
	} {
		_, err := Parse(&Def{Name: "n", Kind: "neuron", Params: []Param{{Name: "tau", Default: 10}, {Name: "sigma", Default: 1}},
			Vars: []Var{{Name: "V"}}, Equations: c.eq})
		list, _ := err.(ErrorList)
		if len(list) == 0 || !strings.Contains(list[0].Msg, c.want) || (c.not != "" && strings.Contains(list[0].Msg, c.not)) {
			t.Errorf("%s: got %v, want %q", c.eq, err, c.want)
		}
	}
}
