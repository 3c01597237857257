package report

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// steadyFraction is the tail of the run that "steady:" averages over.
const steadyFraction = 0.1

// metric is one summary number per point, parsed from a spec such as "rate:neu2",
// "final:syn.w", "mean:syn.u" or "steady:syn.u*x".
type metric struct {
	Spec  string // canonical form, e.g. "steady:syn.u*x"
	Kind  string // rate, final, mean, steady or wall
	Label string // what the number is, for titles: "mean firing rate of neu2"
	Unit  string
	How   string // one sentence on how it is computed, for the page

	pop  string       // rate
	mon  *monitorInfo // final, mean, steady
	vars []string     // factors of the product, e.g. [u x]
}

// metricHelp lists the metric forms, for error messages.
const metricHelp = `rate[:POP] (spikes per neuron per second), final:MON.VAR, mean:MON.VAR, ` +
	`steady:MON.VAR (mean over the last 10% of time), wall (wall-clock seconds); ` +
	`VAR may be a product such as u*x; or a statistics column of the points table: ` +
	`rate.POP, cv.POP, sync.POP, mean.MON.VAR, std.MON.VAR`

// plasticModels are the synapse models whose weight w changes during a run; a sweep that
// records w of one of them is most likely about that change.
var plasticModels = []string{"STDP", "Oja", "BCM"}

// defaultMetric picks the summary a user most likely wants when they gave none: the final weight of
// a plastic projection whose w is recorded (an STDP-window sweep); else the firing rate of the
// first spiking population (see defaultRatePop; over the analysis window if there is one); else the final value of the first recorded
// variable; else the wall time.
func defaultMetric(m *manifest, pt *pointsTable) string {
	for _, mon := range m.Monitors {
		if !slices.Contains(mon.Vars, "w") {
			continue
		}
		for _, pr := range m.Projections {
			if pr.Name == mon.Target && slices.ContainsFunc(plasticModels, func(s string) bool { return strings.EqualFold(s, pr.Model) }) {
				return "final:" + mon.Name + ".w"
			}
		}
	}
	if pop := defaultRatePop(m, pt); pop != "" {
		// With an [analysis] table, the rate over its window: the number the points table holds
		// and the phase diagram shows, not a second, whole-run rate beside it.
		if m.Analysis != nil && slices.Contains(m.Analysis.Columns, "rate."+pop) {
			return "rate." + pop
		}
		return "rate:" + pop
	}
	for _, mon := range m.Monitors {
		if len(mon.Vars) > 0 {
			return "final:" + mon.Name + "." + mon.Vars[0]
		}
	}
	return "wall"
}

// defaultRatePop is the first population, in the order the sweep file records them, whose spike
// count differs between ok points: the first one the sweep acts on (the excitatory group of a
// network listing it first; neu2, not the regularly driven neu1, of sweeps/stp.toml). Failing
// that, the first that spiked at all, else the first recorded.
func defaultRatePop(m *manifest, pt *pointsTable) string {
	var spiking string
	for _, s := range m.Spikes {
		pop := s.Population
		if !pt.spikeCol[pop] {
			continue
		}
		first, varies, fired := int64(-1), false, false
		for _, r := range pt.rows {
			if !r.ok() {
				continue
			}
			c := r.spikes[pop]
			fired = fired || c > 0
			if first >= 0 && c != first {
				varies = true
			}
			first = c
		}
		if varies {
			return pop
		}
		if fired && spiking == "" {
			spiking = pop
		}
	}
	if spiking != "" {
		return spiking
	}
	if len(m.Spikes) > 0 {
		return m.Spikes[0].Population
	}
	return ""
}

// defaultWhy says, for the page, why defaultMetric chose spec.
func defaultWhy(spec string, m *manifest, pt *pointsTable) string {
	kind, arg, _ := strings.Cut(spec, ":")
	why := ""
	if pop, ok := strings.CutPrefix(spec, "rate."); ok {
		kind, arg = "rate", pop
	}
	switch kind {
	case "final":
		if strings.HasSuffix(arg, ".w") {
			why = "the weight of a plastic projection is recorded, and its final value is what such a sweep is about"
		} else {
			why = "no population's spikes were counted, so the first recorded variable's final value"
		}
	case "rate":
		why = "the first population, in the sweep file's order, whose spike count differs between points"
		varies := false
		first := int64(-1)
		for _, r := range pt.rows {
			if r.ok() {
				varies = varies || (first >= 0 && r.spikes[arg] != first)
				first = r.spikes[arg]
			}
		}
		if !varies {
			why = "the first population that spiked (no population's spike count differs between points)"
		}
	case "wall":
		why = "nothing was recorded"
	}
	return fmt.Sprintf("No metric was asked for: this page shows %s, %s. Choose another with --metric (%s).",
		spec, why, metricHelp)
}

