package parquetio

import (
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// voltages returns n membrane-potential-like values: a random walk around -65 mV per neuron, so
// that the data compresses like a real monitor's rather than like pure noise or constants.
func voltages(seed uint64, neurons, steps int) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	v := make([]float64, neurons*steps)
	for i := range neurons {
		v[i] = -65 + 5*rng.Float64()
	}
	for s := 1; s < steps; s++ {
		prev, cur := v[(s-1)*neurons:s*neurons], v[s*neurons:(s+1)*neurons]
		for i := range cur {
			cur[i] = prev[i] + 0.2*rng.NormFloat64()
		}
	}
	return v
}

// reportRates reports float64 values per second of wall time and per second of the process's CPU
// time (all threads: with -cpu 1 that is the one core running Go code plus the kernel's write
// work and the garbage collector's).
func reportRates(b *testing.B, values int, elapsed, cpu time.Duration) {
	total := float64(b.N) * float64(values)
	b.ReportMetric(total/elapsed.Seconds(), "values/s")
	if cpu > 0 {
		b.ReportMetric(total/cpu.Seconds(), "values/cpu-s")
	}
}

// benchmarkWriter measures float64 values per second written to a zstd Parquet monitor file with
// vars float64 columns of neurons rows per step, plus the point, step, t and index columns every
// monitor has. One iteration writes and closes a file of values float64 values.
func benchmarkWriter(b *testing.B, vars, neurons, values int) {
	steps := values / (vars * neurons)
	// Every value precomputed and distinct: the benchmark measures the writer, not the RNG, and
	// repeated data would let zstd find matches a real run does not offer.
	src := voltages(1, vars*neurons, steps)
	names := make([]string, vars)
	for i := range names {
		names[i] = "v" + strconv.Itoa(i)
	}
	dir := b.TempDir()
	b.ReportAllocs()
	b.SetBytes(int64(steps * neurons * vars * 8))
	var elapsed, cpu time.Duration
	for b.Loop() {
		start, cpu0 := time.Now(), cpuTime()
		w, err := Create(filepath.Join(dir, "bench.parquet"), MonitorFields(names, Float64), Options{})
		if err != nil {
			b.Fatal(err)
		}
		point, step, t, index := w.Int32(ColPoint), w.Int32(ColStep), w.Float64(ColT), w.Int32(ColIndex)
		cols := make([]*Float64Column, vars)
		for i, name := range names {
			cols[i] = w.Float64(name)
		}
		for s := range steps {
			point.AppendN(0, neurons)
			step.AppendN(int32(s), neurons)
			t.AppendN(float64(s)*0.1, neurons)
			index.AppendRange(0, neurons)
			row := src[s*vars*neurons : (s+1)*vars*neurons]
			for i, c := range cols {
				c.AppendSlice(row[i*neurons : (i+1)*neurons])
			}
			if err := w.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
	}
	reportRates(b, steps*neurons*vars, elapsed, cpu)
}

// benchmarkFloat64 measures a table of cols float64 columns and nothing else: the writer's
// throughput on the values alone. One iteration writes and closes a file of values values.
func benchmarkFloat64(b *testing.B, cols, values int) {
	rows := values / cols
	src := voltages(2, cols, rows)
	fields := make([]Field, cols)
	for i := range fields {
		fields[i] = Field{"v" + strconv.Itoa(i), Float64}
	}
	dir := b.TempDir()
	b.ReportAllocs()
	b.SetBytes(int64(rows * cols * 8))
	var elapsed, cpu time.Duration
	for b.Loop() {
		start, cpu0 := time.Now(), cpuTime()
		w, err := Create(filepath.Join(dir, "bench.parquet"), fields, Options{})
		if err != nil {
			b.Fatal(err)
		}
		bufs := make([]*Float64Column, cols)
		for i, f := range fields {
			bufs[i] = w.Float64(f.Name)
		}
		// Blocks of 1000 rows, as a monitor of 1000 neurons would append them.
		const block = 1000
		for r := 0; r < rows; r += block {
			n := min(block, rows-r)
			for i, c := range bufs {
				dst := c.Extend(n)
				for k := range dst {
					dst[k] = src[(r+k)*cols+i]
				}
			}
			if err := w.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
	}
	reportRates(b, rows*cols, elapsed, cpu)
}

func BenchmarkWriterFloat64_1Col_16M(b *testing.B)  { benchmarkFloat64(b, 1, 16_000_000) }
func BenchmarkWriterFloat64_10Col_16M(b *testing.B) { benchmarkFloat64(b, 10, 16_000_000) }

// One float64 variable of 1000 neurons: the monitor columns cost as much as the values.
func BenchmarkWriter_1Var_1k_1M(b *testing.B)   { benchmarkWriter(b, 1, 1000, 1_000_000) }
func BenchmarkWriter_1Var_10k_16M(b *testing.B) { benchmarkWriter(b, 1, 10_000, 16_000_000) }

// Ten variables per row: the float64 values dominate.
func BenchmarkWriter_10Vars_1k_16M(b *testing.B) { benchmarkWriter(b, 10, 1000, 16_000_000) }
