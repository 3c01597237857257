package report_test

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/report"
)

// parsedPage is what the tests read from a report page.
type parsedPage struct {
	text     string            // all character data, tags removed
	ids      map[string]bool   // element ids
	images   map[string][]byte // alt text -> decoded PNG bytes
	elements map[string]int    // element name -> count
}

// parsePage reads the page with encoding/xml in strict mode: the report is written as
// XHTML-compatible HTML, so any unclosed or mismatched tag, or a stray "&", fails here. It also
// fails on anything that would make the browser fetch: a script, a link or a frame, a src or href
// other than an inline image or an anchor, a CSS url() or @import, or an http(s) address in an
// attribute.
func parsePage(t *testing.T, b []byte) parsedPage {
	t.Helper()
	p := parsedPage{ids: map[string]bool{}, images: map[string][]byte{}, elements: map[string]int{}}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var text strings.Builder
	var stack []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the page is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			stack = append(stack, name)
			p.elements[name]++
			switch name {
			case "script", "link", "iframe", "object", "embed", "base":
				t.Errorf("the page has a <%s> element", name)
			}
			var src, alt string
			for _, a := range tok.Attr {
				v := a.Value
				if strings.Contains(v, "http://") || strings.Contains(v, "https://") || strings.HasPrefix(v, "//") {
					t.Errorf("<%s %s=%.60q> refers outside the page", name, a.Name.Local, v)
				}
				switch a.Name.Local {
				case "id":
					p.ids[v] = true
				case "src":
					src = v
				case "alt":
					alt = v
				case "href":
					if !strings.HasPrefix(v, "#") {
						t.Errorf("<%s href=%q> is not an anchor in the page", name, v)
					}
				}
			}
			if name == "img" {
				data, ok := strings.CutPrefix(src, "data:image/png;base64,")
				if !ok {
					t.Errorf("<img alt=%q> src is not an inline PNG: %.40q", alt, src)
					continue
				}
				img, err := base64.StdEncoding.DecodeString(data)
				if err != nil {
					t.Errorf("<img alt=%q>: %v", alt, err)
				}
				p.images[alt] = img
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "style" {
				css := string(tok)
				if strings.Contains(css, "url(") || strings.Contains(css, "@import") || strings.Contains(css, "@font-face") {
					t.Errorf("the style sheet loads something: %q", css)
				}
				continue
			}
			text.Write(tok)
		}
	}
	p.text = strings.Join(strings.Fields(text.String()), " ")
	return p
}

func readPage(t *testing.T, path string) parsedPage {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parsePage(t, b)
}

// inked decodes a PNG and returns its size and the fraction of its pixels that are not white.
func inked(t *testing.T, b []byte) (image.Point, float64) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	r := img.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr < 0xe000 || cg < 0xe000 || cb < 0xe000 {
				n++
			}
		}
	}
	return r.Size(), float64(n) / float64(r.Dx()*r.Dy())
}

func wantText(t *testing.T, p parsedPage, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(p.text, s) {
			t.Errorf("the page does not say %q", s)
		}
	}
}

func imageWithAlt(t *testing.T, p parsedPage, prefix string) []byte {
	t.Helper()
	for alt, b := range p.images {
		if strings.HasPrefix(alt, prefix) {
			return b
		}
	}
	t.Fatalf("no image whose alt starts with %q (images: %d)", prefix, len(p.images))
	return nil
}

var sections = []string{"grid", "heatmap", "lines", "failed", "metadata"}

// The defaults on an STP sweep shaped like sweeps/stp.toml: firing rate of neu2 over
// tau_d × tau_f, U averaged; the failed point listed with its status.
func TestReportSTPDefaults(t *testing.T) {
	dir := report.SweepDir(t, "stp")
	out, err := report.Report(dir, report.ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "report.html"); out != want {
		t.Errorf("wrote %s, want %s", out, want)
	}
	p := readPage(t, out)
	for _, id := range sections {
		if !p.ids[id] {
			t.Errorf("no section with id %q", id)
		}
	}
	wantText(t, p,
		"Sweep report: sweeps/stp.toml",
		"24 points in the points table (23 ok, 1 failed)",
		"Heat map: mean firing rate of neu2",
		"syn.U averaged over its 2 values (0.1, 0.5)",
		"marked * lost some of their points",
		"One line per value of syn.tau_f",
		"heat map x, line plot x", // syn.tau_d's role in the grid table
		"syn: NaN in x at t = 57.3 ms (step 573)",
		"batch plot stp --point 5",
		"3f1d0c9a6b2e4f5a", // the sweep hash
		"No metric was asked for: this page shows rate:neu2, the first population",
	)
	heat := imageWithAlt(t, p, "Heat map of mean firing rate of neu2 (Hz) over syn.tau_d and syn.tau_f")
	size, frac := inked(t, heat)
	if size != (image.Point{900, 660}) || frac < 0.4 {
		t.Errorf("heat map: %v pixels, %.0f%% inked; want 900x660 and mostly coloured", size, 100*frac)
	}
	for alt, b := range p.images {
		if _, frac := inked(t, b); frac < 0.03 {
			t.Errorf("image %q is nearly blank (%.1f%% inked)", alt, 100*frac)
		}
	}
	if len(p.images) != 3 {
		t.Errorf("%d images, want 3 (heat map, lines, every axis)", len(p.images))
	}
}

