package report

import (
	"math"
	"slices"
)

// cell gathers the metric of the points that fall into one cell of a map or one point of a line.
type cell struct {
	sum, sumsq float64
	vals       []float64 // the values summed, for quantiles
	n          int       // ok points with a value
	failed     int       // points whose status is not ok
	missing    int       // ok points without a value (no data recorded)
}

func (c cell) mean() float64 {
	if c.n == 0 {
		return math.NaN()
	}
	return c.sum / float64(c.n)
}

// sd is the sample standard deviation, 0 for a single value.
func (c cell) sd() float64 {
	if c.n < 2 {
		return 0
	}
	m := c.mean()
	v := (c.sumsq - float64(c.n)*m*m) / float64(c.n-1)
	return math.Sqrt(max(v, 0))
}

// quantile is the q-quantile (0..1) of the cell's values, linearly interpolated between order
// statistics (numpy's default); NaN for an empty cell. It lies within the values' range, so an
// interval of quantiles of a non-negative metric such as a rate never crosses zero.
func (c cell) quantile(q float64) float64 {
	if len(c.vals) == 0 {
		return math.NaN()
	}
	v := slices.Clone(c.vals)
	slices.Sort(v)
	pos := q * float64(len(v)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(v)-1)
	return v[lo] + (pos-float64(lo))*(v[hi]-v[lo])
}

// view says how the points of a sweep map onto a figure: the axes kept (dims, the first varying
// slowest in the result), and for each axis not kept whether it is fixed at one of its values
// (fixed[a] >= 0) or averaged over (fixed[a] < 0).
type view struct {
	dims  []int
	fixed []int // per manifest axis; -1 = averaged
}

// aggregate sums values (aligned with pt.rows) into the cells of v: one cell per combination of
// the values of v.dims, in row-major order.
func aggregate(m *manifest, pt *pointsTable, values []float64, v view) []cell {
	n := 1
	for _, d := range v.dims {
		n *= len(m.Axes[d].Values)
	}
	cells := make([]cell, n)
rows:
	for i, r := range pt.rows {
		for a, f := range v.fixed {
			if f >= 0 && !slices.Contains(v.dims, a) && nearest(m.Axes[a].Values, r.Params[a]) != f {
				continue rows
			}
		}
		k := 0
		for _, d := range v.dims {
			j := nearest(m.Axes[d].Values, r.Params[d])
			if j < 0 {
				continue rows
			}
			k = k*len(m.Axes[d].Values) + j
		}
		c := &cells[k]
		switch x := values[i]; {
		case !r.ok():
			c.failed++
		case math.IsNaN(x):
			c.missing++
		default:
			c.sum += x
			c.sumsq += x * x
			c.vals = append(c.vals, x)
			c.n++
		}
	}
	return cells
}

// nearest returns the index of the value in vals closest to v, or -1 if v is NaN or vals is empty.
// Points of a grid carry their axis values exactly; nearest also places a value that went through
// a float32 or a text round trip.
func nearest(vals []float64, v float64) int {
	if math.IsNaN(v) {
		return -1
	}
	best, bestD := -1, math.Inf(1)
	for i, x := range vals {
		if d := math.Abs(x - v); d < bestD {
			best, bestD = i, d
		}
	}
	return best
}
