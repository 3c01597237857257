package report

import (
	"bytes"
	"image/png"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// darkPixels counts the pixels of a PNG darker than mid grey.
func darkPixels(t *testing.T, b []byte) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if luminance(img.At(x, y)) < 0.5 {
				n++
			}
		}
	}
	return n
}

// A raster stays visible from 1 to 100,000 neurons: with 200 spikes on a panel, the figure has
// at least a dark pixel per drawn spike more than the same figure without spikes (axes, labels
// and title are the same in both). The CUBA plot showed a blank panel: each spike was 0.8 of a
// neuron tall, a twentieth of a pixel.
func TestRasterVisibleAtEverySize(t *testing.T) {
	for _, size := range []int{1, 10, 1000, 3200, 100000} {
		rng := rand.New(rand.NewPCG(1, uint64(size)))
		var spikes raster
		spikes.pop, spikes.size = "exc", size
		stride := rasterStride(size)
		for k := range 200 {
			i := rng.IntN(size)
			if k%2 == 0 { // half on neurons a subsampled raster draws
				i = rng.IntN((size+stride-1)/stride) * stride
			}
			spikes.t = append(spikes.t, 1000*rng.Float64())
			spikes.idx = append(spikes.idx, float64(i))
		}
		empty := raster{pop: "exc", size: size}
		with, err := timeSeriesFigure("png", "raster", nil, nil, nil, []raster{spikes}, nil, window{hi: 1000})
		if err != nil {
			t.Fatal(err)
		}
		without, err := timeSeriesFigure("png", "raster", nil, nil, nil, []raster{empty}, nil, window{hi: 1000})
		if err != nil {
			t.Fatal(err)
		}
		drawnT, _ := spikes.subsample(stride)
		extra := darkPixels(t, with) - darkPixels(t, without)
		if len(drawnT) == 0 || extra < len(drawnT) {
			t.Errorf("%d neurons: %d spikes drawn (every %d-th neuron) add %d dark pixels; want at least one each",
				size, len(drawnT), stride, extra)
		}
		if size > rasterRows && stride == 1 {
			t.Errorf("%d neurons on a panel of about %d pixels are not subsampled", size, rasterRows)
		}
	}
}

func TestRasterTitleSaysWhatIsDrawn(t *testing.T) {
	r := raster{pop: "exc", size: 3200, t: []float64{1, 2, 3}, idx: []float64{0, 19, 5}}
	svg, err := timeSeriesFigure("svg", "t", nil, nil, nil, []raster{r}, nil, window{hi: 10})
	if err != nil {
		t.Fatal(err)
	}
	if want := "exc: 3 spikes of 3200 neurons; every 19th neuron drawn (2 spikes)"; !bytes.Contains(svg, []byte(want)) {
		t.Errorf("the raster's title does not say %q", want)
	}
	one := raster{pop: "neu", size: 1, t: []float64{1}, idx: []float64{0}}
	svg, err = timeSeriesFigure("svg", "t", nil, nil, nil, []raster{one}, nil, window{hi: 10})
	if err != nil {
		t.Fatal(err)
	}
	if want := "neu: 1 spike of 1 neuron<"; !bytes.Contains(svg, []byte(want)) {
		t.Errorf("the raster's title does not say %q", want)
	}
}

// Ticks are round numbers, at most the number asked for, and cover the range.
func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		max    int
		log    bool
		want   string
	}{
		{0.05, 0.9, 4, false, "0.2 0.4 0.6 0.8"},
		{10, 1000, 4, true, "10 100 1000"},
		{2, 2000, 4, true, "10 100 1000"},
		{10, 1000, 8, true, "10 20 50 100 200 500 1000"},
		{0, 175.3, 6, false, "0 50 100 150"},
		{-12, -6, 8, false, "-12 -11 -10 -9 -8 -7 -6"},
		{0.01, 0.5, 8, true, "0.01 0.02 0.05 0.1 0.2 0.5"},
		{1e-5, 4e-5, 4, false, "1e-05 2e-05 3e-05 4e-05"},
	} {
		var labels []string
		for _, tk := range (niceTicks{max: c.max, log: c.log}).Ticks(c.lo, c.hi) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("ticks of [%g, %g] (max %d, log %v): %q, want %q", c.lo, c.hi, c.max, c.log, got, c.want)
		}
	}
}

// Seeds are the engine's unsigned seeds, whether the points table stores them as INT64 (a seed
// above 2^63 then reads back negative) or as UINT64.
func TestSeedsShowUnsigned(t *testing.T) {
	const seed = uint64(10646091845267208524) // batch plan's seed of the issue
	signed := int64(-7800652228442343092)     // the same 64 bits as seed, as the table held it
	if uint64(signed) != seed {
		t.Fatal("test constants disagree")
	}
	tab := &parquetio.Table{Int64: map[string][]int64{"seed": {signed, 42}}}
	got := seedColumn(tab)
	if len(got) != 2 || got[0] != seed || got[1] != 42 {
		t.Errorf("seeds %v, want [%d 42]", got, seed)
	}
	m := &manifest{}
	title := plotTitle(m, "syn", 3, &pointRow{Seed: seed, Status: "ok"}, true)
	if !strings.Contains(title, "seed "+strconv.FormatUint(seed, 10)) || strings.Contains(title, "-") {
		t.Errorf("plot title %q does not show the unsigned seed", title)
	}
}