// Axes and metric chosen by option, on a two-axis grid whose failed point's message needs
// escaping.
func TestReportOptions(t *testing.T) {
	dir := report.SweepDir(t, "stp2")
	out := filepath.Join(t.TempDir(), "sub", "r.html")
	got, err := report.Report(dir, report.ReportOptions{
		Out: out, X: "syn.tau_f", Y: "syn.tau_d", Metric: "steady:syn.u*x", Title: "STP <steady> state",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != out {
		t.Errorf("wrote %s, want %s", got, out)
	}
	p := readPage(t, out)
	wantText(t, p,
		"STP <steady> state",
		"Heat map: steady-state syn.u·x",
		"Mean over the last 10% of each point's run time",
		"One line per value of syn.tau_d",
		`syn: x < 0 & u > 1 at t = 57.3 ms ("diverged")`,
		"1 of 9 points failed.",
	)
	imageWithAlt(t, p, "Heat map of steady-state syn.u·x over syn.tau_f and syn.tau_d")
	if strings.Contains(p.text, "averaged over its") {
		t.Error("a two-axis map averages nothing, but the page says it does")
	}
}

// An STDP-window sweep (one axis, two repeats): the default is the final weight, the map a strip.
func TestReportSTDPWindow(t *testing.T) {
	dir := report.SweepDir(t, "stdp")
	out, err := report.Report(dir, report.ReportOptions{Out: filepath.Join(t.TempDir(), "r.html")})
	if err != nil {
		t.Fatal(err)
	}
	p := readPage(t, out)
	wantText(t, p,
		"metric: final syn.w",
		"Value at the last recorded step",
		"error bars: the 25th to 75th percentile of the ok points at that value",
		"(over the 2 repeats)",
		"No failed points: all 16 finished with status ok.",
	)
	size, frac := inked(t, imageWithAlt(t, p, "Heat map of final syn.w over neu2.input.pieces[0].duration"))
	if size != (image.Point{900, 288}) || frac < 0.4 {
		t.Errorf("heat map strip: %v pixels, %.0f%% inked; want 900x288 and mostly coloured", size, 100*frac)
	}
	if len(p.images) != 2 {
		t.Errorf("%d images, want 2 (heat map, line plot): one axis needs no per-axis panels", len(p.images))
	}
}

func TestReportFixedAxis(t *testing.T) {
	dir := report.SweepDir(t, "stp")
	out, err := report.Report(dir, report.ReportOptions{Fix: map[string]float64{"syn.U": 0.12}, Along: "syn.tau_f",
		Out: filepath.Join(t.TempDir(), "r.html")})
	if err != nil {
		t.Fatal(err)
	}
	p := readPage(t, out)
	wantText(t, p,
		"syn.U fixed at 0.1",
		"syn.U fixed at 0.1 (the value nearest to the 0.12 asked for)",
		"One line per value of syn.tau_d",
		"heat map y, line plot x",
	)
}

func TestReportErrors(t *testing.T) {
	dir := report.SweepDir(t, "stp")
	cases := []struct {
		o    report.ReportOptions
		want string
	}{
		{report.ReportOptions{Metric: "median:syn.u"}, `unknown metric "median:syn.u"`},
		{report.ReportOptions{Metric: "final:syn.w"}, `monitor syn records no variable "w" (it records u, x, s)`},
		{report.ReportOptions{Metric: "mean:nosuch.u"}, `no monitor named "nosuch" (monitors: syn, neu2)`},
		{report.ReportOptions{Metric: "rate:nosuch"}, `the spikes of "nosuch" were not counted (populations with spikes: neu1, neu2)`},
		{report.ReportOptions{X: "syn.tau"}, `"syn.tau" is not a swept axis (axes: syn.U, syn.tau_d, syn.tau_f)`},
		{report.ReportOptions{X: "syn.U", Y: "syn.U"}, "x and y are both syn.U"},
		{report.ReportOptions{Fix: map[string]float64{"syn.tau_d": 50}, X: "syn.tau_d"}, "syn.tau_d is fixed (--fix), so it cannot also be the heat map's x axis"},
		{report.ReportOptions{Fix: map[string]float64{"syn.tau_d": 50}, Along: "syn.tau_d"}, "cannot also be the line plot's axis"},
	}
	for _, c := range cases {
		_, err := report.Report(dir, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want an error containing %q", c.o, err, c.want)
		}
		var ue *report.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%+v: %v is not a report.UsageError, so the CLI would not exit 2", c.o, err)
		}
	}
	if _, err := report.Report(t.TempDir(), report.ReportOptions{}); err == nil || !strings.Contains(err.Error(), "sweep.json") {
		t.Errorf("a directory without sweep.json: got %v", err)
	}
}

// The default plot writes PNG and SVG of every variable of the first monitor plus the rasters.
func TestPlotDefaults(t *testing.T) {
	dir := report.SweepDir(t, "stp")
	files, err := report.Plot(dir, report.PlotOptions{Point: 7})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "plots", "syn-point7.png"), filepath.Join(dir, "plots", "syn-point7.svg")}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Fatalf("wrote %v, want %v", files, want)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	size, frac := inked(t, b)
	// 8 in wide at 120 dpi; a title and 3 variable panels and 2 rasters of 1.9 in each.
	if size.X != 960 || size.Y < 1100 || frac < 0.04 {
		t.Errorf("png: %v pixels, %.1f%% inked; want 960 wide, over 1100 high, not blank", size, 100*frac)
	}
	svg, err := os.ReadFile(files[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"sweeps/stp.toml · syn · point 7 (repeat 0, seed 7000038)",
		"syn.U = 0.1, syn.tau_d = 100 ms, syn.tau_f = 100 ms",
		"t (ms)", ">u<", ">x<", ">s<", "neu1 neuron", "neu2 neuron", "neu2: ", "syn[4] 1→1", "mean",
	} {
		if !bytes.Contains(svg, []byte(s)) {
			t.Errorf("the svg does not contain %q", s)
		}
	}
}

