package report

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// PlotOptions choose what Plot draws. The zero value (but for Point) draws every variable of the
// first monitor and the spikes of every recorded population.
type PlotOptions struct {
	// Monitor names the monitor (or the object it records); "" means the first in sweep.json.
	Monitor string
	// Vars are the variables drawn, one panel each; nil means all the monitor records.
	Vars []string
	// Point is the point id (the "point" column).
	Point int
	// Index lists the elements drawn (neurons, or synapses of a projection); nil means every
	// recorded element, up to MaxElements.
	Index []int
	// MaxElements caps the lines per panel when Index is nil; 0 means 50. The title says when
	// elements were left out.
	MaxElements int
	// Spikes lists the populations drawn as rasters; nil means every population whose spikes were
	// recorded, and an empty non-nil slice means none.
	Spikes []string
	// Rates lists the populations whose population rate (the rates/<population> dataset that
	// [analysis] writes, Brian2's PopulationRateMonitor) is drawn; nil means every population that
	// has one, and an empty non-nil slice means none.
	Rates []string
	// Smooth is the width in ms of the flat window that smooths a rate panel's bins, drawn in
	// black over the raw bins in grey; 0 means 1 ms when the bins are narrower (else none), and a
	// negative width draws the raw bins alone.
	Smooth float64
	// TMin and TMax restrict every panel to the time window [TMin, TMax] ms of the run; TMax 0
	// means the end of the point's run. A window that is empty or reaches outside the run is a
	// [UsageError].
	TMin, TMax float64
	// Out is the output file, PNG or SVG by its extension; "" means both
	// DIR/plots/<monitor>-point<N>.png and .svg (-t<TMin>-<TMax> before the extension when a window
	// is chosen).
	Out string
}

