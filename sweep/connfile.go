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

	"github.com/spikesweep/spikesweep/spec"
)

// Files of named columns: from_file connectivity (pre, post and optional weight, delay) and
// SpikeTimes sources (neuron, time). The first non-comment row is a header naming the columns,
// in any order; lines starting with # are comments. Neither file's contents are part of the
// sweep's hash.

// readColumns reads the CSV file name (relative to the sweep file) at key path, with the required
// columns need and the optional ones opt. It returns each column found (nil for an absent optional
// one) and the 1-based file line of every row, or false after reporting a problem.
func (p *parser) readColumns(path, name string, need, opt []string) (map[string][]float64, []int, bool) {
	full := name
	if !filepath.IsAbs(full) {
		full = filepath.Join(p.baseDir, name)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			p.errorf(path, "CSV file %q not found (paths are relative to the sweep file's directory)", name)
		} else {
			p.errorf(path, "CSV file %q: %v", name, err)
		}
		return nil, nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		p.errorf(path, "CSV file %q: no header row (%s)", name, strings.Join(append(slices.Clone(need), opt...), ","))
		return nil, nil, false
	}
	at := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(need, h) && !slices.Contains(opt, h) {
			p.errorf(path, "CSV file %q: unknown column %q (columns: %s, and optionally %s)", name, header[i],
				strings.Join(need, ", "), listOrNone(opt))
			return nil, nil, false
		}
		at[h] = i
	}
	for _, c := range need {
		if _, ok := at[c]; !ok {
			p.errorf(path, "CSV file %q: missing column %q (the header has %s; needed: %s)", name, c, strings.Join(header, ","), strings.Join(need, ", "))
			return nil, nil, false
		}
	}
	cols := map[string][]float64{}
	for c := range at {
		cols[c] = []float64{}
	}
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			p.errorf(path, "CSV file %q, line %d: %v", name, line, err)
			return nil, nil, false
		}
		if len(rec) != len(header) {
			p.errorf(path, "CSV file %q, line %d: %d fields, the header has %d", name, line, len(rec), len(header))
			return nil, nil, false
		}
		for c, i := range at {
			x, err := strconv.ParseFloat(strings.TrimSpace(rec[i]), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				p.errorf(path, "CSV file %q, line %d, column %s: %q is not a finite number", name, line, c, rec[i])
				return nil, nil, false
			}
			cols[c] = append(cols[c], x)
		}
		lines = append(lines, line)
	}
	return cols, lines, true
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

// connFile reads from_file's CSV into c.Pre, c.Post (and the projection's per-synapse weights and
// delays, when the file has those columns).
func (p *parser) connFile(path string, c *spec.Conn, npre, npost int, pr *spec.Projection) {
	cols, lines, ok := p.readColumns(path, c.File, []string{"pre", "post"}, []string{"weight", "delay"})
	if !ok {
		return
	}
	if len(lines) == 0 {
		p.errorf(path, "CSV file %q has no synapses", c.File)
		return
	}
	c.Pre, c.Post = make([]int, len(lines)), make([]int, len(lines))
	for i := range lines {
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
			p.errorf(path, "CSV file %q, line %d: %s", c.File, lines[i], msg)
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
				p.errorf(path, "CSV file %q, line %d: delay %v is negative", c.File, lines[i], x)
				return
			}
		}
		pr.Delays = d
	}
}
