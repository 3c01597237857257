package parquetio

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// column is what the Writer needs of a buffer when it writes a row group. Its methods run once
// per column per row group, never per row.
type column interface {
	name() string
	len() int
	// array returns the buffered values [lo, hi) as an arrow array; the caller releases it.
	array(mem memory.Allocator, lo, hi int) arrow.Array
	// drop removes the first n buffered values, keeping the rest at the front.
	drop(n int)
	// free lets the buffer be collected.
	free()
}

// Float64Column buffers the values of one float64 column until the Writer writes them.
// Append to every column of a Writer the same number of rows, then call [Writer.Commit].
type Float64Column struct {
	colName string
	data    []float64
	hint    int // capacity to grow to: one row group and a little
}

// Name returns the column's name.
func (c *Float64Column) Name() string { return c.colName }

// Len returns the number of values buffered and not yet written.
func (c *Float64Column) Len() int { return len(c.data) }

// Append adds one value.
func (c *Float64Column) Append(v float64) {
	if len(c.data) == cap(c.data) {
		c.data = grow(c.data, 1, c.hint)
	}
	c.data = append(c.data, v)
}

// AppendSlice adds a copy of src.
func (c *Float64Column) AppendSlice(src []float64) {
	c.data = grow(c.data, len(src), c.hint)
	c.data = append(c.data, src...)
}

// AppendN adds n copies of v, e.g. the time of a step for each of its rows.
func (c *Float64Column) AppendN(v float64, n int) {
	fill(c.Extend(n), v)
}

// Extend adds n values and returns them for the caller to fill in place (they hold stale data).
// The slice is valid until the next call on the column or the Writer.
func (c *Float64Column) Extend(n int) []float64 {
	c.data = extend(c.data, n, c.hint)
	return c.data[len(c.data)-n:]
}

func (c *Float64Column) name() string { return c.colName }
func (c *Float64Column) len() int     { return len(c.data) }
func (c *Float64Column) free()        { c.data = nil }
func (c *Float64Column) drop(n int)   { c.data = dropFront(c.data, n) }
func (c *Float64Column) array(_ memory.Allocator, lo, hi int) arrow.Array {
	data := wrap(arrow.PrimitiveTypes.Float64, arrow.Float64Traits.CastToBytes(c.data[lo:hi]), hi-lo)
	defer data.Release()
	return array.NewFloat64Data(data)
}

// Float32Column buffers the values of one float32 column; see [Float64Column].
type Float32Column struct {
	colName string
	data    []float32
	hint    int // capacity to grow to: one row group and a little
}

// Name returns the column's name.
func (c *Float32Column) Name() string { return c.colName }

// Len returns the number of values buffered and not yet written.
func (c *Float32Column) Len() int { return len(c.data) }

// Append adds one value.
func (c *Float32Column) Append(v float32) {
	if len(c.data) == cap(c.data) {
		c.data = grow(c.data, 1, c.hint)
	}
	c.data = append(c.data, v)
}

// AppendSlice adds a copy of src.
func (c *Float32Column) AppendSlice(src []float32) {
	c.data = grow(c.data, len(src), c.hint)
	c.data = append(c.data, src...)
}

// AppendFloat64s adds src converted to float32, for a float32 monitor of float64 state.
func (c *Float32Column) AppendFloat64s(src []float64) {
	dst := c.Extend(len(src))
	for i, v := range src {
		dst[i] = float32(v)
	}
}

// AppendN adds n copies of v.
func (c *Float32Column) AppendN(v float32, n int) { fill(c.Extend(n), v) }

// Extend adds n values and returns them for the caller to fill in place; see
// [Float64Column.Extend].
func (c *Float32Column) Extend(n int) []float32 {
	c.data = extend(c.data, n, c.hint)
	return c.data[len(c.data)-n:]
}

func (c *Float32Column) name() string { return c.colName }
func (c *Float32Column) len() int     { return len(c.data) }
func (c *Float32Column) free()        { c.data = nil }
func (c *Float32Column) drop(n int)   { c.data = dropFront(c.data, n) }
func (c *Float32Column) array(_ memory.Allocator, lo, hi int) arrow.Array {
	data := wrap(arrow.PrimitiveTypes.Float32, arrow.Float32Traits.CastToBytes(c.data[lo:hi]), hi-lo)
	defer data.Release()
	return array.NewFloat32Data(data)
}

