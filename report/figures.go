package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

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

// render draws fn on a w × h canvas and encodes it as PNG or SVG.
func render(format string, w, h vg.Length, fn func(dc draw.Canvas)) ([]byte, error) {
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

// valueTicks labels integer positions 0..n-1 with an axis's values.
func valueTicks(vals []float64) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(vals))
	for i, v := range vals {
		ticks[i] = plot.Tick{Value: float64(i), Label: fmtAxisValue(v)}
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
	lo, hi := g.colorRange()
	cm := colorMap(lo, hi)
	pal := cm.Palette(256)

	p := plot.New()
	p.Title.Text = mt.title()
	hm := plotter.NewHeatMap(g, pal)
	hm.Min, hm.Max = lo, hi
	hm.NaN = noDataColor
	p.Add(hm)
	xa := m.Axes[x]
	p.X.Label.Text = withUnit(xa.Path, xa.Unit)
	p.X.Tick.Marker = valueTicks(xa.Values)
	if y >= 0 {
		ya := m.Axes[y]
		p.Y.Label.Text = withUnit(ya.Path, ya.Unit)
		p.Y.Tick.Marker = valueTicks(ya.Values)
	} else {
		p.HideY()
	}
	if g.nx <= 12 && g.ny <= 16 {
		if l := cellLabels(g, cm); l != nil {
			p.Add(l)
		}
	}

	bar := plot.New()
	bar.HideX()
	bar.Y.Label.Text = mt.Unit
	if mt.Unit == "1" {
		bar.Y.Label.Text = ""
	}
	bar.Y.Padding = 0
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})

	return render(format, w, h, func(dc draw.Canvas) {
		barW := 1.1 * vg.Inch
		left := draw.Crop(dc, 0, -barW, 0, 0)
		right := draw.Crop(dc, w-barW, 0, 0.55*vg.Inch, -0.35*vg.Inch)
		p.Draw(left)
		bar.Draw(right)
	})
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
	y, err []float64 // err: standard deviation, drawn as error bars when any is > 0
	color  color.Color
}

// logScaleFor reports whether an axis's values are better seen on a log scale: all positive and
// spanning a factor of 50 or more.
func logScaleFor(vals []float64) bool {
	lo, hi := finiteRange(vals)
	return lo > 0 && hi/lo >= 50
}

// linePlot builds one panel of series against an axis.
func linePlot(xa axis, ylabel string, ss []series) (*plot.Plot, *plot.Legend, error) {
	p := plot.New()
	p.X.Label.Text = withUnit(xa.Path, xa.Unit)
	p.Y.Label.Text = ylabel
	if logScaleFor(xa.Values) {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	if ticks, ok := axisValueTicks(xa.Values, logScaleFor(xa.Values)); ok {
		p.X.Tick.Marker = ticks
	}
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	leg.TextStyle.Font.Size = vg.Points(9)
	for _, s := range ss {
		var xys plotter.XYs
		var errs plotter.YErrors
		for i := range s.x {
			if math.IsNaN(s.y[i]) {
				continue // a gap: no ok point there
			}
			xys = append(xys, plotter.XY{X: s.x[i], Y: s.y[i]})
			e := 0.0
			if s.err != nil {
				e = s.err[i]
			}
			errs = append(errs, struct{ Low, High float64 }{e, e})
		}
		if len(xys) == 0 {
			continue
		}
		l, pts, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, nil, fmt.Errorf("report: line plot: %w", err)
		}
		l.Color, l.Width = s.color, vg.Points(1.5)
		pts.Color, pts.Shape, pts.Radius = s.color, draw.CircleGlyph{}, vg.Points(2.5)
		p.Add(l, pts)
		if anyPositive(errs) {
			eb := &plotter.YErrorBars{XYs: xys, YErrors: errs, LineStyle: l.LineStyle, CapWidth: vg.Points(4)}
			eb.LineStyle.Width = vg.Points(1)
			p.Add(eb)
		}
		if s.name != "" {
			leg.Add(s.name, l, pts)
		}
	}
	return p, &leg, nil
}

// axisValueTicks puts the ticks of a line plot at the swept values themselves when there are
// few of them and no two are so close that their labels would collide.
func axisValueTicks(vals []float64, logScale bool) (plot.ConstantTicks, bool) {
	if len(vals) < 2 || len(vals) > 10 {
		return nil, false
	}
	pos := func(v float64) float64 {
		if logScale {
			return math.Log(v)
		}
		return v
	}
	sorted := slices.Clone(vals)
	slices.Sort(sorted)
	span := pos(sorted[len(sorted)-1]) - pos(sorted[0])
	if span <= 0 {
		return nil, false
	}
	for i := 1; i < len(sorted); i++ {
		if (pos(sorted[i])-pos(sorted[i-1]))/span < 0.06 {
			return nil, false
		}
	}
	ticks := make(plot.ConstantTicks, len(vals))
	for i, v := range sorted {
		ticks[i] = plot.Tick{Value: v, Label: fmtAxisValue(v)}
	}
	return ticks, true
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
func linesFigure(format string, xa axis, ylabel, title string, ss []series) ([]byte, error) {
	p, leg, err := linePlot(xa, ylabel, ss)
	if err != nil {
		return nil, err
	}
	p.Title.Text = title
	named := len(ss) > 1
	const w, h = 7.5 * vg.Inch, 4.5 * vg.Inch
	return render(format, w, h, func(dc draw.Canvas) {
		if !named {
			p.Draw(dc)
			return
		}
		legW := 2 * vg.Inch
		p.Draw(draw.Crop(dc, 0, -legW, 0, 0))
		leg.Top, leg.Left = true, true
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