// Plot draws the recorded time series of one point of the sweep in dir: one panel per variable
// with a line per element (and their mean in black when there are several), then a spike raster
// per population, each followed by the population's rate when [analysis] wrote it, all on a
// shared time axis (the whole run, or the window TMin..TMax), titled with the point's parameter
// values. It returns the files written.
//
// Plot streams the monitor's and the spike datasets' part files one at a time and keeps only the
// rows of the chosen point, so memory stays at one part file plus that point's rows; but each
// part is read in full (parquetio has no row filter), so the time is that of reading the whole
// monitor dataset once.
func Plot(dir string, o PlotOptions) ([]string, error) {
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	if len(m.Monitors) == 0 && len(m.Spikes) == 0 && (m.Analysis == nil || !m.Analysis.Rates) {
		return nil, usageErrorf("%s recorded no monitor, no spikes and no population rate: nothing to plot", dir)
	}
	var mon *monitorInfo
	switch {
	case o.Monitor != "":
		if mon, err = m.monitor(o.Monitor); err != nil {
			return nil, err
		}
	case len(m.Monitors) > 0:
		mon = &m.Monitors[0]
	}
	vars := o.Vars
	if mon != nil && vars == nil {
		vars = mon.Vars
	}
	if mon == nil && len(vars) > 0 {
		return nil, usageErrorf("%s recorded no monitor, so no variable %q", dir, vars[0])
	}
	for _, v := range vars {
		if !slices.Contains(mon.Vars, v) {
			return nil, usageErrorf("monitor %s records no variable %q (it records %s)", mon.Name, v,
				listOr(mon.Vars, "nothing"))
		}
	}
	var recorded []string
	for _, s := range m.Spikes {
		recorded = append(recorded, s.Population)
	}
	pops := o.Spikes
	if pops == nil {
		pops = recorded
	}
	for _, pop := range pops {
		if !slices.Contains(recorded, pop) {
			return nil, usageErrorf("the spikes of %q were not recorded (recorded: %s)", pop, listOr(recorded, "none"))
		}
	}
	ratePops, err := m.ratePopulations(o.Rates)
	if err != nil {
		return nil, err
	}
	pt, err := readPoints(dir, m)
	if err != nil {
		return nil, err
	}
	row, inTable := pt.find(int32(o.Point))
	duration := m.Duration
	if inTable {
		duration = row.Duration
	}
	win, err := timeWindow(o.TMin, o.TMax, duration)
	if err != nil {
		return nil, err
	}

	var ts *pointSeries
	if mon != nil && len(vars) > 0 {
		if ts, err = readPointSeries(dir, mon, vars, int32(o.Point), o.Index, win); err != nil {
			return nil, err
		}
	}
	var rasters []raster
	for _, pop := range pops {
		r, err := readRaster(dir, m, pop, int32(o.Point), win)
		if err != nil {
			return nil, err
		}
		rasters = append(rasters, r)
	}
	var rates []popRate
	for _, pop := range ratePops {
		r, err := readPopRate(dir, m, pop, int32(o.Point), win)
		if err != nil {
			return nil, err
		}
		r.smooth = smoothWidth(o.Smooth, r.bin)
		rates = append(rates, r)
	}
	if (ts == nil || len(ts.elems) == 0) && !inTable {
		return nil, usageErrorf("point %d has no row in the points table and no monitor data", o.Point)
	}

	maxEl := o.MaxElements
	if maxEl <= 0 {
		maxEl = 50
	}
	name := "spikes"
	if mon != nil {
		name = mon.Name
	}
	title := plotTitle(m, name, o.Point, row, inTable)
	if ts != nil && o.Index == nil && len(ts.elems) > maxEl {
		title += fmt.Sprintf("\n(first %d of %d recorded elements drawn; choose others with --index)", maxEl, len(ts.elems))
		ts.elems = ts.elems[:maxEl]
	}

	var outs []string
	if o.Out == "" {
		base := filepath.Join(dir, "plots", fmt.Sprintf("%s-point%d", name, o.Point))
		if win.set {
			base += fmt.Sprintf("-t%s-%s", fmtAxisValue(win.lo), fmtAxisValue(win.hi))
		}
		outs = []string{base + ".png", base + ".svg"}
	} else {
		outs = []string{o.Out}
	}
	for _, out := range outs {
		format := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
		if format != "png" && format != "svg" {
			return nil, usageErrorf("output %s: want a .png or .svg file", out)
		}
		b, err := timeSeriesFigure(format, title, mon, vars, ts, rasters, rates, win)
		if err != nil {
			return nil, err
		}
		if err := writeFile(out, b); err != nil {
			return nil, err
		}
	}
	return outs, nil
}

// window is the time span a plot shows, [lo, hi] ms; set says whether the caller chose it.
type window struct {
	lo, hi float64
	set    bool
}

func (w window) contains(t float64) bool { return t >= w.lo && t <= w.hi }

// timeWindow checks a time window asked for against the run's duration (ms); tmax 0 means the end.
func timeWindow(tmin, tmax, duration float64) (window, error) {
	w := window{lo: tmin, hi: tmax, set: tmin != 0 || tmax != 0}
	if tmax == 0 {
		w.hi = duration
	}
	switch {
	case math.IsNaN(tmin) || math.IsNaN(tmax) || math.IsInf(tmin, 0) || math.IsInf(tmax, 0):
		return w, usageErrorf("the time window must be finite numbers of ms (tmin %v, tmax %v)", tmin, tmax)
	case tmin < 0:
		return w, usageErrorf("tmin %s ms is before the start of the run (0 ms)", fmtAxisValue(tmin))
	case tmax < 0:
		return w, usageErrorf("tmax %s ms is before the start of the run (0 ms)", fmtAxisValue(tmax))
	case w.lo >= w.hi && tmin >= duration:
		return w, usageErrorf("tmin %s ms is at or after the end of the run (%s ms)", fmtAxisValue(tmin), fmtAxisValue(duration))
	case w.lo >= w.hi:
		return w, usageErrorf("tmin (%s ms) must be less than tmax (%s ms)", fmtAxisValue(w.lo), fmtAxisValue(w.hi))
	case w.hi > duration:
		return w, usageErrorf("tmax %s ms is after the end of the run (%s ms); leave tmax out to show up to the end",
			fmtAxisValue(w.hi), fmtAxisValue(duration))
	}
	return w, nil
}

