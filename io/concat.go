package parquetio

import (
	"context"
	"fmt"
	"slices"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Concat writes the rows of srcs, in order, into one new file at path, atomically as [Create]
// does, and returns the number of rows. Every source must have the same columns. opts sets the
// compression and the row-group size of the new file (row groups are filled across source
// boundaries), and its Metadata is the new file's key-value metadata. Records are streamed: a
// source is never held in memory whole.
func Concat(path string, srcs []string, opts Options) (int64, error) {
	fail := func(err error) (int64, error) { return 0, fmt.Errorf("parquetio: concat into %s: %w", path, err) }
	if len(srcs) == 0 {
		return fail(fmt.Errorf("no source files"))
	}
	first, err := ReadSchema(srcs[0])
	if err != nil {
		return fail(err)
	}
	w, err := Create(path, first, opts)
	if err != nil {
		return 0, err
	}
	defer w.Abort()
	for _, src := range srcs {
		if err := w.appendFile(src, first); err != nil {
			return 0, w.fail("copy "+src+" into", err)
		}
	}
	n := w.nrows
	if err := w.Close(); err != nil {
		return 0, err
	}
	return n, nil
}

// appendFile streams the records of src into the file, past the typed column buffers (which
// must be empty).
func (w *Writer) appendFile(src string, want []Field) error {
	pf, err := file.OpenParquetFile(src, false)
	if err != nil {
		return err
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1 << 16}, w.mem)
	if err != nil {
		return err
	}
	schema, err := fr.Schema()
	if err != nil {
		return err
	}
	fields, err := fieldsOf(schema)
	if err != nil {
		return err
	}
	if !slices.Equal(fields, want) {
		return fmt.Errorf("columns %v differ from %v", fields, want)
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return err
	}
	defer rr.Release()
	for rr.Next() {
		rec := rr.RecordBatch()
		// The writer's own schema (the reader's may differ in field metadata).
		out := array.NewRecordBatch(w.schema, rec.Columns(), rec.NumRows())
		err := w.fw.WriteBuffered(out)
		out.Release()
		if err != nil {
			return err
		}
		w.nrows += rec.NumRows()
	}
	return rr.Err()
}

// ReadSchema returns the columns of a Parquet file, reading only its footer.
func ReadSchema(path string) ([]Field, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, fmt.Errorf("parquetio: read %s: %w", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return nil, fmt.Errorf("parquetio: read %s: %w", path, err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return nil, fmt.Errorf("parquetio: read %s: %w", path, err)
	}
	return fieldsOf(schema)
}

// FileRows returns a Parquet file's number of rows, reading only its footer.
func FileRows(path string) (int64, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return 0, fmt.Errorf("parquetio: read %s: %w", path, err)
	}
	defer pf.Close()
	return pf.NumRows(), nil
}
