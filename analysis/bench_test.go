package analysis

import (
	"fmt"
	"testing"

	"github.com/spikesweep/spikesweep/spec"
)

// benchmarkSpikes feeds n neurons' independent trains at 10 Hz (dt 0.1 ms), 1000 steps per
// iteration, in blocks as the runner's sink hands them over; it reports ns per spike.
func benchmarkSpikes(b *testing.B, n int) {
	tr := bernoulli(1, n, 1, 1000, 0.001)
	w := NewWindow(&spec.Analysis{Bin: 1}, 0.1, 1e9)
	s := NewSpikes(n, 1, w, func(int, []int32) {})
	offset := int32(0)
	step := make([]int32, len(tr.step))
	b.ResetTimer()
	for b.Loop() {
		for i, st := range tr.step {
			step[i] = st + offset
		}
		s.Add(tr.replica, step, tr.index)
		offset += 1000
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(tr.step)), "ns/spike")
}

func BenchmarkSpikes(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchmarkSpikes(b, n) })
	}
}

// benchmarkMonitor feeds rows of 2 variables; it reports ns per value.
func benchmarkMonitor(b *testing.B, rows int) {
	rep, step := make([]int32, rows), make([]int32, rows)
	vals := [][]float64{make([]float64, rows), make([]float64, rows)}
	for i := range rows {
		rep[i], step[i] = int32(i%8), int32(i/1000)
		vals[0][i], vals[1][i] = float64(i%97), float64(i%13)
	}
	m := NewMonitor(2, 8, NewWindow(nil, 0.1, 1e9))
	for b.Loop() {
		m.Add(rep, step, vals)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows*2), "ns/value")
}

func BenchmarkMonitor(b *testing.B) {
	for _, n := range []int{1 << 12, 1 << 18} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchmarkMonitor(b, n) })
	}
}
