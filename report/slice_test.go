package report_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/report"
)

// zipLIF is a zip sweep like sweeps/izhikevich.toml: three LIF configurations, the input and the
// time constant advancing together (listed in the file in decreasing input order).
const zipLIF = `
[run]
dt = 0.1
duration = 100.0

[[population]]
name = "neu"
model = "LIF"
size = 2

[[input]]
target = "neu"
var = "input"
value = 30.0

[spikes]
populations = ["neu"]

[sweep]
mode = "zip"
[[sweep.axis]]
path = "neu.input.value"
values = [60.0, 40.0, 25.0]
[[sweep.axis]]
path = "neu.tau"
values = [5.0, 10.0, 20.0]
`

// A zip sweep has no grid: the page opens with the metric along one axis as a line plot, names
// the axes that move with it (paired as in the file, not as sorted), and draws no heat map.
func TestReportZipSweepIsALinePlot(t *testing.T) {
	dir := runSweep(t, "zip.toml", zipLIF)
	out := filepath.Join(t.TempDir(), "r.html")
	if _, err := report.Report(dir, report.ReportOptions{Out: out, Metric: "rate:neu", X: "neu.tau"}); err != nil {
		t.Fatal(err)
	}
	p := readPage(t, out)
	if !p.ids["along"] || p.ids["heatmap"] {
		t.Errorf("sections along %v, heatmap %v: want the line plot in place of the heat map", p.ids["along"], p.ids["heatmap"])
	}
	wantText(t, p,
		"mean firing rate of neu along neu.tau",
		`A zip sweep (mode = "zip"): its axes advance together`,
		"At neu.tau = 5, 10, 20 ms, neu.input.value = 60, 40, 25.",
		"Each dot is one point.",
		"advances with neu.tau", // the grid table's role of the other axis
	)
	for alt := range p.images {
		if strings.HasPrefix(alt, "Heat map") {
			t.Errorf("a zip sweep got a heat map: %q", alt)
		}
	}
	img := imageWithAlt(t, p, "Line plot of mean firing rate of neu along neu.tau")
	if size, frac := inked(t, img); size != (image.Point{900, 540}) || frac < 0.02 {
		t.Errorf("line plot: %v pixels, %.1f%% inked", size, 100*frac)
	}
	if strings.Contains(p.text, "averaged over") || strings.Contains(p.text, "diagonal") {
		t.Error("the page speaks of averaging over, or of the diagonal of, axes that advance together")
	}

	// The default axis is the last (as a grid's map takes the last axes); the other is named in
	// the pairing of the file; --y and --fix have no meaning and are refused.
	if _, err := report.Report(dir, report.ReportOptions{Out: out, Metric: "rate:neu", X: "neu.input.value"}); err != nil {
		t.Fatal(err)
	}
	wantText(t, readPage(t, out), "mean firing rate of neu along neu.input.value", "neu.tau = 20, 10, 5 ms")
	if _, err := report.Report(dir, report.ReportOptions{Out: out, Metric: "rate:neu"}); err != nil {
		t.Fatal(err)
	}
	wantText(t, readPage(t, out), "mean firing rate of neu along neu.tau")
	for _, o := range []report.ReportOptions{
		{Y: "neu.tau"}, {Fix: map[string]float64{"neu.tau": 10}}, {X: "neu.tau", Along: "neu.input.value"},
	} {
		_, err := report.Report(dir, o)
		var ue *report.UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "zip") {
			t.Errorf("%+v: got %v, want a usage error about the zip sweep", o, err)
		}
	}
}