// plotTitle: "sweeps/stp.toml · monitor syn · point 17 (repeat 0, seed 42)" and the point's
// parameters on a second line; a third line if the point failed.
func plotTitle(m *manifest, mon string, point int, row *pointRow, inTable bool) string {
	var b strings.Builder
	if m.SweepFile != "" {
		b.WriteString(displayFile(m.SweepFile) + " · ")
	}
	fmt.Fprintf(&b, "%s · point %d", mon, point)
	if !inTable {
		b.WriteString(" (no row in the points table yet)")
		return b.String()
	}
	fmt.Fprintf(&b, " (repeat %d, seed %d)", row.Repeat, row.Seed)
	var params []string
	for k, a := range m.Axes {
		params = append(params, a.Path+" = "+withUnitValue(fmtAxisValue(row.Params[k]), a.Unit))
	}
	if len(params) > 0 {
		b.WriteString("\n" + strings.Join(params, ", "))
	}
	if !row.ok() {
		b.WriteString("\nFAILED: " + row.Status)
	}
	return b.String()
}

// withUnitValue writes a value with its unit: "200 ms"; dimensionless values stand alone.
func withUnitValue(v, unit string) string {
	if unit == "" || unit == "1" {
		return v
	}
	return v + " " + unit
}

// elemSeries is the recorded trace of one element.
type elemSeries struct {
	index, pre, post int32
	t                []float64
	v                [][]float64 // per variable
}

type pointSeries struct {
	proj  bool
	elems []*elemSeries // sorted by index
}

