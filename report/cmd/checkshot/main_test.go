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
	img := image.NewRGBA(image.Rect(0, 0, 1280, 900))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	box := image.Rect(100, 200, 800, 700)
	draw.Draw(img, box, image.NewUniform(report.HeatmapFrameColor), image.Point{}, draw.Src)
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
	res, err := check(page(gradient), report.HeatmapFrameColor)
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
			res, err := check(c.img, report.HeatmapFrameColor)
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
	res, err := check(img, report.HeatmapFrameColor)
	t.Log(res)
	if err != nil {
		t.Fatal(err)
	}
}
