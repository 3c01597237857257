package parquetio_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// A monitor of one variable of a 4-neuron population, streamed step by step and read back.
func Example() {
	out, err := os.MkdirTemp("", "spikesweep-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(out)

	path := parquetio.MonitorPath(out, "E.V", 0, 1)
	w, err := parquetio.Create(path, parquetio.MonitorFields([]string{"V"}, parquetio.Float64),
		parquetio.Options{Metadata: map[string]string{"dt": "0.1"}})
	if err != nil {
		log.Fatal(err)
	}
	defer w.Abort() // removes the temporary file on an early return; a no-op after Close

	// Look the columns up once, outside the step loop.
	point, step, t := w.Int32(parquetio.ColPoint), w.Int32(parquetio.ColStep), w.Float64(parquetio.ColT)
	index, v := w.Int32(parquetio.ColIndex), w.Float64("V")
	V := []float64{-65, -64, -63, -62} // the population's state
	for s := range 3 {
		for i := range V {
			V[i] += 0.5
		}
		point.AppendN(7, len(V))
		step.AppendN(int32(s), len(V))
		t.AppendN(float64(s+1)*0.1, len(V))
		index.AppendRange(0, len(V))
		v.AppendSlice(V)
		if err := w.Commit(); err != nil {
			log.Fatal(err)
		}
	}
	w.SetMetadata("seed", "42")
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}

	tb, err := parquetio.ReadDir(filepath.Dir(path))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(path), tb.NumRows, "rows")
	fmt.Println("V:", tb.Float64["V"][:4], "...", tb.Float64["V"][8:])
	fmt.Println("metadata:", tb.Metadata["dt"], tb.Metadata["seed"])
	// Output:
	// part-0000-000001.parquet 12 rows
	// V: [-64.5 -63.5 -62.5 -61.5] ... [-63.5 -62.5 -61.5 -60.5]
	// metadata: 0.1 42
}
