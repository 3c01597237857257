package sweep

import (
	"os"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/systems"
)

const identityBase = `[run]
dt = 0.1
duration = 100.0

[[population]]
name = "neu"
model = "LIF"
size = 2
params = { tau = 10.0 }

[[input]]
target = "neu"
var = "input"
value = 20.0

[sweep]
[[sweep.axis]]
path = "neu.V_th"
values = [18.0, 20.0]
`

func identityOf(t *testing.T, src string) *Sweep {
	t.Helper()
	sw, err := Parse("s.toml", []byte(src), systems.Catalog(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

// The identity is what a sweep computes: comments, layout, key order, written-out defaults and
// the base value of a swept parameter leave it; a parameter, an axis or the seed change it, and
// DiffSettings names the change.
func TestIdentityIsWhatIsComputed(t *testing.T) {
	base := identityOf(t, identityBase)
	same := map[string]string{
		"comment":         "# a note\n" + identityBase,
		"layout":          strings.ReplaceAll(identityBase, " = ", "="),
		"default written": strings.Replace(identityBase, "params = { tau = 10.0 }", "params = { tau = 10.0, V_rest = 0.0 }", 1),
		"swept base":      strings.Replace(identityBase, "params = { tau = 10.0 }", "params = { tau = 10.0, V_th = 99.0 }", 1),
		"key order":       strings.Replace(identityBase, "name = \"neu\"\nmodel = \"LIF\"", "model = \"LIF\"\nname = \"neu\"", 1),
	}
	for name, src := range same {
		if sw := identityOf(t, src); sw.Hash != base.Hash {
			t.Errorf("%s changed the identity: %v", name, DiffSettings(sw.Settings, base.Settings, "base", 5))
		}
	}
	differ := map[string]string{
		"neu.params.tau: 12 here, 10 in base": strings.Replace(identityBase, "tau = 10.0", "tau = 12.0", 1),
		"axis[neu.V_th].values: [18 21] here": strings.Replace(identityBase, "[18.0, 20.0]", "[18.0, 21.0]", 1),
		"run.seed: 5 here, 0 in base":         strings.Replace(identityBase, "duration = 100.0", "duration = 100.0\nseed = 5", 1),
		"input[0].value: [25] here, [20] in":  strings.Replace(identityBase, "value = 20.0", "value = 25.0", 1),
		"run.duration: 200 here, 100 in base": strings.Replace(identityBase, "duration = 100.0", "duration = 200.0", 1),
		// An also path sets another parameter to the axis's values: a different network.
		`axis[neu.V_th].also: ["neu.V_reset"] here`: strings.Replace(identityBase, "path = \"neu.V_th\"", "path = \"neu.V_th\"\nalso = [\"neu.V_reset\"]", 1),
	}
	for want, src := range differ {
		sw := identityOf(t, src)
		diff := strings.Join(DiffSettings(sw.Settings, base.Settings, "base", 5), "\n")
		if sw.Hash == base.Hash || !strings.Contains(diff, want) {
			t.Errorf("want %q in the difference, got %q", want, diff)
		}
	}
}

// A model written as equations is part of the identity: editing its equations or a default
// makes another sweep, so a DIR of the old model is refused rather than mixed.
func TestIdentityIncludesModelsFromEquations(t *testing.T) {
	src, err := os.ReadFile("../sweeps/izhikevich.toml")
	if err != nil {
		t.Fatal(err)
	}
	base := identityOf(t, string(src))
	for name, edit := range map[string][2]string{
		"equation": {"0.04*v**2", "0.041*v**2"},
		"default":  {"b = 0.2,", "b = 0.25,"},
	} {
		if !strings.Contains(string(src), edit[0]) {
			t.Fatalf("sweeps/izhikevich.toml no longer contains %q", edit[0])
		}
		sw := identityOf(t, strings.Replace(string(src), edit[0], edit[1], 1))
		if sw.Hash == base.Hash {
			t.Errorf("editing the model's %s left the identity unchanged", name)
		}
		if d := DiffSettings(sw.Settings, base.Settings, "base", 5); len(d) == 0 || !strings.Contains(d[0], "model.") {
			t.Errorf("editing the model's %s: difference %v does not name the model", name, d)
		}
	}
}

// A projection's initial values drawn per synapse are part of the identity: their kind and both
// numbers land in the settings, and changing one makes another sweep.
func TestIdentityIncludesProjectionInitDistributions(t *testing.T) {
	withSyn := func(init string) string {
		return identityBase + "\n[[projection]]\nname = \"syn\"\nmodel = \"STDP\"\npre = \"neu\"\npost = \"neu\"\ninit = " + init + "\n"
	}
	base := identityOf(t, withSyn("{ w = { uniform = [0.0, 1.0] } }"))
	var found []string
	for k, v := range base.Settings {
		if strings.HasPrefix(k, "syn.initrandom.w") {
			found = append(found, k+"="+v)
		}
	}
	if len(found) == 0 {
		t.Fatalf("no syn.initrandom.w setting among %v", base.Settings)
	}
	for src, want := range map[string]string{
		withSyn("{ w = { uniform = [0.0, 2.0] } }"):   "syn.initrandom.w.max",
		withSyn("{ w = { normal = [0.0, 1.0] } }"):    "syn.initrandom.w.kind",
		withSyn("{ w = 0.5 }"):                        "syn.initrandom",
		withSyn("{ A_s = { uniform = [0.0, 1.0] } }"): "syn.initrandom",
	} {
		sw := identityOf(t, src)
		diff := strings.Join(DiffSettings(sw.Settings, base.Settings, "base", 5), "\n")
		if sw.Hash == base.Hash || !strings.Contains(diff, want) {
			t.Errorf("%s: want %q in the difference, got %q", src[len(identityBase):], want, diff)
		}
	}
}
