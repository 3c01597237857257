//go:build !(goexperiment.simd && amd64)

package equations

// Without GOEXPERIMENT=simd on amd64 the VM has no vector parts: every element takes the
// portable loop. Each function reports that it did no element.

const simdBuild = false

var vecLanes = 0

func binVVVec(op uint8, d, x, y []float64) int                                    { return 0 }
func binVSVec(op uint8, d, x []float64, y float64) int                            { return 0 }
func binSVVec(op uint8, d []float64, x float64, y []float64) int                  { return 0 }
func fusedVec(sel int, d, a, b, c []float64, as, bs, cs float64) int              { return 0 }
func storeFusedVec(sel int, d, e, a, b []float64, as, bs, dt, t, ref float64) int { return 0 }
func storeEulerVec(d, inc, e []float64, mode uint8, dt, t, ref float64) int       { return 0 }
func storeAddVec(d, inc, e []float64, mode uint8, dt, t, ref float64) int         { return 0 }
func whereVec(d, c, x, y []float64) int                                           { return 0 }
func bcastVec(d []float64, x float64) int                                         { return 0 }
func sinceLeVec(d, last, refV []float64, t, ref float64) int                      { return 0 }
func thresholdVec(p *spikePass) (int, bool)                                       { return 0, false }
