package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

func init() {
	// One sans-serif face in every figure, as on the page (gonum's default is a serif).
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	plotter.DefaultFont = plot.DefaultFont
}

// pageFont is the page's font stack: the figures' face first, so text and figures match.
const pageFont = `"Liberation Sans", Arimo, Arial, Helvetica, sans-serif`

// pngDPI is the resolution of PNG figures: 8 inches come out 960 pixels wide.
const pngDPI = 120

// viridis control colours (matplotlib's viridis at ninths). Its luminance rises monotonically,
// so it reads in grey scale and for colour-blind readers, and none of it is near white.
var viridis = []color.Color{
	color.RGBA{0x44, 0x01, 0x54, 0xff}, color.RGBA{0x47, 0x2c, 0x7a, 0xff}, color.RGBA{0x3b, 0x51, 0x8b, 0xff},
	color.RGBA{0x2c, 0x71, 0x8e, 0xff}, color.RGBA{0x21, 0x90, 0x8d, 0xff}, color.RGBA{0x27, 0xad, 0x81, 0xff},
	color.RGBA{0x5c, 0xc8, 0x63, 0xff}, color.RGBA{0xaa, 0xdc, 0x32, 0xff}, color.RGBA{0xfd, 0xe7, 0x25, 0xff},
}

// colorMap returns viridis over [lo, hi].
func colorMap(lo, hi float64) palette.ColorMap {
	cm, err := moreland.NewLuminance(viridis)
	if err != nil {
		panic("report: viridis is not monotonic in luminance: " + err.Error())
	}
	cm.SetMax(hi)
	cm.SetMin(lo)
	return cm
}

// seriesColor is the colour of series i of n: viridis from dark to green, leaving out the yellow
// end, which is hard to see on white.
func seriesColor(i, n int) color.Color {
	cm := colorMap(0, 1)
	f := 0.0
	if n > 1 {
		f = 0.85 * float64(i) / float64(n-1)
	}
	c, _ := cm.At(f)
	return c
}

// noDataColor fills cells without an ok point.
var noDataColor = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}

// fmtNum formats a parameter or metric value compactly: 0.05, 1500, 1.235e-05.
func fmtNum(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// fmtAxisValue formats an axis value with more digits than fmtNum, since two values of an axis
// may differ only far down.
func fmtAxisValue(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// render draws fn on a w × h canvas and encodes it as PNG or SVG. gonum/plot panics on some
// inputs it cannot draw (a log axis over a range that reaches 0); render turns such a panic into
// an error, so that one figure that cannot be drawn costs its figure, not the report.
func render(format string, w, h vg.Length, fn func(dc draw.Canvas)) (_ []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: cannot draw the figure: %v", r)
		}
	}()
	var buf bytes.Buffer
	switch format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(color.White))
		fn(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return nil, fmt.Errorf("report: encode png: %w", err)
		}
	case "svg":
		c := vgsvg.New(w, h)
		dc := draw.New(c)
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
		fn(dc)
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, fmt.Errorf("report: encode svg: %w", err)
		}
	default:
		return nil, fmt.Errorf("report: unknown image format %q (png or svg)", format)
	}
	return buf.Bytes(), nil
}

// grid is a GridXYZ on integer coordinates: the heat map draws one equal cell per axis value,
// whatever the spacing of the values (often logarithmic in a sweep).
type grid struct {
	nx, ny int
	z      []float64 // z[r*nx+c]
	short  []bool    // cells missing some of their points (failed, or without data): labelled "*"
	failed []bool    // cells whose every point failed: labelled "failed"
	nan    []bool    // cells whose ok points have no value of the metric: labelled "NaN" (cells.go)
}

func (g grid) Dims() (int, int)    { return g.nx, g.ny }
func (g grid) Z(c, r int) float64  { return g.z[r*g.nx+c] }
func (g grid) X(c int) float64     { return float64(c) }
func (g grid) Y(r int) float64     { return float64(r) }
func (g grid) Min() (lo float64)   { lo, _ = finiteRange(g.z); return lo }
func (g grid) Max() (hi float64)   { _, hi = finiteRange(g.z); return hi }
func (g grid) at(c, r int) float64 { return g.z[r*g.nx+c] }
func (g grid) colorRange() (lo, hi float64) {
	lo, hi = finiteRange(g.z)
	if lo == hi {
		d := math.Abs(lo) * 0.05
		if d == 0 {
			d = 1
		}
		lo, hi = lo-d, hi+d
	}
	return lo, hi
}

