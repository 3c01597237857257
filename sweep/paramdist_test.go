package sweep

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/spec"
)

// hetBase is a LIF population with parameters per neuron (a distribution, a truncated one and a
// list) and a Rate population with tau drawn per neuron.
const hetBase = `[run]
duration = 10.0

[[population]]
name = "exc"
model = "LIF"
size = 4
params = { V_th = { normal = [20.0, 1.0], min = 15.0 }, tau = { uniform = [8.0, 12.0] }, R = [1.0, 1.5, 2.0, 2.5], t_refractory = 2.0 }

[[population]]
name = "rates"
model = "Rate"
size = 3
params = { tau = { lognormal = [2.3, 0.5], max = 100.0 } }
`

func editHet(t *testing.T, old, new string) string {
	t.Helper()
	if strings.Count(hetBase, old) != 1 {
		t.Fatalf("%q occurs %d times in hetBase", old, strings.Count(hetBase, old))
	}
	return strings.Replace(hetBase, old, new, 1)
}

func hetAxis(path, values string) string {
	return hetBase + "\n[sweep]\n[[sweep.axis]]\npath = \"" + path + "\"\nvalues = " + values + "\n"
}

func TestParamsPerNeuronAreRead(t *testing.T) {
	s := mustParse(t, hetBase)
	exc, rates := s.Base.Populations[0], s.Base.Populations[1]
	lo := 15.0
	if got := exc.ParamsRandom["V_th"]; got.Kind != "normal" || got.Mean != 20 || got.Std != 1 || got.Lo == nil || *got.Lo != lo || got.Hi != nil {
		t.Errorf("V_th: %+v", got)
	}
	if got := exc.ParamsRandom["tau"]; got != (spec.Dist{Kind: "uniform", Min: 8, Max: 12}) {
		t.Errorf("tau: %+v", got)
	}
	if got := exc.ParamsPerNeuron["R"]; !slices.Equal(got, []float64{1, 1.5, 2, 2.5}) {
		t.Errorf("R: %v", got)
	}
	if exc.Params["t_refractory"] != 2 || len(exc.Params) != 1 {
		t.Errorf("one-value parameters: %v", exc.Params)
	}
	if got := rates.ParamsRandom["tau"]; got.Kind != "lognormal" || got.Hi == nil || *got.Hi != 100 {
		t.Errorf("Rate tau: %+v", got)
	}
}

// A sweep over the arguments of a parameter's distribution gives every point its distribution;
// the file's bounds and the base stay.
func TestSweepParamDistribution(t *testing.T) {
	s := mustParse(t, hetBase+`
[sweep]
[[sweep.axis]]
path = "exc.V_th.normal[0]"
values = [18.0, 22.0]
[[sweep.axis]]
path = "exc.V_th.normal[1]"
values = [0.0, 2.0]
[[sweep.axis]]
path = "exc.tau.uniform[1]"
values = [10.0, 20.0]
[[sweep.axis]]
path = "rates.tau.lognormal[0]"
values = [2.0]
`)
	if s.Len() != 8 {
		t.Fatalf("Len %d", s.Len())
	}
	for _, pt := range s.Points() {
		th, tau := pt.Net.Populations[0].ParamsRandom["V_th"], pt.Net.Populations[0].ParamsRandom["tau"]
		if th.Mean != pt.Values[0] || th.Std != pt.Values[1] || *th.Lo != 15 || tau.Min != 8 || tau.Max != pt.Values[2] {
			t.Errorf("point %d (%v): V_th %+v, tau %+v", pt.ID, pt.Values, th, tau)
		}
		if got := pt.Net.Populations[1].ParamsRandom["tau"]; got.Mean != 2 || got.Std != 0.5 {
			t.Errorf("point %d: Rate tau %+v", pt.ID, got)
		}
	}
	if got := s.Base.Populations[0].ParamsRandom["V_th"]; got.Mean != 20 || got.Std != 1 {
		t.Errorf("base changed: %+v", got)
	}
}

