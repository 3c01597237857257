// Package parquetio writes spikesweep's recorded data as Parquet files, one dataset per monitor,
// for DuckDB, pandas or polars to read, and reads them back for tests and small tools. Its import
// path ends in io; the package name keeps it from shadowing the standard library's io.
//
// # Writing
//
// [Create] opens a [Writer] for one file with a fixed list of [Field]s (int32, int64, float32,
// float64 or string columns). The caller looks up each column's typed buffer once
// ([Writer.Int32], [Writer.Float64], ...), then for every step appends that step's rows to every
// column, with block methods such as [Float64Column.AppendSlice], [Int32Column.AppendN] and
// [Int32Column.AppendRange], or writes them in place through [Float64Column.Extend], and calls
// [Writer.Commit]. There is no per-row call through an interface and no per-row allocation.
// Every Options.RowGroupRows committed rows (default [DefaultRowGroupRows], 2^18) become one
// Parquet row group, written at once; the Writer then reuses its buffers, so its memory is one
// row group's worth however long the run.
//
// Files are compressed with zstd unless Options.Compression says otherwise ("snappy", "gzip",
// "none"), with Options.CompressionLevel for zstd and gzip. Float columns use the
// BYTE_STREAM_SPLIT encoding, which makes them smaller and faster to write than PLAIN; DuckDB,
// pyarrow and arrow-go read it. Options.Metadata and [Writer.SetMetadata] set the key-value
// metadata of the footer (engine version, dt, sweep file hash, the point's parameters as JSON,
// seed, monitor spec), which DuckDB shows with parquet_kv_metadata.
//
// # Atomic files and errors
//
// A Writer writes to a hidden temporary file beside its final path
// (".part-0000-000003.parquet.tmp-1a2b3c4d", which a "*.parquet" glob does not match). [Writer.Close] writes the footer, fsyncs the file,
// renames it to the final path and fsyncs the directory; only then does the file exist under its
// final name, complete. [Writer.Abort] removes the temporary file, and `defer w.Abort()` after
// Create cleans up on every early return (it does nothing after a successful Close). A process
// killed mid-run leaves only a hidden temporary file, never a truncated ".parquet".
//
// Every error of Create, Commit and Close is returned, wrapped with the operation and the path
// ("parquetio: write out/monitors/v/part-0000-000001.parquet: no space left on device"). After an
// error the Writer is unusable and Close removes the temporary file and returns the error again.
// Programmer errors (a column looked up by a wrong name or type, a negative count, a name that is
// not a plain file name) panic with a constant "parquetio: ..." message.
//
// # Dataset layout
//
// A run's output directory OUT holds one directory per dataset, each with one or more part files:
//
//	OUT/monitors/<monitor>/part-<shard>-<seq>.parquet   see MonitorPath
//	OUT/spikes/<population>/part-<shard>-<seq>.parquet  see SpikePath
//
// shard and seq are chosen by the caller and zero-padded (4 and 6 digits) so that names sort in
// numeric order; DuckDB reads a whole dataset with read_parquet('OUT/monitors/<monitor>/*.parquet').
//
// A population monitor's columns ([MonitorFields]) are
//
//	point  int32    sweep point id
//	step   int32    step number, from 0
//	t      float64  time in ms
//	index  int32    neuron index in the population
//	<var>  float64 or float32, one column per recorded variable, the monitor's choice
//
// A projection monitor ([ProjectionMonitorFields]) adds pre and post (int32) after index: the
// neurons a synapse connects. A spike dataset ([SpikeFields]) has point, step, t and index, one
// row per spike. Any other table, such as the points table (point id, swept parameter values,
// repeat, seed as uint64, status string, spike counts, wall seconds; written by package
// dataset), is a Writer with its own Fields.
//
// # Reading
//
// [ReadFile] and [ReadDir] read a file, or every "*.parquet" file of a directory in name order,
// into a [Table] of plain Go slices with the key-value metadata, so that tests and plotting tools
// need no arrow code. They hold the whole table in memory and are meant for small data. The
// sub-package duckdbtest runs SQL through DuckDB for tests that check the files as users read them.
package parquetio