// readPointSeries keeps the rows of one point (and of the chosen elements) from a monitor's parts.
func readPointSeries(dir string, mon *monitorInfo, vars []string, point int32, index []int, win window) (*pointSeries, error) {
	want := map[int32]bool{}
	for _, i := range index {
		want[int32(i)] = true
	}
	byIndex := map[int32]*elemSeries{}
	ps := &pointSeries{proj: mon.Projection}
	err := eachPart(filepath.Join(dir, "monitors", mon.Name), func(t *parquetio.Table) error {
		pts, err := int32Column(t, parquetio.ColPoint)
		if err != nil {
			return err
		}
		idx, err := int32Column(t, parquetio.ColIndex)
		if err != nil {
			return err
		}
		tt, err := column(t, parquetio.ColT)
		if err != nil {
			return err
		}
		pre, post := t.Int32[parquetio.ColPre], t.Int32[parquetio.ColPost]
		// Convert a float32 column only once we know the part holds the point.
		if !slices.Contains(pts, point) {
			return nil
		}
		cols := make([][]float64, len(vars))
		for k, v := range vars {
			if cols[k], err = column(t, v); err != nil {
				return err
			}
		}
		for j, p := range pts {
			if p != point || (len(want) > 0 && !want[idx[j]]) || !win.contains(tt[j]) {
				continue
			}
			e := byIndex[idx[j]]
			if e == nil {
				e = &elemSeries{index: idx[j], v: make([][]float64, len(vars))}
				if pre != nil && post != nil {
					e.pre, e.post = pre[j], post[j]
				}
				byIndex[idx[j]] = e
			}
			e.t = append(e.t, tt[j])
			for k := range vars {
				e.v[k] = append(e.v[k], cols[k][j])
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, e := range byIndex {
		sortByTime(e)
		ps.elems = append(ps.elems, e)
	}
	slices.SortFunc(ps.elems, func(a, b *elemSeries) int { return int(a.index) - int(b.index) })
	return ps, nil
}

// sortByTime orders an element's samples by time; parts are read in name order, which is time
// order for one point, so this is usually a no-op check.
func sortByTime(e *elemSeries) {
	if slices.IsSorted(e.t) {
		return
	}
	perm := make([]int, len(e.t))
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(a, b int) int {
		switch {
		case e.t[a] < e.t[b]:
			return -1
		case e.t[a] > e.t[b]:
			return 1
		}
		return 0
	})
	apply := func(s []float64) []float64 {
		out := make([]float64, len(s))
		for i, p := range perm {
			out[i] = s[p]
		}
		return out
	}
	e.t = apply(e.t)
	for k := range e.v {
		e.v[k] = apply(e.v[k])
	}
}

// raster holds one population's spikes in one point.
type raster struct {
	pop  string
	win  window // the spikes kept are those in the window
	size int
	t    []float64
	idx  []float64
}

func readRaster(dir string, m *manifest, pop string, point int32, win window) (raster, error) {
	r := raster{pop: pop, win: win}
	r.size, _ = m.popSize(pop)
	err := eachPart(filepath.Join(dir, "spikes", pop), func(t *parquetio.Table) error {
		pts, err := int32Column(t, parquetio.ColPoint)
		if err != nil {
			return err
		}
		idx, err := int32Column(t, parquetio.ColIndex)
		if err != nil {
			return err
		}
		tt, err := column(t, parquetio.ColT)
		if err != nil {
			return err
		}
		for j, p := range pts {
			if p == point && win.contains(tt[j]) {
				r.t = append(r.t, tt[j])
				r.idx = append(r.idx, float64(idx[j]))
			}
		}
		return nil
	})
	// A population that never fired may have no files: an empty raster, not an error.
	if errors.Is(err, errNoParts) {
		err = nil
	}
	if r.size == 0 {
		for _, i := range r.idx {
			r.size = max(r.size, int(i)+1)
		}
	}
	return r, err
}

// ordinal writes 2nd, 3rd, 11th, 22nd.
func ordinal(n int) string {
	suf := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return fmt.Sprint(n) + suf
}

// elemName names an element in a legend: "neu2[1]" or "syn[4] 1→1".
func elemName(mon *monitorInfo, proj bool, e *elemSeries) string {
	if proj {
		return fmt.Sprintf("%s[%d] %d→%d", mon.Target, e.index, e.pre, e.post)
	}
	return fmt.Sprintf("%s[%d]", mon.Target, e.index)
}

// devicePixel is one pixel of a PNG figure (pngDPI), the least a spike mark may be tall or wide.
const devicePixel = vg.Inch / pngDPI

// rasterRows is about how many pixels tall the data area of a raster panel is; a population with
// more neurons than that is drawn every k-th neuron, so that each drawn row gets a pixel.
const rasterRows = 170

// rasterStride is the k of "every k-th neuron" for a population of size neurons.
func rasterStride(size int) int {
	return max(1, (size+rasterRows-1)/rasterRows)
}

// spikeTicks draws spikes as short vertical bars, the usual raster mark: 0.8 of a row tall in data
// units, but never less than a device pixel tall and wide, so that a raster of 100,000 neurons
// is as visible as one of a single neuron. A glyph would be sized in points and would pad the data
// area by its radius.
type spikeTicks struct {
	t, idx []float64
	rowH   float64 // height of one drawn row in neurons (the stride)
	color  color.Color
}

func (r spikeTicks) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	c.SetLineStyle(draw.LineStyle{Color: r.color, Width: max(vg.Points(1), devicePixel)})
	half := r.rowH * 0.4
	for j := range r.t {
		x := trX(r.t[j])
		y0, y1 := trY(r.idx[j]-half), trY(r.idx[j]+half)
		if d := devicePixel - (y1 - y0); d > 0 {
			y0, y1 = y0-d/2, y1+d/2
		}
		var p vg.Path
		p.Move(vg.Point{X: x, Y: y0})
		p.Line(vg.Point{X: x, Y: y1})
		c.Stroke(p)
	}
}

func (r spikeTicks) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = finiteRange(r.t)
	ymin, ymax = finiteRange(r.idx)
	return xmin, xmax, ymin - 0.5, ymax + 0.5
}

// subsample keeps the spikes of every stride-th neuron (0, stride, 2·stride, ...).
func (r raster) subsample(stride int) (t, idx []float64) {
	if stride <= 1 {
		return r.t, r.idx
	}
	for j, i := range r.idx {
		if int(i)%stride == 0 {
			t = append(t, r.t[j])
			idx = append(idx, i)
		}
	}
	return t, idx
}

// plural writes "1 neuron", "2 neurons".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func timeSeriesFigure(format, title string, mon *monitorInfo, vars []string, ts *pointSeries, rasters []raster,
	rates []popRate, win window) ([]byte, error) {
	var panels []*plot.Plot
	leg := plot.NewLegend()
	leg.TextStyle.Font.Size = vg.Points(8)
	leg.Padding = vg.Points(3)
	nLeg := 0
	nEl := 0
	if ts != nil {
		nEl = len(ts.elems)
	}
	for k, v := range vars {
		p := plot.New()
		p.Y.Label.Text = withUnit(v, mon.Units[v])
		p.Add(plotter.NewGrid())
		for i, e := range ts.elems {
			xys := make(plotter.XYs, len(e.t))
			for j := range e.t {
				xys[j] = plotter.XY{X: e.t[j], Y: e.v[k][j]}
			}
			l := addTrace(p, xys, draw.LineStyle{Color: seriesColor(i, nEl), Width: vg.Points(1)})
			if k == 0 && nEl <= 8 {
				leg.Add(elemName(mon, ts.proj, e), l)
				nLeg++
			}
		}
		if mean := meanTrace(ts, k); mean != nil && nEl > 1 {
			l := addTrace(p, mean, draw.LineStyle{Color: color.Black, Width: vg.Points(1.8)})
			if k == 0 {
				leg.Add("mean", l)
				nLeg++
			}
		}
		if nEl == 0 {
			p.Title.Text = "no samples of this point"
		}
		panels = append(panels, p)
	}
	// Each population's rate panel follows its raster; rates of populations without a raster last.
	drawn := map[string]bool{}
	for _, r := range rasters {
		panels = append(panels, rasterPanel(r))
		for _, pr := range rates {
			if pr.pop == r.pop {
				panels = append(panels, ratePanel(pr))
				drawn[pr.pop] = true
			}
		}
	}
	for _, pr := range rates {
		if !drawn[pr.pop] {
			panels = append(panels, ratePanel(pr))
		}
	}
	if len(panels) == 0 {
		return nil, errors.New("report: nothing to plot: no variables and no spike rasters chosen")
	}
	for i, p := range panels {
		p.X.Min, p.X.Max = win.lo, win.hi
		p.X.Tick.Marker = niceTicks{max: 8}
		if _, isConst := p.Y.Tick.Marker.(plot.ConstantTicks); !isConst {
			p.Y.Tick.Marker = niceTicks{max: 5}
		}
		if i == len(panels)-1 {
			p.X.Label.Text = withUnit("t", "ms")
		}
	}

	const w = 8 * vg.Inch
	titleH := vg.Length(strings.Count(title, "\n")+1)*14 + 12
	h := titleH + vg.Length(len(panels))*1.9*vg.Inch
	legW := vg.Length(0)
	if nLeg > 0 {
		legW = 1.5 * vg.Inch
	}
	col := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		col[i] = []*plot.Plot{p}
	}
	return render(format, w, h, func(dc draw.Canvas) {
		ts := plot.New().Title.TextStyle
		ts.Font.Size = vg.Points(11)
		ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
		dc.FillText(ts, vg.Point{X: w / 2, Y: h - 6}, title)
		body := draw.Crop(dc, 0, -legW, 0, -titleH)
		tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadY: vg.Points(6), PadLeft: vg.Points(4),
			PadRight: vg.Points(8), PadBottom: vg.Points(4)}
		cs := plot.Align(col, tiles, body)
		for i, p := range panels {
			p.Draw(cs[i][0])
		}
		if legW > 0 {
			leg.Top, leg.Left = true, true
			leg.YOffs = -vg.Points(10)
			leg.Draw(draw.Crop(dc, w-legW, 0, 0, -titleH))
		}
	})
}

