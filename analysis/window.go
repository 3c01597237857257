package analysis

import (
	"math"

	"github.com/spikesweep/spikesweep/spec"
)

// DefaultBin is the population-rate bin width without an [analysis] bin, ms (rounded to whole
// steps, at least one).
const DefaultBin = 1.0

// Window is the analysed part of a run in steps: [Start, Stop), cut into bins of Bin steps from
// Start (the last bin may be shorter).
type Window struct {
	Start, Stop int
	Bin         int
	Dt          float64 // ms per step
}

// NewWindow resolves an analysis configuration (nil: the whole run, default bin) for a run of
// duration ms at step dt. Times are converted to steps by rounding when within 1e-9 of a whole
// step (200 ms at dt 0.1 is step 2000, although 200/0.1 is 2000.0000000000002), else up: a step
// belongs to the window when its time is at or after start and before stop.
func NewWindow(a *spec.Analysis, dt, duration float64) Window {
	steps := spec.StepsFor(duration, dt)
	w := Window{Start: 0, Stop: steps, Bin: max(1, int(math.Round(DefaultBin/dt))), Dt: dt}
	if a == nil {
		return w
	}
	w.Start = min(steps, stepAt(a.Start, dt))
	if a.Stop > 0 {
		w.Stop = min(steps, stepAt(a.Stop, dt))
	}
	w.Stop = max(w.Stop, w.Start)
	if a.Bin > 0 {
		w.Bin = max(1, int(math.Round(a.Bin/dt)))
	}
	return w
}

// stepAt is the first step whose time (step*dt) is at or after ms.
func stepAt(ms, dt float64) int {
	q := ms / dt
	if k := math.Round(q); math.Abs(q-k) <= 1e-9*max(1, k) {
		return int(k)
	}
	return int(math.Ceil(q))
}

// Steps is the number of steps in the window.
func (w Window) Steps() int { return w.Stop - w.Start }

// Seconds is the window's length in seconds.
func (w Window) Seconds() float64 { return float64(w.Steps()) * w.Dt / 1000 }

// Bins is the number of bins, the last one possibly partial.
func (w Window) Bins() int { return (w.Steps() + w.Bin - 1) / w.Bin }

// FullBins is the number of whole bins: those the synchrony measure uses.
func (w Window) FullBins() int { return w.Steps() / w.Bin }

// BinSteps is the number of steps of bin b (Bin, or fewer for the last one).
func (w Window) BinSteps(b int) int { return min(w.Bin, w.Steps()-b*w.Bin) }
