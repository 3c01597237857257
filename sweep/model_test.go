package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const modelFile = `[run]
duration = 10.0

[[model]]
name = "mylif"
params = { tau = "10 ms", V_rest = 0.0, V_th = 20.0 }
vars = { V = "V_rest" }
equations = """
dV/dt = (-V + V_rest + input)/tau
I = V_rst + 1
"""
threshold = "V >= V_th"
reset = "V = 0"

[[population]]
name = "neu"
model = "mylif"
size = 2
`

// TestModelErrorsPointIntoEquations: an unknown name in the equations text is reported at its
// line and column in the file, with a did-you-mean.
func TestModelErrorsPointIntoEquations(t *testing.T) {
	_, err := Parse("m.toml", []byte(modelFile), testCatalog, ".")
	errs := Errors(err)
	if len(errs) != 1 {
		t.Fatalf("got %v", err)
	}
	e := errs[0]
	// line 10 is "I = V_rst + 1"; V_rst starts at column 5
	if e.Line != 10 || e.Col != 5 || !strings.Contains(e.Msg, "did you mean V_rest?") || e.Object != `model "mylif"` {
		t.Fatalf("got %v", e)
	}
	for _, c := range []struct{ from, to, line, col, want string }{
		{`reset = "V = 0"`, `reset = "V = 0; tau = 1"`, "13", "17", "is a parameter"},
		{`threshold = "V >= V_th"`, `threshold = "V >= V_th)"`, "12", "23", "unexpected"},
		{`name = "mylif"`, `name = "LIF"`, "5", "1", "built-in"},
		{`params = { tau = "10 ms",`, `params = { tau = "ten ms",`, "6", "", "a parameter's default"},
		// SI units are not converted: refused with the value in ms and mV, not taken as 0.01 ms
		{`params = { tau = "10 ms",`, `params = { tau = "0.01 second",`, "6", "", `write "10 ms"`},
		{`V_rest = 0.0,`, `V_rest = "-0.065 volt",`, "6", "", `write "-65 mV"`},
		{`vars = { V = "V_rest" }`, `vars = { V = "0 mV/s" }`, "7", "", "(s is 1000 ms)"},
	} {
		src := strings.Replace(strings.Replace(modelFile, "I = V_rst + 1", "I = V_rest + 1", 1), c.from, c.to, 1)
		_, err := Parse("m.toml", []byte(src), testCatalog, ".")
		errs := Errors(err)
		if len(errs) == 0 || !strings.Contains(errs[0].Msg, c.want) {
			t.Errorf("%s: got %v", c.to, err)
			continue
		}
		got := errs[0].Error()
		if !strings.HasPrefix(got, "m.toml:"+c.line+":"+c.col) {
			t.Errorf("%s: got %v, want at %s:%s", c.to, got, c.line, c.col)
		}
	}
}

// TestModelIsFirstClass: a defined model's parameters are sweepable and its variables
// monitorable like a built-in model's.
func TestModelIsFirstClass(t *testing.T) {
	src := strings.Replace(modelFile, "I = V_rst + 1", "I = V_rest + 1", 1) + `
[[monitor]]
target = "neu"
vars = ["V", "spike"]

[[sweep.axis]]
path = "neu.tau"
values = [5.0, 10.0, 20.0]
`
	s, err := Parse("m.toml", []byte(src), testCatalog, ".")
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 3 || len(s.Base.Models) != 1 || s.Base.Models[0].Params[0].Name != "tau" || s.Base.Models[0].Params[0].Unit != "ms" {
		t.Fatalf("%d points, models %+v", s.Len(), s.Base.Models)
	}
	if got := s.Points()[2].Net.Populations[0].Params["tau"]; got != 20 {
		t.Fatalf("point 2 has tau %v", got)
	}
	bad := strings.Replace(src, `vars = ["V", "spike"]`, `vars = ["V", "u"]`, 1)
	if _, err := Parse("m.toml", []byte(bad), testCatalog, "."); err == nil || !strings.Contains(err.Error(), `"u"`) {
		t.Fatalf("monitor of an unknown variable: %v", err)
	}
}

// TestModelFiles: models may live in a file of [[model]] tables that sweep files share; its
// errors name that file.
func TestModelFiles(t *testing.T) {
	dir := t.TempDir()
	model := "[[model]]\nname = \"mylif\"\nparams = { tau = 10.0 }\nvars = { V = 0.0 }\nequations = \"dV/dt = (-V + input)/tau\"\nthreshold = \"V > 1\"\nreset = \"V = 0\"\n"
	if err := os.WriteFile(filepath.Join(dir, "models.toml"), []byte(model), 0o644); err != nil {
		t.Fatal(err)
	}
	sweepFile := "model_files = [\"models.toml\"]\n[run]\nduration = 10.0\n[[population]]\nname = \"neu\"\nmodel = \"mylif\"\nsize = 2\n"
	path := filepath.Join(dir, "s.toml")
	if err := os.WriteFile(path, []byte(sweepFile), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path, testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Base.Models) != 1 || s.Base.Models[0].Name != "mylif" {
		t.Fatalf("models %+v", s.Base.Models)
	}
	bad := strings.Replace(model, "(-V + input)/tau", "(-V + inptu)/tau", 1)
	if err := os.WriteFile(filepath.Join(dir, "models.toml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path, testCatalog)
	if errs := Errors(err); len(errs) != 1 || !strings.HasSuffix(errs[0].File, "models.toml") || errs[0].Line != 5 || errs[0].Col != 28 ||
		!strings.Contains(errs[0].Msg, "did you mean input?") {
		t.Fatalf("got %v", err)
	}
	// a sweep file's table in a model file is named as such, and the models it would define are
	// not reported again as unknown where the sweep file uses them
	if err := os.WriteFile(filepath.Join(dir, "models.toml"), []byte("[run]\ndt = 0.1\n"+model), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path, testCatalog)
	if errs := Errors(err); len(errs) != 1 || !strings.HasSuffix(errs[0].File, "models.toml") || errs[0].Line != 1 ||
		!strings.Contains(errs[0].Msg, "run belongs in the sweep file") {
		t.Fatalf("[run] in a model file: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, "models.toml")); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path, testCatalog)
	if errs := Errors(err); len(errs) != 1 || !strings.Contains(err.Error(), "s.toml:1:") || !strings.Contains(err.Error(), "cannot read the model file") {
		t.Fatalf("missing model file: %v", err)
	}
}
