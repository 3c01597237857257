package sweep

import (
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/spec"
)

// cubaBase is a small CUBA-like file: random initial V, an Exponential projection with a current
// output, event-driven.
const cubaBase = `[run]
duration = 10.0

[[population]]
name = "exc"
model = "LIF"
size = 4
init = { V = { uniform = [-60.0, -50.0] } }

[[population]]
name = "inh"
model = "LIF"
size = 2
init = { V = -55.0, t_last_spike = { normal = [-5.0, 1.0] } }

[[projection]]
name = "ei"
model = "Exponential"
pre = "exc"
post = "inh"
params = { tau = 5.0, g_max = 1.62 }
output = "current"
event = true
`

// editCuba replaces old (which must occur once) with new in cubaBase.
func editCuba(t *testing.T, old, new string) string {
	t.Helper()
	if strings.Count(cubaBase, old) != 1 {
		t.Fatalf("%q occurs %d times in cubaBase", old, strings.Count(cubaBase, old))
	}
	return strings.Replace(cubaBase, old, new, 1)
}

// cubaAxis appends a one-axis sweep to cubaBase.
func cubaAxis(path, values string) string {
	return cubaBase + "\n[sweep]\n[[sweep.axis]]\npath = \"" + path + "\"\nvalues = " + values + "\n"
}

// withProj replaces the projection's model (and post population) in cubaBase.
func withProj(t *testing.T, model, rest string) string {
	t.Helper()
	return editCuba(t, "model = \"Exponential\"\npre = \"exc\"\npost = \"inh\"\nparams = { tau = 5.0, g_max = 1.62 }\noutput = \"current\"\nevent = true\n",
		"model = \""+model+"\"\npre = \"exc\"\npost = \"inh\"\n"+rest)
}

func TestInitDistributions(t *testing.T) {
	s := mustParse(t, cubaBase)
	exc, inh := s.Base.Populations[0], s.Base.Populations[1]
	if want := (spec.Dist{Kind: "uniform", Min: -60, Max: -50}); exc.InitRandom["V"] != want || len(exc.InitRandom) != 1 || exc.Init != nil {
		t.Errorf("exc: init %v, random %v", exc.Init, exc.InitRandom)
	}
	if want := (spec.Dist{Kind: "normal", Mean: -5, Std: 1}); inh.InitRandom["t_last_spike"] != want || len(inh.InitRandom) != 1 {
		t.Errorf("inh: random %v", inh.InitRandom)
	}
	if inh.Init["V"] != -55 || len(inh.Init) != 1 {
		t.Errorf("inh: init %v", inh.Init)
	}
	// Integers, a dotted key, a degenerate uniform and a zero std are accepted.
	src := editCuba(t, "init = { V = { uniform = [-60.0, -50.0] } }", "init.V.normal = [-55, 0]")
	src = strings.Replace(src, "init = { V = -55.0, t_last_spike = { normal = [-5.0, 1.0] } }", "init = { V = { uniform = [-52, -52.0] } }", 1)
	s = mustParse(t, src)
	if got := s.Base.Populations[0].InitRandom["V"]; got != (spec.Dist{Kind: "normal", Mean: -55}) {
		t.Errorf("dotted normal: %+v", got)
	}
	if got := s.Base.Populations[1].InitRandom["V"]; got != (spec.Dist{Kind: "uniform", Min: -52, Max: -52}) {
		t.Errorf("degenerate uniform: %+v", got)
	}
}

// A projection's init takes the populations' distributions, drawn per synapse, next to numbers.
func TestProjectionInitDistributions(t *testing.T) {
	s := mustParse(t, withProj(t, "STDP", "init = { w = { uniform = [0, 1.5] }, A_s = { normal = [0.1, 0.01] }, A_t = 0.2 }\n"))
	pr := s.Base.Projections[0]
	if want := (spec.Dist{Kind: "uniform", Max: 1.5}); pr.InitRandom["w"] != want {
		t.Errorf("w: %+v", pr.InitRandom["w"])
	}
	if want := (spec.Dist{Kind: "normal", Mean: 0.1, Std: 0.01}); pr.InitRandom["A_s"] != want || len(pr.InitRandom) != 2 {
		t.Errorf("random %v", pr.InitRandom)
	}
	if pr.Init["A_t"] != 0.2 || len(pr.Init) != 1 {
		t.Errorf("init %v", pr.Init)
	}
	// Points get their own copy.
	s = mustParse(t, withProj(t, "STDP", "init = { w = { uniform = [0, 1.5] } }\n")+"\n[sweep]\n[[sweep.axis]]\npath = \"ei.tau_s\"\nvalues = [1.0, 2.0]\n")
	pts := s.Points()
	pts[0].Net.Projections[0].InitRandom["w"] = spec.Dist{Kind: "normal"}
	if pts[1].Net.Projections[0].InitRandom["w"].Kind != "uniform" || s.Base.Projections[0].InitRandom["w"].Kind != "uniform" {
		t.Error("a point shares a projection's InitRandom with another point or the base")
	}
}

