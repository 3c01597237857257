package parquetio

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Table is a Parquet dataset read back into plain Go slices, for tests and small tools. Each
// column is in exactly one of the typed maps, according to its type.
type Table struct {
	Fields  []Field // columns in file order
	NumRows int

	Int32   map[string][]int32
	Int64   map[string][]int64
	Uint64  map[string][]uint64
	Float32 map[string][]float32
	Float64 map[string][]float64
	String  map[string][]string

	// Metadata is the key-value metadata. For ReadDir it holds the keys whose values agree in
	// every file (engine version, dt, ...); Files has each file's own.
	Metadata map[string]string
	Files    []FileInfo
}

// FileInfo describes one file read into a Table.
type FileInfo struct {
	Path     string
	NumRows  int
	Metadata map[string]string
}

// Floats returns any numeric column converted to float64, for plotting and comparisons.
// ok is false if there is no numeric column of that name.
func (t *Table) Floats(name string) (v []float64, ok bool) {
	if v, ok := t.Float64[name]; ok {
		return v, true
	}
	switch {
	case t.Float32[name] != nil:
		return convert(t.Float32[name]), true
	case t.Int32[name] != nil:
		return convert(t.Int32[name]), true
	case t.Int64[name] != nil:
		return convert(t.Int64[name]), true
	case t.Uint64[name] != nil:
		return convert(t.Uint64[name]), true
	}
	return nil, false
}

func convert[T float32 | int32 | int64 | uint64](src []T) []float64 {
	dst := make([]float64, len(src))
	for i, v := range src {
		dst[i] = float64(v)
	}
	return dst
}

func newTable(fields []Field) *Table {
	t := &Table{
		Fields:  fields,
		Int32:   map[string][]int32{},
		Int64:   map[string][]int64{},
		Uint64:  map[string][]uint64{},
		Float32: map[string][]float32{},
		Float64: map[string][]float64{},
		String:  map[string][]string{},
	}
	// Present and non-nil even with no rows, so that Floats and lookups see the column.
	for _, f := range fields {
		switch f.Type {
		case Int32:
			t.Int32[f.Name] = []int32{}
		case Int64:
			t.Int64[f.Name] = []int64{}
		case Uint64:
			t.Uint64[f.Name] = []uint64{}
		case Float32:
			t.Float32[f.Name] = []float32{}
		case Float64:
			t.Float64[f.Name] = []float64{}
		case String:
			t.String[f.Name] = []string{}
		}
	}
	return t
}

// ReadFile reads a whole Parquet file of int32, int64, uint64, float32, float64 and string columns.
func ReadFile(path string) (*Table, error) {
	return readFile(path, nil, memory.DefaultAllocator)
}

// ReadDir reads every "*.parquet" file of dir (temporary files of unfinished writers are hidden
// and do not match), in sorted name order, into one Table. The files must have the same columns.
func ReadDir(dir string) (*Table, error) {
	// os.ReadDir rather than filepath.Glob: a directory name may hold glob characters.
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("parquetio: read %s: %w", dir, err)
	}
	var paths []string // sorted, as os.ReadDir returns them
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".parquet") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("parquetio: read %s: no *.parquet files", dir)
	}
	var t *Table
	for _, p := range paths {
		if t, err = readFile(p, t, memory.DefaultAllocator); err != nil {
			return nil, err
		}
	}
	// Keep only the metadata every file agrees on.
	for k, v := range t.Metadata {
		for _, f := range t.Files[1:] {
			if fv, ok := f.Metadata[k]; !ok || fv != v {
				delete(t.Metadata, k)
				break
			}
		}
	}
	return t, nil
}

// readFile appends the rows of path to t, or to a new Table if t is nil.
func readFile(path string, t *Table, mem memory.Allocator) (*Table, error) {
	fail := func(err error) (*Table, error) {
		return nil, fmt.Errorf("parquetio: read %s: %w", path, err)
	}
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return fail(err)
	}
	defer pf.Close()
	meta := map[string]string{}
	kv := pf.MetaData().KeyValueMetadata()
	for i, k := range kv.Keys() {
		meta[k] = kv.Values()[i]
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1 << 16}, mem)
	if err != nil {
		return fail(err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return fail(err)
	}
	fields, err := fieldsOf(schema)
	if err != nil {
		return fail(err)
	}
	if t == nil {
		t = newTable(fields)
		t.Metadata = meta
	} else if !slices.Equal(t.Fields, fields) {
		return fail(fmt.Errorf("columns %v differ from those of %s: %v", fields, t.Files[0].Path, t.Fields))
	}
	// A record reader rather than ReadTable: it holds one batch of arrow data at a time, so a
	// large file costs its Go slices and little more.
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return fail(err)
	}
	defer rr.Release()
	n := 0
	for rr.Next() {
		rec := rr.RecordBatch()
		for i, f := range fields {
			if err := appendColumn(t, f, rec.Column(i)); err != nil {
				return fail(err)
			}
		}
		n += int(rec.NumRows())
	}
	if err := rr.Err(); err != nil {
		return fail(err)
	}
	t.NumRows += n
	t.Files = append(t.Files, FileInfo{Path: path, NumRows: n, Metadata: meta})
	return t, nil
}

func fieldsOf(s *arrow.Schema) ([]Field, error) {
	fields := make([]Field, s.NumFields())
	for i, f := range s.Fields() {
		var typ Type
		switch f.Type.ID() {
		case arrow.INT32:
			typ = Int32
		case arrow.INT64:
			typ = Int64
		case arrow.UINT64:
			typ = Uint64
		case arrow.FLOAT32:
			typ = Float32
		case arrow.FLOAT64:
			typ = Float64
		case arrow.STRING:
			typ = String
		default:
			return nil, fmt.Errorf("column %q has type %s, which parquetio does not read", f.Name, f.Type)
		}
		fields[i] = Field{f.Name, typ}
	}
	return fields, nil
}

func appendColumn(t *Table, f Field, a arrow.Array) error {
	if a.NullN() > 0 {
		// Files written by Writer have required columns; a tool reading other files should hear
		// about nulls rather than see zeros.
		return fmt.Errorf("column %q has null values, which parquetio does not read", f.Name)
	}
	switch f.Type {
	case Int32:
		t.Int32[f.Name] = append(t.Int32[f.Name], a.(*array.Int32).Int32Values()...)
	case Int64:
		t.Int64[f.Name] = append(t.Int64[f.Name], a.(*array.Int64).Int64Values()...)
	case Uint64:
		t.Uint64[f.Name] = append(t.Uint64[f.Name], a.(*array.Uint64).Uint64Values()...)
	case Float32:
		t.Float32[f.Name] = append(t.Float32[f.Name], a.(*array.Float32).Float32Values()...)
	case Float64:
		t.Float64[f.Name] = append(t.Float64[f.Name], a.(*array.Float64).Float64Values()...)
	case String:
		s := a.(*array.String)
		for i := range s.Len() {
			// Value points into the arrow buffer, which is released after this batch.
			t.String[f.Name] = append(t.String[f.Name], strings.Clone(s.Value(i)))
		}
	}
	return nil
}