// finiteRange returns the least and greatest values that are not NaN (NaN, NaN if none).
func finiteRange(v []float64) (lo, hi float64) {
	lo, hi = math.NaN(), math.NaN()
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		if math.IsNaN(lo) || x < lo {
			lo = x
		}
		if math.IsNaN(hi) || x > hi {
			hi = x
		}
	}
	return lo, hi
}

// valueTicks labels integer positions 0..n-1 with an axis's values: every one when there are at
// most maxLabels, else every k-th (the others get a tick without a label), so that labels do not
// run into each other.
func valueTicks(vals []float64, maxLabels int) plot.ConstantTicks {
	every := max(1, (len(vals)+maxLabels-1)/maxLabels)
	ticks := make(plot.ConstantTicks, len(vals))
	for i, v := range vals {
		ticks[i] = plot.Tick{Value: float64(i)}
		if i%every == 0 {
			ticks[i].Label = fmtAxisValue(v)
		}
	}
	return ticks
}

// heatmapSize is the size of the heat map figure: a strip for a one-axis sweep.
func heatmapSize(y int) (w, h vg.Length) {
	if y < 0 {
		return 7.5 * vg.Inch, 2.4 * vg.Inch
	}
	return 7.5 * vg.Inch, 5.5 * vg.Inch
}

// heatmapFigure draws the metric over axis x (columns) and axis y (rows; -1 for a one-axis
// sweep, drawn as a strip) with a colour bar on the right.
func heatmapFigure(format string, m *manifest, x, y int, g grid, mt *metric) ([]byte, error) {
	w, h := heatmapSize(y)
	p, bar := heatmapPlots(m, x, y, g, mt, 12, 16)
	return render(format, w, h, func(dc draw.Canvas) {
		barW := 1.1 * vg.Inch
		left := draw.Crop(dc, 0, -barW-0.15*vg.Inch, 0, 0) // a gap between the map and the bar's labels
		legH := emptyCellLegendHeight(g)
		right := draw.Crop(dc, w-barW, -0.2*vg.Inch, 0.55*vg.Inch+legH, -0.35*vg.Inch)
		p.Draw(left)
		bar.Draw(right)
		emptyCellLegend(draw.Crop(dc, w-barW+0.1*vg.Inch, 0, 0.2*vg.Inch, -(h-0.45*vg.Inch-legH)), g)
	})
}

// heatmapPlots are the map and its colour bar, with at most maxX and maxY tick labels.
func heatmapPlots(m *manifest, x, y int, g grid, mt *metric, maxX, maxY int) (p, bar *plot.Plot) {
	lo, hi := g.colorRange()
	cm := colorMap(lo, hi)
	pal := cm.Palette(256)

	p = plot.New()
	p.Title.Text = mt.title()
	hm := plotter.NewHeatMap(g, pal)
	hm.Min, hm.Max = lo, hi
	hm.NaN = noDataColor
	p.Add(hm, cellMarks{g})
	xa := m.Axes[x]
	p.X.Label.Text = withUnit(xa.Path, xa.Unit)
	p.X.Tick.Marker = valueTicks(xa.Values, maxX)
	if y >= 0 {
		ya := m.Axes[y]
		p.Y.Label.Text = withUnit(ya.Path, ya.Unit)
		p.Y.Tick.Marker = valueTicks(ya.Values, maxY)
	} else {
		p.HideY()
	}
	if g.nx <= 12 && g.ny <= 16 {
		if l := cellLabels(g, cm); l != nil {
			p.Add(l)
		}
	}

	bar = plot.New()
	bar.HideX()
	bar.Y.Label.Text = mt.Unit
	if mt.Unit == "1" {
		bar.Y.Label.Text = ""
	}
	bar.Y.Padding = 0
	bar.Y.Tick.Marker = niceTicks{max: 6}
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	return p, bar
}

