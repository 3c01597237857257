package sweep

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/spikesweep/spikesweep/spec"
)

// Initial values drawn per neuron: init = { V = { uniform = [min, max] } } or
// { normal = [mean, std] } in a [[population]] table (FORMAT.md, "Random initial values").

// distKinds are the distributions of initial values, sorted.
var distKinds = []string{"normal", "uniform"}

// boundedKinds are the distributions of weights, delays and per-neuron parameters, sorted.
var boundedKinds = []string{"lognormal", "normal", "uniform"}

const boundedForms = "{ uniform = [min, max] }, { normal = [mean, std] } or { lognormal = [mu, sigma] }, optionally with min = and max ="

// distArgs names the two numbers of each distribution, in order.
var distArgs = map[string][2]string{"uniform": {"min", "max"}, "normal": {"mean", "std"}, "lognormal": {"mu", "sigma"}}

const distForms = "{ uniform = [min, max] } or { normal = [mean, std] }"

// dist reads one distribution table at path (e.g. "population[0].init.V").
func (p *parser) dist(path string, tbl map[string]any) (spec.Dist, bool) {
	return p.distOf(path, tbl, distKinds, distForms)
}

// distOf reads one distribution table of the given kinds; forms shows them in messages.
func (p *parser) distOf(path string, tbl map[string]any, distKinds []string, distForms string) (spec.Dist, bool) {
	keys := sortedKeys(tbl)
	ok := true
	for _, k := range keys {
		if !slices.Contains(distKinds, k) {
			p.errorf(joinKey(path, k), "unknown distribution %q (distributions: %s, written %s)%s", k,
				strings.Join(distKinds, ", "), distForms, didYouMean(k, distKinds))
			ok = false
		}
	}
	if !ok {
		return spec.Dist{}, false
	}
	if len(keys) != 1 {
		if len(keys) == 0 {
			p.errorf(path, "empty table: give a number or a distribution, %s", distForms)
		} else {
			p.errorf(path, "give one distribution, %s (found %s)", distForms, strings.Join(keys, " and "))
		}
		return spec.Dist{}, false
	}
	kind := keys[0]
	args := distArgs[kind]
	kp := joinKey(path, kind)
	arr, isArr := tbl[kind].([]any)
	if !isArr {
		p.errorf(kp, "expected [%s, %s], found %s", args[0], args[1], tomlKind(tbl[kind]))
		return spec.Dist{}, false
	}
	if len(arr) != 2 {
		p.errorf(kp, "expected two numbers [%s, %s], found %s", args[0], args[1], plural(len(arr), "value"))
		return spec.Dist{}, false
	}
	var x [2]float64
	for i, v := range arr {
		switch n := v.(type) {
		case float64:
			x[i] = n
		case int64:
			x[i] = float64(n)
		default:
			p.errorf(indexKey(kp, i), "%s: expected a number, found %s", args[i], tomlKind(v))
			ok = false
			continue
		}
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) {
			p.errorf(indexKey(kp, i), "%s must be a finite number, got %v", args[i], x[i])
			ok = false
		}
	}
	if !ok {
		return spec.Dist{}, false
	}
	if msg := distCheck(kind, x[0], x[1]); msg != "" {
		p.errorf(indexKey(kp, 1), "%s", msg)
		return spec.Dist{}, false
	}
	d := spec.Dist{Kind: kind}
	setDistArg(&d, 0, x[0])
	setDistArg(&d, 1, x[1])
	return d, true
}

// distCheck says why (a, b) are not valid arguments of the distribution, or "".
func distCheck(kind string, a, b float64) string {
	switch {
	case kind == "uniform" && a > b:
		return fmt.Sprintf("max (%v) is below min (%v)", b, a)
	case kind == "normal" && b < 0:
		return fmt.Sprintf("std must be non-negative, got %v", b)
	case kind == "lognormal" && b < 0:
		return fmt.Sprintf("sigma must be non-negative, got %v", b)
	}
	return ""
}

// setDistArg sets argument i (0: min or mean, 1: max or std) of d.
func setDistArg(d *spec.Dist, i int, v float64) {
	switch {
	case d.Kind == "uniform" && i == 0:
		d.Min = v
	case d.Kind == "uniform":
		d.Max = v
	case i == 0:
		d.Mean = v
	default:
		d.Std = v
	}
}

