package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// stpSweep is bench/w4.toml (W3's 512-point STP sweep, bench/brian2/README.md, repeated) with
// points points, each run for duration ms: the file itself is 2^20 points of 100 ms.
func stpSweep(b *testing.B, points int, duration float64) *sweep.Sweep {
	w4, err := os.ReadFile("w4.toml")
	if err != nil {
		b.Fatal(err)
	}
	src := string(w4)
	for _, r := range [][2]string{
		{"duration = 100.0\n", fmt.Sprintf("duration = %g\n", duration)},
		{"repeats = 2048\n", fmt.Sprintf("repeats = %d\n", points/512)},
	} {
		if !strings.Contains(src, r[0]) {
			b.Fatalf("bench/w4.toml has no line %q to set", strings.TrimSpace(r[0]))
		}
		src = strings.Replace(src, r[0], r[1], 1)
	}
	f := filepath.Join(b.TempDir(), "stp.toml")
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	sw, err := sweep.Load(f, systems.Catalog())
	if err != nil {
		b.Fatal(err)
	}
	return sw
}

// peakHeap samples the bytes of heap objects (live and not yet swept) every millisecond until
// stop is closed, and sends the largest value seen.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				out <- peak
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return out
}

// BenchmarkSweepMemory runs an STP sweep of 2^16 and 2^20 points (W4's size, 10 ms each to keep
// it short: memory does not depend on the duration) through the runner, as `batch run` does,
// and reports the peak heap. It must not grow with the number of points: the runner builds
// points a batch at a time and the dataset keeps one bool per finished point. The CLI's peak RSS
// is this plus the runtime's own and the binary (about 30 MB):
//
//	go test -run '^$' -bench 'SweepMemory/points=1048576' -benchtime 1x ./bench
func BenchmarkSweepMemory(b *testing.B) {
	for _, points := range []int{1 << 16, 1 << 20} {
		b.Run(fmt.Sprintf("points=%d", points), func(b *testing.B) {
			sw := stpSweep(b, points, 10)
			var peak uint64
			for b.Loop() {
				out := b.TempDir()
				runtime.GC()
				stop := make(chan struct{})
				got := peakHeap(stop)
				sum, err := runner.Run(sw, runner.Options{Out: out, Workers: 1})
				close(stop)
				peak = max(peak, <-got)
				if err != nil || sum.OK != points {
					b.Fatalf("%d of %d points ok, %v", sum.OK, points, err)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(points)*float64(b.N)/b.Elapsed().Seconds(), "points/s")
		})
	}
}