// cellLabels writes each cell's value in it, in black or white for contrast.
func cellLabels(g grid, cm palette.ColorMap) *plotter.Labels {
	var xyl plotter.XYLabels
	var styles []text.Style
	base := plot.New().X.Tick.Label // a default text style
	base.Font.Size = vg.Points(8)
	base.XAlign, base.YAlign = draw.XCenter, draw.YCenter
	for r := range g.ny {
		for c := range g.nx {
			z := g.at(c, r)
			if math.IsNaN(z) {
				if g.failed != nil && g.failed[r*g.nx+c] {
					xyl.XYs = append(xyl.XYs, plotter.XY{X: float64(c), Y: float64(r)})
					xyl.Labels = append(xyl.Labels, "failed")
					s := base
					s.Color = failedColor
					styles = append(styles, s)
				} else if g.nan != nil && g.nan[r*g.nx+c] {
					xyl.XYs = append(xyl.XYs, plotter.XY{X: float64(c), Y: float64(r)})
					xyl.Labels = append(xyl.Labels, "NaN")
					s := base
					s.Color = color.Gray{Y: 0x55}
					styles = append(styles, s)
				}
				continue
			}
			xyl.XYs = append(xyl.XYs, plotter.XY{X: float64(c), Y: float64(r)})
			label := fmtNum(z)
			if g.short != nil && g.short[r*g.nx+c] {
				label += "*"
			}
			xyl.Labels = append(xyl.Labels, label)
			s := base
			s.Color = color.White
			if col, err := cm.At(math.Min(math.Max(z, cm.Min()), cm.Max())); err == nil && luminance(col) > 0.5 {
				s.Color = color.Black
			}
			styles = append(styles, s)
		}
	}
	if len(xyl.XYs) == 0 {
		return nil
	}
	l, err := plotter.NewLabels(xyl)
	if err != nil {
		return nil
	}
	l.TextStyle = styles
	return l
}

// luminance is the relative luminance of c in [0, 1].
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// series is one line of a line plot.
type series struct {
	name   string
	x      []float64
	y      []float64
	lo     []float64 // lower and upper ends of the error bars (absolute values); nil for none
	hi     []float64
	failed []bool // per x: every point there failed (drawn as a red cross on the x axis)
	color  color.Color
}

// failedColor marks failed points in line plots.
var failedColor = color.RGBA{0xc0, 0x1c, 0x1c, 0xff}

// failedMarks draws a cross at the bottom of the data area at each x where every point failed:
// a gap in a line would otherwise look like a value nobody asked for.
type failedMarks struct{ x []float64 }

func (f failedMarks) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	sty := draw.GlyphStyle{Color: failedColor, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
	for _, x := range f.x {
		c.DrawGlyph(sty, vg.Point{X: trX(x), Y: c.Min.Y + vg.Points(5)})
	}
}

// DataRange covers the marks' x values and leaves y to the data (an infinite empty range).
func (f failedMarks) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = finiteRange(f.x)
	return xmin, xmax, math.Inf(1), math.Inf(-1)
}

func (f failedMarks) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle{Color: failedColor, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}, c.Center())
}

// denseValues is the number of axis values from which a line plot joins its points: with fewer,
// a straight segment between two swept values would claim a behaviour in between that nobody
// computed (a threshold, a divergence), so the points stand alone.
const denseValues = 12

// logScaleFor reports whether an axis's values are better seen on a log scale: all positive and
// spanning a factor of 50 or more.
func logScaleFor(vals []float64) bool {
	lo, hi := finiteRange(vals)
	return lo > 0 && hi/lo >= 50
}

