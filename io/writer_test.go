package parquetio

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
)

// allFields has one column of every type.
var allFields = []Field{
	{"i32", Int32}, {"i64", Int64}, {"f32", Float32}, {"f64", Float64}, {"s", String},
}

// want holds the rows the tests write, column by column.
type want struct {
	i32 []int32
	i64 []int64
	f32 []float32
	f64 []float64
	s   []string
}

// writeBlocks appends rows in blocks of the given sizes, committing after each block, and
// returns what it wrote. Values are chosen to catch swapped or shifted rows.
func writeBlocks(t *testing.T, w *Writer, blocks []int) want {
	t.Helper()
	var wt want
	i32, i64, f32, f64, s := w.Int32("i32"), w.Int64("i64"), w.Float32("f32"), w.Float64("f64"), w.String("s")
	row := 0
	for _, n := range blocks {
		for k := range n {
			r := row + k
			wt.i32 = append(wt.i32, int32(r)*3-7)
			wt.i64 = append(wt.i64, int64(r)<<40|int64(r))
			wt.f32 = append(wt.f32, float32(r)/3)
			wt.f64 = append(wt.f64, float64(r)*1e-3-65.25)
			wt.s = append(wt.s, strings.Repeat("x", r%5)+"|")
		}
		// Exercise every way of appending.
		copy(i32.Extend(n), wt.i32[row:])
		i64.AppendSlice(wt.i64[row : row+n])
		for _, v := range wt.f32[row : row+n] {
			f32.Append(v)
		}
		f64.AppendSlice(wt.f64[row : row+n])
		s.AppendSlice(wt.s[row : row+n])
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		row += n
	}
	return wt
}

func checkTable(t *testing.T, tb *Table, wt want) {
	t.Helper()
	if tb.NumRows != len(wt.i32) {
		t.Fatalf("NumRows = %d, want %d", tb.NumRows, len(wt.i32))
	}
	if !slices.Equal(tb.Fields, allFields) {
		t.Errorf("Fields = %v, want %v", tb.Fields, allFields)
	}
	if !slices.Equal(tb.Int32["i32"], wt.i32) {
		t.Errorf("i32 = %v, want %v", tb.Int32["i32"], wt.i32)
	}
	if !slices.Equal(tb.Int64["i64"], wt.i64) {
		t.Errorf("i64 = %v, want %v", tb.Int64["i64"], wt.i64)
	}
	if !slices.Equal(tb.Float32["f32"], wt.f32) {
		t.Errorf("f32 = %v, want %v", tb.Float32["f32"], wt.f32)
	}
	if !slices.Equal(tb.Float64["f64"], wt.f64) {
		t.Errorf("f64 = %v, want %v", tb.Float64["f64"], wt.f64)
	}
	if !slices.Equal(tb.String["s"], wt.s) {
		t.Errorf("s = %q, want %q", tb.String["s"], wt.s)
	}
}

// countingAllocator counts allocations.
type countingAllocator struct {
	memory.Allocator
	n int
}

func (c *countingAllocator) Allocate(size int) []byte {
	c.n++
	return c.Allocator.Allocate(size)
}

// rowGroupSizes returns the number of rows of each row group of a file, read from its footer.
func rowGroupSizes(t *testing.T, path string) []int64 {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	var sizes []int64
	for i := range pf.NumRowGroups() {
		sizes = append(sizes, pf.MetaData().RowGroup(i).NumRows())
	}
	return sizes
}

func TestRoundTrip(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	// The Writer frees everything after each row group, so the checked allocator's size alone
	// cannot show it is in use; the count does.
	counted := &countingAllocator{Allocator: alloc}
	defer func() {
		if counted.n == 0 {
			t.Error("the Writer never used the given allocator: the leak check proves nothing")
		}
	}()

	path := filepath.Join(t.TempDir(), "sub", "dir", "part-0000-000000.parquet")
	w, err := Create(path, allFields, Options{
		RowGroupRows: 7,
		Metadata:     map[string]string{"engine": "spikesweep test", "dt": "0.1", "seed": "1"},
		Allocator:    counted,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	// 3+10+1+0+20+6 = 40 rows: blocks that end mid row group, span several, and are empty.
	wt := writeBlocks(t, w, []int{3, 10, 1, 0, 20, 6})
	if got := w.Rows(); got != 40 {
		t.Errorf("Rows() = %d, want 40", got)
	}
	w.SetMetadata("seed", "42") // replaces the value given at creation
	w.SetMetadata("params", `{"g":0.5}`)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}

	tb, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkTable(t, tb, wt)
	wantMeta := map[string]string{"engine": "spikesweep test", "dt": "0.1", "seed": "42", "params": `{"g":0.5}`}
	for k, v := range wantMeta {
		if tb.Metadata[k] != v {
			t.Errorf("metadata %q = %q, want %q", k, tb.Metadata[k], v)
		}
	}
	if len(tb.Metadata) != len(wantMeta) {
		t.Errorf("metadata = %v, want %v", tb.Metadata, wantMeta)
	}
	// Every row group but the last holds exactly RowGroupRows rows.
	if got, want := rowGroupSizes(t, path), []int64{7, 7, 7, 7, 7, 5}; !slices.Equal(got, want) {
		t.Errorf("row groups = %v, want %v", got, want)
	}
	// Only the final file is left in the directory.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the file: %v", len(entries), entries)
	}
}

