package sweep

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/spec"
)

// Files of named columns: from_file connectivity (pre, post and optional weight, delay) and
// SpikeTimes sources (neuron, time), in CSV or Parquet, chosen by the name's extension. A CSV's
// first non-comment row is a header naming the columns, in any order; lines starting with # are
// comments. A Parquet file's columns are found by name and may be of any integer or float type.
// Their contents (not their names) are part of the sweep's identity, as digests (identity.go).

// columnFile is a file of named numeric columns, read by readColumns.
type columnFile struct {
	name string               // as written in the sweep file
	kind string               // "CSV" or "Parquet"
	cols map[string][]float64 // every column found; an absent optional column is missing
	rows []int                // per row: its line in the CSV file, or its row in the Parquet file (from 1)
}

// at names row i of the file in messages: `CSV file "a.csv", line 7`, `Parquet file "a.parquet", row 6`.
func (f *columnFile) at(i int) string {
	if f.kind == "CSV" {
		return fmt.Sprintf("CSV file %q, line %d", f.name, f.rows[i])
	}
	return fmt.Sprintf("Parquet file %q, row %d", f.name, f.rows[i])
}

// isParquet reports whether a file name asks for Parquet rather than CSV.
func isParquet(name string) bool {
	return strings.EqualFold(filepath.Ext(name), ".parquet") || strings.EqualFold(filepath.Ext(name), ".pq")
}

// readColumns reads the CSV or Parquet file name (relative to the sweep file) at key path, with
// the required columns need and the optional ones opt, or returns false after reporting a problem.
func (p *parser) readColumns(path, name string, need, opt []string) (*columnFile, bool) {
	full := name
	if !filepath.IsAbs(full) {
		full = filepath.Join(p.baseDir, name)
	}
	kind := "CSV"
	if isParquet(name) {
		kind = "Parquet"
	}
	if _, err := os.Stat(full); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			p.errorf(path, "%s file %q not found (paths are relative to the sweep file's directory)", kind, name)
		} else {
			p.errorf(path, "%s file %q: %v", kind, name, err)
		}
		return nil, false
	}
	if kind == "Parquet" {
		return p.readParquetColumns(path, full, name, need, opt)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		p.errorf(path, "CSV file %q: %v", name, err)
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		p.errorf(path, "CSV file %q: no header row (%s)", name, strings.Join(append(slices.Clone(need), opt...), ","))
		return nil, false
	}
	at, ok := p.matchColumns(path, "CSV", name, header, need, opt)
	if !ok {
		return nil, false
	}
	f := &columnFile{name: name, kind: "CSV", cols: map[string][]float64{}}
	for c := range at {
		f.cols[c] = []float64{}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			p.errorf(path, "CSV file %q, line %d: %v", name, line, err)
			return nil, false
		}
		if len(rec) != len(header) {
			p.errorf(path, "CSV file %q, line %d: %d fields, the header has %d", name, line, len(rec), len(header))
			return nil, false
		}
		for c, i := range at {
			x, err := strconv.ParseFloat(strings.TrimSpace(rec[i]), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				p.errorf(path, "CSV file %q, line %d, column %s: %q is not a finite number", name, line, c, rec[i])
				return nil, false
			}
			f.cols[c] = append(f.cols[c], x)
		}
		f.rows = append(f.rows, line)
	}
	return f, true
}

// matchColumns maps the needed and optional columns to their positions in header (names compared
// case-insensitively); an unknown or missing column is reported.
func (p *parser) matchColumns(path, kind, name string, header, need, opt []string) (map[string]int, bool) {
	at := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(need, h) && !slices.Contains(opt, h) {
			also := ""
			if len(opt) > 0 {
				also = ", and optionally " + strings.Join(opt, ", ")
			}
			p.errorf(path, "%s file %q: unknown column %q (columns: %s%s)", kind, name, header[i], strings.Join(need, ", "), also)
			return nil, false
		}
		if _, dup := at[h]; dup {
			p.errorf(path, "%s file %q: column %q appears twice", kind, name, h)
			return nil, false
		}
		at[h] = i
	}
	for _, c := range need {
		if _, ok := at[c]; !ok {
			what := "the header has"
			if kind != "CSV" {
				what = "the file has"
			}
			p.errorf(path, "%s file %q: missing column %q (%s %s; needed: %s)", kind, name, c, what, strings.Join(header, ","), strings.Join(need, ", "))
			return nil, false
		}
	}
	return at, true
}