// linePlot builds one panel of series against an axis. The x range is the axis's whole range,
// whatever the points that have a value, so that failed points leave a visible gap (and a log
// scale never sees the range gonum invents for an empty or one-point plot, which reaches below 0).
// maxTicks bounds the ticks per axis (fewer on small panels).
func linePlot(xa axis, ylabel string, ss []series, maxTicks int) (*plot.Plot, *plot.Legend, error) {
	p := plot.New()
	p.X.Label.Text = withUnit(xa.Path, xa.Unit)
	p.Y.Label.Text = ylabel
	logX := logScaleFor(xa.Values)
	if logX {
		p.X.Scale = plot.LogScale{}
	}
	p.X.Tick.Marker = niceTicks{max: maxTicks, log: logX}
	p.Y.Tick.Marker = niceTicks{max: maxTicks}
	if lo, hi := finiteRange(xa.Values); !math.IsNaN(lo) {
		// A margin of 3% of the width on each side keeps the end points off the frame.
		switch {
		case lo == hi: // one value: a window around it, positive if the value is
			d := math.Abs(lo) / 2
			if d == 0 {
				d = 1
			}
			p.X.Min, p.X.Max = lo-d, hi+d
		case logX:
			f := math.Pow(hi/lo, 0.03)
			p.X.Min, p.X.Max = lo/f, hi*f
		default:
			d := (hi - lo) * 0.03
			p.X.Min, p.X.Max = lo-d, hi+d
		}
	}
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	leg.TextStyle.Font.Size = vg.Points(9)
	joined := len(xa.Values) >= denseValues
	drawn := 0
	var failedX []float64
	for _, s := range ss {
		for i, f := range s.failed {
			if f && !slices.Contains(failedX, s.x[i]) {
				failedX = append(failedX, s.x[i])
			}
		}
		var xys plotter.XYs
		var errs plotter.YErrors
		var run plotter.XYs // the current stretch of consecutive values with data
		lineStyle := draw.LineStyle{Color: s.color, Width: vg.Points(1.5)}
		flush := func() {
			if joined && len(run) > 1 {
				l, err := plotter.NewLine(run)
				if err == nil {
					l.LineStyle = lineStyle
					p.Add(l)
				}
			}
			run = nil
		}
		for i := range s.x {
			if math.IsNaN(s.y[i]) {
				flush() // a gap: no ok point there, so no line across it
				continue
			}
			xy := plotter.XY{X: s.x[i], Y: s.y[i]}
			xys = append(xys, xy)
			run = append(run, xy)
			e := struct{ Low, High float64 }{}
			if s.lo != nil && !math.IsNaN(s.lo[i]) && !math.IsNaN(s.hi[i]) {
				e.Low, e.High = s.y[i]-s.lo[i], s.hi[i]-s.y[i]
			}
			errs = append(errs, e)
		}
		flush()
		if len(xys) == 0 {
			continue
		}
		drawn++
		pts, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, nil, fmt.Errorf("report: line plot: %w", err)
		}
		pts.Color, pts.Shape, pts.Radius = s.color, draw.CircleGlyph{}, vg.Points(2.5)
		p.Add(pts)
		if anyPositive(errs) {
			eb := &plotter.YErrorBars{XYs: xys, YErrors: errs, LineStyle: lineStyle, CapWidth: vg.Points(4)}
			eb.LineStyle.Width = vg.Points(1)
			p.Add(eb)
		}
		if s.name != "" {
			l := &plotter.Line{LineStyle: lineStyle}
			if joined {
				leg.Add(s.name, l, pts)
			} else {
				leg.Add(s.name, pts)
			}
		}
	}
	if len(failedX) > 0 {
		fm := failedMarks{x: failedX}
		p.Add(fm)
		leg.Add("all points failed", fm)
	}
	if ylo, yhi := seriesYRange(ss); drawn > 0 && ylo == yhi {
		// One value (one ok point, or a metric that is the same everywhere): gonum would centre
		// it in [v-1, v+1], showing negative rates; a window of ±10% (or [0, 1] around 0) reads
		// better.
		switch {
		case ylo == 0:
			p.Y.Min, p.Y.Max = 0, 1
		default:
			d := math.Abs(ylo) * 0.1
			p.Y.Min, p.Y.Max = ylo-d, ylo+d
		}
	}
	padY(p, ss)
	if drawn == 0 {
		p.Y.Min, p.Y.Max = 0, 1
		p.Y.Tick.Marker = plot.ConstantTicks{}
		p.Title.Text = "no ok point has a value"
		p.Title.TextStyle.Font.Size = vg.Points(9)
	}
	return p, &leg, nil
}

// zeroBase starts the y axis at 0 for a non-negative quantity such as a firing rate, so that a
// reader sees rates in proportion; values that go below 0 keep gonum's range.
func zeroBase(p *plot.Plot, ss []series) {
	if lo, hi := seriesYRange(ss); lo >= 0 && hi > 0 {
		p.Y.Min = min(p.Y.Min, 0) // below 0 only by padY's margin under a value of 0
		p.Y.Max = max(p.Y.Max, hi*(1+yMargin))
	}
}

// seriesYRange is the range of the series' values and error-bar ends.
func seriesYRange(ss []series) (lo, hi float64) {
	var all []float64
	for _, s := range ss {
		all = append(all, s.y...)
		all = append(all, s.lo...)
		all = append(all, s.hi...)
	}
	return finiteRange(all)
}

// niceTicks labels an axis with a few round numbers: 1, 2 or 5 times a power of ten apart on a
// linear scale, powers of ten (with 2 and 5 between them over a short range) on a log scale.
type niceTicks struct {
	max int  // at most this many labelled ticks (at least 2)
	log bool // the axis uses plot.LogScale
}

