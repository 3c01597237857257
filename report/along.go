package report

import (
	"fmt"
	"html/template"
	"image/color"
	"math"
	"slices"
	"strings"
)

// AlongFrameColor frames the line plot that opens a page without a heat map (a zip sweep, or a
// slice of a grid with fewer than two free axes), as HeatmapFrameColor frames the heat map: a
// colour used nowhere else, so that a screenshot check finds the figure (see report/cmd/checkshot).
var AlongFrameColor = color.RGBA{0xff, 0x8c, 0x00, 0xff}

// alongFigure is the section that opens a page without a heat map: the metric along one axis.
type alongFigure struct {
	Heading, Note string
	Img           template.URL
	Alt           string
	FrameColor    template.CSS
}

// alongSection draws the line plot that takes the heat map's place: the one curve of a zip sweep,
// or the slice of a grid that --fix leaves with one free axis. It is the line plot of
// linesSection along s.along (with no series, since no other axis is free), moved to the top of
// the page; the "Line plots" section keeps the panels along every axis.
func alongSection(pg *page, m *manifest, pt *pointsTable, mt *metric, values []float64, s selection) error {
	if s.along < 0 {
		why := fmt.Sprintf("Every axis is fixed (%s), so the page shows one combination and there is nothing to plot along.",
			strings.Join(s.fixNotes, "; "))
		cells := aggregate(m, pt, values, view{fixed: s.fixed})
		if len(cells) == 1 && cells[0].n > 0 {
			why += fmt.Sprintf(" Its %s is %s.", mt.Label, withUnitValue(fmtNum(cells[0].mean()), mt.Unit))
		}
		pg.Heat.Empty, pg.Lines.Empty = why, why
		return nil
	}
	if err := linesSection(pg, m, pt, mt, values, s); err != nil {
		return err
	}
	xa := m.Axes[s.along]
	pg.Along = alongFigure{Img: pg.Lines.Img, Alt: pg.Lines.Alt, Note: pg.Lines.Note,
		FrameColor: template.CSS(fmt.Sprintf("#%02x%02x%02x", AlongFrameColor.R, AlongFrameColor.G, AlongFrameColor.B)),
		Heading:    fmt.Sprintf("%s along %s", mt.Label, xa.Path)}
	pg.Lines.Img, pg.Lines.Alt, pg.Lines.Note = "", "", ""
	if pg.Along.Img == "" {
		// The figure could not be drawn: say why where the figure would be.
		pg.Heat.Empty, pg.Lines.Empty = pg.Lines.Empty, ""
		return nil
	}
	if s.zip {
		// linesSection's note speaks of the other axes as averaged; in a zip sweep they move with
		// this one.
		note := "Each dot is one point."
		if m.Repeats > 1 {
			note = fmt.Sprintf("Each dot is the mean of the %d repeats of one combination; error bars: %s.", m.Repeats, spreadNote)
		}
		if len(xa.Values) < denseValues {
			note += fmt.Sprintf(" With %d values the points are not joined: what happens between them was not computed.", len(xa.Values))
		}
		if logScaleFor(xa.Values) {
			note += " The x axis is logarithmic."
		}
		pg.Along.Note = zipNote(m, pt, s.along) + " " + note
		if pg.Lines.Marginals != "" {
			pg.Lines.MarginalsNote = fmt.Sprintf("%s along each axis in turn: the same points as above, each "+
				"panel against another of the axes that advance together.", mt.title())
		}
	} else {
		var fixed []string
		for a, f := range s.fixed {
			if f >= 0 {
				fixed = append(fixed, m.Axes[a].Path)
			}
		}
		note := pg.Along.Note
		for _, n := range s.fixNotes {
			// "ie.weight fixed at -0.75" in the line plot's note becomes the note of the fix,
			// which says when the value is the nearest to the one asked for.
			short, _, _ := strings.Cut(n, " (the value nearest")
			note = strings.Replace(note, short, n, 1)
		}
		pg.Along.Note = fmt.Sprintf("No heat map: with %s fixed, %s is the only free axis, so the page shows the "+
			"slice along it. %s", strings.Join(fixed, " and "), xa.Path, note)
	}
	return nil
}

// zipNote names the axes that move with the axis drawn along, with their values in its order:
// "A zip sweep: its axes advance together. Along poi.rate = 1, 2, 5 Hz, pre.input.pieces[1].duration
// = 999.95, 499.95, 199.95 ms."
func zipNote(m *manifest, pt *pointsTable, along int) string {
	xa := m.Axes[along]
	// The values of the other axes at each value of the one drawn along, from the points table
	// (the manifest lists each axis's values sorted, which loses the pairing).
	others := map[int][]float64{}
	for a := range m.Axes {
		if a != along {
			others[a] = slices.Repeat([]float64{math.NaN()}, len(xa.Values))
		}
	}
	for _, r := range pt.rows {
		i := nearest(xa.Values, r.Params[along])
		if i < 0 {
			continue
		}
		for a, vals := range others {
			if math.IsNaN(vals[i]) {
				vals[i] = r.Params[a]
			}
		}
	}
	list := func(vals []float64, unit string) string {
		out := make([]string, len(vals))
		for i, v := range vals {
			out[i] = fmtAxisValue(v)
			if math.IsNaN(v) {
				out[i] = "–"
			}
		}
		return strings.Join(out, ", ") + unitSuffix(unit)
	}
	note := fmt.Sprintf("A zip sweep (mode = \"zip\"): its axes advance together, so its points lie on one curve, "+
		"not on a grid, and there is no heat map. At %s = %s,", xa.Path, list(xa.Values, xa.Unit))
	var parts []string
	for a, ax := range m.Axes {
		if a != along {
			parts = append(parts, fmt.Sprintf(" %s = %s", ax.Path, list(others[a], ax.Unit)))
		}
	}
	return note + strings.Join(parts, ";") + "."
}