// The identity covers per-neuron parameters: another distribution, bound or list is another
// sweep; a swept argument's base value is not part of it.
func TestParamsPerNeuronIdentity(t *testing.T) {
	base := identityOf(t, hetBase)
	for name, src := range map[string]string{
		"mean":  editHet(t, "normal = [20.0, 1.0]", "normal = [21.0, 1.0]"),
		"bound": editHet(t, "min = 15.0", "min = 16.0"),
		"kind":  editHet(t, "tau = { uniform = [8.0, 12.0] }", "tau = { normal = [10.0, 1.0], min = 1.0 }"),
		"list":  editHet(t, "[1.0, 1.5, 2.0, 2.5]", "[1.0, 1.5, 2.0, 2.0]"),
		"one":   editHet(t, "R = [1.0, 1.5, 2.0, 2.5]", "R = 1.5"),
	} {
		if identityOf(t, src).Hash == base.Hash {
			t.Errorf("changing the %s kept the identity", name)
		}
	}
	a := identityOf(t, hetAxis("exc.V_th.normal[0]", "[18.0, 22.0]"))
	b := identityOf(t, strings.Replace(hetAxis("exc.V_th.normal[0]", "[18.0, 22.0]"), "normal = [20.0, 1.0]", "normal = [99.0, 1.0]", 1))
	if a.Hash != b.Hash {
		t.Errorf("the swept mean's base value changed the identity: %v", DiffSettings(a.Settings, b.Settings, "b", 5))
	}
	if c := identityOf(t, strings.Replace(hetAxis("exc.V_th.normal[0]", "[18.0, 22.0]"), "normal = [20.0, 1.0]", "normal = [20.0, 3.0]", 1)); c.Hash == a.Hash {
		t.Error("the std beside a swept mean left the identity")
	}
	// A long list is kept as a digest.
	long := strings.Repeat("1.0, ", 1999) + "2.0"
	src := strings.Replace(editHet(t, "R = [1.0, 1.5, 2.0, 2.5]", "R = ["+long+"]"), "size = 4", "size = 2000", 1)
	if got := identityOf(t, src).Settings["exc.paramsperneuron.R"]; !strings.HasPrefix(got, "2000 values, sha256 ") {
		t.Errorf("long list kept as %.60q", got)
	}
}