// Fixing one of the heat map's axes takes the slice: on a two-axis grid no map is left, and the
// page opens with the line plot along the other axis; on three axes the map uses the two free.
func TestReportFixTakesTheSlice(t *testing.T) {
	dir := report.SweepDir(t, "stp2") // syn.tau_d × syn.tau_f
	out := filepath.Join(t.TempDir(), "r.html")
	if _, err := report.Report(dir, report.ReportOptions{Out: out, Fix: map[string]float64{"syn.tau_d": 90}}); err != nil {
		t.Fatal(err)
	}
	p := readPage(t, out)
	if !p.ids["along"] || p.ids["heatmap"] {
		t.Errorf("sections along %v, heatmap %v: want the slice's line plot, no heat map", p.ids["along"], p.ids["heatmap"])
	}
	wantText(t, p,
		"No heat map: with syn.tau_d fixed, syn.tau_f is the only free axis",
		"syn.tau_d fixed at 100 ms (the value nearest to the 90 asked for)",
		"fixed at 100", "line plot x",
	)

	dir = report.SweepDir(t, "stp") // syn.U × syn.tau_d × syn.tau_f
	if _, err := report.Report(dir, report.ReportOptions{Out: out, Fix: map[string]float64{"syn.tau_d": 50}}); err != nil {
		t.Fatal(err)
	}
	p = readPage(t, out)
	imageWithAlt(t, p, "Heat map of mean firing rate of neu2 (Hz) over syn.U and syn.tau_f")
	wantText(t, p, "syn.tau_d fixed at 50 ms")

	// Every axis fixed: one combination, its value said in words.
	if _, err := report.Report(report.SweepDir(t, "stp2"), report.ReportOptions{Out: out,
		Fix: map[string]float64{"syn.tau_d": 25, "syn.tau_f": 20}}); err != nil {
		t.Fatal(err)
	}
	wantText(t, readPage(t, out), "Every axis is fixed (syn.tau_d fixed at 25 ms; syn.tau_f fixed at 20 ms)")
	// So is the one axis of a one-axis sweep.
	if _, err := report.Report(report.SweepDir(t, "stdp"), report.ReportOptions{Out: out,
		Fix: map[string]float64{"neu2.input.pieces[0].duration": 0}}); err != nil {
		t.Fatal(err)
	}
	wantText(t, readPage(t, out), "Every axis is fixed (neu2.input.pieces[0].duration fixed at")
}

// mixedCells sweeps a diverging rate unit's dt against the drive of a LIF population: dt 0.5
// fails, a drive of 0 or 10 leaves the LIF silent, so its CV has no value (NaN) though it ran.
const mixedCells = `
[run]
dt = 0.01
duration = 400.0

[[population]]
name = "neu"
model = "Rate"
size = 2
params = { tau = 0.1 }

[[population]]
name = "lif"
model = "LIF"
size = 3

[[input]]
target = "neu"
var = "input"
value = 1.0

[[input]]
target = "lif"
var = "input"
value = 30.0

[spikes]
populations = ["lif"]

[analysis]
start = 50.0
bin = 1.0

[sweep]
[[sweep.axis]]
path = "run.dt"
values = [0.05, 0.5]
[[sweep.axis]]
path = "lif.input.value"
values = [0.0, 30.0]
`

// A cell whose points failed and a cell whose points ran without a value of the metric look
// different and are told apart in the legend, the note and the table.
func TestHeatmapTellsFailedFromNaN(t *testing.T) {
	dir := runSweep(t, "mixed.toml", mixedCells)
	out := filepath.Join(t.TempDir(), "r.html")
	if _, err := report.Report(dir, report.ReportOptions{Out: out, Metric: "cv.lif", X: "run.dt", Y: "lif.input.value"}); err != nil {
		t.Fatal(err)
	}
	p := readPage(t, out)
	wantText(t, p, `Hatched cells, labelled "failed": every point there failed`,
		`Grey cells, labelled "NaN": the points there ran (status ok), but the metric has no value`,
		"no line for lif.input.value = 0: the points there ran, but the metric has no value (NaN)")
	if strings.Contains(p.text, "grey cells have no ok point") {
		t.Error("the page still calls every grey cell failed")
	}
	html := string(mustRead(t, out))
	for _, cell := range []string{`title="0 ok, 1 failed">failed</td>`, `title="0 ok, 1 without data">NaN</td>`} {
		if !strings.Contains(html, cell) {
			t.Errorf("the table of the map has no cell %s", cell)
		}
	}
	// The failed cell (x 0.5, bottom right) is hatched in red on grey; the NaN cell (x 0.05,
	// bottom left) is plain grey.
	img, err := png.Decode(bytes.NewReader(imageWithAlt(t, p, "Heat map of ISI CV of lif")))
	if err != nil {
		t.Fatal(err)
	}
	red, grey := countColours(img, image.Rect(480, 380, 700, 560))
	if red < 200 || grey < 200 {
		t.Errorf("failed cell: %d red and %d grey pixels, want a red hatching on grey", red, grey)
	}
	red, grey = countColours(img, image.Rect(120, 380, 340, 560))
	if red > 20 || grey < 10000 {
		t.Errorf("NaN cell: %d red and %d grey pixels, want plain grey", red, grey)
	}
}

// countColours counts the pixels of r that are the report's red (failed) and its no-data grey.
func countColours(img image.Image, r image.Rectangle) (red, grey int) {
	near := func(c color.Color, r0, g0, b0 uint32) bool {
		r, g, b, _ := c.RGBA()
		d := func(x, y uint32) bool { return x>>8+24 >= y && y+24 >= x>>8 }
		return d(r, r0) && d(g, g0) && d(b, b0)
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.At(x, y)
			switch {
			case near(c, 0xc0, 0x1c, 0x1c):
				red++
			case near(c, 0xdd, 0xdd, 0xdd):
				grey++
			}
		}
	}
	return red, grey
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