// countedPops lists the populations whose spikes were counted (a spikes.<pop> column of the points
// table) or recorded (spikes/<pop>), in the manifest's order.
func countedPops(m *manifest, pt *pointsTable) []string {
	var pops []string
	for _, p := range m.Populations {
		recorded := slices.ContainsFunc(m.Spikes, func(s monitorSpikes) bool { return s.Population == p.Name })
		if pt.spikeCol[p.Name] || recorded {
			pops = append(pops, p.Name)
		}
	}
	for _, s := range m.Spikes { // a manifest without its populations
		if !slices.Contains(pops, s.Population) {
			pops = append(pops, s.Population)
		}
	}
	return pops
}

func parseMetric(spec string, m *manifest, pt *pointsTable) (*metric, error) {
	if mt, ok, err := statMetric(spec, m); ok || err != nil { // statmetric.go
		return mt, err
	}
	spec = strings.TrimSpace(spec)
	kind, arg, _ := strings.Cut(spec, ":")
	mt := &metric{Kind: kind}
	switch kind {
	case "wall":
		if arg != "" {
			return nil, usageErrorf("metric %q: wall takes no argument", spec)
		}
		mt.Spec, mt.Label, mt.Unit = "wall", "wall-clock time", "s"
		mt.How = "Wall-clock seconds the point took (column wall_s of the points table)."
		return mt, nil
	case "rate":
		if arg == "" {
			arg = defaultRatePop(m, pt)
		}
		if arg == "" {
			return nil, usageErrorf("metric %q: no population's spikes were recorded", spec)
		}
		if pops := countedPops(m, pt); !slices.Contains(pops, arg) {
			return nil, usageErrorf("metric %q: the spikes of %q were not counted (populations with spikes: %s)",
				spec, arg, listOr(pops, "none"))
		}
		if _, err := m.popSize(arg); err != nil {
			return nil, usageErrorf("metric %q: %s", spec, strings.TrimPrefix(err.Error(), "report: "))
		}
		mt.pop = arg
		mt.Spec, mt.Label, mt.Unit = "rate:"+arg, "mean firing rate of "+arg, "Hz"
		mt.How = fmt.Sprintf("Spikes of %s over the run divided by its number of neurons and by the run's duration.", arg)
		return mt, nil
	case "final", "mean", "steady":
	default:
		return nil, usageErrorf("unknown metric %q: want %s", spec, metricHelp)
	}
	monName, expr, ok := strings.Cut(arg, ".")
	if !ok || monName == "" || expr == "" {
		return nil, usageErrorf("metric %q: want %s:MONITOR.VAR, e.g. %s:syn.u", spec, kind, kind)
	}
	mon, err := m.monitor(monName)
	if err != nil {
		return nil, usageErrorf("metric %q: %s", spec, strings.TrimPrefix(err.Error(), "report: "))
	}
	mt.mon = mon
	var units []string
	for f := range strings.SplitSeq(expr, "*") {
		f = strings.TrimSpace(f)
		if !slices.Contains(mon.Vars, f) {
			return nil, usageErrorf("metric %q: monitor %s records no variable %q (it records %s)",
				spec, mon.Name, f, listOr(mon.Vars, "nothing"))
		}
		mt.vars = append(mt.vars, f)
		if u := mon.Units[f]; u != "" && u != "1" {
			units = append(units, u)
		}
	}
	mt.Unit = strings.Join(units, "·")
	if mt.Unit == "" {
		mt.Unit = "1"
	}
	name := mon.Name + "." + strings.Join(mt.vars, "·")
	mt.Spec = kind + ":" + mon.Name + "." + strings.Join(mt.vars, "*")
	what := "the mean over recorded elements of " + mon.Name + "." + strings.Join(mt.vars, "·")
	if len(mt.vars) > 1 {
		what = "the mean over recorded elements of the product " + strings.Join(mt.vars, "·") +
			" (taken per element and sample)"
	}
	switch kind {
	case "final":
		mt.Label = "final " + name
		mt.How = "Value at the last recorded step of each point: " + what + "."
	case "mean":
		mt.Label = "time-mean " + name
		mt.How = "Mean over all recorded steps of each point of " + what + "."
	case "steady":
		mt.Label = "steady-state " + name
		mt.How = fmt.Sprintf("Mean over the last %g%% of each point's run time of %s "+
			"(the last recorded step if no sample falls in that window).", steadyFraction*100, what)
	}
	return mt, nil
}

// title is the metric's label with its unit: "mean firing rate of neu2 (Hz)".
func (mt *metric) title() string { return withUnit(mt.Label, mt.Unit) }