// readParquetColumns is readColumns for a Parquet file: columns of any integer or float type,
// no nulls, finite values.
func (p *parser) readParquetColumns(path, full, name string, need, opt []string) (*columnFile, bool) {
	names, data, err := parquetio.ReadNumbers(full)
	if err != nil {
		var ce *parquetio.ColumnError
		switch {
		case errors.As(err, &ce) && ce.Row > 0:
			p.errorf(path, "Parquet file %q, row %d, column %s: %s", name, ce.Row, ce.Column, ce.Reason)
		case errors.As(err, &ce):
			p.errorf(path, "Parquet file %q: column %s %s", name, ce.Column, ce.Reason)
		default:
			p.errorf(path, "Parquet file %q: not readable as Parquet (%v)", name, errors.Unwrap(err))
		}
		return nil, false
	}
	at, ok := p.matchColumns(path, "Parquet", name, names, need, opt)
	if !ok {
		return nil, false
	}
	f := &columnFile{name: name, kind: "Parquet", cols: map[string][]float64{}}
	for c, i := range at {
		for r, x := range data[i] {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				p.errorf(path, "Parquet file %q, row %d, column %s: %v is not a finite number", name, r+1, c, x)
				return nil, false
			}
		}
		f.cols[c] = data[i]
	}
	n := 0
	if len(data) > 0 {
		n = len(data[0])
	}
	f.rows = make([]int, n)
	for i := range f.rows {
		f.rows[i] = i + 1
	}
	return f, true
}

// index checks that x is a whole number in [0, n) (n < 0: unknown).
func indexOf(x float64, n int) (int, string) {
	if x != math.Trunc(x) || x < 0 || (n >= 0 && x >= float64(n)) || x > math.MaxInt32 {
		if n >= 0 {
			return 0, fmt.Sprintf("%v is not an index in 0..%d", x, n-1)
		}
		return 0, fmt.Sprintf("%v is not an index", x)
	}
	return int(x), ""
}

// connFile reads from_file's CSV or Parquet file into c.Pre, c.Post (and the projection's per-synapse weights and
// delays, when the file has those columns).
func (p *parser) connFile(path string, c *spec.Conn, npre, npost int, pr *spec.Projection) {
	f, ok := p.readColumns(path, c.File, []string{"pre", "post"}, []string{"weight", "delay"})
	if !ok {
		return
	}
	cols := f.cols
	if len(f.rows) == 0 {
		p.errorf(path, "%s file %q has no synapses", f.kind, c.File)
		return
	}
	c.Pre, c.Post = make([]int, len(f.rows)), make([]int, len(f.rows))
	for i := range f.rows {
		var msg string
		if c.Pre[i], msg = indexOf(cols["pre"][i], npre); msg == "" {
			c.Post[i], msg = indexOf(cols["post"][i], npost)
			if msg != "" {
				msg = "post " + msg + " of " + pr.Post
			}
		} else {
			msg = "pre " + msg + " of " + pr.Pre
		}
		if msg != "" {
			p.errorf(path, "%s: %s", f.at(i), msg)
			c.Pre, c.Post = nil, nil
			return
		}
	}
	if w := cols["weight"]; w != nil {
		pr.Weights = w
	}
	if d := cols["delay"]; d != nil {
		for i, x := range d {
			if x < 0 {
				p.errorf(path, "%s: delay %v is negative", f.at(i), x)
				return
			}
		}
		pr.Delays = d
	}
}
