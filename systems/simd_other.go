//go:build !(goexperiment.simd && amd64)

package systems

// Without GOEXPERIMENT=simd on amd64 the kernels have no vector parts: every element takes the
// scalar loop, which gives the same bits.

// SIMD reports whether the kernels were built with vector parts (simd_amd64.go).
const SIMD = false

var pairLanes, hasAVX512 = 0, false

func (p *stpPairs) vector() int                                        { return 0 }
func (p *lifStep) vectorLIF(from int, e float64, exp bool) int         { return from }
func (p *lifStep) vectorLIF8(e float64, exp bool) int                  { return 0 }
func (l *lif) vectorPerNeuron(t float64, q *lifParams, lo, hi int) int { return lo }
func outputDecayVector(input, S []float64, g, e float64) int           { return 0 }
