// Command checkshot checks a browser screenshot of a sweep report: it finds the frame that
// package report draws around the page's first figure and checks that what is inside looks like
// that figure rather than an empty page, a broken-image icon or a blank figure. The figure is the
// heat map (report.HeatmapFrameColor): mostly coloured, in many colours; or, on a page without a
// heat map (a zip sweep, or a slice that leaves one axis free), the line plot
// (report.AlongFrameColor): white with axes, grid and text, and data marks in colour.
//
//	go run ./report/cmd/checkshot [-expect heatmap|lines] OUT.png
//
// -expect says which figure the page has (scripts/report-screenshot.sh reads it from the page);
// the default is the heat map. It prints what it measured and exits 1 if the check fails.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"

	"github.com/spikesweep/spikesweep/report"
)

func main() {
	expect := flag.String("expect", "heatmap", "the figure the page opens with: heatmap or lines")
	flag.Usage = func() { fmt.Fprintln(os.Stderr, "usage: checkshot [-expect heatmap|lines] SCREENSHOT.png") }
	flag.Parse()
	k, ok := kinds[*expect]
	if flag.NArg() != 1 || !ok {
		flag.Usage()
		os.Exit(2)
	}
	path := flag.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "checkshot:", err)
		os.Exit(2)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(os.Stderr, "checkshot: %s: %v\n", path, err)
		os.Exit(2)
	}
	res, err := check(img, k)
	fmt.Println(res)
	if err != nil {
		fmt.Fprintf(os.Stderr, "checkshot: %s: %v\n", path, err)
		os.Exit(1)
	}
	fmt.Printf("checkshot: ok: the screenshot shows the %s\n", k.name)
}

// kind is a figure the check knows: its frame colour and what its inside must hold. A viridis
// heat map with its colour bar is almost all coloured; a line plot is mostly white, its data marks
// in colour; an empty frame, or a broken-image icon in it, is almost all white or grey.
type kind struct {
	name         string
	frame        color.RGBA
	minInked     float64 // fraction of the inside that must not be white
	minChromatic float64 // fraction of the inside that must be coloured (not grey)
	minMarkPx    int     // pixels inside that must be coloured: a line plot's data marks
	minColours   int     // distinct colours inside, at 4 bits per channel
}

var (
	heatmapKind = kind{name: "heat map", frame: report.HeatmapFrameColor, minInked: 0.25, minChromatic: 0.15, minColours: 16}
	// A line plot's axes, grid and labels ink about 3.5% of it, a broken-image icon with its alt
	// text well under 1%; one dot of radius 2.5 points is about 55 coloured pixels (three: 165,
	// measured on sweeps/izhikevich.toml's page), a line through 13 of them 2,750.
	linesKind = kind{name: "line plot", frame: report.AlongFrameColor, minInked: 0.015, minMarkPx: 30, minColours: 4}
	kinds     = map[string]kind{"heatmap": heatmapKind, "lines": linesKind}
)

// Thresholds of finding the frame.
const (
	tolerance      = 12   // per channel, for matching the frame colour
	minFramePixels = 400  // fewer frame-coloured pixels than this: no frame
	minSize        = 150  // px, each side of the frame
	minEdge        = 0.85 // fraction of each edge of the box that must be frame-coloured
)

// result is what check measured.
type result struct {
	box                 image.Rectangle // the frame, outer edges
	inner               image.Rectangle // inside the frame's border
	framePixels         int
	chromaticPx         int
	inked, chromatic    float64
	colours             int
	screenW, screenH    int
	kind                kind
	topEdge, bottomEdge float64
	leftEdge, rightEdge float64
}

func (r result) String() string {
	if r.framePixels < minFramePixels {
		return fmt.Sprintf("screenshot %dx%d: %d pixels of the %s frame colour", r.screenW, r.screenH, r.framePixels, r.kind.name)
	}
	return fmt.Sprintf("screenshot %dx%d: %s frame at %v (edges top %.2f bottom %.2f left %.2f right %.2f); "+
		"inside %v: %.1f%% not white, %.1f%% coloured (%d pixels), %d distinct colours",
		r.screenW, r.screenH, r.kind.name, r.box, r.topEdge, r.bottomEdge, r.leftEdge, r.rightEdge,
		r.inner, 100*r.inked, 100*r.chromatic, r.chromaticPx, r.colours)
}