// Int32Column buffers the values of one int32 column; see [Float64Column].
type Int32Column struct {
	colName string
	data    []int32
	hint    int // capacity to grow to: one row group and a little
}

// Name returns the column's name.
func (c *Int32Column) Name() string { return c.colName }

// Len returns the number of values buffered and not yet written.
func (c *Int32Column) Len() int { return len(c.data) }

// Append adds one value.
func (c *Int32Column) Append(v int32) {
	if len(c.data) == cap(c.data) {
		c.data = grow(c.data, 1, c.hint)
	}
	c.data = append(c.data, v)
}

// AppendSlice adds a copy of src.
func (c *Int32Column) AppendSlice(src []int32) {
	c.data = grow(c.data, len(src), c.hint)
	c.data = append(c.data, src...)
}

// AppendN adds n copies of v, e.g. the point id or step for each row of a step.
func (c *Int32Column) AppendN(v int32, n int) { fill(c.Extend(n), v) }

// AppendRange adds first, first+1, ..., first+n-1, e.g. the index column of a monitor that
// records a whole population.
func (c *Int32Column) AppendRange(first int32, n int) {
	dst := c.Extend(n)
	for i := range dst {
		dst[i] = first + int32(i)
	}
}

// Extend adds n values and returns them for the caller to fill in place; see
// [Float64Column.Extend].
func (c *Int32Column) Extend(n int) []int32 {
	c.data = extend(c.data, n, c.hint)
	return c.data[len(c.data)-n:]
}

func (c *Int32Column) name() string { return c.colName }
func (c *Int32Column) len() int     { return len(c.data) }
func (c *Int32Column) free()        { c.data = nil }
func (c *Int32Column) drop(n int)   { c.data = dropFront(c.data, n) }
func (c *Int32Column) array(_ memory.Allocator, lo, hi int) arrow.Array {
	data := wrap(arrow.PrimitiveTypes.Int32, arrow.Int32Traits.CastToBytes(c.data[lo:hi]), hi-lo)
	defer data.Release()
	return array.NewInt32Data(data)
}

// Int64Column buffers the values of one int64 column; see [Float64Column].
type Int64Column struct {
	colName string
	data    []int64
	hint    int // capacity to grow to: one row group and a little
}

// Name returns the column's name.
func (c *Int64Column) Name() string { return c.colName }

// Len returns the number of values buffered and not yet written.
func (c *Int64Column) Len() int { return len(c.data) }

// Append adds one value.
func (c *Int64Column) Append(v int64) {
	if len(c.data) == cap(c.data) {
		c.data = grow(c.data, 1, c.hint)
	}
	c.data = append(c.data, v)
}

// AppendSlice adds a copy of src.
func (c *Int64Column) AppendSlice(src []int64) {
	c.data = grow(c.data, len(src), c.hint)
	c.data = append(c.data, src...)
}

// AppendN adds n copies of v.
func (c *Int64Column) AppendN(v int64, n int) { fill(c.Extend(n), v) }

// Extend adds n values and returns them for the caller to fill in place; see
// [Float64Column.Extend].
func (c *Int64Column) Extend(n int) []int64 {
	c.data = extend(c.data, n, c.hint)
	return c.data[len(c.data)-n:]
}

func (c *Int64Column) name() string { return c.colName }
func (c *Int64Column) len() int     { return len(c.data) }
func (c *Int64Column) free()        { c.data = nil }
func (c *Int64Column) drop(n int)   { c.data = dropFront(c.data, n) }
func (c *Int64Column) array(_ memory.Allocator, lo, hi int) arrow.Array {
	data := wrap(arrow.PrimitiveTypes.Int64, arrow.Int64Traits.CastToBytes(c.data[lo:hi]), hi-lo)
	defer data.Release()
	return array.NewInt64Data(data)
}

// Uint64Column buffers the values of one uint64 column (Parquet UINT64: DuckDB reads it as
// UBIGINT, pandas as uint64), such as the points table's seeds; see [Float64Column].
type Uint64Column struct {
	colName string
	data    []uint64
	hint    int // capacity to grow to: one row group and a little
}

// Name returns the column's name.
func (c *Uint64Column) Name() string { return c.colName }

// Len returns the number of values buffered and not yet written.
func (c *Uint64Column) Len() int { return len(c.data) }

