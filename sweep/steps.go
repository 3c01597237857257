package sweep

import "github.com/spikesweep/spikesweep/spec"

// StepRange returns the least and the greatest number of steps of the sweep's points: the same
// number unless run.dt or run.duration is swept. It computes from the axes' values, without
// expanding the points.
func (s *Sweep) StepRange() (lo, hi int) {
	dts, durs := []float64{s.Base.Dt}, []float64{s.Base.Duration}
	di, ui := -1, -1
	for i, a := range s.Axes {
		switch a.Path {
		case "run.dt":
			dts, di = a.Values, i
		case "run.duration":
			durs, ui = a.Values, i
		}
	}
	lo, hi = -1, -1
	see := func(dur, dt float64) {
		n := spec.StepsFor(dur, dt)
		if lo < 0 || n < lo {
			lo = n
		}
		if n > hi {
			hi = n
		}
	}
	if s.Mode == Zip && di >= 0 && ui >= 0 { // the two axes advance together
		for k := range min(len(dts), len(durs)) {
			see(durs[k], dts[k])
		}
		return lo, hi
	}
	for _, dt := range dts {
		for _, dur := range durs {
			see(dur, dt)
		}
	}
	return lo, hi
}
