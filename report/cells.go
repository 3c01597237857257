package report

import (
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A heat-map cell without a value is one of three things, and a reader must tell them apart: its
// points failed (the engine stopped them: hatched in failedColor, labelled "failed"), its points
// ran but the metric has no value there (the CV of a population that fired too few spikes, the
// synchrony of a silent one: noDataColor, labelled "NaN"), or it has no point yet (a shard not
// finished: white, labelled "no run").

// noPointColor fills cells that have no point in the points table.
var noPointColor = color.White

// cellMarks paints the cells of a heat map that have no value by kind, over gonum's NaN colour.
type cellMarks struct{ g grid }

// hasFailed, hasNaN and hasNoPoint report which kinds of empty cell the grid has.
func (g grid) hasFailed() bool { return anyTrue(g.failed) }
func (g grid) hasNaN() bool    { return anyTrue(g.nan) }

// noPoint reports whether cell i has no point at all; only a grid whose cells were classified
// (failed and nan set, as heatSection does) says so, else an empty cell stays plain grey.
func (g grid) noPoint(i int) bool {
	return g.failed != nil && g.nan != nil && math.IsNaN(g.z[i]) && !g.failed[i] && !g.nan[i]
}
func (g grid) hasNoPoint() bool {
	for i := range g.z {
		if g.noPoint(i) {
			return true
		}
	}
	return false
}

func anyTrue(b []bool) bool {
	for _, x := range b {
		if x {
			return true
		}
	}
	return false
}

func (m cellMarks) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	for r := range m.g.ny {
		for col := range m.g.nx {
			i := r*m.g.nx + col
			if !math.IsNaN(m.g.z[i]) {
				continue
			}
			rect := vg.Rectangle{
				Min: vg.Point{X: trX(float64(col) - 0.5), Y: trY(float64(r) - 0.5)},
				Max: vg.Point{X: trX(float64(col) + 0.5), Y: trY(float64(r) + 0.5)},
			}
			switch {
			case m.g.failed != nil && m.g.failed[i]:
				hatch(c, rect)
			case m.g.noPoint(i):
				c.SetColor(noPointColor)
				c.Fill(rectPath(rect))
			}
		}
	}
}

func (m cellMarks) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(m.g.nx) - 0.5, -0.5, float64(m.g.ny) - 0.5
}

func rectPath(r vg.Rectangle) vg.Path {
	var p vg.Path
	p.Move(r.Min)
	p.Line(vg.Point{X: r.Max.X, Y: r.Min.Y})
	p.Line(r.Max)
	p.Line(vg.Point{X: r.Min.X, Y: r.Max.Y})
	p.Close()
	return p
}

// hatch fills r with noDataColor crossed by diagonal lines of failedColor, 6 points apart.
func hatch(c draw.Canvas, r vg.Rectangle) {
	c.SetColor(noDataColor)
	c.Fill(rectPath(r))
	cc := draw.Crop(c, r.Min.X-c.Min.X, r.Max.X-c.Max.X, r.Min.Y-c.Min.Y, r.Max.Y-c.Max.Y)
	sty := draw.LineStyle{Color: failedColor, Width: vg.Points(1)}
	step := vg.Points(6)
	w, h := r.Max.X-r.Min.X, r.Max.Y-r.Min.Y
	for d := -h; d < w; d += step {
		line := []vg.Point{{X: r.Min.X + d, Y: r.Min.Y}, {X: r.Min.X + d + h, Y: r.Max.Y}}
		cc.StrokeLines(sty, cc.ClipLinesXY(line)...)
	}
}

// emptyCellLegend draws, in c from the top, a swatch and its text for each kind of cell without a
// value that the grid has.
func emptyCellLegend(c draw.Canvas, g grid) {
	type entry struct {
		label string
		paint func(c draw.Canvas, r vg.Rectangle)
	}
	var es []entry
	if g.hasFailed() {
		es = append(es, entry{"failed:\nevery point\nfailed", hatch})
	}
	if g.hasNaN() {
		es = append(es, entry{"NaN: ran ok,\nbut no value", func(c draw.Canvas, r vg.Rectangle) {
			c.SetColor(noDataColor)
			c.Fill(rectPath(r))
		}})
	}
	if g.hasNoPoint() {
		es = append(es, entry{"no run yet", func(c draw.Canvas, r vg.Rectangle) {
			c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 0x99}, Width: vg.Points(0.7)})
			c.Stroke(rectPath(r))
		}})
	}
	ts := plot.New().Legend.TextStyle
	ts.Font.Size = vg.Points(8)
	ts.XAlign, ts.YAlign = draw.XLeft, draw.YTop
	const sw = 14 // swatch side, points
	y := c.Max.Y
	for _, e := range es {
		r := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: y - vg.Points(sw)}, Max: vg.Point{X: c.Min.X + vg.Points(sw), Y: y}}
		e.paint(c, r)
		c.FillText(ts, vg.Point{X: r.Max.X + vg.Points(4), Y: y}, e.label)
		y -= vg.Points(sw) + ts.Height(e.label) + vg.Points(2)
	}
}

// emptyCellLegendHeight is the height emptyCellLegend needs.
func emptyCellLegendHeight(g grid) vg.Length {
	n := 0
	for _, b := range []bool{g.hasFailed(), g.hasNaN(), g.hasNoPoint()} {
		if b {
			n++
		}
	}
	return vg.Length(n) * vg.Points(36)
}

// emptyCellNote says what the map's cells without a value mean, for the kinds the grid has.
func emptyCellNote(g grid) string {
	var s []string
	if g.hasFailed() {
		s = append(s, `Hatched cells, labelled "failed": every point there failed (see Failed points).`)
	}
	if g.hasNaN() {
		s = append(s, `Grey cells, labelled "NaN": the points there ran (status ok), but the metric has no value `+
			`(for example the CV of a population that fired too few spikes, or a rate over no time).`)
	}
	if g.hasNoPoint() {
		s = append(s, `White cells: no point there has a row in the points table yet.`)
	}
	return strings.Join(s, " ")
}

// cellValue is a cell's entry in the table of the map's values: its mean, or why it has none.
func cellValue(c cell) string {
	switch {
	case c.n > 0:
		return fmtNum(c.mean())
	case c.missing > 0:
		return "NaN"
	case c.failed > 0:
		return "failed"
	}
	return "no run"
}

// noValueSeries names the series of a line plot that have no value anywhere though some of their
// points ran: the metric is NaN at each (a silent population's CV), so they draw nothing but the
// red crosses of their failed points.
func noValueSeries(ss []series) []string {
	var out []string
	for _, s := range ss {
		if lo, _ := finiteRange(s.y); math.IsNaN(lo) && slices.Contains(s.failed, false) {
			out = append(out, s.name)
		}
	}
	return out
}
