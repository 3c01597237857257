package sweep

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/systems"
)

// The other tests check files against testCatalog; these two tie it, and the shipped files, to
// the engine's own catalog.

// Every sweep and example shipped in the repository validates against the engine's catalog.
func TestShippedFilesValidateWithEngineCatalog(t *testing.T) {
	var files []string
	for _, dir := range []string{"../sweeps", "../examples/brainpy"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.toml"))
		if err != nil || len(m) == 0 {
			t.Fatalf("no TOML files in %s (%v)", dir, err)
		}
		files = append(files, m...)
	}
	for _, f := range files {
		if _, err := Load(f, systems.Catalog()); err != nil {
			t.Errorf("%v", err)
		}
	}
}

// testCatalog describes the engine's models as the engine does: the same models, kinds,
// parameters and defaults, state variables and their flags, default methods, and which models
// take an output or offer event-driven propagation.
func TestFakeCatalogMatchesEngine(t *testing.T) {
	eng := systems.Catalog()
	if got, want := testCatalog.Names(), eng.Names(); !slices.Equal(got, want) {
		t.Fatalf("models\n got %v\nwant %v (the engine's)", got, want)
	}
	for _, name := range eng.Names() {
		want, _ := eng.Model(name)
		got, _ := testCatalog.Model(name)
		if got.Kind != want.Kind {
			t.Errorf("%s: kind %q, engine %q", name, got.Kind, want.Kind)
		}
		if g, w := describeParams(got), describeParams(want); !slices.Equal(g, w) {
			t.Errorf("%s: parameters\n got %v\nwant %v", name, g, w)
		}
		if g, w := describeState(got), describeState(want); !slices.Equal(g, w) {
			t.Errorf("%s: state\n got %v\nwant %v", name, g, w)
		}
		// testCatalog offers every method on every model with a default (so the error tests
		// can list them); it must agree on the default and offer all the engine's.
		for i, m := range want.Methods {
			if len(got.Methods) > 0 && (!slices.Contains(got.Methods, m) || (i == 0 && got.Methods[0] != m)) {
				t.Errorf("%s: methods %v, engine %v (default first)", name, got.Methods, want.Methods)
				break
			}
		}
		if got.Output != want.Output || got.Event != want.Event {
			t.Errorf("%s: output %v, event %v; engine %v, %v", name, got.Output, got.Event, want.Output, want.Event)
		}
		if _, hasG := want.Param("g_max"); want.Output && !hasG {
			t.Errorf("%s takes an output, but has no g_max", name)
		}
	}
}

// describeParams lists "name=default", sorted.
func describeParams(m *spec.ModelInfo) []string {
	var out []string
	for _, p := range m.Params {
		out = append(out, fmt.Sprintf("%s=%v%s", p.Name, p.Default, describeParamFlags(p)))
	}
	slices.Sort(out)
	return out
}

// describeState lists state variables with their kind (flag, per post), sorted.
func describeState(m *spec.ModelInfo) []string {
	var out []string
	for _, v := range m.State {
		s := v.Name
		if v.Bool {
			s += " (flag)"
		}
		if v.PerPost {
			s += " (per post)"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}
