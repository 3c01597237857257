package report

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
)

func load(t *testing.T, name string) (string, *manifest, *pointsTable) {
	t.Helper()
	dir := SweepDir(t, name)
	m, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	pt, err := readPoints(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	return dir, m, pt
}

func approx(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
}

// The monitor metrics, checked against a plain computation over the whole monitor table.
func TestMonitorMetrics(t *testing.T) {
	dir, m, pt := load(t, "stp")
	raw, err := parquetio.ReadDir(filepath.Join(dir, "monitors", "syn"))
	if err != nil {
		t.Fatal(err)
	}
	point, step, tt := raw.Int32["point"], raw.Int32["step"], raw.Float64["t"]
	u, x := raw.Float64["u"], raw.Float64["x"]
	last := map[int32]int32{}
	for i, p := range point {
		last[p] = max(last[p], step[i])
	}
	type sums struct{ final, all, tail, nFinal, nAll, nTail float64 }
	want := map[int32]*sums{}
	for i, p := range point {
		s := want[p]
		if s == nil {
			s = &sums{}
			want[p] = s
		}
		v := u[i] * x[i]
		s.all, s.nAll = s.all+v, s.nAll+1
		if step[i] == last[p] {
			s.final, s.nFinal = s.final+v, s.nFinal+1
		}
		if tt[i] >= 0.9*m.Duration {
			s.tail, s.nTail = s.tail+v, s.nTail+1
		}
	}
	for _, c := range []struct {
		spec string
		want func(s *sums) float64
	}{
		{"final:syn.u*x", func(s *sums) float64 { return s.final / s.nFinal }},
		{"mean:syn.u*x", func(s *sums) float64 { return s.all / s.nAll }},
		{"steady:syn.u*x", func(s *sums) float64 { return s.tail / s.nTail }},
	} {
		mt, err := parseMetric(c.spec, m, pt)
		if err != nil {
			t.Fatal(err)
		}
		got, err := mt.compute(dir, m, pt)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range pt.rows {
			w := c.want(want[r.ID])
			if !r.ok() {
				w = math.NaN() // failed points have no metric
			}
			if !approx(got[i], w) {
				t.Errorf("%s of point %d = %v, want %v", c.spec, r.ID, got[i], w)
			}
		}
	}
}

// The firing rate from the points table's counts, and from the spike dataset when the table has
// no count column; both must agree with counting the spike rows.
func TestRateMetric(t *testing.T) {
	dir, m, pt := load(t, "stp")
	raw, err := parquetio.ReadDir(filepath.Join(dir, "spikes", "neu2"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[int32]float64{}
	for _, p := range raw.Int32["point"] {
		count[p]++
	}
	mt, err := parseMetric("rate", m, pt)
	if err != nil {
		t.Fatal(err)
	}
	if mt.Spec != "rate:neu2" || mt.Unit != "Hz" {
		t.Errorf("rate resolves to %s in %s, want rate:neu2 in Hz", mt.Spec, mt.Unit)
	}
	fromTable, err := mt.compute(dir, m, pt)
	if err != nil {
		t.Fatal(err)
	}
	delete(pt.spikeCol, "neu2")
	fromSpikes, err := mt.compute(dir, m, pt)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range pt.rows {
		want := count[r.ID] / 3 / 0.2 // 3 neurons, 200 ms
		if !r.ok() {
			want = math.NaN()
		}
		if !approx(fromTable[i], want) || !approx(fromSpikes[i], want) {
			t.Errorf("rate of point %d: %v from the table, %v from the spikes, want %v", r.ID, fromTable[i], fromSpikes[i], want)
		}
	}
}

func TestDefaultMetric(t *testing.T) {
	_, m, pt := load(t, "stp")
	if got := defaultMetric(m, pt); got != "rate:neu2" {
		t.Errorf("STP sweep: default metric %s, want rate:neu2", got)
	}
	_, m, pt = load(t, "stdp")
	if got := defaultMetric(m, pt); got != "final:syn.w" {
		t.Errorf("STDP sweep: default metric %s, want final:syn.w", got)
	}
	m.Projections[0].Model = "STP" // w of a non-plastic synapse is constant: rate again
	if got := defaultMetric(m, pt); got != "rate:neu1" {
		t.Errorf("w of an STP synapse: default metric %s, want rate:neu1 (the first population whose count varies)", got)
	}
	m.Spikes, pt.spikeCol = nil, map[string]bool{}
	if got := defaultMetric(m, pt); got != "final:syn.w" {
		t.Errorf("no spikes: default metric %s, want final:syn.w", got)
	}
	m.Monitors = nil
	if got := defaultMetric(m, pt); got != "wall" {
		t.Errorf("nothing recorded: default metric %s, want wall", got)
	}
}

// The default rate is that of the first recorded population whose spike count varies over the ok
// points; a population driven the same way in every point (neu1 of the STP sweep) is passed over,
// and with no count varying, the first that spiked is taken.
func TestDefaultRatePopulation(t *testing.T) {
	_, m, pt := load(t, "stp")
	if m.Spikes[0].Population != "neu1" {
		t.Fatalf("fixture: spikes %v, want neu1 first", m.Spikes)
	}
	if got := defaultRatePop(m, pt); got != "neu2" {
		t.Errorf("STP: %s, want neu2 (neu1 fires alike in every point)", got)
	}
	saved := make([]int64, len(pt.rows))
	for i := range pt.rows {
		saved[i] = pt.rows[i].spikes["neu1"]
		pt.rows[i].spikes["neu1"] += int64(i) // make neu1 vary: it comes first
	}
	if got := defaultRatePop(m, pt); got != "neu1" {
		t.Errorf("neu1 varying: %s, want neu1", got)
	}
	for i := range pt.rows {
		pt.rows[i].spikes["neu1"] = saved[i]
		pt.rows[i].spikes["neu2"] = 3 // now nothing varies: the first that spiked
	}
	if got := defaultRatePop(m, pt); got != "neu1" {
		t.Errorf("no count varies: %s, want neu1, the first that spiked", got)
	}
}

func TestParseMetric(t *testing.T) {
	_, m, pt := load(t, "stp")
	for _, c := range []struct{ spec, canon, label, unit string }{
		{"steady:syn.u*x", "steady:syn.u*x", "steady-state syn.u·x", "1"},
		{" mean:neu2.V ", "mean:neu2.V", "time-mean neu2.V", "mV"},
		{"final:neu2.V*V", "final:neu2.V*V", "final neu2.V·V", "mV·mV"},
		{"rate:neu1", "rate:neu1", "mean firing rate of neu1", "Hz"},
		{"wall", "wall", "wall-clock time", "s"},
	} {
		mt, err := parseMetric(c.spec, m, pt)
		if err != nil {
			t.Errorf("%q: %v", c.spec, err)
			continue
		}
		if mt.Spec != c.canon || mt.Label != c.label || mt.Unit != c.unit {
			t.Errorf("%q: %s, %q in %q; want %s, %q in %q", c.spec, mt.Spec, mt.Label, mt.Unit, c.canon, c.label, c.unit)
		}
	}
	for _, c := range []struct{ spec, want string }{
		{"final:syn", "want final:MONITOR.VAR"},
		{"final:.u", "want final:MONITOR.VAR"},
		{"mean:syn.u*", `records no variable ""`},
		{"wall:x", "wall takes no argument"},
		{"u", "unknown metric"},
	} {
		if _, err := parseMetric(c.spec, m, pt); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an error containing %q", c.spec, err, c.want)
		}
	}
}

func TestChooseAxes(t *testing.T) {
	axes := func(paths ...string) *manifest {
		m := &manifest{}
		for _, p := range paths {
			m.Axes = append(m.Axes, axis{Path: p, Values: []float64{1, 2, 3}})
		}
		return m
	}
	for _, c := range []struct {
		m                   *manifest
		o                   ReportOptions
		x, y, along, series int
		fixedU              int
	}{
		{axes("a"), ReportOptions{}, 0, -1, 0, -1, -1},
		{axes("a", "b"), ReportOptions{}, 0, 1, 0, 1, -1},
		{axes("U", "d", "f"), ReportOptions{}, 1, 2, 1, 2, -1},
		{axes("U", "d", "f"), ReportOptions{X: "f"}, 2, 1, 2, 1, -1},
		{axes("U", "d", "f"), ReportOptions{Y: "d"}, 2, 1, 2, 1, -1},
		{axes("U", "d", "f"), ReportOptions{X: "U", Y: "f", Along: "d"}, 0, 2, 1, 2, -1},
		{axes("U", "d", "f"), ReportOptions{Fix: map[string]float64{"U": 2.9}}, 1, 2, 1, 2, 2},
	} {
		s, err := chooseAxes(c.m, c.o)
		if err != nil {
			t.Errorf("%d axes, %+v: %v", len(c.m.Axes), c.o, err)
			continue
		}
		if s.x != c.x || s.y != c.y || s.along != c.along || s.series != c.series || s.fixed[0] != c.fixedU {
			t.Errorf("%d axes, %+v: x %d y %d along %d series %d fixed[0] %d; want %d %d %d %d %d", len(c.m.Axes), c.o,
				s.x, s.y, s.along, s.series, s.fixed[0], c.x, c.y, c.along, c.series, c.fixedU)
		}
	}
	if _, err := chooseAxes(&manifest{}, ReportOptions{X: "a"}); err == nil {
		t.Error("choosing an axis of a sweep without axes: no error")
	}
}

// Failed points are counted apart from ok ones; a fixed axis keeps only its value's points.
func TestAggregate(t *testing.T) {
	_, m, pt := load(t, "stp")
	values := make([]float64, len(pt.rows))
	for i, r := range pt.rows {
		values[i] = float64(r.ID)
	}
	// U × tau_d × tau_f = 2 × 4 × 3; point 5 (U 0.1, tau_d 50, tau_f 500) failed.
	cells := aggregate(m, pt, values, view{dims: []int{2, 1}, fixed: []int{-1, -1, -1}})
	if len(cells) != 12 {
		t.Fatalf("%d cells, want 12", len(cells))
	}
	c := cells[2*4+1] // tau_f 500, tau_d 50
	if c.n != 1 || c.failed != 1 || c.mean() != 17 {
		t.Errorf("cell of the failed point: %d ok (mean %v), %d failed; want 1 ok (point 17), 1 failed", c.n, c.mean(), c.failed)
	}
	c = cells[0] // tau_f 20, tau_d 25: points 0 and 12
	if c.n != 2 || c.mean() != 6 || !approx(c.sd(), math.Sqrt(72)) {
		t.Errorf("cell (25, 20): %d ok, mean %v, sd %v; want 2, 6, %v", c.n, c.mean(), c.sd(), math.Sqrt(72))
	}
	cells = aggregate(m, pt, values, view{dims: []int{1}, fixed: []int{1, -1, -1}}) // U = 0.5
	if c := cells[0]; c.n != 3 || c.mean() != 13 {
		t.Errorf("tau_d 25 at U 0.5: %d ok, mean %v; want points 12, 13, 14", c.n, c.mean())
	}
}
