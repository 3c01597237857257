package sweep

import (
	"math"
	"slices"

	"github.com/spikesweep/spikesweep/spec"
)

// docAnalysis is the [analysis] table: the window and bin of the points table's statistics.
type docAnalysis struct {
	Start       *float64 `toml:"start"`
	Stop        *float64 `toml:"stop"`
	Bin         *float64 `toml:"bin"`
	Populations []string `toml:"populations"`
	Rates       *bool    `toml:"rates"`
}

// buildAnalysis reads [analysis]. Without it the network's Analysis stays nil: the runner then
// analyses the spikes populations over the whole run and writes no rates dataset.
func (p *parser) buildAnalysis() {
	d := p.doc.Analysis
	if d == nil {
		return
	}
	a := &spec.Analysis{Rates: d.Rates == nil || *d.Rates}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if d.Start != nil {
		a.Start = *d.Start
		if !(a.Start >= 0) || !finite(a.Start) {
			p.errorf("analysis.start", "must be a time in ms at or after 0, got %v", a.Start)
		} else if p.net.Duration > 0 && a.Start >= p.net.Duration {
			p.errorf("analysis.start", "%v ms is not before the end of the run (run.duration = %v ms)", a.Start, p.net.Duration)
		}
	}
	if d.Stop != nil {
		a.Stop = *d.Stop
		switch {
		case !(a.Stop > a.Start) || !finite(a.Stop):
			p.errorf("analysis.stop", "must be a time in ms after start (%v ms), got %v", a.Start, a.Stop)
		case p.net.Duration > 0 && a.Stop > p.net.Duration:
			p.errorf("analysis.stop", "%v ms is after the end of the run (run.duration = %v ms)", a.Stop, p.net.Duration)
		}
	}
	if d.Bin != nil {
		a.Bin = *d.Bin
		end := p.net.Duration
		if a.Stop > 0 {
			end = a.Stop
		}
		if !(a.Bin > 0) || !finite(a.Bin) {
			p.errorf("analysis.bin", "must be a positive number of milliseconds, got %v", a.Bin)
		} else if _, msg := everySteps(a.Bin, p.net.Dt); msg != "" && p.net.Dt > 0 {
			p.errorf("analysis.bin", "%s", msg)
		} else if end > a.Start && a.Bin > end-a.Start {
			p.errorf("analysis.bin", "%v ms is longer than the analysis window (%v ms)", a.Bin, end-a.Start)
		}
	}
	if d.Populations == nil {
		a.Populations = slices.Clone(p.net.Spikes)
	} else {
		a.Populations = []string{}
	}
	for i, name := range d.Populations {
		key := indexKey("analysis.populations", i)
		o, ok := p.objects[name]
		switch {
		case !ok:
			p.errorf(key, "no population named %q (populations: %s)%s", name,
				listOrNone(p.populationNames()), didYouMean(name, p.populationNames()))
			continue
		case o.proj:
			p.errorf(key, "%q is a projection; only populations spike", name)
			continue
		case slices.Contains(a.Populations, name):
			p.errorf(key, "%q is listed twice", name)
			continue
		}
		if o.ok {
			if _, has := o.info.Var("spike"); !has {
				p.errorf(key, "%q (model %s) does not spike: it has no spike variable", name, o.info.Name)
				continue
			}
		}
		a.Populations = append(a.Populations, name)
	}
	p.net.Analysis = a
}
