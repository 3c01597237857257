package main

import (
	"image"
	"image/color"
	"image/draw"
	"os"
	"strings"
	"testing"

	"image/png"

	"github.com/spikesweep/spikesweep/report"
)

// page returns a white 1280x900 "screenshot" with the heat map frame at (100,200)-(800,700),
// 6 px wide, and fill drawing the inside.
func page(fill func(img *image.RGBA, inner image.Rectangle)) *image.RGBA {
	return framedPage(report.HeatmapFrameColor, fill)
}

func framedPage(frame color.RGBA, fill func(img *image.RGBA, inner image.Rectangle)) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 1280, 900))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	box := image.Rect(100, 200, 800, 700)
	draw.Draw(img, box, image.NewUniform(frame), image.Point{}, draw.Src)
	inner := box.Inset(6)
	draw.Draw(img, inner, image.NewUniform(color.White), image.Point{}, draw.Src)
	if fill != nil {
		fill(img, inner)
	}
	return img
}

func gradient(img *image.RGBA, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			f := float64(x-r.Min.X) / float64(r.Dx())
			img.Set(x, y, color.RGBA{uint8(68 + 185*f), uint8(1 + 230*f), uint8(84 - 50*f), 255})
		}
	}
}

func TestCheckAcceptsAHeatMap(t *testing.T) {
	res, err := check(page(gradient), heatmapKind)
	if err != nil {
		t.Fatalf("%v: %v", res, err)
	}
	if res.box != image.Rect(100, 200, 800, 700) {
		t.Errorf("frame found at %v, want (100,200)-(800,700)", res.box)
	}
}

func TestCheckRejects(t *testing.T) {
	cases := []struct {
		name string
		img  *image.RGBA
		want string
	}{
		{"blank page", func() *image.RGBA {
			img := image.NewRGBA(image.Rect(0, 0, 1280, 900))
			draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
			return img
		}(), "no heat map frame"},
		{"empty frame", page(nil), "nearly empty"},
		{"grey box", page(func(img *image.RGBA, r image.Rectangle) {
			draw.Draw(img, r, image.NewUniform(color.Gray{120}), image.Point{}, draw.Src)
		}), "too little colour"},
		{"two colours", page(func(img *image.RGBA, r image.Rectangle) {
			draw.Draw(img, r, image.NewUniform(color.RGBA{200, 20, 20, 255}), image.Point{}, draw.Src)
			draw.Draw(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+100), image.NewUniform(color.RGBA{20, 20, 200, 255}), image.Point{}, draw.Src)
		}), "distinct colours"},
		{"cut off", func() *image.RGBA {
			img := page(gradient)
			return img.SubImage(image.Rect(0, 0, 1280, 500)).(*image.RGBA)
		}(), "closed rectangle"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := check(c.img, heatmapKind)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v (%v), want an error containing %q", err, res, c.want)
			}
		})
	}
}

// TestScreenshot checks a real screenshot when CHECKSHOT_PNG names one (the screenshot script
// runs the command instead; this lets `go test` do the same).
func TestScreenshot(t *testing.T) {
	path := os.Getenv("CHECKSHOT_PNG")
	if path == "" {
		t.Skip("CHECKSHOT_PNG not set")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	k := heatmapKind
	if e := os.Getenv("CHECKSHOT_EXPECT"); e != "" {
		k = kinds[e]
	}
	res, err := check(img, k)
	t.Log(res)
	if err != nil {
		t.Fatal(err)
	}
}

// axes draws what every line plot has, drawn or not: a frame of axes and a grey grid, and text.
func axes(img *image.RGBA, r image.Rectangle) {
	grey := image.NewUniform(color.Gray{0x80})
	for x := r.Min.X + 60; x < r.Max.X; x += 70 {
		draw.Draw(img, image.Rect(x, r.Min.Y+20, x+1, r.Max.Y-60), image.NewUniform(color.Gray{0xdd}), image.Point{}, draw.Src)
	}
	draw.Draw(img, image.Rect(r.Min.X+60, r.Max.Y-60, r.Max.X-20, r.Max.Y-58), grey, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(r.Min.X+58, r.Min.Y+20, r.Min.X+60, r.Max.Y-58), grey, image.Point{}, draw.Src)
	for y := r.Min.Y + 30; y < r.Max.Y-60; y += 40 { // tick labels
		draw.Draw(img, image.Rect(r.Min.X+20, y, r.Min.X+50, y+8), image.NewUniform(color.Black), image.Point{}, draw.Src)
	}
}

// curve draws axes and a rising viridis-purple line with round markers in them.
func curve(img *image.RGBA, r image.Rectangle) {
	axes(img, r)
	purple := color.RGBA{0x44, 0x01, 0x54, 0xff}
	for x := r.Min.X + 70; x < r.Max.X-30; x++ {
		y := r.Max.Y - 70 - (x-r.Min.X-70)*(r.Dy()-110)/(r.Dx()-100)
		draw.Draw(img, image.Rect(x, y-1, x+1, y+2), image.NewUniform(purple), image.Point{}, draw.Src)
		if (x-r.Min.X)%50 == 0 {
			draw.Draw(img, image.Rect(x-4, y-4, x+5, y+5), image.NewUniform(purple), image.Point{}, draw.Src)
		}
	}
}

// The line plot that opens a page without a heat map passes with its own frame and thresholds,
// and fails when empty, without data marks, or missing.
func TestCheckLinePlot(t *testing.T) {
	if res, err := check(framedPage(report.AlongFrameColor, curve), linesKind); err != nil {
		t.Fatalf("a line plot: %v: %v", res, err)
	}
	cases := []struct {
		name string
		img  *image.RGBA
		k    kind
		want string
	}{
		{"line plot where a heat map should be", framedPage(report.AlongFrameColor, curve), heatmapKind, "no heat map frame"},
		{"heat map where a line plot should be", page(gradient), linesKind, "no line plot frame"},
		{"empty frame", framedPage(report.AlongFrameColor, nil), linesKind, "nearly empty"},
		{"axes without data", framedPage(report.AlongFrameColor, axes), linesKind, "too little colour"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := check(c.img, c.k)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v (%v), want an error containing %q", err, res, c.want)
			}
		})
	}
}