func TestFloats(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.parquet")
	w, err := Create(path, allFields, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	wt := writeBlocks(t, w, []int{5})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	tb, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"i32", "i64", "f32", "f64"} {
		got, ok := tb.Floats(name)
		if !ok || len(got) != 5 {
			t.Fatalf("Floats(%q) = %v, %v", name, got, ok)
		}
		if name == "i32" && got[4] != float64(wt.i32[4]) || name == "f32" && got[4] != float64(wt.f32[4]) {
			t.Errorf("Floats(%q)[4] = %v", name, got[4])
		}
	}
	if _, ok := tb.Floats("s"); ok {
		t.Error("Floats of a string column is ok")
	}
}

func TestCompression(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want compress.Compression
	}{
		{Options{}, compress.Codecs.Zstd},
		{Options{Compression: "zstd", CompressionLevel: 9}, compress.Codecs.Zstd},
		{Options{Compression: "snappy"}, compress.Codecs.Snappy},
		{Options{Compression: "gzip", CompressionLevel: 1}, compress.Codecs.Gzip},
		{Options{Compression: "none"}, compress.Codecs.Uncompressed},
	} {
		t.Run(tc.opts.Compression, func(t *testing.T) {
			alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer alloc.AssertSize(t, 0)
			tc.opts.Allocator = alloc
			tc.opts.RowGroupRows = 100
			path := filepath.Join(t.TempDir(), "c.parquet")
			w, err := Create(path, allFields, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Abort()
			wt := writeBlocks(t, w, []int{150, 100})
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			pf, err := file.OpenParquetFile(path, false)
			if err != nil {
				t.Fatal(err)
			}
			defer pf.Close()
			for c := range len(allFields) {
				col, err := pf.MetaData().RowGroup(0).ColumnChunk(c)
				if err != nil {
					t.Fatal(err)
				}
				if col.Compression() != tc.want {
					t.Errorf("column %d: codec %v, want %v", c, col.Compression(), tc.want)
				}
			}
			tb, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkTable(t, tb, wt)
		})
	}
}

func TestBadOptions(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		fields []Field
		opts   Options
		msg    string
	}{
		{"codec", allFields, Options{Compression: "lz5"}, `unknown compression "lz5"`},
		{"level", allFields, Options{Compression: "snappy", CompressionLevel: 3}, "no levels"},
		{"rows", allFields, Options{RowGroupRows: -1}, "negative"},
		{"none", nil, Options{}, "no columns"},
		{"twice", []Field{{"a", Int32}, {"a", Float64}}, Options{}, `"a" appears twice`},
		{"noname", []Field{{"", Int32}}, Options{}, "no name"},
		{"type", []Field{{"a", Type(99)}}, Options{}, "unknown type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".parquet")
			w, err := Create(path, tc.fields, tc.opts)
			if err == nil {
				w.Abort()
				t.Fatal("Create succeeded")
			}
			if !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %q and the path", err, tc.msg)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed Creates left %v", entries)
	}
}

func TestEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.parquet")
	w, err := Create(path, allFields, Options{Metadata: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	tb, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if tb.NumRows != 0 || len(tb.Fields) != len(allFields) || tb.Metadata["k"] != "v" {
		t.Errorf("empty file read as %d rows, fields %v, metadata %v", tb.NumRows, tb.Fields, tb.Metadata)
	}
	if v, ok := tb.Floats("f64"); !ok || len(v) != 0 {
		t.Errorf("Floats(f64) = %v, %v; want an empty column", v, ok)
	}
}

// files returns the names in dir, and those matching *.parquet.
func files(t *testing.T, dir string) (all, parquet []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		all = append(all, e.Name())
		if ok, _ := filepath.Match("*.parquet", e.Name()); ok {
			parquet = append(parquet, e.Name())
		}
	}
	return all, parquet
}

