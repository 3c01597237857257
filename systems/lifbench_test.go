package systems

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkLIFStep is one exponential-Euler step of 1024 LIF neurons with a drive, with four and
// eight lanes (the neurons fire and are refractory at W4's rates).
func BenchmarkLIFStep(b *testing.B) {
	defer func(v bool) { hasAVX512 = v }(hasAVX512)
	for _, eight := range []bool{false, true} {
		b.Run(fmt.Sprintf("avx512=%v", eight), func(b *testing.B) {
			hasAVX512 = eight
			r := rand.New(rand.NewPCG(5, 6))
			const n = 1024
			p := &lifStep{dt: 0.1, vRest: 0, vReset: -5, vTh: 20, res: 1, tau: 10, tRef: 5,
				v: randomSlice(r, n, -5, 20), input: make([]float64, n), tLast: randomSlice(r, n, -20, 0),
				spike: make([]bool, n), refr: make([]bool, n), count: make([]int64, n), drive: &Drive{Value: 28}}
			e := math.Exp(-0.1 / 10)
			step := 0
			for b.Loop() {
				p.t = float64(step) * 0.1
				p.expEuler(e)
				step++
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N)/n, "ns/neuron")
		})
	}
}
