package report

import (
	"fmt"
	"html/template"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// The statistics section (id "stats") shows the points table's statistics columns when the
// sweep file asked for them with an [analysis] table and no metric was chosen:
//
//   - over two axes (a grid), the phase diagram: per analysed population of two or more
//     neurons, its rate, ISI CV and synchrony χ as three heat maps side by side over the heat
//     map's axes (Brunel's g × η);
//   - along one axis (a one-axis sweep, or a zip sweep, whose axes advance together: the report
//     takes its last axis unless --x or --along says otherwise), the response: one panel per statistic, the populations' rate, CV and χ, and the
//     mean of each monitored variable with a line per monitor (the steady state of STP synapses
//     against the presynaptic rate).

// statsFigure is one figure of the statistics section.
type statsFigure struct {
	Title, Note, Alt string
	Img              template.URL
	W, H             int
}

// statKinds are the spike statistics, in the order they are shown.
var statKinds = []string{"rate", "cv", "sync"}

// statColumns reads the named columns of the points table, aligned with pt.rows (NaN for failed
// points and absent columns).
func statColumns(dir string, pt *pointsTable, names []string) (map[string][]float64, error) {
	t, err := parquetio.ReadDir(filepath.Join(dir, "points"))
	if err != nil {
		return nil, fmt.Errorf("report: points table: %w", err)
	}
	ix := newRowIndex(pt)
	out := map[string][]float64{}
	for _, name := range names {
		col, ok := t.Float64[name]
		if !ok {
			continue
		}
		vals := make([]float64, len(pt.rows))
		for i := range vals {
			vals[i] = math.NaN()
		}
		for k, id := range t.Int32["point"] {
			if i := ix.of(id); i >= 0 && pt.rows[i].ok() {
				vals[i] = col[k]
			}
		}
		out[name] = vals
	}
	return out, nil
}

func statsSection(pg *page, dir string, m *manifest, pt *pointsTable, s selection, o ReportOptions) error {
	a := m.Analysis
	// A slice (--fix) shows the metric asked for; the statistics page is of the whole sweep.
	if a == nil || !a.Table || o.Metric != "" || len(o.Fix) > 0 || len(m.Axes) == 0 || (s.x < 0 && s.along < 0) {
		return nil
	}
	cols, err := statColumns(dir, pt, a.Columns)
	if err != nil {
		return err
	}
	window := fmt.Sprintf("over the analysis window [%g, %g) ms", a.Start, a.Stop)
	if s.x >= 0 && s.y >= 0 && m.Mode != "zip" {
		return phaseDiagrams(pg, m, pt, s, cols, window)
	}
	return responsePanels(pg, m, pt, s, s.along, cols, window)
}

// phaseDiagrams adds, per analysed population of two or more neurons, its rate, CV and χ over
// the heat map's two axes.
func phaseDiagrams(pg *page, m *manifest, pt *pointsTable, s selection, cols map[string][]float64, window string) error {
	xa, ya := m.Axes[s.x], m.Axes[s.y]
	pg.Stats.Heading = "Phase diagram"
	pg.Stats.Intro = fmt.Sprintf("Firing rate, irregularity (ISI CV) and synchrony (Golomb's χ) of each analysed population %s, "+
		"over %s and %s: the statistics columns of the points table, the same numbers a query on them gives "+
		"(batch report --metric rate.POP draws one of them with its table of values).", window, xa.Path, ya.Path)
	var skipped []string
	for _, pop := range m.Analysis.Populations {
		size, err := m.popSize(pop)
		if err != nil || size < 2 {
			skipped = append(skipped, pop)
			continue
		}
		type panel struct{ p, bar *plot.Plot }
		var panels []panel
		var empty []string
		for _, kind := range statKinds {
			spec := kind + "." + pop
			vals, ok := cols[spec]
			if !ok {
				continue
			}
			mt, _, err := statMetric(spec, m)
			if err != nil || mt == nil {
				continue
			}
			g := statGrid(m, pt, vals, s)
			if math.IsNaN(g.Min()) {
				empty = append(empty, spec)
				continue
			}
			p, bar := heatmapPlots(m, s.x, s.y, g, mt, 6, 10)
			p.Title.Text = withUnit(statTitle(kind), mt.Unit)
			bar.Y.Label.Text = "" // the title gives the unit; the space goes to the map
			if len(panels) > 0 {
				p.Y.Label.Text = "" // the first panel names the shared y axis
			}
			panels = append(panels, panel{p, bar})
		}
		if len(panels) == 0 {
			continue
		}
		const panelW, h = 3.4 * vg.Inch, 3.3 * vg.Inch
		w := vg.Length(len(panels)) * panelW
		img, err := render("png", w, h, func(dc draw.Canvas) {
			for i, pn := range panels {
				c := draw.Crop(dc, vg.Length(i)*panelW, -(w - vg.Length(i+1)*panelW), 0, 0)
				barW := 0.62 * vg.Inch
				pn.p.Draw(draw.Crop(c, 0, -barW-0.1*vg.Inch, 0, 0))
				pn.bar.Draw(draw.Crop(c, panelW-barW, -0.2*vg.Inch, 0.42*vg.Inch, -0.3*vg.Inch))
			}
		})
		if err != nil {
			pg.Stats.Empty = err.Error()
			return nil
		}
		note := "Each cell is the mean over its ok points"
		if other := othersNote(m, s, s.x, s.y); other != "" {
			note += "; " + other
		}
		note += ". Grey: no ok point has a value there"
		if len(empty) > 0 {
			note += fmt.Sprintf(" (%s: no value anywhere, e.g. CV needs neurons with 3 spikes)", strings.Join(empty, ", "))
		}
		note += "."
		fig := statsFigure{Title: fmt.Sprintf("Population %s (%s)", pop, plural(size, "neuron")), Note: note,
			Alt: fmt.Sprintf("Heat maps of the rate, CV and synchrony of %s over %s and %s", pop, xa.Path, ya.Path),
			Img: dataURL(img), W: int(float64(w/vg.Inch) * pngDPI), H: int(float64(h/vg.Inch) * pngDPI)}
		pg.Stats.Figures = append(pg.Stats.Figures, fig)
		if err := pg.saveFigure("phase-"+pop+".png", img); err != nil {
			return err
		}
	}
	if len(skipped) > 0 {
		pg.Stats.Intro += fmt.Sprintf(" Populations of one neuron have no synchrony and are left out: %s.", strings.Join(skipped, ", "))
	}
	if len(pg.Stats.Figures) == 0 {
		pg.Stats.Empty = "No analysed population of two or more neurons has statistics to show."
	}
	return nil
}

// statGrid is the mean of vals per cell of the heat map's axes.
func statGrid(m *manifest, pt *pointsTable, vals []float64, s selection) grid {
	cells := aggregate(m, pt, vals, view{dims: []int{s.y, s.x}, fixed: s.fixed})
	g := grid{nx: len(m.Axes[s.x].Values), ny: len(m.Axes[s.y].Values), z: make([]float64, len(cells)),
		failed: make([]bool, len(cells)), short: make([]bool, len(cells))}
	for i, c := range cells {
		g.z[i] = c.mean()
		g.failed[i] = c.n == 0 && c.failed > 0
	}
	return g
}

// statTitle names a statistic in a panel's title.
func statTitle(kind string) string {
	switch kind {
	case "rate":
		return "firing rate"
	case "cv":
		return "ISI CV"
	case "sync":
		return "synchrony χ"
	}
	return kind
}

// responsePanels adds the statistics along one axis: a panel per spike statistic (a line per
// population) and per monitored variable (its mean, a line per monitor).
func responsePanels(pg *page, m *manifest, pt *pointsTable, s selection, along int, cols map[string][]float64, window string) error {
	xa := m.Axes[along]
	pg.Stats.Heading = "Statistics along " + xa.Path
	type group struct {
		title, unit string
		names, cols []string
	}
	var groups []*group
	for _, kind := range statKinds {
		g := &group{title: statTitle(kind)}
		if kind == "rate" {
			g.unit = "Hz"
		}
		for _, pop := range m.Analysis.Populations {
			size, err := m.popSize(pop)
			if _, ok := cols[kind+"."+pop]; !ok || (kind == "sync" && (err != nil || size < 2)) {
				continue
			}
			g.names, g.cols = append(g.names, pop), append(g.cols, kind+"."+pop)
		}
		if len(g.cols) > 0 {
			groups = append(groups, g)
		}
	}
	byVar := map[string]*group{}
	for _, c := range m.Analysis.Columns {
		rest, ok := strings.CutPrefix(c, "mean.")
		if !ok {
			continue
		}
		mon, v, _ := strings.Cut(rest, ".")
		g := byVar[v]
		if g == nil {
			g = &group{title: "mean " + v}
			if mi, err := m.monitor(mon); err == nil {
				g.unit = mi.Units[v]
			}
			byVar[v] = g
			groups = append(groups, g)
		}
		g.names, g.cols = append(g.names, mon), append(g.cols, c)
	}
	var plots []*plot.Plot
	for _, g := range groups {
		var ss []series
		for k, c := range g.cols {
			cells := aggregate(m, pt, cols[c], view{dims: []int{along}, fixed: s.fixed})
			sr := series{name: g.names[k], x: xa.Values, color: seriesColor(k, len(g.cols))}
			for _, cl := range cells {
				sr.y = append(sr.y, cl.mean())
				sr.failed = append(sr.failed, cl.n == 0 && cl.failed > 0)
			}
			ss = append(ss, sr)
		}
		p, leg, err := linePlot(xa, withUnit(g.title, g.unit), ss, 4)
		if err != nil {
			return err
		}
		if g.unit == "Hz" || g.title == "ISI CV" || g.title == "synchrony χ" {
			zeroBase(p, ss)
		}
		if lo, hi := seriesYRange(ss); hi > lo && len(ss) > 0 {
			// Headroom above the data for the legend, in the top right corner: a line per entry.
			p.Y.Max = hi + (0.1+0.09*float64(len(ss)))*(hi-math.Min(lo, p.Y.Min))
		}
		p.Title.Text = withUnit(g.title, g.unit)
		p.Y.Label.Text = ""
		p.Legend = *leg
		p.Legend.Top = true
		p.Legend.TextStyle.Font.Size = vg.Points(7)
		p.Legend.ThumbnailWidth = vg.Points(10)
		plots = append(plots, p)
	}
	if len(plots) == 0 {
		pg.Stats.Empty = "The points table has no statistics to plot along " + xa.Path + "."
		return nil
	}
	img, err := panelsFigure("png", plots)
	if err != nil {
		pg.Stats.Empty = err.Error()
		return nil
	}
	rows := (len(plots) + 2) / 3
	note := fmt.Sprintf("Each panel is one statistic %s, one line per population (spike statistics) or per monitor "+
		"(the mean of a recorded variable over its elements and samples), against %s", window, withUnit(xa.Path, xa.Unit))
	if other := othersNote(m, s, along); other != "" {
		note += "; " + other
	}
	if logScaleFor(xa.Values) {
		note += "; the x axis is logarithmic"
	}
	note += "."
	pg.Stats.Figures = append(pg.Stats.Figures, statsFigure{Note: note, Img: dataURL(img),
		Alt: "Statistics along " + xa.Path, W: int(7.5 * pngDPI), H: int(float64(rows) * 2.6 * pngDPI)})
	return pg.saveFigure("stats.png", img)
}
