package runner

import (
	parquetio "github.com/spikesweep/spikesweep/io"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/sweeps"
	"github.com/spikesweep/spikesweep/systems"
)

// The manifest's fixed settings hold what sweeps/stp.toml keeps constant (w = 200, the input 28,
// the model defaults marked) and nothing it sweeps.
func TestFixedSettingsOfSTP(t *testing.T) {
	sw, err := sweep.Parse(sweeps.STPName, sweeps.STP, systems.Catalog(), ".")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	defaults := map[string]bool{}
	for _, s := range FixedSettings(sw) {
		got[s.Path] = s.Value + " " + s.Unit
		defaults[s.Path] = s.Default
	}
	for path, want := range map[string]string{
		"syn.init.w":       "200 1",
		"neu1.input.value": "28 (op +) 1",
		"syn.tau":          "8 ms",
		"neu2.V_th":        "20 mV",
		"syn.conn":         "all2all ",
		"run.dt":           "0.1 ms",
		"run.seed":         "42 ",
	} {
		if strings.TrimSpace(got[path]) != strings.TrimSpace(want) {
			t.Errorf("%s = %q, want %q", path, got[path], want)
		}
	}
	if !defaults["neu2.V_th"] || defaults["syn.init.w"] {
		t.Errorf("defaults: V_th %v (want true), w %v (want false)", defaults["neu2.V_th"], defaults["syn.init.w"])
	}
	for _, swept := range []string{"syn.U", "syn.tau_d", "syn.tau_f"} {
		if _, ok := got[swept]; ok {
			t.Errorf("swept %s is listed as fixed", swept)
		}
	}
}

// Every swept path gets the unit of what it sets; an input piece's duration is a time.
func TestUnitOfSweptPaths(t *testing.T) {
	sw, err := sweep.Parse(sweeps.STPName, sweeps.STP, systems.Catalog(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"syn.tau_d":                     "ms",
		"syn.U":                         "1",
		"run.dt":                        "ms",
		"syn.delay":                     "ms",
		"neu1.V_th":                     "mV",
		"neu1.init.V":                   "mV",
		"neu1.input.value":              "1",
		"neu1.input.pieces[0].duration": "ms",
		"neu1.input.pieces[2].value[1]": "1",
		"neu1.V_th.normal[0]":           "mV", // a per-neuron parameter's distribution
		"neu1.tau.uniform[1]":           "ms",
		"neu1.tau.lognormal[0]":         "1",
	} {
		if got := Unit(&sw.Base, path); got != want {
			t.Errorf("Unit(%s) = %q, want %q", path, got, want)
		}
	}
}

// TestUnitOfDeltaSynapseWeights: Brunel's axes read in mV (a jump of V) and Hz.
func TestUnitOfDeltaSynapseWeights(t *testing.T) {
	sw, err := sweep.Load("../sweeps/brunel.toml", systems.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"ie.weight":            "mV",
		"exc.V.poisson.rate":   "Hz",
		"exc.V.poisson.weight": "mV",
		"exc.V.poisson.n":      "1",
	} {
		if got := Unit(&sw.Base, path); got != want {
			t.Errorf("Unit(%s) = %q, want %q", path, got, want)
		}
	}
}

// Brunel's fixed settings name the delta synapses' weights, the in-degree rule and the Poisson
// drive, and leave out what an axis sets, its also paths included (ii.weight moves with
// ie.weight, inh's drive rate with exc's).
func TestFixedSettingsOfBrunel(t *testing.T) {
	sw, err := sweep.Load("../sweeps/brunel.toml", systems.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range FixedSettings(sw) {
		got[s.Path] = strings.TrimSpace(s.Value + " " + s.Unit)
	}
	for path, want := range map[string]string{
		"ee.weight":            "0.25 mV",
		"ee.conn":              "fixed_indegree, k 400, seed 1",
		"exc.V.poisson.n":      "400 1",
		"exc.V.poisson.weight": "0.25 mV",
	} {
		if got[path] != want {
			t.Errorf("%s = %q, want %q", path, got[path], want)
		}
	}
	for _, path := range []string{"ie.weight", "ii.weight", "exc.V.poisson.rate", "inh.V.poisson.rate", "exc.V.value"} {
		if v, ok := got[path]; ok {
			t.Errorf("%s is listed as fixed (%q), but an axis sets it", path, v)
		}
	}
}

// A parameter drawn or listed per neuron is listed as its distribution or values, not as the
// model's default.
func TestFixedSettingsPerNeuron(t *testing.T) {
	src := `[run]
dt = 0.1
duration = 10.0
[[population]]
name = "exc"
model = "LIF"
size = 3
params = { V_th = { normal = [20.0, 1.0], min = 15.0 }, tau = [10.0, 12.0, 14.0] }
[sweep]
[[sweep.axis]]
path = "exc.V_reset"
values = [0.0, 5.0]
`
	got := fixedSettingsOf(t, src)
	for path, want := range map[string]string{
		"exc.V_th": "normal, mean 20, sd 1, in [15, inf] (per neuron)",
		"exc.tau":  "[10, 12, 14] (per neuron)",
	} {
		if s := got[path]; s.Value != want || s.Default {
			t.Errorf("%s = %q (default %v), want %q", path, s.Value, s.Default, want)
		}
	}
}

// Initial values drawn per neuron or per synapse are listed as their distributions, each saying
// what it is drawn for: a projection's shared variable is drawn per pre or post neuron.
func TestFixedSettingsInitDistributions(t *testing.T) {
	src := `[run]
dt = 0.1
duration = 10.0
[[population]]
name = "exc"
model = "LIF"
size = 3
init = { V = { uniform = [-60.0, -50.0] } }
[[projection]]
name = "syn"
model = "STDP"
pre = "exc"
post = "exc"
init = { w = { uniform = [0.0, 1.0] }, A_s = { normal = [0.5, 0.1] }, A_t = 0.25 }
[sweep]
[[sweep.axis]]
path = "exc.V_reset"
values = [0.0, 5.0]
`
	got := fixedSettingsOf(t, src)
	for path, want := range map[string]string{
		"exc.init.V":   "uniform in [-60, -50] (per neuron)",
		"syn.init.w":   "uniform in [0, 1] (per synapse)",
		"syn.init.A_s": "normal, mean 0.5, sd 0.1 (per pre neuron)",
		"syn.init.A_t": "0.25",
	} {
		if s := got[path]; s.Value != want || s.Default {
			t.Errorf("%s = %q (default %v), want %q", path, s.Value, s.Default, want)
		}
	}
}

// fixedSettingsOf parses the sweep file text src and returns its fixed settings by path.
func fixedSettingsOf(t *testing.T, src string) map[string]parquetio.ManifestSetting {
	t.Helper()
	sw, err := sweep.Parse("h.toml", []byte(src), systems.Catalog(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]parquetio.ManifestSetting{}
	for _, s := range FixedSettings(sw) {
		got[s.Path] = s
	}
	return got
}