func TestOutputAndEvent(t *testing.T) {
	s := mustParse(t, cubaBase)
	pr := s.Base.Projections[0]
	if pr.Output != "current" || pr.Event == nil || !*pr.Event || pr.Params["g_max"] != 1.62 {
		t.Errorf("%+v", pr)
	}
	// Without the keys: no output, automatic event-driven propagation.
	s = mustParse(t, withProj(t, "Exponential", ""))
	if pr := s.Base.Projections[0]; pr.Output != "" || pr.Event != nil {
		t.Errorf("defaults: output %q, event %v", pr.Output, pr.Event)
	}
	// Every output model takes both outputs (any case); E with a conductance.
	for _, m := range []string{"AMPA", "Alpha", "Exponential", "TwoExponentials"} {
		s := mustParse(t, withProj(t, m, "output = \"Conductance\"\nparams = { g_max = 0.5, E = -80.0 }\n"))
		if pr := s.Base.Projections[0]; pr.Output != "conductance" || pr.Params["E"] != -80 {
			t.Errorf("%s: %+v", m, pr)
		}
		mustParse(t, withProj(t, m, "output = \"current\"\n"))
	}
	// Without event = true, s is recorded per synapse.
	mustParse(t, editCuba(t, "event = true", "event = false")+"\n[[monitor]]\ntarget = \"ei\"\nvars = [\"s\"]\n")
	mustParse(t, editCuba(t, "event = true\n", "")+"\n[[monitor]]\ntarget = \"ei\"\nvars = [\"s\"]\n")
	// event = false is accepted on every model: it is what the others do anyway.
	s = mustParse(t, withProj(t, "AMPA", "event = false\n"))
	if pr := s.Base.Projections[0]; pr.Event == nil || *pr.Event {
		t.Errorf("AMPA event = false: %v", pr.Event)
	}
	// Points get their own copy of Event and InitRandom.
	s = mustParse(t, cubaAxis("ei.tau", "[1.0, 2.0]"))
	pts := s.Points()
	*pts[0].Net.Projections[0].Event = false
	pts[0].Net.Populations[0].InitRandom["V"] = spec.Dist{Kind: "normal"}
	if !*pts[1].Net.Projections[0].Event || !*s.Base.Projections[0].Event ||
		s.Base.Populations[0].InitRandom["V"].Kind != "uniform" || pts[1].Net.Populations[0].InitRandom["V"].Kind != "uniform" {
		t.Error("a point shares Event or InitRandom with another point or the base")
	}
}

func TestSweepInitDistribution(t *testing.T) {
	src := cubaBase + `
[sweep]
[[sweep.axis]]
path = "exc.init.V.uniform[0]"
values = [-70.0, -65.0]
[[sweep.axis]]
path = "exc.init.V.uniform[1]"
values = [-60.0, -50.0]
[[sweep.axis]]
path = "inh.init.t_last_spike.normal[0]"
values = [-3.0]
[[sweep.axis]]
path = "inh.init.t_last_spike.normal[1]"
values = [0.0, 2.0]
`
	s := mustParse(t, src)
	if s.Len() != 8 {
		t.Fatalf("Len %d", s.Len())
	}
	for _, pt := range s.Points() {
		v := pt.Net.Populations[0].InitRandom["V"]
		tl := pt.Net.Populations[1].InitRandom["t_last_spike"]
		want := spec.Dist{Kind: "uniform", Min: pt.Values[0], Max: pt.Values[1]}
		if v != want || tl != (spec.Dist{Kind: "normal", Mean: -3, Std: pt.Values[3]}) {
			t.Errorf("point %d (%v): V %+v, t_last_spike %+v", pt.ID, pt.Values, v, tl)
		}
	}
	if got := s.Base.Populations[0].InitRandom["V"]; got != (spec.Dist{Kind: "uniform", Min: -60, Max: -50}) {
		t.Errorf("base changed: %+v", got)
	}
	// Zip pairs the bounds value by value: min -60 with max -60 is fine.
	s = mustParse(t, cubaBase+`
[sweep]
mode = "zip"
[[sweep.axis]]
path = "exc.init.V.uniform[0]"
values = [-70.0, -60.0]
[[sweep.axis]]
path = "exc.init.V.uniform[1]"
values = [-65.0, -60.0]
`)
	if got := s.Point(1).Net.Populations[0].InitRandom["V"]; got.Min != -60 || got.Max != -60 {
		t.Errorf("zip point 1: %+v", got)
	}
}