func TestAbandonedAndAborted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "part-0000-000001.parquet")
	w, err := Create(path, allFields, Options{RowGroupRows: 4})
	if err != nil {
		t.Fatal(err)
	}
	writeBlocks(t, w, []int{10, 3}) // two row groups already in the temporary file
	all, pq := files(t, dir)
	if len(pq) != 0 {
		t.Errorf("an unclosed writer shows %v to a *.parquet glob", pq)
	}
	if len(all) != 1 || !strings.HasPrefix(all[0], ".part-0000-000001.parquet.tmp-") {
		t.Errorf("want one hidden temporary file, have %v", all)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("final name exists before Close: %v", err)
	}
	w.Abort()
	if all, _ := files(t, dir); len(all) != 0 {
		t.Errorf("Abort left %v", all)
	}
	if err := w.Close(); err == nil || !strings.Contains(err.Error(), "aborted") {
		t.Errorf("Close after Abort = %v, want the abort error", err)
	}
	if err := w.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
}

func TestUnequalColumns(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	dir := t.TempDir()
	path := filepath.Join(dir, "p.parquet")
	w, err := Create(path, allFields, Options{Allocator: alloc})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	writeBlocks(t, w, []int{5})
	w.Float64("f64").Append(1) // one column a row ahead
	err = w.Commit()
	if err == nil || !strings.Contains(err.Error(), "unequal lengths") || !strings.Contains(err.Error(), "f64=6") {
		t.Fatalf("Commit = %v, want an unequal-lengths error", err)
	}
	if cerr := w.Close(); cerr == nil || cerr.Error() != err.Error() {
		t.Errorf("Close = %v, want the Commit error %v", cerr, err)
	}
	if all, _ := files(t, dir); len(all) != 0 {
		t.Errorf("a failed writer left %v", all)
	}
}

