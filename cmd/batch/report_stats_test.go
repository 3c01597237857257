package main

import (
	"bytes"
	"encoding/base64"
	"html"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// inlineImages returns the PNG images of a report page by their alt text.
func inlineImages(t *testing.T, page string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	re := regexp.MustCompile(`<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"`)
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		b, err := base64.StdEncoding.DecodeString(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatalf("image %q: %v", m[2], err)
		}
		out[html.UnescapeString(m[2])] = b
	}
	return out
}

func pngWidth(t *testing.T, b []byte) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img.Bounds().Dx()
}

// TestReportPhaseDiagram: a Brunel sweep (testdata/brunel_small.toml, an [analysis] table, g × η)
// gets, without --metric, a phase diagram first: per population the rate, CV and χ heat maps side
// by side (three panels in one figure), titled, over the swept axes with their units; --figures
// writes them. A sweep without [analysis] (sweeps/stp.toml) gets no such section, and asking for
// a metric turns it off.
func TestReportPhaseDiagram(t *testing.T) {
	out := filepath.Join(t.TempDir(), "brunel")
	if r := batch(t, nil, "run", repo("testdata", "brunel_small.toml"), "--out", out, "-q"); r.code != 0 {
		t.Fatalf("run: exit %d: %s", r.code, r.stderr)
	}
	figs := filepath.Join(t.TempDir(), "figs")
	if r := batch(t, nil, "report", out, "--figures", figs); r.code != 0 {
		t.Fatalf("report: exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	stats, heat := strings.Index(page, `<section id="stats">`), strings.Index(page, `<section id="heatmap">`)
	if stats < 0 || heat < stats {
		t.Fatalf("no phase diagram section before the heat map (at %d, %d)", stats, heat)
	}
	for _, s := range []string{"<h2>Phase diagram</h2>", "Population exc (400 neurons)", "Population inh (100 neurons)",
		"over the analysis window [100, 400) ms", "ie.weight", "exc.V.poisson.rate"} {
		if !strings.Contains(page[stats:heat], s) {
			t.Errorf("the phase diagram section does not say %q", s)
		}
	}
	// The heat map's default metric is the analysed rate, the number of the points table and of
	// the phase diagram, not a whole-run rate beside it.
	if !strings.Contains(page[heat:], "this page shows rate.exc,") {
		t.Error("the heat map's default metric is not rate.exc")
	}
	images := inlineImages(t, page)
	for _, pop := range []string{"exc", "inh"} {
		alt := "Heat maps of the rate, CV and synchrony of " + pop + " over ie.weight and exc.V.poisson.rate"
		img, ok := images[alt]
		if !ok {
			t.Errorf("no image %q", alt)
			continue
		}
		if w := pngWidth(t, img); w < 1100 { // three panels of 3.4 in at 120 dpi
			t.Errorf("%s: the figure is %d px wide: not three panels", pop, w)
		}
		saved, err := os.ReadFile(filepath.Join(figs, "phase-"+pop+".png"))
		if err != nil || !bytes.Equal(saved, img) {
			t.Errorf("--figures did not write phase-%s.png as shown (%v)", pop, err)
		}
	}
	// The figure's labels are in the PNG; the units come from the manifest, which the page lists.
	if !strings.Contains(page, "<td><code>ie.weight</code></td><td>mV</td>") {
		t.Error("the axis ie.weight is not listed in mV")
	}
	if r := batch(t, nil, "report", out, "--metric", "cv.exc", "-o", filepath.Join(out, "cv.html")); r.code != 0 {
		t.Fatalf("report --metric: exit %d: %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "cv.html")); strings.Contains(string(b), `id="stats"`) {
		t.Error("a report with --metric still shows the phase diagram")
	}

	stp := filepath.Join(t.TempDir(), "stp")
	if r := batch(t, nil, "run", "--out", stp, "-q"); r.code != 0 {
		t.Fatalf("run stp: exit %d: %s", r.code, r.stderr)
	}
	if r := batch(t, nil, "report", stp); r.code != 0 {
		t.Fatalf("report stp: exit %d: %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(stp, "report.html")); strings.Contains(string(b), `id="stats"`) {
		t.Error("a sweep without [analysis] gets a statistics section")
	}
}

// TestReportFrequencyResponse: sweeps/stp_frequency.toml (a zip sweep, shortened to 2 s with
// the last second analysed) gets the statistics along its last axis, poi.rate: one figure of
// panels (rate, CV, χ, and the means of u, x and s with a line per synapse), and the metric's
// line plot along poi.rate rather than a heat map's diagonal.
func TestReportFrequencyResponse(t *testing.T) {
	src, err := os.ReadFile(repo("sweeps", "stp_frequency.toml"))
	if err != nil {
		t.Fatal(err)
	}
	short := strings.NewReplacer("duration = 10000.0", "duration = 2000.0", "start = 5000.0", "start = 1000.0",
		"repeat = 2500", "repeat = 500").Replace(string(src))
	dir := t.TempDir()
	f := filepath.Join(dir, "stp_frequency.toml")
	if err := os.WriteFile(f, []byte(short), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if r := batch(t, nil, "run", f, "--out", out, "-q"); r.code != 0 {
		t.Fatalf("run: exit %d: %s", r.code, r.stderr)
	}
	figs := filepath.Join(dir, "figs")
	if r := batch(t, nil, "report", out, "--figures", figs); r.code != 0 {
		t.Fatalf("report: exit %d: %s", r.code, r.stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out, "report.html"))
	page := string(b)
	if !strings.Contains(page, `<section id="stats">`) || !strings.Contains(page, "<h2>Statistics along poi.rate</h2>") {
		t.Fatal("no statistics section along poi.rate")
	}
	if !strings.Contains(page, "pre.input.pieces[1].duration moves with it (a zip sweep)") || !strings.Contains(page, "the x axis is logarithmic") {
		t.Error("the statistics note does not explain the zip axis or the log scale")
	}
	images := inlineImages(t, page)
	img, ok := images["Statistics along poi.rate"]
	if !ok {
		t.Fatal("no statistics figure")
	}
	if p, err := png.Decode(bytes.NewReader(img)); err != nil || p.Bounds().Dy() < 2*300 {
		t.Errorf("the statistics figure has fewer than two rows of panels (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(figs, "stats.png")); err != nil {
		t.Error(err)
	}
	if !strings.Contains(page, `<section id="along">`) || strings.Contains(page, `<section id="heatmap">`) {
		t.Error("a zip sweep gets a heat map, not the line plot along its last axis")
	}
}