// The new keys' errors, at their keys.
func TestBadNewKeys(t *testing.T) {
	initV := "init = { V = { uniform = [-60.0, -50.0] } }"
	excObj, eiObj := `population "exc"`, `projection "ei"`
	cases := []badCase{
		{name: "unknown distribution", src: editCuba(t, initV, "init = { V = { unifrom = [-60.0, -50.0] } }"),
			mark: "unifrom", obj: excObj, key: "init.V.unifrom",
			msg: `unknown distribution "unifrom" (distributions: normal, uniform, written { uniform = [min, max] } or { normal = [mean, std] }); did you mean uniform?`},
		{name: "one bound", src: editCuba(t, initV, "init = { V = { uniform = [-60.0] } }"),
			mark: "uniform", obj: excObj, key: "init.V.uniform", msg: "expected two numbers [min, max], found 1 value"},
		{name: "three numbers", src: editCuba(t, initV, "init = { V = { normal = [1.0, 2.0, 3.0] } }"),
			mark: "normal", obj: excObj, key: "init.V.normal", msg: "expected two numbers [mean, std], found 3 values"},
		{name: "not an array", src: editCuba(t, initV, "init = { V = { normal = 3.0 } }"),
			mark: "normal", obj: excObj, key: "init.V.normal", msg: "expected [mean, std], found a float"},
		{name: "min above max", src: editCuba(t, initV, "init = { V = { uniform = [-50.0, -60.0] } }"),
			mark: "-60.0", obj: excObj, key: "init.V.uniform[1]", msg: "max (-60) is below min (-50)"},
		{name: "negative std", src: editCuba(t, initV, "init = { V = { normal = [-55.0, -1.0] } }"),
			mark: "-1.0", obj: excObj, key: "init.V.normal[1]", msg: "std must be non-negative, got -1"},
		{name: "infinite bound", src: editCuba(t, initV, "init = { V = { uniform = [-60.0, inf] } }"),
			mark: "inf", obj: excObj, key: "init.V.uniform[1]", msg: "max must be a finite number, got +Inf"},
		{name: "nan mean", src: editCuba(t, initV, "init = { V = { normal = [nan, 1.0] } }"),
			mark: "nan", obj: excObj, key: "init.V.normal[0]", msg: "mean must be a finite number, got NaN"},
		{name: "bound not a number", src: editCuba(t, initV, `init = { V = { uniform = ["low", -50.0] } }`),
			mark: `"low"`, obj: excObj, key: "init.V.uniform[0]", msg: "min: expected a number, found a string"},
		{name: "neither number nor distribution", src: editCuba(t, initV, `init = { V = "low" }`),
			mark: `V = "low"`, obj: excObj, key: "init.V",
			msg: "expected a number or a distribution, { uniform = [min, max] } or { normal = [mean, std] }; found a string"},
		{name: "two distributions", src: editCuba(t, initV, "init = { V = { uniform = [-60.0, -50.0], normal = [-55.0, 1.0] } }"),
			mark: "V =", obj: excObj, key: "init.V", msg: "give one distribution, { uniform = [min, max] } or { normal = [mean, std] } (found normal and uniform)"},
		{name: "empty distribution", src: editCuba(t, initV, "init = { V = {} }"),
			mark: "V =", obj: excObj, key: "init.V", msg: "empty table: give a number or a distribution"},
		{name: "distribution of a flag", src: editCuba(t, initV, "init = { spike = { uniform = [0.0, 1.0] } }"),
			mark: "spike", obj: excObj, key: "init.spike", msg: "spike is a flag set by the model each step"},
		{name: "distribution in an event-driven projection", src: editCuba(t, "output = \"current\"", "output = \"current\"\ninit = { s = { uniform = [0.0, 1.0] } }"),
			mark: "s = { uniform", obj: eiObj, key: "init.s",
			msg: "an event-driven projection (event = true) keeps no per-synapse state to draw s into; give one number, or remove event = true"},
		{name: "distribution in a projection without state", src: withProj(t, "VoltageJump", "output = \"voltage\"\nweight = 0.5\ninit = { w = { uniform = [0.0, 1.0] } }\n"),
			mark: "w = { uniform", obj: eiObj, key: "init.w",
			msg: "model VoltageJump keeps no per-synapse state to draw; its weight takes a distribution per synapse, weight = { uniform = [min, max] }"},
		{name: "bad distribution in a projection", src: withProj(t, "STDP", "init = { w = { uniform = [1.0, 0.0] } }\n"),
			mark: "w = { uniform = [1.0, 0.0]", off: 22, obj: eiObj, key: "init.w.uniform[1]", msg: "max (0) is below min (1)"},
		{name: "sweep a projection's drawn value as a number", src: withProj(t, "STDP", "init = { w = { uniform = [0.0, 1.0] } }\n") +
			"\n[sweep]\n[[sweep.axis]]\npath = \"ei.init.w\"\nvalues = [1.0]\n",
			mark: "path", obj: `sweep.axis "ei.init.w"`, key: "path",
			msg: "ei.init.w is drawn per synapse from a uniform distribution (line 21); a projection's distribution cannot be swept"},
		{name: "unknown output", src: editCuba(t, `output = "current"`, `output = "curent"`),
			mark: "output", obj: eiObj, key: "output", msg: `unknown output "curent": "current" (post input += g_max*s) or "conductance" (post input -= g_max*s*(V - E)); did you mean current?`},
		{name: "output not a string", src: editCuba(t, `output = "current"`, `output = 1`),
			mark: "1\n", obj: eiObj, key: "output", msg: "expected a string, found a TOML integer"},
		{name: "output of a model without one", src: withProj(t, "STP", "output = \"current\"\n"),
			mark: "output", obj: eiObj, key: "output", msg: "model STP takes no output; output is for models AMPA, Alpha, Exponential, TwoExponentials"},
		{name: "output of NMDA", src: withProj(t, "NMDA", "output = \"conductance\"\n"),
			mark: "output", obj: eiObj, key: "output", msg: "(NMDA drives its post group itself, with its own g_max and E)"},
		{name: "conductance onto a rate population", src: strings.Replace(withProj(t, "Alpha", "output = \"conductance\"\n"),
			"name = \"inh\"\nmodel = \"LIF\"\nsize = 2\ninit = { V = -55.0, t_last_spike = { normal = [-5.0, 1.0] } }", "name = \"inh\"\nmodel = \"Rate\"\nsize = 2", 1),
			mark: "output", obj: eiObj, key: "output", msg: `output "conductance" drives the post population's input and V, and inh (model Rate) has no V (state: input, r)`},
		{name: "event of a model without it", src: withProj(t, "AMPA", "event = true\n"),
			mark: "event", obj: eiObj, key: "event", msg: "model AMPA has no event-driven propagation; event = true is for models Exponential"},
		{name: "monitor per synapse of an event-driven projection", src: cubaBase + "\n[[monitor]]\ntarget = \"ei\"\nvars = [\"s\"]\n",
			mark: `["s"]`, off: 1, obj: `monitor "ei"`, key: "vars[0]",
			msg: "projection ei is event-driven (event = true, line 23): s is summed per post neuron, not kept per synapse; record the post population's input instead, or set event = false"},
		{name: "event not a boolean", src: editCuba(t, "event = true", `event = "yes"`),
			mark: `"yes"`, obj: eiObj, key: "event", msg: "expected true or false, found a TOML string"},
		{name: "g_max without output", src: editCuba(t, "output = \"current\"\n", ""),
			mark: "g_max", obj: eiObj, key: "params.g_max", msg: `g_max is used only by an output, and this projection has none: set output = "current" or "conductance"`},
		{name: "E with a current output", src: editCuba(t, "g_max = 1.62", "g_max = 1.62, E = -80.0"),
			mark: "E =", obj: eiObj, key: "params.E", msg: `E is the reversal potential of a conductance output; with output = "current" it has no effect`},
		{name: "sweep a bound past two", src: cubaAxis("exc.init.V.uniform[2]", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.init.V.uniform[2]"`, key: "path", msg: "a uniform distribution has two numbers: uniform[0] (min) and uniform[1] (max)"},
		{name: "sweep the other distribution", src: cubaAxis("exc.init.V.normal[0]", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.init.V.normal[0]"`, key: "path", msg: "exc.init.V is drawn from a uniform distribution (line 8): sweep exc.init.V.uniform[0] or [1]"},
		{name: "sweep a distribution of a plain value", src: cubaAxis("inh.init.V.uniform[0]", "[1.0]"),
			mark: "path", obj: `sweep.axis "inh.init.V.uniform[0]"`, key: "path", msg: "inh.init.V is not drawn from a distribution"},
		{name: "sweep a distribution without index", src: cubaAxis("exc.init.V.uniform", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.init.V.uniform"`, key: "path", msg: "matches nothing (a distribution's sweepable paths: exc.init.V.uniform[0] (min)"},
		{name: "sweep a drawn value as a number", src: cubaAxis("exc.init.V", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.init.V"`, key: "path",
			msg: "exc.init.V is drawn from a uniform distribution (line 8): sweep exc.init.V.uniform[0] (min) or exc.init.V.uniform[1] (max)"},
		{name: "sweep a distribution of a projection", src: cubaAxis("ei.init.s.uniform[0]", "[1.0]"),
			mark: "path", obj: `sweep.axis "ei.init.s.uniform[0]"`, key: "path", msg: "ei is a projection; the bounds of its per-synapse distributions cannot be swept (sweep ei.init.s when it is one number)"},
		{name: "swept min above the file's max", src: cubaAxis("exc.init.V.uniform[0]", "[-55.0, -45.0]"),
			mark: "-45.0", obj: `sweep.axis "exc.init.V.uniform[0]"`, key: "values[1]",
			msg: "exc.init.V.uniform[0] = -45: the distribution needs min <= max, and the file's max is -50"},
		{name: "swept max below the file's min", src: cubaAxis("exc.init.V.uniform[1]", "[-70.0, -50.0]"),
			mark: "-70.0", obj: `sweep.axis "exc.init.V.uniform[1]"`, key: "values[0]",
			msg: "exc.init.V.uniform[1] = -70: the distribution needs min <= max, and the file's min is -60"},
		{name: "grid of bounds that cross", src: cubaBase + "\n[sweep]\n[[sweep.axis]]\npath = \"exc.init.V.uniform[0]\"\nvalues = [-70.0, -58.0]\n" +
			"[[sweep.axis]]\npath = \"exc.init.V.uniform[1]\"\nlinspace = { start = -59.0, stop = -50.0, num = 4 }\n",
			mark: "-58.0", obj: `sweep.axis "exc.init.V.uniform[0]"`, key: "values[1]",
			msg: "exc.init.V.uniform[0] = -58: the distribution needs min <= max, and a point's max is -59"},
		{name: "zip of bounds that cross", src: cubaBase + "\n[sweep]\nmode = \"zip\"\n[[sweep.axis]]\npath = \"exc.init.V.uniform[0]\"\nvalues = [-70.0, -58.0]\n" +
			"[[sweep.axis]]\npath = \"exc.init.V.uniform[1]\"\nvalues = [-59.0, -59.5]\n",
			mark: "-59.5", obj: `sweep.axis "exc.init.V.uniform[1]"`, key: "values[1]",
			msg: "exc.init.V.uniform[1] = -59.5: the distribution needs min <= max, and a point's min is -58"},
		{name: "swept negative std", src: cubaAxis("inh.init.t_last_spike.normal[1]", "[1.0, -0.5]"),
			mark: "-0.5", obj: `sweep.axis "inh.init.t_last_spike.normal[1]"`, key: "values[1]",
			msg: "inh.init.t_last_spike.normal[1] = -0.5: must be a non-negative standard deviation"},
		{name: "sweep g_max without output", src: strings.Replace(cubaAxis("ei.g_max", "[1.0]"), "output = \"current\"\n", "", 1),
			mark: "path", obj: `sweep.axis "ei.g_max"`, key: "path", msg: "ei.g_max: g_max is used only by an output, and this projection has none"},
	}
	checkBadCases(t, t.TempDir(), cases)
}

// An invalid output is reported once, not again as g_max without an output.
func TestBadOutputDoesNotCascade(t *testing.T) {
	_, err := parseTest(editCuba(t, `output = "current"`, `output = "curent"`), t.TempDir())
	if errs := Errors(err); len(errs) != 1 {
		t.Fatalf("%d errors:\n%v", len(errs), err)
	}
}
