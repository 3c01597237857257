package report

import (
	"math"

	"gonum.org/v1/plot"
)

// yMargin is the share of a line plot's y range added above and below the values: gonum's range
// ends exactly at the extreme values, so the markers there sat half outside the data area, on
// the frame or under the title.
const yMargin = 0.05

// padY widens p's y range by yMargin of the values' span (error bars included) at each end. A
// single value keeps the window linePlot gives it.
func padY(p *plot.Plot, ss []series) {
	lo, hi := seriesYRange(ss)
	if math.IsNaN(lo) || !(hi > lo) {
		return
	}
	d := (hi - lo) * yMargin
	p.Y.Min, p.Y.Max = min(p.Y.Min, lo-d), max(p.Y.Max, hi+d)
}