// addTrace draws a time series as lines broken wherever a value is NaN or infinite (a point that
// diverged), and returns a line of its style for the legend.
func addTrace(p *plot.Plot, xys plotter.XYs, style draw.LineStyle) *plotter.Line {
	var run plotter.XYs
	flush := func() {
		if len(run) > 0 {
			if l, err := plotter.NewLine(run); err == nil {
				l.LineStyle = style
				p.Add(l)
			}
		}
		run = nil
	}
	for _, xy := range xys {
		if math.IsNaN(xy.Y) || math.IsInf(xy.Y, 0) || math.IsNaN(xy.X) {
			flush()
			continue
		}
		run = append(run, xy)
	}
	flush()
	return &plotter.Line{LineStyle: style}
}

// meanTrace is the mean over elements of variable k at each sample time, for elements that share
// their sample times (they do: a monitor records all its elements at the same steps).
func meanTrace(ts *pointSeries, k int) plotter.XYs {
	if ts == nil || len(ts.elems) == 0 {
		return nil
	}
	n := len(ts.elems[0].t)
	for _, e := range ts.elems {
		if len(e.t) != n {
			return nil
		}
	}
	out := make(plotter.XYs, n)
	for j := range n {
		s := 0.0
		for _, e := range ts.elems {
			s += e.v[k][j]
		}
		out[j] = plotter.XY{X: ts.elems[0].t[j], Y: s / float64(len(ts.elems))}
	}
	return out
}

