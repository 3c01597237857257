package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spikesweep/spikesweep/internal/suggest"
	parquetio "github.com/spikesweep/spikesweep/io"
)

// The statistics columns of the points table (package analysis, written by the runner) are
// metrics as they are: "rate.exc", "cv.exc", "sync.exc", "mean.MON.VAR", "std.MON.VAR". They are
// named with a dot, the computed metrics with a colon ("rate:exc" counts spikes over the whole
// run; "rate.exc" is the rate over the analysis window).

// statMetricKind is the metric kind that reads a statistics column.
const statMetricKind = "column"

// statMetric returns the metric of a statistics column named spec, if the manifest lists it,
// and an error naming the columns there are for a spec of that form that it does not list.
func statMetric(spec string, m *manifest) (*metric, bool, error) {
	spec = strings.TrimSpace(spec)
	a := m.Analysis
	if a == nil || !slices.Contains(a.Columns, spec) {
		kind, _, dotted := strings.Cut(spec, ".")
		if dotted && slices.Contains([]string{"rate", "cv", "sync", "mean", "std"}, kind) {
			var cols []string
			if a != nil {
				cols = a.Columns
			}
			return nil, false, usageErrorf("metric %q: the points table has no such statistics column (columns: %s)%s",
				spec, listOr(cols, "none; record spikes or a monitor to get them"), suggest.DidYouMean(spec, cols))
		}
		return nil, false, nil
	}
	kind, rest, _ := strings.Cut(spec, ".")
	window := fmt.Sprintf("over the analysis window [%g, %g) ms", a.Start, a.Stop)
	mt := &metric{Kind: statMetricKind, Spec: spec, Unit: "1"}
	switch kind {
	case "rate":
		mt.Label, mt.Unit = "mean firing rate of "+rest, "Hz"
		mt.How = fmt.Sprintf("Column %s of the points table: spikes of %s %s per neuron per second.", spec, rest, window)
	case "cv":
		mt.Label = "ISI CV of " + rest
		mt.How = fmt.Sprintf("Column %s of the points table: the coefficient of variation of the inter-spike intervals %s, "+
			"averaged over the neurons with at least 3 spikes (0: regular, about 1: Poisson).", spec, window)
	case "sync":
		mt.Label = "synchrony χ of " + rest
		mt.How = fmt.Sprintf("Column %s of the points table: Golomb's χ of the spike counts in %g ms bins %s "+
			"(1: all neurons fire together; about 1/√N: independent).", spec, a.Bin, window)
	case "mean", "std":
		mon, v, _ := strings.Cut(rest, ".")
		word := map[string]string{"mean": "mean", "std": "standard deviation"}[kind]
		mt.Label = word + " of " + rest
		if mi, err := m.monitor(mon); err == nil && mi.Units[v] != "" {
			mt.Unit = mi.Units[v]
		}
		mt.How = fmt.Sprintf("Column %s of the points table: the %s of %s over its recorded elements and steps %s.", spec, word, rest, window)
	}
	return mt, true, nil
}

// columnValues fills dst (aligned with pt.rows) from the points table's column; failed points
// keep NaN.
func (mt *metric) columnValues(dir string, pt *pointsTable, dst []float64) error {
	t, err := parquetio.ReadDir(filepath.Join(dir, "points"))
	if err != nil {
		return fmt.Errorf("report: points table: %w", err)
	}
	col, ok := t.Float64[mt.Spec]
	if !ok {
		return fmt.Errorf("report: the points table has no column %q (a dataset of an older spikesweep?)", mt.Spec)
	}
	ix := newRowIndex(pt)
	for k, id := range t.Int32["point"] {
		if i := ix.of(id); i >= 0 && pt.rows[i].ok() {
			dst[i] = col[k]
		}
	}
	return nil
}
