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
	"strconv"
	"strings"
)

// readCSV reads an input's time series: one row per step, one column (every element) or one per
// element. Lines starting with # are comments; a first row that is not all numbers is a header.
// Problems are reported at the csv key, naming the CSV file's line.
func (p *parser) readCSV(path, name string, n int, target string) [][]float64 {
	full := name
	if !filepath.IsAbs(full) {
		full = filepath.Join(p.baseDir, name)
	}
	if st, err := os.Stat(full); err == nil && (!st.Mode().IsRegular() || st.Size() > MaxCSVBytes) {
		p.errorf(path, "CSV file %q is not a regular file of at most %d MiB", name, MaxCSVBytes>>20)
		return nil
	}
	data, err := os.ReadFile(full)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			p.errorf(path, "CSV file %q not found (paths are relative to the sweep file's directory)", name)
		} else {
			p.errorf(path, "CSV file %q: %v", name, err)
		}
		return nil
	}
	rows, line, msg := parseSeries(data)
	if msg != "" {
		if line > 0 {
			p.errorf(path, "CSV file %q, line %d: %s", name, line, msg)
		} else {
			p.errorf(path, "CSV file %q: %s", name, msg)
		}
		return nil
	}
	width := len(rows[0])
	switch {
	case width == 1:
	case n < 0:
		p.errorf(path, "CSV file %q has %d columns, but the number of elements of %s is not known before the run; use one column", name, width, target)
		return nil
	case width != n:
		p.errorf(path, "CSV file %q has %d columns; %s has %d elements, so give 1 column (for all) or %d", name, width, target, n, n)
		return nil
	}
	return rows
}

// parseSeries parses CSV numbers. On failure it returns the 1-based line and a message.
func parseSeries(data []byte) ([][]float64, int, string) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a spreadsheet's byte-order mark
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var rows [][]float64
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, pe.Line, pe.Err.Error()
			}
			return nil, 0, err.Error()
		}
		line, _ := r.FieldPos(0)
		row := make([]float64, len(rec))
		bad := -1
		for i, f := range rec {
			x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				bad = i
				break
			}
			row[i] = x
		}
		if bad >= 0 {
			if first {
				first = false // a header row
				continue
			}
			return nil, line, fmt.Sprintf("column %d: %q is not a number", bad+1, rec[bad])
		}
		first = false
		for i, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, line, fmt.Sprintf("column %d: %v is not a finite number", i+1, x)
			}
		}
		if len(rows) > 0 && len(row) != len(rows[0]) {
			return nil, line, fmt.Sprintf("has %d columns; the first row has %d", len(row), len(rows[0]))
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, 0, "no rows of numbers"
	}
	return rows, 0, ""
}