func TestUnwritableLocation(t *testing.T) {
	// chmod does not stop root, and CI runs as root: a path below a regular file fails for anyone.
	dir := t.TempDir()
	blocker := filepath.Join(dir, "out")
	if err := os.WriteFile(blocker, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := MonitorPath(blocker, "v", 0, 0)
	w, err := Create(path, MonitorFields([]string{"v"}, Float64), Options{})
	if err == nil {
		w.Abort()
		t.Fatal("Create below a regular file succeeded")
	}
	if !errors.Is(err, syscall.ENOTDIR) || !strings.HasPrefix(err.Error(), "parquetio: create "+path) {
		t.Errorf("error = %v, want ENOTDIR naming the path", err)
	}
}

func TestRenameFails(t *testing.T) {
	// A non-empty directory under the final name makes the rename fail after everything else
	// succeeded: Close must report it and leave nothing behind.
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	dir := t.TempDir()
	path := filepath.Join(dir, "x.parquet")
	if err := os.MkdirAll(filepath.Join(path, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := Create(path, allFields, Options{Allocator: alloc})
	if err != nil {
		t.Fatal(err)
	}
	writeBlocks(t, w, []int{10})
	err = w.Close()
	if err == nil || !strings.HasPrefix(err.Error(), "parquetio: rename "+path) {
		t.Fatalf("Close = %v, want a rename error", err)
	}
	if all, _ := files(t, dir); !slices.Equal(all, []string{"x.parquet"}) {
		t.Errorf("directory holds %v, want only the blocking directory", all)
	}
}

// fullDisk is a file that takes limit bytes, then fails every write with ENOSPC, like a full
// disk; with failSync its Sync fails as after a lost write-back.
type fullDisk struct {
	*os.File
	limit    int
	failSync bool
}

func (f *fullDisk) Write(p []byte) (int, error) {
	if len(p) > f.limit {
		n, _ := f.File.Write(p[:f.limit])
		f.limit = 0
		return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	f.limit -= len(p)
	return f.File.Write(p)
}

func (f *fullDisk) Sync() error {
	if f.failSync {
		return &os.PathError{Op: "sync", Path: f.Name(), Err: syscall.EIO}
	}
	return f.File.Sync()
}

func TestFullDisk(t *testing.T) {
	for _, tc := range []struct {
		name     string
		limit    int
		rows     int
		failSync bool
		want     error
		inCommit bool // the error must come from Commit, not only from Close
	}{
		// Full from the start: the first flush of the write buffer fails, here in Close.
		{"start", 0, 10, false, syscall.ENOSPC, false},
		// Full after 64 KiB: fails in Commit while row groups stream out.
		{"midstream", 64 << 10, 1 << 20, false, syscall.ENOSPC, true},
		// Everything fits but the last bytes of the footer (limit -1: the file size less 3).
		{"footer", -1, 1000, false, syscall.ENOSPC, false},
		// All written, but fsync reports an I/O error.
		{"sync", 1 << 30, 1000, true, syscall.EIO, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer alloc.AssertSize(t, 0)
			dir := t.TempDir()
			path := filepath.Join(dir, "part-0000-000000.parquet")
			limit := tc.limit
			if limit < 0 {
				limit = fileSize(t, tc.rows) - 3
			}
			open := func(path string) (sink, error) {
				f, err := openTemp(path)
				if err != nil {
					return nil, err
				}
				return &fullDisk{File: f.(*os.File), limit: limit, failSync: tc.failSync}, nil
			}
			w, err := create(path, MonitorFields([]string{"v"}, Float64), Options{Allocator: alloc, RowGroupRows: 1 << 16}, open)
			if err != nil {
				t.Fatal(err) // the magic bytes wait in the write buffer: Create cannot fail yet
			}
			defer w.Abort()
			err = writeMonitor(w, tc.rows)
			if tc.inCommit && err == nil {
				t.Error("Commit did not report the full disk")
			}
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("error = %v, want %v naming the path", err, tc.want)
			}
			if all, _ := files(t, dir); len(all) != 0 {
				t.Errorf("failed writer left %v", all)
			}
		})
	}
}

// writeMonitor writes rows rows of a one-variable monitor, 1000 rows a step. The values are
// noise, which compresses little, so that the file is as large as its data.
func writeMonitor(w *Writer, rows int) error {
	point, step, tt, index, v := w.Int32(ColPoint), w.Int32(ColStep), w.Float64(ColT), w.Int32(ColIndex), w.Float64("v")
	rng := rand.New(rand.NewPCG(1, 2))
	for s := 0; rows > 0; s++ {
		n := min(rows, 1000)
		point.AppendN(3, n)
		step.AppendN(int32(s), n)
		tt.AppendN(float64(s)*0.1, n)
		index.AppendRange(0, n)
		for i, dst := 0, v.Extend(n); i < n; i++ {
			dst[i] = rng.Float64()
		}
		if err := w.Commit(); err != nil {
			return err
		}
		rows -= n
	}
	return nil
}

// fileSize returns the size of the file writeMonitor makes with rows rows.
func fileSize(t *testing.T, rows int) int {
	t.Helper()
	path := filepath.Join(t.TempDir(), "size.parquet")
	w, err := Create(path, MonitorFields([]string{"v"}, Float64), Options{RowGroupRows: 1 << 16})
	if err != nil {
		t.Fatal(err)
	}
	if err := writeMonitor(w, rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return int(st.Size())
}

func TestCloseAfterCloseError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.parquet")
	open := func(path string) (sink, error) {
		f, err := openTemp(path)
		if err != nil {
			return nil, err
		}
		return &fullDisk{File: f.(*os.File), limit: 1 << 30, failSync: true}, nil
	}
	w, err := create(path, allFields, Options{}, open)
	if err != nil {
		t.Fatal(err)
	}
	writeBlocks(t, w, []int{3})
	first := w.Close()
	if first == nil {
		t.Fatal("Close succeeded with a failing sync")
	}
	if again := w.Close(); again != first {
		t.Errorf("second Close = %v, want the first error %v", again, first)
	}
}

// TestAppendDoesNotAllocate checks the per-step path: once the buffers have grown to a row group,
// appending a step's rows and committing them allocates nothing until a row group is written.
func TestAppendDoesNotAllocate(t *testing.T) {
	const rows, block = 1 << 16, 64
	w, err := Create(filepath.Join(t.TempDir(), "a.parquet"), ProjectionMonitorFields([]string{"s"}, Float32), Options{RowGroupRows: rows})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	point, step, tt, index := w.Int32(ColPoint), w.Int32(ColStep), w.Float64(ColT), w.Int32(ColIndex)
	pre, post, s := w.Int32(ColPre), w.Int32(ColPost), w.Float32("s")
	src := make([]float64, block)
	ids := make([]int32, block)
	k := 0
	appendStep := func() {
		point.AppendN(1, block)
		step.AppendN(int32(k), block)
		tt.AppendN(float64(k)*0.1, block)
		index.AppendRange(0, block)
		pre.AppendSlice(ids)
		copy(post.Extend(block), ids)
		s.AppendFloat64s(src)
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		k++
	}
	// One full row group: the buffers grow to size and are written once.
	for range rows / block {
		appendStep()
	}
	if w.Rows() != rows || point.Len() != 0 {
		t.Fatalf("after one row group: Rows %d, buffered %d", w.Rows(), point.Len())
	}
	if n := testing.AllocsPerRun(100, appendStep); n != 0 {
		t.Errorf("a step allocates %v times, want 0", n)
	}
}
