package sweep

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/spikesweep/spikesweep/spec"
)

func (p *parser) buildInputs() {
	type key struct{ target, v string }
	seen := map[key]string{}
	for i := range p.doc.Input {
		d := &p.doc.Input[i]
		path := indexKey("input", i)
		in := spec.Input{Target: d.Target, Var: d.Var, Op: cmp.Or(d.Op, "+")}
		p.inputPath = append(p.inputPath, path)
		p.pieceLen = append(p.pieceLen, 0)
		p.csvSource = append(p.csvSource, false)
		idx := len(p.net.Inputs)
		p.net.Inputs = append(p.net.Inputs, in)
		net := &p.net.Inputs[idx]

		if in.Op != "+" && in.Op != "=" {
			p.errorf(joinKey(path, "op"), `unknown op %q: "+" adds to the variable every step, "=" sets it`, d.Op)
		}
		n, targetOK := p.inputTarget(path, d)
		if d.Poisson != nil {
			if d.Value != nil || d.Pieces != nil || d.CSV != "" || d.Repeat != nil {
				p.errorf(joinKey(path, "poisson"), "a Poisson drive is given alone: no value, pieces, csv or repeat beside it")
			}
			net.Poisson = p.drive(joinKey(path, "poisson"), d.Poisson)
			if d.Op != "" && d.Op != "+" {
				p.errorf(joinKey(path, "op"), `a Poisson drive adds events: op must be "+"`)
			}
			continue
		}
		if targetOK {
			k := key{d.Target, d.Var}
			if first, dup := seen[k]; dup {
				p.errorf(joinKey(path, "var"), "%s.%s already has an input (line %d); one variable takes one input, so combine them",
					d.Target, d.Var, p.idx.at(first).Line)
			}
			seen[k] = path
		}

		given := 0
		for _, b := range []bool{d.Value != nil, d.Pieces != nil, d.CSV != ""} {
			if b {
				given++
			}
		}
		if given != 1 {
			p.errorf(path, "give exactly one of value, pieces or csv (found %d), or a poisson drive", given)
			continue
		}
		if d.Repeat != nil && d.Pieces == nil {
			p.errorf(joinKey(path, "repeat"), "repeat applies only to pieces")
		}
		switch {
		case d.Value != nil:
			net.Value = p.elementValues(joinKey(path, "value"), d.Value, n, d.Target)
		case d.Pieces != nil:
			net.Pieces, p.pieceLen[idx] = p.pieces(path, d, n)
		default:
			net.Series = p.readCSV(joinKey(path, "csv"), d.CSV, n, d.Target)
			net.Source = d.CSV
			p.csvSource[idx] = true
		}
	}
}

// inputTarget checks an input's target and variable; it returns the target's element count
// (-1 if unknown).
func (p *parser) inputTarget(path string, d *docInput) (int, bool) {
	if d.Target == "" {
		p.errorf(joinKey(path, "target"), "missing target (a population or projection name)")
		return -1, false
	}
	o, ok := p.objects[d.Target]
	if !ok {
		p.errorf(joinKey(path, "target"), "no population or projection named %q (names: %s)%s", d.Target,
			listOrNone(p.objectNames()), didYouMean(d.Target, p.objectNames()))
		return -1, false
	}
	if !o.ok {
		return -1, false
	}
	allowed := slices.Clone(o.info.Inputs)
	for _, v := range o.info.State {
		if !v.Bool && !v.PerPost {
			allowed = append(allowed, v.Name)
		}
	}
	slices.Sort(allowed)
	allowed = slices.Compact(allowed)
	if d.Var == "" {
		p.errorf(joinKey(path, "var"), "missing var (variables of %s: %s)", o.info.Name, listOrNone(allowed))
		return -1, false
	}
	if !slices.Contains(allowed, d.Var) {
		why := "has no variable"
		if v, ok := o.info.Var(d.Var); ok && v.Bool {
			why = "sets the flag itself, so an input cannot drive"
		} else if ok && v.PerPost {
			why = "keeps one value per post neuron, so an input cannot drive"
		}
		p.errorf(joinKey(path, "var"), "%s (model %s) %s %q (variables an input can drive: %s)%s", d.Target, o.info.Name,
			why, d.Var, listOrNone(allowed), didYouMean(d.Var, allowed))
		return -1, false
	}
	return p.size(o), true
}

// elementValues reads a number, or an array of one number per element of a target of n
// elements (n < 0: unknown, only one number allowed).
func (p *parser) elementValues(path string, v any, n int, target string) []float64 {
	arr, isArr := v.([]any)
	if !isArr {
		x, msg := finiteNumber(v)
		if msg != "" {
			p.errorf(path, "%s (or an array with one number per element)", msg)
			return nil
		}
		return []float64{x}
	}
	out := make([]float64, len(arr))
	for i, e := range arr {
		x, msg := finiteNumber(e)
		if msg != "" {
			p.errorf(indexKey(path, i), "%s", msg)
			return nil
		}
		out[i] = x
	}
	switch {
	case len(out) == 1:
	case n < 0:
		p.errorf(path, "has %d values, but the number of elements of %s is not known before the run (random connectivity); give one value", len(out), target)
		return nil
	case n == 1:
		p.errorf(path, "has %d values; %s has 1 element, so give one value", len(out), target)
		return nil
	case len(out) != n:
		p.errorf(path, "has %d values; %s has %d elements, so give 1 value (for all) or %d", len(out), target, n, n)
		return nil
	}
	return out
}

// pieces reads [[value, duration], ...] (times repeat) as constant_current segments.
func (p *parser) pieces(path string, d *docInput, n int) ([]spec.Segment, int) {
	pp := joinKey(path, "pieces")
	arr, ok := d.Pieces.([]any)
	if !ok || len(arr) == 0 {
		p.errorf(pp, "expected an array of [value, duration] pairs, e.g. [[25.0, 20.0], [0.0, 1000.0]]")
		return nil, 0
	}
	segs := make([]spec.Segment, 0, len(arr))
	for i, e := range arr {
		ep := indexKey(pp, i)
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			p.errorf(ep, "expected a [value, duration] pair, found %s", tomlKind(e))
			return nil, 0
		}
		val := p.elementValues(indexKey(ep, 0), pair[0], n, d.Target)
		dur, msg := finiteNumber(pair[1])
		if msg == "" && dur < 0 {
			msg = fmt.Sprintf("duration must be non-negative, got %v", dur)
		}
		if msg == "" && p.net.Dt > 0 && dur/p.net.Dt > MaxSteps {
			msg = fmt.Sprintf("duration %v ms is %.6g steps of dt %v ms; a piece has at most %d steps", dur, dur/p.net.Dt, p.net.Dt, MaxSteps)
		}
		if msg != "" {
			p.errorf(indexKey(ep, 1), "%s", msg)
			return nil, 0
		}
		if val == nil {
			return nil, 0
		}
		segs = append(segs, spec.Segment{Value: val, Duration: dur})
	}
	listed := len(segs)
	if d.Repeat != nil {
		r := *d.Repeat
		if r < 1 {
			p.errorf(joinKey(path, "repeat"), "must be at least 1, got %d", r)
			return nil, 0
		}
		if r > MaxSegments/listed {
			p.errorf(joinKey(path, "repeat"), "%d repeats of %s: an input has at most %d pieces", r, plural(listed, "piece"), MaxSegments)
			return nil, 0
		}
		all := make([]spec.Segment, 0, listed*r)
		for range r {
			for _, s := range segs {
				all = append(all, spec.Segment{Value: slices.Clone(s.Value), Duration: s.Duration})
			}
		}
		segs = all
	}
	return segs, listed
}
