package report

import (
	"math"
	"slices"
	"testing"
)

// A line plot's y range leaves room beyond the extreme values, so the markers there are drawn
// whole; a rate's range still starts at 0 (or just below, under a value of 0).
func TestLinePlotPadsTheYRange(t *testing.T) {
	xa := axis{Path: "a", Values: []float64{1, 2, 3, 4}}
	for _, c := range []struct {
		y        []float64
		fromZero bool
		lo, hi   float64 // the range must reach beyond these
		min      float64 // and its bottom must not be below this
	}{
		{[]float64{0.5, 1.29, 0.9, 0.002}, false, 0.002 - 0.04*1.288, 1.29 + 0.04*1.288, math.Inf(-1)},
		{[]float64{-3, -1, -2, -2.5}, false, -3.08, -0.92, math.Inf(-1)},
		{[]float64{10, 20, 40, 30}, true, 0, 40 + 0.04*40, 0},
		{[]float64{0, 20, 40, 30}, true, -0.04 * 40, 41.6, -0.06 * 40},
	} {
		ss := []series{{x: xa.Values, y: c.y, failed: make([]bool, 4)}}
		p, _, err := linePlot(xa, "m", ss, 8)
		if err != nil {
			t.Fatal(err)
		}
		if c.fromZero {
			zeroBase(p, ss)
		}
		if !(p.Y.Min <= c.lo && p.Y.Max >= c.hi && p.Y.Min >= c.min) {
			t.Errorf("values %v (from zero %v): y range [%g, %g], want below %g (not below %g) and above %g",
				c.y, c.fromZero, p.Y.Min, p.Y.Max, c.lo, c.min, c.hi)
		}
	}
}

func TestSmoothedRate(t *testing.T) {
	// A flat window of 1 ms over 0.1 ms bins averages 11 bins (the odd number nearest 10 + 1);
	// a single spike's bin spreads over them, and the total is kept away from the ends.
	hz := make([]float64, 40)
	hz[20] = 110
	sm := smoothed(hz, 0.1, 1)
	for i, v := range sm {
		want := 0.0
		if i >= 15 && i <= 25 {
			want = 10
		}
		if math.Abs(v-want) > 1e-9 {
			t.Fatalf("smoothed[%d] = %g, want %g (all: %v)", i, v, want, sm)
		}
	}
	// At the ends the window holds the bins there are: a constant stays constant.
	flat := slices.Repeat([]float64{7}, 9)
	for i, v := range smoothed(flat, 0.1, 1) {
		if math.Abs(v-7) > 1e-12 {
			t.Errorf("smoothed constant [%d] = %g, want 7", i, v)
		}
	}
	for _, c := range []struct{ asked, bin, want float64 }{
		{0, 0.1, 1}, {0, 1, 0}, {0, 5, 0}, {-1, 0.1, 0}, {3, 0.1, 3}, {3, 5, 3},
	} {
		if got := smoothWidth(c.asked, c.bin); got != c.want {
			t.Errorf("smoothWidth(%g, %g) = %g, want %g", c.asked, c.bin, got, c.want)
		}
	}
}
