package analysis

import "math"

// moments are the running sums of one variable of one replica: deviations from the first value
// seen (shift), so that the variance does not cancel away when the mean is large.
type moments struct {
	n          int64
	shift      float64
	sum, sumSq float64
}

// Monitor accumulates the mean and standard deviation of each variable of one monitor for the
// replicas of a world, over the window.
type Monitor struct {
	w     Window
	nvars int
	acc   []moments // replica-major: acc[r*nvars+v]
}

// NewMonitor prepares the statistics of a monitor of nvars variables over the window w.
func NewMonitor(nvars, replicas int, w Window) *Monitor {
	return &Monitor{w: w, nvars: nvars, acc: make([]moments, nvars*replicas)}
}

// Add takes a block of rows (replica, step, values[v][row]), in step order across calls.
func (m *Monitor) Add(replica, step []int32, values [][]float64) {
	if len(values) != m.nvars || len(replica) != len(step) {
		panic("analysis: Monitor.Add: slice lengths do not match")
	}
	start, stop := int32(m.w.Start), int32(m.w.Stop)
	for v, col := range values {
		if len(col) != len(step) {
			panic("analysis: Monitor.Add: slice lengths do not match")
		}
		for i, st := range step {
			if st < start || st >= stop {
				continue
			}
			a := &m.acc[int(replica[i])*m.nvars+v]
			x := col[i]
			if a.n == 0 {
				a.shift = x
			}
			d := x - a.shift
			a.n++
			a.sum += d
			a.sumSq += float64(d * d)
		}
	}
}

// N is the number of values of variable v of replica r in the window.
func (m *Monitor) N(r, v int) int64 { return m.acc[r*m.nvars+v].n }

// Mean is the mean of variable v of replica r over the window (NaN without values).
func (m *Monitor) Mean(r, v int) float64 {
	a := m.acc[r*m.nvars+v]
	if a.n == 0 {
		return math.NaN()
	}
	return a.shift + a.sum/float64(a.n)
}

// Std is the standard deviation (ddof 0) of variable v of replica r over the window.
func (m *Monitor) Std(r, v int) float64 {
	a := m.acc[r*m.nvars+v]
	if a.n == 0 {
		return math.NaN()
	}
	n := float64(a.n)
	mean := a.sum / n
	return math.Sqrt(max(0, a.sumSq/n-float64(mean*mean)))
}
