package sweep

import (
	"fmt"

	"github.com/spikesweep/spikesweep/spec"
)

// spikeTimes reads a SpikeTimes population's times = [[t, ...], ...] (one list per neuron, ms)
// or times_file = "file.csv" / "file.parquet" (columns neuron, time; times_csv is its older name).
func (p *parser) spikeTimes(path string, info *spec.ModelInfo, d *docPop, pop *spec.Population) {
	fileKey, fileName := "times_file", d.TimesFile
	if d.TimesCSV != "" {
		fileKey, fileName = "times_csv", d.TimesCSV
	}
	given := d.Times != nil || fileName != ""
	if !info.SpikeTimes {
		if given {
			key := "times"
			if d.Times == nil {
				key = fileKey
			}
			p.errorf(joinKey(path, key), "%s applies to model SpikeTimes only", key)
		}
		return
	}
	if d.TimesCSV != "" && d.TimesFile != "" {
		p.errorf(joinKey(path, "times_csv"), "give times_file or times_csv (its older name), not both")
		return
	}
	if d.Times != nil && fileName != "" {
		p.errorf(joinKey(path, fileKey), "give times or %s, not both", fileKey)
		return
	}
	if !given {
		p.errorf(joinKey(path, "times"), "missing times (times = [[5.0, 12.5], [], ...], one list per neuron, ms) or times_file (a CSV or Parquet file of neuron,time)")
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
		kp := joinKey(path, fileKey)
		f, ok := p.readColumns(kp, fileName, []string{"neuron", "time"}, nil)
		if !ok {
			return
		}
		cols := f.cols
		for i := range f.rows {
			k, msg := indexOf(cols["neuron"][i], pop.Size)
			if msg == "" && cols["time"][i] < 0 {
				msg = fmt.Sprintf("spike time %v is negative", cols["time"][i])
			}
			if msg != "" {
				p.errorf(kp, "%s: %s", f.at(i), msg)
				return
			}
			times[k] = append(times[k], cols["time"][i])
		}
		at = func(int) string { return kp }
		if p.timesFile == nil {
			p.timesFile = map[string]bool{}
		}
		p.timesFile[pop.Name] = true
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