// resolveInitDist resolves <population>.init.<var>.uniform[i] or .normal[i]; parts has four
// elements and parts[2] is a state variable of the population's model that is not a flag.
func (p *parser) resolveInitDist(o *object, parts []string, fail func(string, ...any) (axisTarget, bool)) (axisTarget, bool) {
	obj, v := parts[0], parts[2]
	kind, i, hasIdx, ok := splitIndex(parts[3])
	if !ok || !slices.Contains(distKinds, kind) || !hasIdx {
		return fail("matches nothing (a distribution's sweepable paths: %[1]s.init.%[2]s.uniform[0] (min), "+
			"%[1]s.init.%[2]s.uniform[1] (max), %[1]s.init.%[2]s.normal[0] (mean), %[1]s.init.%[2]s.normal[1] (std))", obj, v)
	}
	if o.proj {
		return fail("%s is a projection; the bounds of its per-synapse distributions cannot be swept (sweep %s.init.%s when it is one number)", obj, obj, v)
	}
	initPath := joinKey(joinKey(o.path, "init"), v)
	d, drawn := p.net.Populations[o.i].InitRandom[v]
	if !drawn {
		return fail("%s.init.%s is not drawn from a distribution (give init = { %s = { %s = [...] } }, or sweep %s.init.%s)",
			obj, v, v, kind, obj, v)
	}
	if d.Kind != kind {
		return fail("%s.init.%s is drawn from a %s distribution (line %d): sweep %s.init.%s.%s[0] or [1]",
			obj, v, d.Kind, p.idx.at(initPath).Line, obj, v, d.Kind)
	}
	if i > 1 {
		a := distArgs[kind]
		return fail("a %s distribution has two numbers: %s[0] (%s) and %s[1] (%s)", kind, kind, a[0], kind, a[1])
	}
	return axisTarget{kind: tInitDist, obj: o.i, name: v, dist: kind, elem: i}, true
}

// checkDistAxes checks uniform distributions whose bounds are swept: min <= max at every point,
// against the bound written in the file or the other bound's axis. (A swept normal std is checked
// value by value.)
func (p *parser) checkDistAxes() {
	type bounds struct{ axis [2]int }
	found := map[[2]string]*bounds{} // (population, var) -> axes of min and max
	var order [][2]string
	for k, t := range p.targets {
		if t.kind != tInitDist || t.dist != "uniform" {
			continue
		}
		key := [2]string{p.net.Populations[t.obj].Name, t.name}
		b, ok := found[key]
		if !ok {
			b = &bounds{axis: [2]int{-1, -1}}
			found[key] = b
			order = append(order, key)
		}
		b.axis[t.elem] = k
	}
	for _, key := range order {
		b := found[key]
		var obj int
		for _, k := range b.axis {
			if k >= 0 {
				obj = p.targets[k].obj
			}
		}
		base := p.net.Populations[obj].InitRandom[key[1]]
		vals := [2][]float64{{base.Min}, {base.Max}}
		for i, k := range b.axis {
			if k >= 0 {
				vals[i] = p.axes[k].Values
			}
		}
		// fault reports value j of bound i's axis, which meets the other bound's value other.
		fault := func(i, j int, other float64) {
			k := b.axis[i]
			at := p.axisKeys[k]
			if p.axes[k].Source == "values" {
				at = indexKey(at, j)
			}
			what, from := "max", "the file's"
			if i == 1 {
				what = "min"
			}
			if b.axis[1-i] >= 0 {
				from = "a point's"
			}
			p.errorf(at, "%s = %v: the distribution needs min <= max, and %s %s is %v",
				p.axes[k].Path, p.axes[k].Values[j], from, what, other)
		}
		if p.mode == Zip && b.axis[0] >= 0 && b.axis[1] >= 0 {
			for j := range vals[0] {
				if vals[0][j] > vals[1][j] {
					fault(1, j, vals[0][j])
					break
				}
			}
			continue
		}
		// Grid (or one bound swept): every min meets every max.
		lo, hi := slices.Max(vals[0]), slices.Min(vals[1])
		if lo <= hi {
			continue
		}
		if b.axis[0] >= 0 {
			fault(0, slices.Index(vals[0], lo), hi)
		} else {
			fault(1, slices.Index(vals[1], hi), lo)
		}
	}
}

// initDist returns the distribution object o's variable v is drawn from, if any.
func (p *parser) initDist(o *object, v string) (spec.Dist, bool) {
	if o.proj {
		d, ok := p.net.Projections[o.i].InitRandom[v]
		return d, ok
	}
	d, ok := p.net.Populations[o.i].InitRandom[v]
	return d, ok
}