func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool {
		v := int(x>>8) - int(y)
		return v >= -tolerance && v <= tolerance
	}
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// check finds the frame of the figure k and measures its inside.
func check(img image.Image, k kind) (result, error) {
	b := img.Bounds()
	frame := k.frame
	res := result{screenW: b.Dx(), screenH: b.Dy(), kind: k}
	box := image.Rectangle{Min: b.Max, Max: b.Min}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.At(x, y), frame) {
				res.framePixels++
				box.Min.X, box.Min.Y = min(box.Min.X, x), min(box.Min.Y, y)
				box.Max.X, box.Max.Y = max(box.Max.X, x+1), max(box.Max.Y, y+1)
			}
		}
	}
	if res.framePixels < minFramePixels {
		return res, fmt.Errorf("no %s frame: the page is empty, the %s is missing, or it is below the screenshot", k.name, k.name)
	}
	res.box = box
	if box.Dx() < minSize || box.Dy() < minSize {
		return res, fmt.Errorf("the frame is only %dx%d pixels", box.Dx(), box.Dy())
	}
	edge := func(x0, y0, dx, dy, n int) float64 {
		k := 0
		for i := range n {
			if near(img.At(x0+i*dx, y0+i*dy), frame) {
				k++
			}
		}
		return float64(k) / float64(n)
	}
	res.topEdge = edge(box.Min.X, box.Min.Y+1, 1, 0, box.Dx())
	res.bottomEdge = edge(box.Min.X, box.Max.Y-2, 1, 0, box.Dx())
	res.leftEdge = edge(box.Min.X+1, box.Min.Y, 0, 1, box.Dy())
	res.rightEdge = edge(box.Max.X-2, box.Min.Y, 0, 1, box.Dy())
	if min(res.topEdge, res.bottomEdge, res.leftEdge, res.rightEdge) < minEdge {
		return res, fmt.Errorf("the frame-coloured pixels do not form a closed rectangle (is the %s cut off at the bottom of the screenshot?)", k.name)
	}
	// The border's width, measured along the middle row.
	t := 0
	for mid := (box.Min.Y + box.Max.Y) / 2; t < box.Dx()/4 && near(img.At(box.Min.X+t, mid), frame); t++ {
	}
	inner := box.Inset(t + 1)
	res.inner = inner
	seen := map[[3]uint32]bool{}
	inked, chromatic := 0, 0
	for y := inner.Min.Y; y < inner.Max.Y; y++ {
		for x := inner.Min.X; x < inner.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r < 235 || g < 235 || bl < 235 {
				inked++
				seen[[3]uint32{r >> 4, g >> 4, bl >> 4}] = true
			}
			if max(r, g, bl)-min(r, g, bl) >= 40 {
				chromatic++
			}
		}
	}
	n := float64(inner.Dx() * inner.Dy())
	res.inked, res.chromatic, res.colours = float64(inked)/n, float64(chromatic)/n, len(seen)
	res.chromaticPx = chromatic
	switch {
	case res.inked < k.minInked:
		return res, fmt.Errorf("the %s frame is nearly empty (%.1f%% not white, want %.1f%%)", k.name, 100*res.inked, 100*k.minInked)
	case res.chromatic < k.minChromatic:
		return res, fmt.Errorf("the %s has too little colour (%.1f%% coloured, want %.1f%%)", k.name, 100*res.chromatic, 100*k.minChromatic)
	case res.chromaticPx < k.minMarkPx:
		return res, fmt.Errorf("the %s has too little colour (%d coloured pixels, want %d: no data drawn?)", k.name, res.chromaticPx, k.minMarkPx)
	case res.colours < k.minColours:
		return res, fmt.Errorf("the %s has only %d distinct colours (want %d)", k.name, res.colours, k.minColours)
	}
	return res, nil
}
