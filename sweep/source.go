package sweep

import (
	"fmt"

	"github.com/spikesweep/spikesweep/spec"
)

// spikeTimes reads a SpikeTimes population's times = [[t, ...], ...] (one list per neuron, ms)
// or times_csv = "file.csv" (columns neuron, time).
func (p *parser) spikeTimes(path string, info *spec.ModelInfo, d *docPop, pop *spec.Population) {
	given := d.Times != nil || d.TimesCSV != ""
	if !info.SpikeTimes {
		if given {
			key := "times"
			if d.Times == nil {
				key = "times_csv"
			}
			p.errorf(joinKey(path, key), "%s applies to model SpikeTimes only", key)
		}
		return
	}
	if d.Times != nil && d.TimesCSV != "" {
		p.errorf(joinKey(path, "times_csv"), "give times or times_csv, not both")
		return
	}
	if !given {
		p.errorf(joinKey(path, "times"), "missing times (times = [[5.0, 12.5], [], ...], one list per neuron, ms) or times_csv (a file of neuron,time)")
		return
	}
	times := make([][]float64, pop.Size)
	at := func(k int) string { return joinKey(path, "times") }
	if d.Times != nil {
		kp := joinKey(path, "times")
		arr, ok := d.Times.([]any)
		if !ok || len(arr) != pop.Size {
			p.errorf(kp, "expected %s of spike times (ms), one per neuron, found %s", plural(pop.Size, "list"), describeLen(d.Times))
			return
		}
		for k, e := range arr {
			list, ok := e.([]any)
			if !ok {
				p.errorf(indexKey(kp, k), "expected a list of spike times (ms), found %s", tomlKind(e))
				return
			}
			for i, v := range list {
				x, msg := finiteNumber(v)
				if msg == "" && x < 0 {
					msg = fmt.Sprintf("spike time %v is negative", x)
				}
				if msg != "" {
					p.errorf(indexKey(indexKey(kp, k), i), "%s", msg)
					return
				}
				times[k] = append(times[k], x)
			}
		}
		at = func(k int) string { return indexKey(kp, k) }
	} else {
		kp := joinKey(path, "times_csv")
		cols, lines, ok := p.readColumns(kp, d.TimesCSV, []string{"neuron", "time"}, nil)
		if !ok {
			return
		}
		for i, line := range lines {
			k, msg := indexOf(cols["neuron"][i], pop.Size)
			if msg == "" && cols["time"][i] < 0 {
				msg = fmt.Sprintf("spike time %v is negative", cols["time"][i])
			}
			if msg != "" {
				p.errorf(kp, "CSV file %q, line %d: %s", d.TimesCSV, line, msg)
				return
			}
			times[k] = append(times[k], cols["time"][i])
		}
		at = func(int) string { return kp }
	}
	for k, ts := range times {
		if msg := spec.SpikeTimesError(ts, p.net.Dt); msg != "" {
			p.errorf(at(k), "neuron %d: %s", k, msg)
			return
		}
	}
	pop.SpikeTimes = times
}

func describeLen(v any) string {
	if arr, ok := v.([]any); ok {
		return plural(len(arr), "entry")
	}
	return tomlKind(v)
}
