package analysis_test

import (
	"fmt"

	"github.com/spikesweep/spikesweep/analysis"
	"github.com/spikesweep/spikesweep/spec"
)

// Two neurons over 1 s at dt = 0.1 ms, analysed from 200 ms: one fires every 10 ms, the other
// every 20 ms. Events come in step order, as a spike monitor records them. In 5 ms bins the
// counts repeat (2, 0, 1, 0): Var(C) = 0.6875, the neurons' variances 0.25 and 0.1875, so
// χ² = 0.6875 / (2 · 0.4375) and χ = 0.886; both fire regularly, CV 0.
func ExampleSpikes() {
	w := analysis.NewWindow(&spec.Analysis{Start: 200, Bin: 5}, 0.1, 1000)
	total := int32(0)
	s := analysis.NewSpikes(2, 1, w, func(bin int, counts []int32) { total += counts[0] })
	for step := int32(0); step < 10000; step += 100 {
		ev := []int32{0}
		if step%200 == 0 {
			ev = append(ev, 1)
		}
		for _, i := range ev {
			s.Add([]int32{0}, []int32{step}, []int32{i})
		}
	}
	s.Finish()
	fmt.Printf("window %d..%d steps, %d bins\n", w.Start, w.Stop, w.Bins())
	fmt.Printf("rate %.1f Hz, CV %.1f, χ %.2f, spikes in bins %d\n", s.Rate(0), s.CV(0), s.Sync(0), total)
	// Output:
	// window 2000..10000 steps, 160 bins
	// rate 75.0 Hz, CV 0.0, χ 0.89, spikes in bins 120
}
