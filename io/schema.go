package parquetio

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Type is the element type of a column.
type Type uint8

// The column types a Writer can write and a Table can hold.
const (
	Int32 Type = iota + 1
	Int64
	Float32
	Float64
	String
	Uint64 // added after String so that the values of the older types stay as they were
)

// String returns the lower-case name of t, as used in error messages.
func (t Type) String() string {
	switch t {
	case Int32:
		return "int32"
	case Int64:
		return "int64"
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	case String:
		return "string"
	case Uint64:
		return "uint64"
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

func (t Type) arrow() arrow.DataType {
	switch t {
	case Int32:
		return arrow.PrimitiveTypes.Int32
	case Int64:
		return arrow.PrimitiveTypes.Int64
	case Float32:
		return arrow.PrimitiveTypes.Float32
	case Float64:
		return arrow.PrimitiveTypes.Float64
	case String:
		return arrow.BinaryTypes.String
	case Uint64:
		return arrow.PrimitiveTypes.Uint64
	}
	return nil
}

// Field names one column and its type.
type Field struct {
	Name string
	Type Type
}

// Names of the leading columns of monitor and spike datasets.
const (
	ColPoint = "point" // int32: sweep point id
	ColStep  = "step"  // int32: step number, 0-based
	ColT     = "t"     // float64: time in ms
	ColIndex = "index" // int32: element index in the population or projection
	ColPre   = "pre"   // int32: presynaptic neuron of a projection element
	ColPost  = "post"  // int32: postsynaptic neuron of a projection element
)

// MonitorFields returns the columns of a population monitor's dataset: point, step, t, index,
// then one column of type value (Float64 or Float32) per name in vars, in that order.
func MonitorFields(vars []string, value Type) []Field {
	return monitorFields(vars, value, false)
}

// ProjectionMonitorFields is MonitorFields for a projection's monitor: point, step, t, index,
// pre, post, then the variables. pre and post let a query join a synapse to its neurons without
// the connectivity at hand.
func ProjectionMonitorFields(vars []string, value Type) []Field {
	return monitorFields(vars, value, true)
}

func monitorFields(vars []string, value Type, prePost bool) []Field {
	if value != Float64 && value != Float32 {
		panic("parquetio: monitor values must be Float64 or Float32")
	}
	fs := []Field{{ColPoint, Int32}, {ColStep, Int32}, {ColT, Float64}, {ColIndex, Int32}}
	if prePost {
		fs = append(fs, Field{ColPre, Int32}, Field{ColPost, Int32})
	}
	for _, v := range vars {
		fs = append(fs, Field{v, value})
	}
	return fs
}

// SpikeFields returns the columns of a spike dataset: one row per spike, with point, step, t and
// the index of the neuron that fired.
func SpikeFields() []Field {
	return []Field{{ColPoint, Int32}, {ColStep, Int32}, {ColT, Float64}, {ColIndex, Int32}}
}

// Widths of the zero-padded numbers in a part file's name. Names sort in numeric order while
// shard < 10^4 and seq < 10^6; larger numbers still give unique names, only unsorted.
const (
	shardWidth = 4
	seqWidth   = 6
)

// PartName returns the file name of one part of a dataset, e.g. "part-0003-000012.parquet".
func PartName(shard, seq int) string {
	if shard < 0 || seq < 0 {
		panic("parquetio: negative shard or seq")
	}
	return fmt.Sprintf("part-%0*d-%0*d.parquet", shardWidth, shard, seqWidth, seq)
}

// MonitorPath returns out/monitors/<monitor>/part-<shard>-<seq>.parquet.
// It panics if monitor is not a plain name (empty, ".", "..", or holding a path separator):
// the sweep parser is expected to have rejected such names.
func MonitorPath(out, monitor string, shard, seq int) string {
	return datasetPath(out, "monitors", monitor, shard, seq)
}

// SpikePath returns out/spikes/<population>/part-<shard>-<seq>.parquet.
// It panics on a population name that is not a plain name, like MonitorPath.
func SpikePath(out, population string, shard, seq int) string {
	return datasetPath(out, "spikes", population, shard, seq)
}

func datasetPath(out, kind, name string, shard, seq int) string {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		panic("parquetio: dataset name is not a plain file name")
	}
	return filepath.Join(out, kind, name, PartName(shard, seq))
}
