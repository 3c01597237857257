package spec

import "math"

// StepsFor is ceil(duration/dt) with a float division, as numpy.arange(0, duration, dt) counts.
func StepsFor(duration, dt float64) int { return int(math.Ceil(duration / dt)) }

// SegmentSteps is the number of steps one constant_current segment covers: int(duration/dt),
// a truncation (SEMANTICS.md §4).
func SegmentSteps(duration, dt float64) int { return int(duration / dt) }