func TestPlotOptions(t *testing.T) {
	dir := report.SweepDir(t, "stp")
	out := filepath.Join(t.TempDir(), "v.svg")
	files, err := report.Plot(dir, report.PlotOptions{Monitor: "neu2", Point: 5, Index: []int{2}, Spikes: []string{"neu2"}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0] != out {
		t.Fatalf("wrote %v, want [%s]", files, out)
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"V (mV)", "FAILED: syn: NaN in x at t = 57.3 ms (step 573)", "neu2[2]", "neu2 neuron"} {
		if !bytes.Contains(svg, []byte(s)) {
			t.Errorf("the svg does not contain %q", s)
		}
	}
	for _, s := range []string{"neu2[0]", "neu1 neuron"} {
		if bytes.Contains(svg, []byte(s)) {
			t.Errorf("the svg contains %q, which was not asked for", s)
		}
	}

	cases := []struct {
		o    report.PlotOptions
		want string
	}{
		{report.PlotOptions{Point: 1, Out: "x.pdf"}, "want a .png or .svg file"},
		{report.PlotOptions{Point: 1, Vars: []string{"w"}}, `monitor syn records no variable "w"`},
		{report.PlotOptions{Point: 1, Monitor: "nosuch"}, `no monitor named "nosuch"`},
		{report.PlotOptions{Point: 99}, "point 99 has no row in the points table and no monitor data"},
		{report.PlotOptions{Point: 1, Spikes: []string{"neu3"}}, `the spikes of "neu3" were not recorded (recorded: neu1, neu2)`},
	}
	for _, c := range cases {
		_, err := report.Plot(dir, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want an error containing %q", c.o, err, c.want)
		}
	}
}

// MaxElements caps the lines drawn and the title says so.
func TestPlotCapsElements(t *testing.T) {
	dir := report.SweepDir(t, "stp")
	out := filepath.Join(t.TempDir(), "capped.svg")
	if _, err := report.Plot(dir, report.PlotOptions{Point: 0, Vars: []string{"u"}, MaxElements: 2, Spikes: []string{}, Out: out}); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("first 2 of 6 recorded elements drawn")) || bytes.Contains(svg, []byte("syn[2]")) {
		t.Error("the capped plot does not say it drew 2 of 6 elements, or drew a third")
	}
}
