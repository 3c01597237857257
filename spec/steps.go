package spec

import (
	"fmt"
	"math"
	"slices"
)

// StepsFor is ceil(duration/dt) with a float division, as numpy.arange(0, duration, dt) counts.
func StepsFor(duration, dt float64) int { return int(math.Ceil(duration / dt)) }

// SegmentSteps is the number of steps one constant_current segment covers: int(duration/dt),
// a truncation (SEMANTICS.md §4).
func SegmentSteps(duration, dt float64) int { return int(duration / dt) }

// SpikeStep is the step at which a spike given at t ms fires: int((t + 0.001*dt)/dt), Brian2's
// timestep(): the step whose interval [i*dt, (i+1)*dt) holds t, with a time a hair below a
// multiple of dt (rounding error) counted in the step it names.
func SpikeStep(t, dt float64) int { return int((t + 1e-3*dt) / dt) }

// SpikeTimesError says why one neuron's spike times (ms) cannot be replayed at dt, or "": a time
// is not finite or negative, or two fall in one step (Brian2 refuses that too).
func SpikeTimesError(times []float64, dt float64) string {
	steps := make([]int, len(times))
	for i, t := range times {
		if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 {
			return fmt.Sprintf("spike time %v is not a finite time >= 0", t)
		}
		steps[i] = SpikeStep(t, dt)
	}
	slices.Sort(steps)
	for i := 1; i < len(steps); i++ {
		if steps[i] == steps[i-1] {
			return fmt.Sprintf("two spikes in step %d (t = %v ms) at dt = %v ms; a neuron spikes at most once per step", steps[i], float64(steps[i])*dt, dt)
		}
	}
	return ""
}