func TestBadParamsPerNeuron(t *testing.T) {
	exc := `population "exc"`
	cases := []badCase{
		{name: "negative tau in a list", src: editHet(t, "tau = { uniform = [8.0, 12.0] }", "tau = [10.0, -1.0, 10.0, 10.0]"),
			mark: "-1.0", obj: exc, key: "params.tau[1]", msg: "tau of neuron 1 must be > 0, got -1"},
		{name: "tau from a normal without min", src: editHet(t, "tau = { uniform = [8.0, 12.0] }", "tau = { normal = [10.0, 1.0] }"),
			mark: "tau = { normal", obj: exc, key: "params.tau", msg: "tau must be > 0 at every neuron: give the normal distribution min = ..."},
		{name: "tau from a uniform below 0", src: editHet(t, "tau = { uniform = [8.0, 12.0] }", "tau = { uniform = [-1.0, 12.0] }"),
			mark: "-1.0", obj: exc, key: "params.tau.uniform[0]", msg: "the uniform distribution's min is -1"},
		{name: "refractory min below 0", src: editHet(t, "t_refractory = 2.0", "t_refractory = { normal = [2.0, 1.0], min = -1.0 }"),
			mark: "min = -1.0", obj: exc, key: "params.t_refractory.min", msg: "t_refractory must be >= 0 at every neuron: min is -1"},
		{name: "negative std", src: editHet(t, "normal = [20.0, 1.0]", "normal = [20.0, -1.0]"),
			mark: "-1.0", obj: exc, key: "params.V_th.normal[1]", msg: "std must be non-negative, got -1"},
		{name: "min above max", src: editHet(t, "min = 15.0", "min = 25.0, max = 15.0"),
			mark: "max = 15.0", obj: exc, key: "params.V_th.max", msg: "max (15) is below min (25)"},
		{name: "bounds that keep nothing", src: editHet(t, "min = 15.0", "min = 100.0"),
			mark: "V_th = {", obj: exc, key: "params.V_th", msg: "the bounds keep almost none of the normal distribution"},
		{name: "list of the wrong length", src: editHet(t, "[1.0, 1.5, 2.0, 2.5]", "[1.0, 1.5]"),
			mark: "R = [", obj: exc, key: "params.R", msg: "has 2 values; exc has 4 neurons (one value per neuron)"},
		{name: "list element not a number", src: editHet(t, "[1.0, 1.5, 2.0, 2.5]", `[1.0, "x", 2.0, 2.5]`),
			mark: `"x"`, obj: exc, key: "params.R[1]", msg: "expected a number, found a string"},
		{name: "per neuron where it cannot be", src: editHet(t, "params = { tau = { lognormal", "params = { leak = [1.0, 0.0, 1.0], tau = { lognormal"),
			mark: "leak", obj: `population "rates"`, key: "params.leak", msg: "leak of model Rate is one number per population (per-neuron values and distributions: tau)"},
		{name: "sweep a drawn parameter as one value", src: hetAxis("exc.V_th", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.V_th"`, key: "path",
			msg: "exc.V_th is drawn per neuron from a normal distribution (line 8): sweep exc.V_th.normal[0] (mean) or exc.V_th.normal[1] (std)"},
		{name: "sweep a listed parameter", src: hetAxis("exc.R", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.R"`, key: "path", msg: "exc.R is given as a list per neuron (line 8); lists are not swept"},
		{name: "sweep a mean by name", src: hetAxis("exc.V_th.mean", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.V_th.mean"`, key: "path", msg: "sweep exc.V_th.normal[0] (mean) or exc.V_th.normal[1] (std)"},
		{name: "sweep another distribution", src: hetAxis("exc.V_th.uniform[0]", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.V_th.uniform[0]"`, key: "path", msg: "exc.V_th is drawn from a normal distribution (line 8), not uniform"},
		{name: "sweep a bound", src: hetAxis("exc.V_th.min", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.V_th.min"`, key: "path", msg: "the bounds of a truncated distribution are not swept"},
		{name: "sweep a one-value parameter's distribution", src: hetAxis("exc.t_refractory.normal[0]", "[1.0]"),
			mark: "path", obj: `sweep.axis "exc.t_refractory.normal[0]"`, key: "path", msg: "exc.t_refractory is not drawn from a distribution"},
		{name: "swept negative std", src: hetAxis("exc.V_th.normal[1]", "[1.0, -2.0]"),
			mark: "-2.0", obj: `sweep.axis "exc.V_th.normal[1]"`, key: "values[1]", msg: "must be a non-negative standard deviation"},
		{name: "swept tau bound below 0", src: hetAxis("exc.tau.uniform[0]", "[1.0, -2.0]"),
			mark: "-2.0", obj: `sweep.axis "exc.tau.uniform[0]"`, key: "values[1]", msg: "the lowest value of tau must be > 0"},
		{name: "swept min above the file's max", src: hetAxis("exc.tau.uniform[0]", "[1.0, 13.0]"),
			mark: "13.0", obj: `sweep.axis "exc.tau.uniform[0]"`, key: "values[1]", msg: "max (12) is below min (13)"},
		{name: "swept mean far from the bounds", src: hetAxis("exc.V_th.normal[0]", "[20.0, -200.0]"),
			mark: "-200.0", obj: `sweep.axis "exc.V_th.normal[0]"`, key: "values[1]", msg: "the bounds keep almost none of the distribution"},
		{name: "distribution argument as an also path", src: hetBase + "\n[sweep]\n[[sweep.axis]]\npath = \"exc.t_refractory\"\nvalues = [1.0]\nalso = [\"exc.V_th.normal[0]\"]\n",
			mark: "\"exc.V_th.normal[0]\"]", obj: `sweep.axis "exc.t_refractory"`, key: "also[0]", msg: "cannot be an also path"},
	}
	checkBadCases(t, t.TempDir(), cases)
}

// The examples of FORMAT.md's "Parameters per neuron" parse, and say what the text says.
func TestFormatParamsPerNeuronExamples(t *testing.T) {
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	sec := string(doc)[strings.Index(string(doc), "### Parameters per neuron"):]
	var blocks []string
	for _, part := range strings.Split(sec, "```toml\n")[1:3] {
		blocks = append(blocks, part[:strings.Index(part, "```")])
	}
	s := mustParse(t, "[run]\nduration = 10.0\n\n"+blocks[0]+"\n"+blocks[1])
	exc := s.Base.Populations[0]
	if d := exc.ParamsRandom["V_th"]; d.Kind != "normal" || d.Mean != -50 || *d.Lo != -55 {
		t.Errorf("V_th: %+v", d)
	}
	if d := exc.ParamsRandom["tau"]; d != (spec.Dist{Kind: "uniform", Min: 15, Max: 25}) {
		t.Errorf("tau: %+v", d)
	}
	if exc.Params["V_rest"] != -49 || exc.Params["t_refractory"] != 5 {
		t.Errorf("one-value parameters: %v", exc.Params)
	}
	if s.Len() != 4 || s.Point(3).Net.Populations[0].ParamsRandom["V_th"].Std != 2 {
		t.Errorf("the std axis: %d points", s.Len())
	}
}
