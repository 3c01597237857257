package sweep

import "math"

// Limits on what a sweep file may ask for, checked before anything runs or is written. They keep
// every count inside the types of the output (int32 step and point columns) and keep the buffers
// a point needs bounded by what the run can use.
const (
	// MaxSteps bounds a run's steps: the step column is int32.
	MaxSteps = math.MaxInt32
	// MaxPoints bounds a sweep's points. The point column is int32, and every point is built
	// and checked before a run starts; ten million points take minutes to check, so larger
	// sweeps are better split into several files.
	MaxPoints = 10_000_000
	// MaxSegments bounds an input's pieces after repeat.
	MaxSegments = 1 << 20
	// MaxNameLen bounds the names of populations, projections and monitors in bytes: they name
	// directories, and file systems allow 255 bytes per name.
	MaxNameLen = 200
	// MaxCSVBytes bounds an input's CSV file.
	MaxCSVBytes = 1 << 30
)

// stepsOK reports whether duration/dt is a step count the engine can run, with the count.
func stepsOK(duration, dt float64) (float64, bool) {
	q := math.Ceil(duration / dt)
	return q, q >= 1 && q <= MaxSteps
}
