// Command checkshot checks a browser screenshot of a sweep report: it finds the frame that
// package report draws around the heat map (report.HeatmapFrameColor, a colour used nowhere else
// on the page) and checks that what is inside looks like a heat map — mostly coloured, in many
// colours — rather than an empty page, a broken-image icon or a blank figure.
//
//	go run ./report/cmd/checkshot OUT.png
//
// It prints what it measured and exits 1 if the check fails. scripts/report-screenshot.sh runs it.
package main

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"

	"github.com/spikesweep/spikesweep/report"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: checkshot SCREENSHOT.png")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "checkshot:", err)
		os.Exit(2)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(os.Stderr, "checkshot: %s: %v\n", os.Args[1], err)
		os.Exit(2)
	}
	res, err := check(img, report.HeatmapFrameColor)
	fmt.Println(res)
	if err != nil {
		fmt.Fprintf(os.Stderr, "checkshot: %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	fmt.Println("checkshot: ok: the screenshot shows the heat map")
}

// Thresholds of the check. A viridis heat map with its colour bar is almost all coloured; an
// empty frame, or a broken-image icon in it, is almost all white or grey.
const (
	tolerance      = 12   // per channel, for matching the frame colour
	minFramePixels = 400  // fewer frame-coloured pixels than this: no frame
	minSize        = 150  // px, each side of the frame
	minEdge        = 0.85 // fraction of each edge of the box that must be frame-coloured
	minInked       = 0.25 // fraction of the inside that must not be white
	minChromatic   = 0.15 // fraction of the inside that must be coloured (not grey)
	minColours     = 16   // distinct colours inside, at 4 bits per channel
)

// result is what check measured.
type result struct {
	box                 image.Rectangle // the frame, outer edges
	inner               image.Rectangle // inside the frame's border
	framePixels         int
	inked, chromatic    float64
	colours             int
	screenW, screenH    int
	topEdge, bottomEdge float64
	leftEdge, rightEdge float64
}

func (r result) String() string {
	if r.framePixels < minFramePixels {
		return fmt.Sprintf("screenshot %dx%d: %d pixels of the heat map frame colour", r.screenW, r.screenH, r.framePixels)
	}
	return fmt.Sprintf("screenshot %dx%d: heat map frame at %v (edges top %.2f bottom %.2f left %.2f right %.2f); "+
		"inside %v: %.0f%% not white, %.0f%% coloured, %d distinct colours",
		r.screenW, r.screenH, r.box, r.topEdge, r.bottomEdge, r.leftEdge, r.rightEdge,
		r.inner, 100*r.inked, 100*r.chromatic, r.colours)
}

func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool {
		v := int(x>>8) - int(y)
		return v >= -tolerance && v <= tolerance
	}
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// check finds the frame and measures its inside.
func check(img image.Image, frame color.RGBA) (result, error) {
	b := img.Bounds()
	res := result{screenW: b.Dx(), screenH: b.Dy()}
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
		return res, errors.New("no heat map frame: the page is empty, the heat map is missing, or it is below the screenshot")
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
		return res, errors.New("the frame-coloured pixels do not form a closed rectangle (is the heat map cut off at the bottom of the screenshot?)")
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
	switch {
	case res.inked < minInked:
		return res, fmt.Errorf("the heat map frame is nearly empty (%.0f%% not white, want %.0f%%)", 100*res.inked, 100*minInked)
	case res.chromatic < minChromatic:
		return res, fmt.Errorf("the heat map has too little colour (%.0f%% coloured, want %.0f%%)", 100*res.chromatic, 100*minChromatic)
	case res.colours < minColours:
		return res, fmt.Errorf("the heat map has only %d distinct colours (want %d)", res.colours, minColours)
	}
	return res, nil
}
