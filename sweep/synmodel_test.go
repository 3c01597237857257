package sweep

import (
	"strings"
	"testing"
)

const synapseFile = `[run]
duration = 10.0

[[model]]
name = "mystp"
kind = "synapse"
params = { U = 0.15, tau_f = "1500 ms", tau_d = "200 ms", tau = "8 ms" }
vars = { s = 0.0, u = 0.0, x = 1.0, w = 1.0 }
shared = { u = "pre", x = "pre" }
equations = """
ds/dt = -s/tau
du/dt = -u/tau_f
dx/dt = -x/tau_d + 1.0/tau_d
"""
on_pre = "u += U*(1 - old(u)); s += w*u*old(x); x -= u*old(x)"
output = "input_post += delay(s)"
method = "exp_euler"

[[population]]
name = "a"
model = "LIF"
size = 2

[[population]]
name = "b"
model = "LIF"
size = 3

[[projection]]
name = "syn"
model = "mystp"
pre = "a"
post = "b"
conn = "all2all"
delay = 0.5

[[monitor]]
target = "syn"
vars = ["s", "u", "x"]

[[sweep.axis]]
path = "syn.tau_d"
values = [100.0, 200.0]
`

// TestSynapseModelIsFirstClass: a synapse defined by equations is used in a projection like a
// built-in one: its parameters are sweepable, its variables (per synapse and shared) monitored,
// and its shared variables are described as the built-in STP's are.
func TestSynapseModelIsFirstClass(t *testing.T) {
	s, err := Parse("s.toml", []byte(synapseFile), testCatalog, ".")
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.Points()[1].Net.Projections[0].Params["tau_d"] != 200 || s.Base.Projections[0].Delay != 0.5 {
		t.Fatalf("%d points, projection %+v", s.Len(), s.Points()[1].Net.Projections[0])
	}
	def := s.Base.Models[0]
	if def.Kind != "synapse" || def.Vars[1].SharedBy != "pre" || def.Vars[0].SharedBy != "" {
		t.Fatalf("model %+v", def)
	}
}

// TestSynapseModelErrors: mistakes in a synapse's text are reported at their line and column.
func TestSynapseModelErrors(t *testing.T) {
	for _, c := range []struct{ from, to, at, want string }{
		// line 15 is on_pre; "u += U*(1 - old(u)); s += w*u*old(x); x -= u*old(x)" starts at column 11
		{"s += w*u*old(x)", "s += ww*u*old(x)", "15:37", "did you mean w?"},
		{"s += w*u*old(x)", "U += w*u*old(x)", "15:32", "U is a parameter, not a variable on_pre may change"},
		{"s += w*u*old(x)", "s += w*u*old(x)*V_pre", "15:48", ""},
		{"s += w*u*old(x)", "s += w*u*old(x)*Vm_pre", "15:48", "the pre group \"a\" of projection \"syn\" (model LIF) has no variable Vm"},
		{"u += U*(1 - old(u))", "u += U*(1 - old(u))*w", "15:31", "cannot read w, per synapse"},
		{`output = "input_post += delay(s)"`, `output = "input += delay(s)"`, "16:11", "written X_post"},
		{`output = "input_post += delay(s)"`, `output = "input_post += s"`, "16:25", "the output is"},
		{`output = "input_post += delay(s)"`, `output = "input_post += delay(s)*s"`, "16:34", "move it inside delay()"},
		{"du/dt = -u/tau_f", "du/dt = -u/tau_f + s", "12:20", "cannot read s, per synapse"},
		{`shared = { u = "pre", x = "pre" }`, `shared = { u = "pre", x = "mid" }`, "9:23", "shared by the \"pre\" or the \"post\""},
	} {
		src := strings.Replace(synapseFile, c.from, c.to, 1)
		_, err := Parse("s.toml", []byte(src), testCatalog, ".")
		errs := Errors(err)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.to, err)
			}
			continue
		}
		if len(errs) == 0 || !strings.Contains(errs[0].Msg, c.want) || !strings.HasPrefix(errs[0].Error(), "s.toml:"+c.at+":") {
			t.Errorf("%s: got %v, want %q at %s", c.to, err, c.want, c.at)
		}
	}
}