func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	n := max(t.max, 2)
	if t.log && lo > 0 {
		return logTicks(lo, hi, n)
	}
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	mag := math.Pow(10, math.Floor(math.Log10((hi-lo)/float64(n))))
	var step float64
	for _, f := range []float64{1, 2, 5, 10, 20, 50} {
		step = f * mag
		if math.Floor(hi/step+1e-9)-math.Ceil(lo/step-1e-9)+1 <= float64(n) {
			break
		}
	}
	var ticks []plot.Tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: roundLabel(v, step)})
	}
	// Unlabelled minor ticks at fifths of a step.
	for k := math.Ceil(lo / (step / 5)); k*step/5 <= hi; k++ {
		ticks = append(ticks, plot.Tick{Value: k * step / 5})
	}
	return ticks
}

// roundLabel prints v with as many decimals as the step between ticks needs.
func roundLabel(v, step float64) string {
	dec := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	if math.Abs(v) >= 1e6 || (v != 0 && math.Abs(v) < 1e-4) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

func logTicks(lo, hi float64, n int) []plot.Tick {
	k0, k1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	inside := func(v float64) bool { return v >= lo*(1-1e-9) && v <= hi*(1+1e-9) }
	// Label 1, 2 and 5 times the powers of ten if that makes at most n labels, else the powers
	// of ten (every other one, or fewer, over many decades); the rest are minor ticks.
	labelled := map[float64]bool{}
	count := func(mults []float64, every int) int {
		c := 0
		for k := k0; k <= k1; k++ {
			for _, m := range mults {
				if v := m * math.Pow(10, float64(k)); inside(v) && (k-k0)%every == 0 {
					c++
				}
			}
		}
		return c
	}
	mults, every := []float64{1, 2, 5}, 1
	if count(mults, 1) > n {
		mults = []float64{1}
		for count(mults, every) > n {
			every++
		}
	}
	for k := k0; k <= k1; k++ {
		for _, m := range mults {
			if (k-k0)%every == 0 {
				labelled[m*math.Pow(10, float64(k))] = true
			}
		}
	}
	var ticks []plot.Tick
	nLabels := 0
	for k := k0; k <= k1; k++ {
		for m := 1.0; m < 10; m++ {
			v := m * math.Pow(10, float64(k))
			if !inside(v) {
				continue
			}
			t := plot.Tick{Value: v}
			if labelled[v] {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
				nLabels++
			}
			ticks = append(ticks, t)
		}
	}
	if nLabels < 2 { // a range inside one decade: round numbers spaced evenly
		return niceTicks{max: n}.Ticks(lo, hi)
	}
	return ticks
}

func anyPositive(e plotter.YErrors) bool {
	for _, x := range e {
		if x.Low > 0 || x.High > 0 {
			return true
		}
	}
	return false
}

// linesFigure draws one panel with a legend column on the right when the series are named.
func linesFigure(format string, xa axis, ylabel, title string, ss []series, fromZero bool) ([]byte, error) {
	p, leg, err := linePlot(xa, ylabel, ss, 8)
	if err != nil {
		return nil, err
	}
	if fromZero {
		zeroBase(p, ss)
	}
	p.Title.Text = title
	named := len(ss) > 1
	for _, s := range ss {
		named = named || slices.Contains(s.failed, true)
	}
	const w, h = 7.5 * vg.Inch, 4.5 * vg.Inch
	return render(format, w, h, func(dc draw.Canvas) {
		if !named {
			p.Draw(dc)
			return
		}
		legW := 2 * vg.Inch
		p.Draw(draw.Crop(dc, 0, -legW, 0, 0))
		leg.Top, leg.Left = true, true
		leg.Padding = vg.Points(3)
		leg.XOffs = vg.Points(8)
		leg.YOffs = -0.4 * vg.Inch
		leg.Draw(draw.Crop(dc, w-legW, 0, 0, 0))
	})
}

// panelsFigure draws small multiples, three per row.
func panelsFigure(format string, plots []*plot.Plot) ([]byte, error) {
	const cols = 3
	rows := (len(plots) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
		for c := range cols {
			if k := r*cols + c; k < len(plots) {
				grid[r][c] = plots[k]
			}
		}
	}
	w, h := 7.5*vg.Inch, vg.Length(rows)*2.6*vg.Inch
	return render(format, w, h, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(10), PadY: vg.Points(10),
			PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
		canvases := plot.Align(grid, tiles, dc)
		for r := range grid {
			for c, p := range grid[r] {
				if p != nil {
					p.Draw(canvases[r][c])
				}
			}
		}
	})
}