// Append adds one value.
func (c *Uint64Column) Append(v uint64) {
	if len(c.data) == cap(c.data) {
		c.data = grow(c.data, 1, c.hint)
	}
	c.data = append(c.data, v)
}

// AppendSlice adds a copy of src.
func (c *Uint64Column) AppendSlice(src []uint64) {
	c.data = grow(c.data, len(src), c.hint)
	c.data = append(c.data, src...)
}

// AppendN adds n copies of v.
func (c *Uint64Column) AppendN(v uint64, n int) { fill(c.Extend(n), v) }

// Extend adds n values and returns them for the caller to fill in place; see
// [Float64Column.Extend].
func (c *Uint64Column) Extend(n int) []uint64 {
	c.data = extend(c.data, n, c.hint)
	return c.data[len(c.data)-n:]
}

func (c *Uint64Column) name() string { return c.colName }
func (c *Uint64Column) len() int     { return len(c.data) }
func (c *Uint64Column) free()        { c.data = nil }
func (c *Uint64Column) drop(n int)   { c.data = dropFront(c.data, n) }
func (c *Uint64Column) array(_ memory.Allocator, lo, hi int) arrow.Array {
	data := wrap(arrow.PrimitiveTypes.Uint64, arrow.Uint64Traits.CastToBytes(c.data[lo:hi]), hi-lo)
	defer data.Release()
	return array.NewUint64Data(data)
}

// StringColumn buffers the values of one string column, for small tables such as the points
// table (a status per point); see [Float64Column].
type StringColumn struct {
	colName string
	data    []string
	hint    int // capacity to grow to: one row group and a little
}

// Name returns the column's name.
func (c *StringColumn) Name() string { return c.colName }

// Len returns the number of values buffered and not yet written.
func (c *StringColumn) Len() int { return len(c.data) }

// Append adds one value.
func (c *StringColumn) Append(v string) {
	if len(c.data) == cap(c.data) {
		c.data = grow(c.data, 1, c.hint)
	}
	c.data = append(c.data, v)
}

// AppendSlice adds a copy of src.
func (c *StringColumn) AppendSlice(src []string) {
	c.data = grow(c.data, len(src), c.hint)
	c.data = append(c.data, src...)
}

func (c *StringColumn) name() string { return c.colName }
func (c *StringColumn) len() int     { return len(c.data) }
func (c *StringColumn) free()        { c.data = nil }
func (c *StringColumn) drop(n int) {
	c.data = dropFront(c.data, n)
	// Let the dropped strings be collected: the tail of the backing array still points to them.
	clear(c.data[len(c.data):cap(c.data)])
}
func (c *StringColumn) array(mem memory.Allocator, lo, hi int) arrow.Array {
	// Strings need offsets and one data buffer, so they are copied; string columns are for
	// small tables, not for the per-step monitor streams.
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.AppendValues(c.data[lo:hi], nil)
	return b.NewArray()
}

// wrap makes arrow array data that points at Go memory without copying it. The buffer has no
// allocator, so releasing the array frees nothing: the column keeps its slice for reuse. The Writer
// hands the array to the Parquet writer and releases it before the column is touched again.
func wrap(dt arrow.DataType, b []byte, n int) *array.Data {
	return array.NewData(dt, n, []*memory.Buffer{nil, memory.NewBufferBytes(b)}, nil, 0, 0)
}

func fill[T any](dst []T, v T) {
	for i := range dst {
		dst[i] = v
	}
}

// extend grows s by n elements, which hold stale data for the caller to overwrite.
func extend[T any](s []T, n, hint int) []T {
	if n < 0 {
		panic("parquetio: negative count")
	}
	return grow(s, n, hint)[:len(s)+n]
}

// grow returns s with room for n more elements. Capacity doubles, as with append, but stops at
// hint (one row group and a little) unless more is needed: a Writer's buffers end up the size of
// a row group and are then reused, so a steady stream never allocates, and a small table never
// reserves a whole row group.
func grow[T any](s []T, n, hint int) []T {
	need := len(s) + n
	if need <= cap(s) {
		return s
	}
	c := max(2*cap(s), 256)
	if c > hint {
		c = hint
	}
	c = max(c, need)
	// make zeroes the new array, which the copy then overwrites; growing is rare.
	return append(make([]T, 0, c), s...)
}

// dropFront removes the first n elements of s in place.
func dropFront[T any](s []T, n int) []T {
	m := copy(s, s[n:])
	return s[:m]
}
