package report

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// popRate is one population's binned rate in one point (the rates/<population> dataset):
// bin start times and rates in Hz, in time order, with the bin width and the analysis window.
type popRate struct {
	pop         string
	t, hz       []float64
	bin         float64 // ms
	start, stop float64 // the analysis window, ms
	win         window
	smooth      float64 // width in ms of the flat smoothing window; 0 for none
}

// ratePopulations resolves PlotOptions.Rates against the populations that have a rates dataset.
func (m *manifest) ratePopulations(asked []string) ([]string, error) {
	var have []string
	if a := m.Analysis; a != nil && a.Rates {
		have = a.Populations
	}
	if asked == nil {
		return slices.Clone(have), nil
	}
	for _, pop := range asked {
		if slices.Contains(have, pop) {
			continue
		}
		if len(have) == 0 {
			return nil, usageErrorf("no population rate of %q was written: the sweep file has no [analysis] "+
				"(or rates = false), which writes rates/<population>", pop)
		}
		return nil, usageErrorf("no population rate of %q was written (populations with rates: %s)", pop,
			listOr(have, "none"))
	}
	return asked, nil
}

// readPopRate keeps the bins of one point that start in the window.
func readPopRate(dir string, m *manifest, pop string, point int32, win window) (popRate, error) {
	r := popRate{pop: pop, win: win, bin: m.Analysis.Bin, start: m.Analysis.Start, stop: m.Analysis.Stop}
	type binRate struct{ t, hz float64 }
	var bins []binRate
	err := eachPart(filepath.Join(dir, "rates", pop), func(t *parquetio.Table) error {
		pts, err := int32Column(t, parquetio.ColPoint)
		if err != nil {
			return err
		}
		tt, err := column(t, parquetio.ColT)
		if err != nil {
			return err
		}
		hz, err := column(t, parquetio.ColRateHz)
		if err != nil {
			return err
		}
		for j, p := range pts {
			// A bin is kept if it overlaps the window at all.
			if p == point && tt[j]+r.bin > win.lo && tt[j] < win.hi {
				bins = append(bins, binRate{tt[j], hz[j]})
			}
		}
		return nil
	})
	// A point whose batch has not been written yet has no rows: an empty panel, not an error.
	if errors.Is(err, errNoParts) {
		err = nil
	}
	slices.SortFunc(bins, func(a, b binRate) int {
		switch {
		case a.t < b.t:
			return -1
		case a.t > b.t:
			return 1
		}
		return 0
	})
	for _, b := range bins {
		r.t = append(r.t, b.t)
		r.hz = append(r.hz, b.hz)
	}
	return r, err
}

// smoothWidth is the width of the smoothing window for bins of the given width: asked > 0 as
// asked, asked < 0 none, asked 0 1 ms when the bins are narrower (a 0.1 ms bin of 4000 neurons
// holds a few spikes, so its rate jumps between 0 and thousands of Hz), else none.
func smoothWidth(asked, bin float64) float64 {
	switch {
	case asked > 0:
		return asked
	case asked < 0 || bin >= 1:
		return 0
	}
	return 1
}

// smoothed is the rate averaged over a flat window of about width ms centred on each bin (an odd
// number of bins), like Brian2's PopulationRateMonitor.smooth_rate(window="flat"); at the ends the
// window holds the bins there are. Bins are assumed contiguous, as the engine writes them.
func smoothed(hz []float64, bin, width float64) []float64 {
	k := max(1, int(math.Round(width/bin)))
	half := k / 2
	out := make([]float64, len(hz))
	sum, n := 0.0, 0
	lo, hi := 0, 0 // the window is hz[lo:hi]
	for i := range hz {
		for hi < len(hz) && hi <= i+half {
			sum += hz[hi]
			n++
			hi++
		}
		for lo < i-half {
			sum -= hz[lo]
			n--
			lo++
		}
		out[i] = sum / float64(n)
	}
	return out
}

// rateBinGrey draws the raw bins under the smoothed rate.
var rateBinGrey = color.Gray{Y: 0xa8}

// ratePanel draws a population's rate in the window: the bins (grey when smoothed, else black) at
// their centres, and the smoothed rate in black.
func ratePanel(r popRate) *plot.Plot {
	p := plot.New()
	p.Y.Label.Text = r.pop + " rate (Hz)"
	p.Add(plotter.NewGrid())
	p.Title.TextStyle.Font.Size = vg.Points(9)
	if len(r.t) == 0 {
		p.Title.Text = fmt.Sprintf("%s: no population rate in this window (the analysis window is %s–%s ms)",
			r.pop, fmtAxisValue(r.start), fmtAxisValue(r.stop))
		p.Y.Min, p.Y.Max = 0, 1
		return p
	}
	// The bins as steps: each rate holds over its bin, as a histogram of the spikes.
	steps := make(plotter.XYs, 0, 2*len(r.t))
	for i := range r.t {
		steps = append(steps, plotter.XY{X: r.t[i], Y: r.hz[i]}, plotter.XY{X: r.t[i] + r.bin, Y: r.hz[i]})
	}
	binCol := color.Color(color.Black)
	if r.smooth > 0 {
		binCol = rateBinGrey
	}
	addTrace(p, steps, draw.LineStyle{Color: binCol, Width: vg.Points(0.6)})
	p.Title.Text = fmt.Sprintf("%s: population rate in bins of %s ms", r.pop, fmtAxisValue(r.bin))
	if r.smooth > 0 {
		sm := smoothed(r.hz, r.bin, r.smooth)
		xys := make(plotter.XYs, len(r.t))
		for i := range r.t {
			xys[i] = plotter.XY{X: r.t[i] + r.bin/2, Y: sm[i]}
		}
		addTrace(p, xys, draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)})
		p.Title.Text += fmt.Sprintf(" (grey), smoothed over %s ms (black)", fmtAxisValue(r.smooth))
	}
	if r.start > r.win.lo || r.stop < r.win.hi {
		p.Title.Text += fmt.Sprintf("; analysed from %s to %s ms", fmtAxisValue(r.start), fmtAxisValue(r.stop))
	}
	if len(r.t) > 2000 {
		// More bins than the panel has pixels: a fast rhythm fills the panel; a narrower window shows it.
		p.Title.Text += "\n(more bins than pixels: choose a window of a few hundred ms with --tmin, --tmax)"
	}
	// From 0, and a margin above the highest bin: a constant rate would run along the frame.
	_, hi := finiteRange(r.hz)
	p.Y.Min, p.Y.Max = 0, max(hi*(1+yMargin), 1)
	return p
}
