package report_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/report"
)

// rateLIF is a LIF population driven above threshold, its V and spikes recorded, with an
// [analysis] that writes its population rate in 1 ms bins from 20 ms on.
const rateLIF = `
[run]
dt = 0.1
duration = 100.0

[[population]]
name = "neu"
model = "LIF"
size = 4

[[input]]
target = "neu"
var = "input"
value = 30.0

[[monitor]]
target = "neu"
vars = ["V"]

[spikes]
populations = ["neu"]

[analysis]
start = 20.0
bin = 1.0

[sweep]
[[sweep.axis]]
path = "neu.tau"
values = [5.0, 10.0]
`

// The plot of a point draws the population rate that [analysis] wrote, and --tmin/--tmax
// restrict every panel to the window: the raster counts only the spikes in it.
func TestPlotRateAndWindow(t *testing.T) {
	dir := runSweep(t, "rate.toml", rateLIF)
	whole := filepath.Join(t.TempDir(), "whole.svg")
	if _, err := report.Plot(dir, report.PlotOptions{Point: 0, Out: whole}); err != nil {
		t.Fatal(err)
	}
	svg := mustRead(t, whole)
	for _, s := range []string{"neu rate (Hz)", "neu: population rate in bins of 1 ms", "analysed from 20 to 100 ms"} {
		if !bytes.Contains(svg, []byte(s)) {
			t.Errorf("the plot does not say %q", s)
		}
	}
	all := spikeCount(t, svg)

	files, err := report.Plot(dir, report.PlotOptions{Point: 0, TMin: 40, TMax: 60})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "plots", "neu-point0-t40-60.svg"); files[1] != want {
		t.Errorf("wrote %v, want the window in the name (%s)", files, want)
	}
	svg = mustRead(t, files[1])
	in := spikeCount(t, svg)
	if !bytes.Contains(svg, []byte("spikes in 40–60 ms of 4 neurons")) || in == 0 || in >= all/2 {
		t.Errorf("window 40-60 ms of 100: %d spikes of %d; want the title to say the window and about a fifth", in, all)
	}
	if bytes.Contains(svg, []byte("analysed from")) {
		t.Error("the window lies inside the analysis window, yet the rate panel says where the analysis starts")
	}
	// The time axis is the window's: its tick labels run from 40 to 60.
	for _, tick := range []string{">40<", ">60<"} {
		if !bytes.Contains(svg, []byte(tick)) {
			t.Errorf("no tick %s on the window's time axis", tick)
		}
	}
	if bytes.Contains(svg, []byte(">80<")) {
		t.Error("a tick at 80 ms lies outside the window 40-60 ms")
	}

	cases := []struct {
		o    report.PlotOptions
		want string
	}{
		{report.PlotOptions{TMin: 60, TMax: 40}, "tmin (60 ms) must be less than tmax (40 ms)"},
		{report.PlotOptions{TMin: 100}, "tmin 100 ms is at or after the end of the run (100 ms)"},
		{report.PlotOptions{TMax: 150}, "tmax 150 ms is after the end of the run (100 ms)"},
		{report.PlotOptions{TMin: -1}, "tmin -1 ms is before the start of the run"},
		{report.PlotOptions{Rates: []string{"exc"}}, `no population rate of "exc" was written (populations with rates: neu)`},
	}
	for _, c := range cases {
		c.o.Out = filepath.Join(t.TempDir(), "x.png")
		_, err := report.Plot(dir, c.o)
		var ue *report.UsageError
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &ue) {
			t.Errorf("%+v: got %v, want a usage error containing %q", c.o, err, c.want)
		}
		if _, statErr := os.Stat(c.o.Out); statErr == nil {
			t.Errorf("%+v: wrote %s though the options are wrong", c.o, c.o.Out)
		}
	}
	// Without [analysis] there are no rates to ask for.
	noRates := runSweep(t, "norates.toml", strings.Split(rateLIF, "[analysis]")[0]+"[sweep]\n[[sweep.axis]]\npath = \"neu.tau\"\nvalues = [5.0]\n")
	if _, err := report.Plot(noRates, report.PlotOptions{Rates: []string{"neu"}, Out: filepath.Join(t.TempDir(), "x.png")}); err == nil ||
		!strings.Contains(err.Error(), "has no [analysis]") {
		t.Errorf("rates asked of a dataset without [analysis]: %v", err)
	}
}

var spikesTitle = regexp.MustCompile(`neu: (\d+) spikes`)

func spikeCount(t *testing.T, svg []byte) int {
	t.Helper()
	m := spikesTitle.FindSubmatch(svg)
	if m == nil {
		t.Fatal("no raster title with a spike count")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