// compute returns the metric of every point, aligned with pt.rows; NaN for failed points and for
// points without data. The monitor metrics stream the monitor's parts, keeping a few sums per point.
func (mt *metric) compute(dir string, m *manifest, pt *pointsTable) ([]float64, error) {
	out := make([]float64, len(pt.rows))
	for i := range out {
		out[i] = math.NaN()
	}
	switch mt.Kind {
	case "wall":
		for i, r := range pt.rows {
			if r.ok() {
				out[i] = r.Wall
			}
		}
		return out, nil
	case "rate":
		return out, mt.rate(dir, m, pt, out)
	case statMetricKind:
		return out, mt.columnValues(dir, pt, out)
	}
	return out, mt.monitorMetric(dir, pt, out)
}

func (mt *metric) rate(dir string, m *manifest, pt *pointsTable, dst []float64) error {
	size, err := m.popSize(mt.pop)
	if err != nil {
		return err
	}
	counts := make([]float64, len(pt.rows))
	if pt.spikeCol[mt.pop] {
		for i, r := range pt.rows {
			counts[i] = float64(r.spikes[mt.pop])
		}
	} else {
		// No count column: count the rows of the spike dataset, one per spike.
		ix := newRowIndex(pt)
		err := eachPart(filepath.Join(dir, "spikes", mt.pop), func(t *parquetio.Table) error {
			point, err := int32Column(t, parquetio.ColPoint)
			if err != nil {
				return err
			}
			for _, p := range point {
				if i := ix.of(p); i >= 0 {
					counts[i]++
				}
			}
			return nil
		})
		// No part file: the population never fired in any point written so far.
		if err != nil && !errors.Is(err, errNoParts) {
			return err
		}
	}
	for i, r := range pt.rows {
		if r.ok() && r.Duration > 0 {
			dst[i] = counts[i] / float64(size) / (r.Duration / 1000)
		}
	}
	return nil
}

// acc holds the running sums of one point for the monitor metrics.
type acc struct {
	lastStep int32
	lastSum  float64
	lastN    int
	sum      float64
	n        int
}

func (mt *metric) monitorMetric(dir string, pt *pointsTable, dst []float64) error {
	accs := make([]acc, len(pt.rows))
	from := make([]float64, len(pt.rows)) // start of the steady window, ms
	for i, r := range pt.rows {
		from[i] = r.Duration * (1 - steadyFraction)
	}
	ix := newRowIndex(pt)
	factors := make([][]float64, len(mt.vars))
	err := eachPart(filepath.Join(dir, "monitors", mt.mon.Name), func(t *parquetio.Table) error {
		point, err := int32Column(t, parquetio.ColPoint)
		if err != nil {
			return err
		}
		step, err := int32Column(t, parquetio.ColStep)
		if err != nil {
			return err
		}
		tt, err := column(t, parquetio.ColT)
		if err != nil {
			return err
		}
		for k, v := range mt.vars {
			if factors[k], err = column(t, v); err != nil {
				return err
			}
		}
		for j, p := range point {
			i := ix.of(p)
			if i < 0 {
				continue
			}
			v := factors[0][j]
			for _, f := range factors[1:] {
				v *= f[j]
			}
			a := &accs[i]
			switch {
			case a.lastN == 0 || step[j] > a.lastStep:
				a.lastStep, a.lastSum, a.lastN = step[j], v, 1
			case step[j] == a.lastStep:
				a.lastSum += v
				a.lastN++
			}
			if mt.Kind == "mean" || (mt.Kind == "steady" && tt[j] >= from[i]) {
				a.sum += v
				a.n++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, r := range pt.rows {
		a := accs[i]
		if !r.ok() || a.lastN == 0 {
			continue
		}
		switch {
		case mt.Kind == "final" || a.n == 0:
			dst[i] = a.lastSum / float64(a.lastN)
		default:
			dst[i] = a.sum / float64(a.n)
		}
	}
	return nil
}

// rowIndex maps a point id to its row in the points table. Rows of one point come in runs, so
// the last answer is kept.
type rowIndex struct {
	pos          map[int32]int
	lastID       int32
	lastPos      int
	haveLastPair bool
}

func newRowIndex(pt *pointsTable) *rowIndex {
	ix := &rowIndex{pos: make(map[int32]int, len(pt.rows))}
	for i, r := range pt.rows {
		ix.pos[r.ID] = i
	}
	return ix
}

// of returns the row of point id, or -1 if the points table has none (a point still running, or
// one whose shard has not written its table).
func (ix *rowIndex) of(id int32) int {
	if ix.haveLastPair && id == ix.lastID {
		return ix.lastPos
	}
	p, ok := ix.pos[id]
	if !ok {
		p = -1
	}
	ix.lastID, ix.lastPos, ix.haveLastPair = id, p, true
	return p
}
