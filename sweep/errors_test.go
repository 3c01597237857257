package sweep

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validBase is a small valid file; the cases below break it one way each.
const validBase = `[run]
dt = 0.1
duration = 100.0

[[population]]
name = "neu1"
model = "LIF"
size = 1

[[projection]]
name = "syn"
model = "STP"
pre = "neu1"
post = "neu2"
params = { U = 0.2, tau_d = 150.0 }

[[population]]
name = "neu2"
model = "LIF"
size = 2

[[input]]
target = "neu1"
var = "input"
value = 28.0

[[monitor]]
target = "syn"
vars = ["u", "x", "s"]
`

// bcmBase is a rate network with a BCM projection, 3 -> 1.
const bcmBase = `[run]
duration = 10.0

[[population]]
name = "pre"
model = "Rate"
size = 3

[[projection]]
name = "bcm"
model = "BCM"
pre = "pre"
post = "post"

[[population]]
name = "post"
model = "Rate"
size = 1

`

// withSweep appends a sweep table to validBase.
func withSweep(s string) string { return validBase + "\n" + s }

// edit replaces old (which must occur once) with new in validBase.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if strings.Count(validBase, old) != 1 {
		t.Fatalf("%q occurs %d times in validBase", old, strings.Count(validBase, old))
	}
	return strings.Replace(validBase, old, new, 1)
}

// lineCol returns the 1-based line and byte column of the first occurrence of mark in src,
// plus off bytes.
func lineCol(t *testing.T, src, mark string, off int) (int, int) {
	t.Helper()
	i := strings.Index(src, mark)
	if i < 0 {
		t.Fatalf("mark %q not in source", mark)
	}
	i += off
	line := strings.Count(src[:i], "\n") + 1
	col := i - (strings.LastIndexByte(src[:i], '\n') + 1) + 1
	return line, col
}

func parseTest(src, dir string) (*Sweep, error) {
	return Parse("test.toml", []byte(src), testCatalog, dir)
}