// writeFile writes b to path, creating its directory, through a temporary file renamed into
// place so that a reader never sees half a file. The file is created 0666 and the directory 0777
// less the umask, like any file a program writes: os.CreateTemp's 0600 would hide a report from
// the colleagues who share a cluster's project directory.
func writeFile(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var tmp *os.File
	var err error
	for range 100 {
		tmp, err = os.OpenFile(filepath.Join(dir, fmt.Sprintf(".%s.tmp-%08x", filepath.Base(path), rand.Uint32())),
			os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, os.ErrExist) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("report: write %s: %w", path, errors.Join(werr, cerr))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// rasterPanel draws one population's spikes, every k-th neuron when there are more neurons than
// the panel has pixel rows.
func rasterPanel(r raster) *plot.Plot {
	p := plot.New()
	p.Y.Label.Text = r.pop + " neuron"
	p.Y.Min, p.Y.Max = -0.5, float64(max(r.size, 1))-0.5
	if r.size <= 10 {
		var ticks plot.ConstantTicks
		for i := range max(r.size, 1) {
			ticks = append(ticks, plot.Tick{Value: float64(i), Label: fmt.Sprint(i)})
		}
		p.Y.Tick.Marker = ticks
	}
	stride := rasterStride(r.size)
	t, idx := r.subsample(stride)
	if len(t) > 0 {
		p.Add(spikeTicks{t: t, idx: idx, rowH: float64(stride), color: color.Black})
	}
	p.Title.Text = fmt.Sprintf("%s: %s of %s", r.pop, plural(len(r.t), "spike"), plural(r.size, "neuron"))
	if r.win.set {
		p.Title.Text = fmt.Sprintf("%s: %s in %s–%s ms of %s", r.pop, plural(len(r.t), "spike"),
			fmtAxisValue(r.win.lo), fmtAxisValue(r.win.hi), plural(r.size, "neuron"))
	}
	if stride > 1 {
		p.Title.Text += fmt.Sprintf("; every %s neuron drawn (%s)", ordinal(stride), plural(len(t), "spike"))
	}
	p.Title.TextStyle.Font.Size = vg.Points(9)
	return p
}
