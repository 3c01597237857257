package parquetio

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// ColumnError is a column of a file read by [ReadNumbers] that does not hold plain numbers: its
// type is not numeric, or a value is null. Row counts from 1.
type ColumnError struct {
	Column string
	Row    int    // the first offending row, 0 when the whole column is at fault (its type)
	Reason string // "has type utf8, not numbers", "is null"
}

func (e *ColumnError) Error() string {
	if e.Row > 0 {
		return fmt.Sprintf("column %q, row %d: %s", e.Column, e.Row, e.Reason)
	}
	return fmt.Sprintf("column %q %s", e.Column, e.Reason)
}

// ReadNumbers reads every column of a Parquet file written by any tool (pandas, polars, DuckDB,
// arrow) as float64, for input files such as connectivity lists: signed and unsigned integers of
// any width, float32 and float64 are accepted. It returns the column names in file order and their
// values. A column of another type, or with a null value, gives a [*ColumnError] (wrapped); other
// failures are wrapped with the path.
func ReadNumbers(path string) (names []string, cols [][]float64, err error) {
	fail := func(err error) ([]string, [][]float64, error) {
		return nil, nil, fmt.Errorf("parquetio: read %s: %w", path, err)
	}
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return fail(err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1 << 16}, memory.DefaultAllocator)
	if err != nil {
		return fail(err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return fail(err)
	}
	for _, f := range schema.Fields() {
		if !isNumber(f.Type.ID()) {
			return fail(&ColumnError{Column: f.Name, Reason: fmt.Sprintf("has type %s, not numbers", f.Type)})
		}
		names = append(names, f.Name)
	}
	cols = make([][]float64, len(names))
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return fail(err)
	}
	defer rr.Release()
	rows := 0
	for rr.Next() {
		rec := rr.RecordBatch()
		for i := range names {
			a := rec.Column(i)
			if a.NullN() > 0 {
				k := 0
				for a.IsValid(k) {
					k++
				}
				return fail(&ColumnError{Column: names[i], Row: rows + k + 1, Reason: "is null"})
			}
			cols[i] = appendNumbers(cols[i], a)
		}
		rows += int(rec.NumRows())
	}
	if err := rr.Err(); err != nil {
		return fail(err)
	}
	return names, cols, nil
}

func isNumber(id arrow.Type) bool {
	switch id {
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
		arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64,
		arrow.FLOAT32, arrow.FLOAT64:
		return true
	}
	return false
}

func appendNumbers(dst []float64, a arrow.Array) []float64 {
	switch x := a.(type) {
	case *array.Int8:
		return appendConverted(dst, x.Int8Values())
	case *array.Int16:
		return appendConverted(dst, x.Int16Values())
	case *array.Int32:
		return appendConverted(dst, x.Int32Values())
	case *array.Int64:
		return appendConverted(dst, x.Int64Values())
	case *array.Uint8:
		return appendConverted(dst, x.Uint8Values())
	case *array.Uint16:
		return appendConverted(dst, x.Uint16Values())
	case *array.Uint32:
		return appendConverted(dst, x.Uint32Values())
	case *array.Uint64:
		return appendConverted(dst, x.Uint64Values())
	case *array.Float32:
		return appendConverted(dst, x.Float32Values())
	case *array.Float64:
		return append(dst, x.Float64Values()...)
	}
	panic("parquetio: appendNumbers: not a numeric array") // isNumber let it through
}

func appendConverted[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64 | float32](dst []float64, src []T) []float64 {
	for _, v := range src {
		dst = append(dst, float64(v))
	}
	return dst
}
