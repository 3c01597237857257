package sweep

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/spec"
)

func mustParse(t *testing.T, src string) *Sweep {
	t.Helper()
	s, err := parseTest(src, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Grid points are row-major (first axis slowest), repeats outermost, ids 0..P-1.
func TestGridOrder(t *testing.T) {
	s := mustParse(t, strings.Replace(validBase, "duration = 100.0", "duration = 100.0\nseed = 7", 1)+`
[sweep]
repeats = 2
[[sweep.axis]]
path = "syn.U"
values = [0.1, 0.2]
[[sweep.axis]]
path = "syn.tau_d"
values = [10.0, 20.0, 30.0]
`)
	if s.Len() != 12 || s.Combinations() != 6 {
		t.Fatalf("Len %d, Combinations %d", s.Len(), s.Combinations())
	}
	want := [][]float64{{0.1, 10}, {0.1, 20}, {0.1, 30}, {0.2, 10}, {0.2, 20}, {0.2, 30}}
	pts := s.Points()
	for i, pt := range pts {
		if pt.ID != i || pt.Repeat != i/6 || !slices.Equal(pt.Values, want[i%6]) {
			t.Errorf("point %d: id %d repeat %d values %v", i, pt.ID, pt.Repeat, pt.Values)
		}
		if pt.Seed != PointSeed(7, i, i/6) || pt.Net.Seed != pt.Seed {
			t.Errorf("point %d: seed %d, net seed %d", i, pt.Seed, pt.Net.Seed)
		}
		syn := pt.Net.Projections[0]
		if syn.Params["U"] != want[i%6][0] || syn.Params["tau_d"] != want[i%6][1] {
			t.Errorf("point %d: params %v", i, syn.Params)
		}
	}
	// Seeds differ between points and repeats.
	seen := map[uint64]bool{}
	for _, pt := range pts {
		if seen[pt.Seed] {
			t.Errorf("seed %d repeats", pt.Seed)
		}
		seen[pt.Seed] = true
	}
	if s.Base.Seed != 7 || s.Base.Projections[0].Params["U"] != 0.2 {
		t.Errorf("Base changed: %+v", s.Base.Projections[0])
	}
}

func TestZip(t *testing.T) {
	s := mustParse(t, withSweep(`[sweep]
mode = "zip"
[[sweep.axis]]
path = "syn.U"
values = [0.1, 0.2, 0.3]
[[sweep.axis]]
path = "neu1.input.value"
linspace = { start = 10.0, stop = 30.0, num = 3 }
`))
	if s.Len() != 3 {
		t.Fatalf("Len %d", s.Len())
	}
	for i, pt := range s.Points() {
		want := []float64{0.1 * float64(i+1), 10 + 10*float64(i)}
		if math.Abs(pt.Values[0]-want[0]) > 1e-15 || pt.Values[1] != want[1] {
			t.Errorf("point %d: %v", i, pt.Values)
		}
		if !slices.Equal(pt.Net.Inputs[0].Value, []float64{want[1]}) {
			t.Errorf("point %d: input %v", i, pt.Net.Inputs[0].Value)
		}
	}
}

// A file without [sweep] is one point: the base network with the point's seed.
func TestNoSweepIsOnePoint(t *testing.T) {
	s := mustParse(t, validBase)
	pts := s.Points()
	if len(pts) != 1 || pts[0].ID != 0 || len(pts[0].Values) != 0 || len(s.Axes) != 0 {
		t.Fatalf("%+v", pts)
	}
	net := *pts[0].Net
	net.Seed = s.Base.Seed
	if !networksEqual(&net, &s.Base) {
		t.Errorf("point differs from base:\n%+v\n%+v", net, s.Base)
	}
}

func networksEqual(a, b *spec.Network) bool {
	return slices.EqualFunc(a.Populations, b.Populations, func(x, y spec.Population) bool {
		return x.Name == y.Name && x.Model == y.Model && x.Size == y.Size && mapsEqual(x.Params, y.Params) && mapsEqual(x.Init, y.Init)
	}) && a.Dt == b.Dt && a.Duration == b.Duration && a.Seed == b.Seed && slices.Equal(a.Order, b.Order) &&
		len(a.Inputs) == len(b.Inputs) && len(a.Monitors) == len(b.Monitors)
}

func mapsEqual(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// Points are deep copies: changing one changes neither the base nor another point.
func TestPointsAreDeepCopies(t *testing.T) {
	s := mustParse(t, withSweep("[sweep]\n[[sweep.axis]]\npath = \"syn.U\"\nvalues = [0.1, 0.2]\n"))
	pts := s.Points()
	a := pts[0].Net
	a.Populations[0].Size = 99
	a.Projections[0].Params["tau_d"] = -1
	a.Inputs[0].Value[0] = -1
	a.Monitors[0].Vars[0] = "zzz"
	a.Order[0] = "zzz"
	b := pts[1].Net
	if b.Populations[0].Size != 1 || b.Projections[0].Params["tau_d"] != 150 || b.Inputs[0].Value[0] != 28 ||
		b.Monitors[0].Vars[0] != "u" || b.Order[0] != "neu1" {
		t.Errorf("point 1 changed with point 0: %+v", b)
	}
	if s.Base.Projections[0].Params["tau_d"] != 150 || s.Base.Inputs[0].Value[0] != 28 || s.Base.Order[0] != "neu1" {
		t.Errorf("base changed: %+v", s.Base)
	}
}

// Every kind of sweep path lands where it should.
func TestOverrides(t *testing.T) {
	src := `[run]
dt = 0.1
duration = 50.0

[[population]]
name = "pre"
model = "LIF"
size = 2

[[projection]]
name = "syn"
model = "STDP"
pre = "pre"
post = "post"
conn = { kind = "fixed_prob", prob = 0.5, seed = 3, include_self = false }

[[population]]
name = "post"
model = "LIF"
size = 3
init = { V = -1.0 }

[[input]]
target = "pre"
var = "input"
pieces = [[[1.0, 2.0], 5.0], [0.0, 5.0]]
repeat = 3

[[input]]
target = "post"
var = "input"
value = 4.0

[[monitor]]
target = "pre"
vars = ["V"]
every_ms = 0.5

[sweep]
mode = "zip"
[[sweep.axis]]
path = "run.dt"
values = [0.05]
[[sweep.axis]]
path = "run.duration"
values = [20.0]
[[sweep.axis]]
path = "syn.tau_s"
values = [7.0]
[[sweep.axis]]
path = "post.init.V"
values = [3.0]
[[sweep.axis]]
path = "syn.delay"
values = [1.5]
[[sweep.axis]]
path = "syn.conn.prob"
values = [0.25]
[[sweep.axis]]
path = "pre.input.pieces[0].value[1]"
values = [9.0]
[[sweep.axis]]
path = "pre.input.pieces[1].duration"
values = [2.0]
[[sweep.axis]]
path = "post.input.value[2]"
values = [6.0]
[[sweep.axis]]
path = "syn.init.w"
values = [0.5]
`
	s := mustParse(t, src)
	pt := s.Point(0)
	n := pt.Net
	if n.Dt != 0.05 || n.Duration != 20 {
		t.Errorf("dt %v duration %v", n.Dt, n.Duration)
	}
	syn := n.Projections[0]
	if syn.Params["tau_s"] != 7 || syn.Delay != 1.5 || syn.Conn.Prob != 0.25 || *syn.Conn.Seed != 3 || syn.Init["w"] != 0.5 ||
		*syn.Conn.IncludeSelf {
		t.Errorf("syn %+v", syn)
	}
	if n.Populations[1].Init["V"] != 3 {
		t.Errorf("post init %v", n.Populations[1].Init)
	}
	segs := n.Inputs[0].Pieces
	if len(segs) != 6 {
		t.Fatalf("%d segments", len(segs))
	}
	for k, sg := range segs {
		if k%2 == 0 && (!slices.Equal(sg.Value, []float64{1, 9}) || sg.Duration != 5) {
			t.Errorf("segment %d: %+v", k, sg)
		}
		if k%2 == 1 && (!slices.Equal(sg.Value, []float64{0}) || sg.Duration != 2) {
			t.Errorf("segment %d: %+v", k, sg)
		}
	}
	if !slices.Equal(n.Inputs[1].Value, []float64{4, 4, 6}) {
		t.Errorf("post input %v", n.Inputs[1].Value)
	}
	if n.Monitors[0].Every != 10 { // 0.5 ms at the point's dt 0.05
		t.Errorf("every %d", n.Monitors[0].Every)
	}
	if s.Base.Monitors[0].Every != 5 || !slices.Equal(s.Base.Inputs[0].Pieces[0].Value, []float64{1, 2}) {
		t.Errorf("base changed: %+v %+v", s.Base.Monitors[0], s.Base.Inputs[0].Pieces[0])
	}
}

// With run.dt swept, every_ms must be whole steps at every dt.
func TestEveryMsAtEverySweptDt(t *testing.T) {
	src := edit(t, `vars = ["u", "x", "s"]`, "vars = [\"u\"]\nevery_ms = 1.0") + `
[sweep]
[[sweep.axis]]
path = "run.dt"
values = [0.1, 0.3]
`
	_, err := parseTest(src, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "at a point with run.dt = 0.3") {
		t.Fatalf("%v", err)
	}
}

// Ids, seeds and values do not depend on how the sweep is sharded.
func TestShardedPointsMatch(t *testing.T) {
	s, err := Load("../sweeps/bcm.toml", testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	all := s.Points()
	for _, n := range []int{1, 3, 7, 20, 33} {
		var got []Point
		for k := range n {
			got = append(got, s.ShardPoints(Shard{Index: k, Count: n})...)
		}
		if len(got) != len(all) {
			t.Fatalf("%d shards: %d points, want %d", n, len(got), len(all))
		}
		for i := range got {
			if got[i].ID != all[i].ID || got[i].Seed != all[i].Seed || !slices.Equal(got[i].Values, all[i].Values) {
				t.Fatalf("%d shards: point %d differs", n, i)
			}
		}
	}
	// Parsing again gives the same points.
	again, _ := Load("../sweeps/bcm.toml", testCatalog)
	if again.Hash != s.Hash || again.Point(13).Seed != all[13].Seed {
		t.Error("a second parse differs")
	}
}

func TestPointSeed(t *testing.T) {
	// SplitMix64's first output from state 0 is a published constant.
	if got := splitmix64(0); got != 0xe220a8397b1dcdaf {
		t.Fatalf("splitmix64(0) = %#x", got)
	}
	want := splitmix64(splitmix64(splitmix64(42)^5) ^ 1)
	if got := PointSeed(42, 5, 1); got != want {
		t.Errorf("PointSeed = %#x, want %#x", got, want)
	}
	if PointSeed(42, 5, 0) == PointSeed(43, 5, 0) || PointSeed(42, 5, 0) == PointSeed(42, 6, 0) {
		t.Error("seeds collide")
	}
}

// The default update order is the order of the tables in the file.
func TestFileOrder(t *testing.T) {
	s := mustParse(t, validBase)
	if !slices.Equal(s.Base.Order, []string{"neu1", "syn", "neu2"}) {
		t.Errorf("order %v", s.Base.Order)
	}
	src := strings.Replace(validBase, "duration = 100.0", "duration = 100.0\norder = [\"neu2\", \"neu1\", \"syn\"]", 1)
	if s := mustParse(t, src); !slices.Equal(s.Base.Order, []string{"neu2", "neu1", "syn"}) {
		t.Errorf("order %v", s.Base.Order)
	}
}

func TestDefaultsAndNormalisation(t *testing.T) {
	src := strings.Replace(validBase, "dt = 0.1\n", "", 1)
	src = strings.Replace(src, `model = "STP"`, "model = \"stp\"\nmethod = \"Exponential_Euler\"", 1)
	src = strings.Replace(src, `post = "neu2"`, "post = \"neu2\"\nconn = { kind = \"All2All\", include_self = false }", 1)
	s := mustParse(t, src)
	syn := s.Base.Projections[0]
	if s.Base.Dt != 0.1 || syn.Model != "STP" || syn.Method != "exp_euler" || syn.Conn.Kind != "all2all" || *syn.Conn.IncludeSelf {
		t.Errorf("%+v", syn)
	}
	m := s.Base.Monitors[0]
	if m.Name != "syn" || m.Every != 1 || m.Dtype != "float64" || s.Base.Inputs[0].Op != "+" {
		t.Errorf("%+v %+v", m, s.Base.Inputs[0])
	}
	// A top-level spikes array, before the first table.
	if s := mustParse(t, "spikes = [\"neu2\", \"neu1\"]\n"+validBase); !slices.Equal(s.Base.Spikes, []string{"neu2", "neu1"}) {
		t.Errorf("spikes %v", s.Base.Spikes)
	}
	// [run] method = { ... } sets a method by name.
	src = strings.Replace(validBase, "duration = 100.0", "duration = 100.0\nmethod = { neu1 = \"rk4\" }", 1)
	if s := mustParse(t, src); s.Base.Populations[0].Method != "rk4" {
		t.Errorf("method %q", s.Base.Populations[0].Method)
	}
}

func TestCSVInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("one.csv", "\xef\xbb\xbf# a current in pA\nI\n1.5\n2.5\n\n3.5\n")
	write("two.csv", "a,b\n1,2\n3,4\n")
	write("long.csv", strings.Repeat("1\n", 1001))
	write("ragged.csv", "1,2\n3\n")
	src := func(file, target string) string {
		return strings.Replace(validBase, "target = \"neu1\"\nvar = \"input\"\nvalue = 28.0",
			"target = \""+target+"\"\nvar = \"input\"\ncsv = \""+file+"\"", 1)
	}
	s, err := parseTest(src("one.csv", "neu1"), dir)
	if err != nil {
		t.Fatal(err)
	}
	in := s.Base.Inputs[0]
	if len(in.Series) != 3 || in.Series[2][0] != 3.5 || in.Source != "one.csv" {
		t.Errorf("%+v", in)
	}
	s, err = parseTest(src("two.csv", "neu2"), dir)
	if err != nil || !slices.Equal(s.Base.Inputs[0].Series[1], []float64{3, 4}) {
		t.Errorf("%v %+v", err, s)
	}
	for file, msg := range map[string]string{
		"long.csv":   "has 1001 rows but a point with run.dt = 0.1, run.duration = 100 has 1000 steps",
		"ragged.csv": "line 2: has 1 columns; the first row has 2",
		"two.csv":    "has 2 columns; neu1 has 1 element",
	} {
		if _, err := parseTest(src(file, "neu1"), dir); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v", file, err)
		}
	}
}

func TestRandomAxes(t *testing.T) {
	src := withSweep(`[sweep]
mode = "zip"
[[sweep.axis]]
path = "syn.U"
random = { dist = "uniform", min = 0.1, max = 0.9, n = 200 }
[[sweep.axis]]
path = "syn.tau_d"
random = { dist = "loguniform", min = 10.0, max = 1000.0, n = 200 }
[[sweep.axis]]
path = "syn.tau"
random = { dist = "normal", mu = 8.0, sigma = 0.5, n = 200, seed = 11 }
`)
	a, b := mustParse(t, src), mustParse(t, src)
	for i := range a.Axes {
		if !slices.Equal(a.Axes[i].Values, b.Axes[i].Values) {
			t.Errorf("axis %d differs between parses", i)
		}
	}
	u, lu, nr := a.Axes[0].Values, a.Axes[1].Values, a.Axes[2].Values
	if a.Axes[0].Source != "random:uniform" || a.Axes[1].Source != "random:loguniform" {
		t.Errorf("sources %q %q", a.Axes[0].Source, a.Axes[1].Source)
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	for _, x := range u {
		if x < 0.1 || x > 0.9 {
			t.Fatalf("uniform draw %v outside [0.1, 0.9]", x)
		}
	}
	below100 := 0
	for _, x := range lu {
		if x < 10 || x > 1000 {
			t.Fatalf("loguniform draw %v outside [10, 1000]", x)
		}
		if x < 100 {
			below100++
		}
	}
	if below100 < 70 || below100 > 130 { // half of a log-uniform sample lies below the geometric midpoint
		t.Errorf("%d of 200 loguniform draws below 100", below100)
	}
	if m := mean(u); math.Abs(m-0.5) > 0.06 {
		t.Errorf("uniform mean %v", m)
	}
	if m := mean(nr); math.Abs(m-8) > 0.15 {
		t.Errorf("normal mean %v", m)
	}
	// The axis's own seed fixes its values whatever the master seed; the others follow run.seed.
	c := mustParse(t, strings.Replace(src, "duration = 100.0", "duration = 100.0\nseed = 99", 1))
	if !slices.Equal(c.Axes[2].Values, nr) || slices.Equal(c.Axes[0].Values, u) {
		t.Error("seeding: the seeded axis should stay, the others change with run.seed")
	}
	if got := AxisSeed(0, "syn.U"); got == AxisSeed(0, "syn.tau_d") || got == AxisSeed(1, "syn.U") {
		t.Error("AxisSeed collides")
	}
}