func TestValidBase(t *testing.T) {
	s, err := parseTest(validBase, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 1 {
		t.Fatalf("Len %d", s.Len())
	}
}

// The exact message of the format's reference example.
func TestErrorFormat(t *testing.T) {
	src := edit(t, "tau_d = 150.0", "tau_dd = 150.0")
	_, err := parseTest(src, t.TempDir())
	line, col := lineCol(t, src, "tau_dd", 0)
	want := "test.toml:" + itoa(line) + ":" + itoa(col) +
		`: projection "syn": params.tau_dd: unknown parameter of model STP (parameters: U, tau, tau_d, tau_f); did you mean tau_d?`
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
	var e *Error
	if !errors.As(err, &e) || e.Line != line || e.Col != col || e.Key != "params.tau_dd" || e.Object != `projection "syn"` {
		t.Fatalf("%#v", e)
	}
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return fmtInt(n/10) + string(rune('0'+n%10))
}

type badCase struct {
	name string
	src  string
	mark string // the error is at the first occurrence of mark, plus off bytes
	off  int
	obj  string // Error.Object
	key  string // Error.Key
	msg  string // a substring of Error.Msg
}

func badCases(t *testing.T, dir string) []badCase {
	csvPath := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(csvPath, []byte("# current\nI\n1.0\n2.0\nthree\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return []badCase{
		{name: "syntax", src: edit(t, "dt = 0.1", "dt = "), mark: "dt = ", off: 5, key: "",
			msg: "missing value: the line ends after ="},
		{name: "type", src: edit(t, "dt = 0.1", `dt = "fast"`), mark: `"fast"`, key: "run.dt",
			msg: "expected a number, found a TOML string"},
		{name: "unknown top-level key", src: "seeed = 1\n" + validBase, mark: "seeed", key: "seeed",
			msg: "unknown key in the top level"},
		{name: "unknown key with suggestion", src: edit(t, `post = "neu2"`, "post = \"neu2\"\nconnn = \"all2all\""),
			mark: "connn", obj: `projection "syn"`, key: "connn", msg: "did you mean conn?"},
		{name: "unknown key in inline table", src: withSweep("[sweep]\n[[sweep.axis]]\npath = \"syn.U\"\nlinspace = { start = 0.1, stop = 0.9, nm = 3 }\n"),
			mark: "nm = 3", obj: `sweep.axis "syn.U"`, key: "linspace.nm", msg: "did you mean num?"},
		{name: "top-level key after a table", src: validBase + "\nspikes = [\"neu1\"]\n", mark: "spikes",
			obj: `monitor "syn"`, key: "spikes", msg: "is a top-level key"},
		{name: "unknown parameter", src: edit(t, "U = 0.2", "UU = 0.2"), mark: "UU", obj: `projection "syn"`,
			key: "params.UU", msg: "did you mean U?"},
		{name: "unknown model", src: edit(t, `model = "STP"`, `model = "STPP"`), mark: `model = "STPP"`,
			obj: `projection "syn"`, key: "model", msg: "unknown model \"STPP\" (models: AMPA, Alpha, BCM"},
		{name: "neuron model in a projection", src: edit(t, `model = "STP"`, `model = "LIF"`), mark: "model = \"LIF\"\npre", off: 0,
			obj: `projection "syn"`, key: "model", msg: "belongs in a [[population]] table"},
		{name: "dt zero", src: edit(t, "dt = 0.1", "dt = 0.0"), mark: "dt", key: "run.dt", msg: "must be a positive number"},
		{name: "dt nan", src: edit(t, "dt = 0.1", "dt = nan"), mark: "dt", key: "run.dt", msg: "got NaN"},
		{name: "duration missing", src: edit(t, "duration = 100.0\n", ""), mark: "[run]", off: 1, key: "run.duration",
			msg: "missing"},
		{name: "duration negative", src: edit(t, "duration = 100.0", "duration = -5.0"), mark: "duration", key: "run.duration",
			msg: "must be a positive number"},
		{name: "size zero", src: edit(t, "size = 2", "size = 0"), mark: "size = 0", obj: `population "neu2"`, key: "size",
			msg: "must be at least 1"},
		{name: "size missing", src: edit(t, "size = 2\n", ""), mark: "[[population]]\nname = \"neu2\"", off: 2,
			obj: `population "neu2"`, key: "size", msg: "missing size"},
		{name: "unknown post", src: edit(t, `post = "neu2"`, `post = "neu3"`), mark: `post = "neu3"`, obj: `projection "syn"`,
			key: "post", msg: `no population named "neu3"`},
		{name: "duplicate name", src: edit(t, `name = "neu2"`, `name = "neu1"`), mark: "name = \"neu1\"\nmodel = \"LIF\"\nsize = 2", off: 0,
			obj: `population "neu1"`, key: "name", msg: "duplicate name"},
		{name: "order not a permutation", src: edit(t, "duration = 100.0", "duration = 100.0\norder = [\"neu1\", \"syn\"]"),
			mark: "order", key: "run.order", msg: "missing: neu2"},
		{name: "order unknown name", src: edit(t, "duration = 100.0", "duration = 100.0\norder = [\"neu1\", \"sin\", \"neu2\"]"),
			mark: `"sin"`, key: "run.order[1]", msg: "did you mean syn?"},
		{name: "monitor var", src: edit(t, `vars = ["u", "x", "s"]`, `vars = ["u", "xx", "s"]`), mark: `"xx"`,
			obj: `monitor "syn"`, key: "vars[1]", msg: "\"xx\" is not a state variable of syn (model STP; state: s, u, w, x); did you mean x?"},
		{name: "monitor index", src: edit(t, `vars = ["u", "x", "s"]`, "vars = [\"u\"]\nindices = [0, 2]"), mark: "[0, 2]", off: 4,
			obj: `monitor "syn"`, key: "indices[1]", msg: "index 2 out of range: syn has 2 elements"},
		{name: "every zero", src: edit(t, `vars = ["u", "x", "s"]`, "vars = [\"u\"]\nevery = 0"), mark: "every",
			obj: `monitor "syn"`, key: "every", msg: "must be at least 1"},
		{name: "every_ms not whole", src: edit(t, `vars = ["u", "x", "s"]`, "vars = [\"u\"]\nevery_ms = 0.25"), mark: "every_ms",
			obj: `monitor "syn"`, key: "every_ms", msg: "not a whole number of steps"},
		{name: "negative delay", src: edit(t, `post = "neu2"`, "post = \"neu2\"\ndelay = -1.0"), mark: "delay",
			obj: `projection "syn"`, key: "delay", msg: "non-negative"},
		{name: "unknown method", src: edit(t, `post = "neu2"`, "post = \"neu2\"\nmethod = \"rk5\""), mark: "method",
			obj: `projection "syn"`, key: "method", msg: `unknown method "rk5" for model STP (methods: exp_euler, euler, rk4); did you mean rk4?`},
		{name: "input target", src: edit(t, `target = "neu1"`, `target = "neu9"`), mark: `target = "neu9"`,
			obj: `input "neu9.input"`, key: "target", msg: `no population or projection named "neu9"`},
		{name: "input var", src: edit(t, `var = "input"`, `var = "inptu"`), mark: `var = "inptu"`,
			obj: `input "neu1.inptu"`, key: "var", msg: "did you mean input?"},
		{name: "input length", src: edit(t, "value = 28.0", "value = [1.0, 2.0, 3.0]"), mark: "value",
			obj: `input "neu1.input"`, key: "value", msg: "has 3 values; neu1 has 1 element, so give one value"},
		{name: "input length per element", src: edit(t, "value = 28.0", "value = 28.0\n\n[[input]]\ntarget = \"neu2\"\nvar = \"input\"\nvalue = [1.0, 2.0, 3.0]"),
			mark: "value = [1.0", obj: `input "neu2.input"`, key: "value", msg: "has 3 values; neu2 has 2 elements, so give 1 value (for all) or 2"},
		{name: "unknown key of another table", src: "[run]\nseeed = 1\n" + strings.TrimPrefix(validBase, "[run]\n"), mark: "seeed",
			key: "run.seeed", msg: "did you mean seed?"},
		{name: "misplaced key", src: edit(t, "size = 2", "size = 2\nevery = 3"), mark: "every", obj: `population "neu2"`,
			key: "every", msg: "did you mean every (a key of [[monitor]])?"},
		{name: "input two sources", src: edit(t, "value = 28.0", "value = 28.0\npieces = [[1.0, 2.0]]"), mark: "[[input]]", off: 2,
			obj: `input "neu1.input"`, key: "", msg: "give exactly one of value, pieces or csv"},
		{name: "csv missing", src: edit(t, "value = 28.0", `csv = "nothere.csv"`), mark: "csv", obj: `input "neu1.input"`,
			key: "csv", msg: `CSV file "nothere.csv" not found`},
		{name: "csv malformed", src: edit(t, "value = 28.0", `csv = "bad.csv"`), mark: "csv", obj: `input "neu1.input"`,
			key: "csv", msg: `CSV file "bad.csv", line 5: column 1: "three" is not a number`},
		{name: "fixed_prob without prob", src: edit(t, `post = "neu2"`, "post = \"neu2\"\nconn = { kind = \"fixed_prob\" }"),
			mark: "conn", obj: `projection "syn"`, key: "conn.prob", msg: "missing prob"},
		{name: "spikes of a rate-less", src: withSweep("[spikes]\npopulations = [\"syn\"]\n"), mark: `["syn"]`, off: 1,
			key: "spikes.populations[0]", msg: "is a projection"},
		{name: "sweep path matches nothing", src: withSweep("[sweep]\n[[sweep.axis]]\npath = \"syn.Uu\"\nvalues = [0.1]\n"),
			mark: "path", obj: `sweep.axis "syn.Uu"`, key: "path", msg: "Uu is not a parameter of model STP (parameters: U, tau, tau_d, tau_f); did you mean U?"},
		{name: "sweep object unknown", src: withSweep("[sweep]\n[[sweep.axis]]\npath = \"sin.U\"\nvalues = [0.1]\n"),
			mark: "path", obj: `sweep.axis "sin.U"`, key: "path", msg: `no population or projection named "sin"`},
		{name: "linspace num", src: withSweep("[sweep]\n[[sweep.axis]]\npath = \"syn.U\"\nlinspace = { start = 0.1, stop = 0.9, num = 0 }\n"),
			mark: "num", obj: `sweep.axis "syn.U"`, key: "linspace.num", msg: "must be at least 1"},
		{name: "random dist", src: withSweep("[sweep]\n[[sweep.axis]]\npath = \"syn.U\"\nrandom = { dist = \"unifrom\", min = 0.0, max = 1.0, n = 4 }\n"),
			mark: "dist", obj: `sweep.axis "syn.U"`, key: "random.dist", msg: "did you mean uniform?"},
		{name: "values non-finite", src: withSweep("[sweep]\n[[sweep.axis]]\npath = \"syn.U\"\nvalues = [0.1, nan]\n"),
			mark: "nan", obj: `sweep.axis "syn.U"`, key: "values[1]", msg: "not a finite number"},
		{name: "invalid swept dt", src: withSweep("[sweep]\n[[sweep.axis]]\npath = \"run.dt\"\nvalues = [0.1, -0.1]\n"),
			mark: "-0.1", obj: `sweep.axis "run.dt"`, key: "values[1]", msg: "run.dt = -0.1: must be a positive number of milliseconds"},
		{name: "zip lengths", src: withSweep("[sweep]\nmode = \"zip\"\n[[sweep.axis]]\npath = \"syn.U\"\nvalues = [0.1, 0.2]\n[[sweep.axis]]\npath = \"syn.tau\"\nvalues = [1.0]\n"),
			mark: "[[sweep.axis]]\npath = \"syn.tau\"", off: 8, obj: `sweep.axis "syn.tau"`, key: "",
			msg: "zip needs axes of equal length"},
		{name: "mode", src: withSweep("[sweep]\nmode = \"gird\"\n"), mark: "mode = \"gird\"", key: "sweep.mode", msg: "did you mean grid?"},
		{name: "init a flag", src: edit(t, "size = 1", "size = 1\ninit = { spike = 1 }"), mark: "spike", obj: `population "neu1"`,
			key: "init.spike", msg: "spike is a flag set by the model each step; it cannot be initialised"},
		{name: "input to a flag", src: edit(t, `var = "input"`, `var = "spike"`), mark: `var = "spike"`, obj: `input "neu1.spike"`,
			key: "var", msg: `neu1 (model LIF) sets the flag itself, so an input cannot drive "spike"`},
		{name: "include_self on one2one", src: edit(t, `post = "neu2"`, "post = \"neu1\"\nconn = { kind = \"one2one\", include_self = false }"),
			mark: "include_self", obj: `projection "syn"`, key: "conn.include_self", msg: "applies only to kind all2all and fixed_prob"},
		{name: "per-post and per-synapse in one monitor", src: bcmBase + "[[monitor]]\ntarget = \"bcm\"\nvars = [\"w\", \"r_th\"]\n",
			mark: "vars = [\"w\"", obj: `monitor "bcm"`, key: "vars", msg: "r_th keep one value per post neuron, w one per synapse"},
		{name: "per-post index", src: bcmBase + "[[monitor]]\ntarget = \"bcm\"\nvars = [\"r_th\"]\nindices = [1]\n",
			mark: "[1]", off: 1, obj: `monitor "bcm"`, key: "indices[0]", msg: "index 1 out of range: r_th has one value per neuron of post, which has 1 neuron (0..0)"},
		{name: "single table for an array of tables", src: edit(t, "[[monitor]]", "[monitor]"), mark: "[monitor]", off: 1,
			key: "monitor", msg: "[monitor] must be written [[monitor]] (double brackets): one such table per monitor"},
		{name: "duplicate key", src: edit(t, "size = 1", "size = 1\nsize = 2"), mark: "size = 2", obj: `population "neu1"`,
			key: "size", msg: "key size is already defined"},
		{name: "sweep a state variable", src: withSweep("[sweep]\n[[sweep.axis]]\npath = \"neu1.V\"\nvalues = [0.1]\n"),
			mark: "path", obj: `sweep.axis "neu1.V"`, key: "path", msg: "sweep its initial value, neu1.init.V"},
		{name: "sweep a piece of a constant input", src: withSweep("[sweep]\n[[sweep.axis]]\npath = \"neu1.input.pieces[0].duration\"\nvalues = [1.0]\n"),
			mark: "path", key: "path", obj: `sweep.axis "neu1.input.pieces[0].duration"`, msg: "not pieces"},
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	checkBadCases(t, dir, badCases(t, dir))
}

// checkBadCases parses each case and checks that one of its errors is an *Error with the case's
// message, at the case's position, object and key, and that it prints file:line:col and the key.
func checkBadCases(t *testing.T, dir string, cases []badCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseTest(c.src, dir)
			if err == nil {
				t.Fatal("no error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%T is not *Error: %v", err, err)
			}
			line, col := lineCol(t, c.src, c.mark, c.off)
			for _, e := range Errors(err) {
				if strings.Contains(e.Msg, c.msg) {
					if e.Line != line || e.Col != col || e.Key != c.key || e.Object != c.obj || e.File != "test.toml" {
						t.Errorf("got  %s:%d:%d object %q key %q\nwant %d:%d object %q key %q\n%v",
							e.File, e.Line, e.Col, e.Object, e.Key, line, col, c.obj, c.key, err)
					}
					prefix := "test.toml:" + itoa(line) + ":" + itoa(col) + ": "
					if s := e.Error(); !strings.HasPrefix(s, prefix) || !strings.Contains(s, c.key+": ") {
						t.Errorf("%q does not start with %q or name the key %q", s, prefix, c.key)
					}
					return
				}
			}
			t.Errorf("no error mentions %q:\n%v", c.msg, err)
		})
	}
}

