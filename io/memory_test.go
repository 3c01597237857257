package parquetio

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// TestMemoryStaysFlat streams 1e8 float64 values (10 variables of 1000 neurons for 1e4 steps, as
// a monitor would) through one Writer and checks that the heap never holds more than a fixed bound,
// although the data is 800 MB: the Writer keeps one row group, not the run.
func TestMemoryStaysFlat(t *testing.T) {
	const (
		vars    = 10
		neurons = 1000
		steps   = 10_000
		// Live: buffers of one row group (14 columns x 2^18 rows, ~33 MB with slack) plus the
		// Parquet writer's page buffers and zstd state; 55 MB measured. In use: the live heap plus
		// garbage not yet collected, up to twice the live heap with GOGC=100; 145 MB measured.
		liveBound = 100 << 20
		heapBound = 200 << 20
	)
	names := make([]string, vars)
	for i := range names {
		names[i] = "v" + strconv.Itoa(i)
	}
	path := filepath.Join(t.TempDir(), "big.parquet")
	w, err := Create(path, MonitorFields(names, Float64), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	point, step, tcol, index := w.Int32(ColPoint), w.Int32(ColStep), w.Float64(ColT), w.Int32(ColIndex)
	cols := make([]*Float64Column, vars)
	for i, name := range names {
		cols[i] = w.Float64(name)
	}

	// Membrane-potential-like random walks from a fixed xorshift seed: realistic compression,
	// and cheap enough that the writer dominates the test's time.
	state := make([]float64, vars*neurons)
	for i := range state {
		state[i] = -65
	}
	x := uint64(0x9e3779b97f4a7c15)
	var ms runtime.MemStats
	var peak uint64
	var live []uint64 // MB after a collection, every 2000 steps
	for s := range steps {
		point.AppendN(7, neurons)
		step.AppendN(int32(s), neurons)
		tcol.AppendN(float64(s)*0.1, neurons)
		index.AppendRange(0, neurons)
		for i, c := range cols {
			dst := c.Extend(neurons)
			st := state[i*neurons : (i+1)*neurons]
			for k := range dst {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				st[k] += float64(int64(x>>40)-1<<23) * 1e-7
				dst[k] = st[k]
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if s%50 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		if s%2000 == 1999 {
			// What survives a collection is what the Writer holds; it must not grow with the run.
			runtime.GC()
			runtime.ReadMemStats(&ms)
			live = append(live, ms.HeapAlloc>>20)
			if ms.HeapAlloc > liveBound {
				t.Errorf("after %d steps the live heap is %d MB, want < %d MB", s+1, ms.HeapAlloc>>20, liveBound>>20)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapInuse)
	t.Logf("peak HeapInuse %.1f MB, live heap %v MB while writing %d float64 values",
		float64(peak)/(1<<20), live, vars*neurons*steps)
	if peak > heapBound {
		t.Errorf("peak HeapInuse %d MB, want < %d MB", peak>>20, heapBound>>20)
	}

	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("file %.1f MB", float64(st.Size())/(1<<20))
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if got := pf.NumRows(); got != neurons*steps {
		t.Errorf("file has %d rows, want %d", got, neurons*steps)
	}
	if got, want := pf.NumRowGroups(), (neurons*steps+DefaultRowGroupRows-1)/DefaultRowGroupRows; got != want {
		t.Errorf("file has %d row groups, want %d", got, want)
	}
	// The last step's values of the last variable are the final state.
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, alloc)
	if err != nil {
		t.Fatal(err)
	}
	last := pf.NumRowGroups() - 1
	tbl, err := fr.ReadRowGroups(context.Background(), []int{len(MonitorFields(names, Float64)) - 1}, []int{last})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	chunks := tbl.Column(0).Data().Chunks()
	got := chunks[len(chunks)-1].(*array.Float64).Float64Values()
	got = got[len(got)-neurons:]
	want := state[(vars-1)*neurons:]
	for k := range want {
		if got[k] != want[k] || math.IsNaN(got[k]) {
			t.Fatalf("last step, neuron %d: read %v, wrote %v", k, got[k], want[k])
		}
	}
}
