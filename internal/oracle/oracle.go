package oracle

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// Trace is one reference CSV: column t, then one column per monitored element.
type Trace struct {
	Name    string
	Columns []Column
	Rows    int
}

// Column is one monitored element: Target "" is the synapse (projection) itself, else a
// population name; Index is the flat element index (w[k,j] is k*nPost+j, filled by the caller).
type Column struct {
	Header string
	Target string
	Var    string
	Ix     []int // one index, or [pre, post]
	Values []float64
}

// Dir is the directory of the reference traces, found from this source file so that tests of any
// package can use it.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "brainpy")
}

// Load reads testdata/brainpy/NAME.csv. A missing file is an error, never a skip.
func Load(name string) (*Trace, error) {
	f, err := os.Open(filepath.Join(Dir(), name+".csv"))
	if err != nil {
		return nil, fmt.Errorf("oracle: reference trace %s: %w", name, err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("oracle: %s: %w", name, err)
	}
	tr := &Trace{Name: name, Rows: len(recs) - 1}
	for j, h := range recs[0][1:] {
		col := Column{Header: h}
		target, rest := "", h
		if dot := strings.Index(h, "."); dot >= 0 {
			target, rest = h[:dot], h[dot+1:]
		}
		open := strings.Index(rest, "[")
		col.Target, col.Var = target, rest[:open]
		for _, s := range strings.Split(strings.Trim(rest[open:], "[]"), ",") {
			v, err := strconv.Atoi(s)
			if err != nil {
				return nil, fmt.Errorf("oracle: %s: header %q: %w", name, h, err)
			}
			col.Ix = append(col.Ix, v)
		}
		col.Values = make([]float64, tr.Rows)
		for i, rec := range recs[1:] {
			v, err := strconv.ParseFloat(rec[j+1], 64)
			if err != nil {
				return nil, fmt.Errorf("oracle: %s row %d: %w", name, i, err)
			}
			col.Values[i] = v
		}
		tr.Columns = append(tr.Columns, col)
	}
	return tr, nil
}

// Close reports whether got agrees with the reference value ref: within 1e-12 + 1e-9*|ref|.
func Close(got, ref float64) bool {
	if got == ref {
		return true
	}
	return math.Abs(got-ref) <= 1e-12+1e-9*math.Abs(ref)
}

// Flag reports whether a variable is compared exactly (spike and refractory flags).
func Flag(v string) bool { return v == "spike" || v == "refractory" }
