package sweep

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/spikesweep/spikesweep/systems"
)

// maxParseAlloc bounds what parsing and validating one sweep file may allocate: the limits keep
// axes at MaxPoints values (80 MB) and inputs at MaxSegments pieces.
const maxParseAlloc = 1 << 30

// FuzzSweep: any input gives either a sweep whose first and last points build, or *Error values
// only; never a panic, a hang or an allocation beyond maxParseAlloc. The seed corpus is every
// shipped sweep, every BrainPy example and every file of testdata/badsweeps.
// scripts/test.sh runs it for a bounded time: go test -run '^$' -fuzz FuzzSweep -fuzztime 20s ./sweep
func FuzzSweep(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"../sweeps/*.toml", "../examples/brainpy/*.toml", "../testdata/badsweeps/*.toml", "testdata/*.toml"} {
		files, _ := filepath.Glob(pattern)
		seeds = append(seeds, files...)
	}
	if len(seeds) < 60 {
		f.Fatalf("seed corpus has %d files", len(seeds))
	}
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("\xef\xbb\xbf[run]\nduration = 1.0\n"))
	dir := f.TempDir() // CSV paths resolve here, where there are none
	cat := systems.Catalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		sw, err := Parse("fuzz.toml", data, cat, dir)
		runtime.ReadMemStats(&after)
		if d := after.TotalAlloc - before.TotalAlloc; d > maxParseAlloc {
			t.Fatalf("parsing %d bytes allocated %d MiB", len(data), d>>20)
		}
		if err != nil {
			errs := Errors(err)
			if len(errs) == 0 {
				t.Fatalf("error is not a *sweep.Error: %T %v", err, err)
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("errors.As finds no *sweep.Error in %v", err)
			}
			return
		}
		if sw.Len() < 1 || sw.Len() > MaxPoints {
			t.Fatalf("%d points", sw.Len())
		}
		if steps := sw.Base.Steps(); steps < 1 || steps > MaxSteps {
			t.Fatalf("%d steps", steps)
		}
		for _, id := range []int{0, sw.Len() - 1} {
			if p := sw.Point(id); p.Net == nil || len(p.Values) != len(sw.Axes) {
				t.Fatalf("point %d is incomplete", id)
			}
		}
	})
}