// Several problems are reported at once, in order of position.
func TestSeveralErrors(t *testing.T) {
	src := edit(t, "dt = 0.1", "dt = -1.0")
	src = strings.Replace(src, "size = 2", "size = 0", 1)
	src = strings.Replace(src, `vars = ["u", "x", "s"]`, `vars = ["q"]`, 1)
	_, err := parseTest(src, t.TempDir())
	errs := Errors(err)
	if len(errs) != 3 {
		t.Fatalf("%d errors:\n%v", len(errs), err)
	}
	for i := 1; i < len(errs); i++ {
		if errs[i].Line < errs[i-1].Line {
			t.Errorf("not sorted:\n%v", err)
		}
	}
	if errs[0].Key != "run.dt" || errs[1].Key != "size" || errs[2].Key != "vars[0]" {
		t.Errorf("%v", err)
	}
}

func TestManyErrorsAreCapped(t *testing.T) {
	src := validBase + strings.Repeat("\n[[monitor]]\ntarget = \"nothing\"\nvars = [\"V\"]\nname = \"m\"\n", 30)
	errs := Errors(func() error { _, err := parseTest(src, t.TempDir()); return err }())
	if len(errs) != maxErrors+1 || !strings.Contains(errs[maxErrors].Error(), "more problems not shown") {
		t.Fatalf("%d errors, last %v", len(errs), errs[len(errs)-1])
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.toml"), testCatalog)
	var e *Error
	if !errors.As(err, &e) || e.Line != 0 || !strings.Contains(err.Error(), "none.toml: ") {
		t.Fatalf("%v", err)
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"U", "tau", "tau_d", "tau_f"}
	for word, want := range map[string]string{"tau_dd": "tau_d", "Tau": "tau", "u": "U", "tua_d": "tau_d", "xyz": "", "tau_d": ""} {
		if got := suggest(word, names); got != want {
			t.Errorf("suggest(%q) = %q, want %q", word, got, want)
		}
	}
}

// A number written with its unit, as Brian2 users do ("-50 mV"), is refused with the plain
// number to write instead.
func TestNumberWithUnitSaysWhatToWrite(t *testing.T) {
	src := "[run]\ndt = 0.1\nduration = 10.0\n[[population]]\nname = \"neu\"\nmodel = \"LIF\"\nsize = 2\nparams = { V_th = \"-50 mV\", tau = \"1e1ms\" }\n"
	_, err := Parse("u.toml", []byte(src), testCatalog, t.TempDir())
	for _, want := range []string{`found the string "-50 mV"`, "write -50", "write 1e1"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
}
