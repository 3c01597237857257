package sweep

import (
	"fmt"
	stdmaps "maps"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spikesweep/spikesweep/spec"
)

// Parameters given per neuron (FORMAT.md, "Parameters per neuron"): params = { V_th = [..] }, one
// value per neuron, or params = { V_th = { normal = [20.0, 1.0], min = 15.0 } }, drawn per neuron,
// for the parameters a model marks spec.ParamInfo.PerNeuron. A distribution's two numbers are
// sweepable as <population>.<param>.<kind>[i], as those of initial values are.

// perNeuronParams takes the parameters given per neuron (an array, or a distribution table) out
// of in, for the parameters that allow it, and returns the rest.
func (p *parser) perNeuronParams(path string, info *spec.ModelInfo, in map[string]any, pop *spec.Population) map[string]any {
	var rest map[string]any
	for _, k := range sortedKeys(in) {
		v := in[k]
		arr, isArr := v.([]any)
		tbl, isTbl := v.(map[string]any)
		if !isArr && !isTbl {
			continue
		}
		if rest == nil {
			rest = stdmaps.Clone(in)
		}
		delete(rest, k)
		kp := joinKey(joinKey(path, "params"), k)
		pi, ok := info.Param(k)
		if !ok {
			rest[k] = v // reported as unknown by params
			continue
		}
		if !pi.PerNeuron {
			p.errorf(kp, "%s of model %s is one number per population (per-neuron values and distributions: %s)",
				k, info.Name, listOrNone(perNeuronNames(info)))
			continue
		}
		if isTbl {
			d := p.boundedDist(kp, tbl)
			if d == nil {
				continue
			}
			if at, msg := paramDistRefuse(pi, d); msg != "" {
				if at != "" {
					kp = joinKey(kp, at)
				}
				p.errorf(kp, "%s %s", k, msg)
				continue
			}
			if pop.ParamsRandom == nil {
				pop.ParamsRandom = map[string]spec.Dist{}
			}
			pop.ParamsRandom[k] = *d
			continue
		}
		if len(arr) != pop.Size {
			p.errorf(kp, "has %s; %s has %s (one value per neuron)", plural(len(arr), "value"), pop.Name, plural(pop.Size, "neuron"))
			continue
		}
		vals := make([]float64, len(arr))
		bad := false
		for i, e := range arr {
			x, msg := finiteNumber(e)
			if msg == "" && pi.Refuse(x) != "" {
				msg = fmt.Sprintf("%s of neuron %d %s, got %v", k, i, pi.Refuse(x), x)
			}
			if msg != "" {
				p.errorf(indexKey(kp, i), "%s", msg)
				bad = true
				break
			}
			vals[i] = x
		}
		if !bad {
			if pop.ParamsPerNeuron == nil {
				pop.ParamsPerNeuron = map[string][]float64{}
			}
			pop.ParamsPerNeuron[k] = vals
		}
	}
	if rest == nil {
		return in
	}
	return rest
}

func perNeuronNames(info *spec.ModelInfo) []string {
	var out []string
	for _, q := range info.Params {
		if q.PerNeuron {
			out = append(out, q.Name)
		}
	}
	return out
}

// paramDistRefuse says why distribution d cannot give values of parameter pi (a time constant
// must stay > 0, a refractory period >= 0), and at which key under the distribution ("" for the
// table itself). A lognormal is always positive; a normal needs a min bound.
func paramDistRefuse(pi spec.ParamInfo, d *spec.Dist) (at, msg string) {
	if !pi.Bounded() {
		return "", ""
	}
	bound := ">= 0"
	if pi.Positive {
		bound = "> 0"
	}
	switch {
	case d.Kind == "lognormal":
		return "", ""
	case d.Kind == "uniform":
		if pi.Refuse(d.Min) != "" {
			return "uniform[0]", fmt.Sprintf("must be %s at every neuron: the uniform distribution's min is %v", bound, d.Min)
		}
	case d.Lo == nil:
		return "", fmt.Sprintf("must be %s at every neuron: give the %s distribution min = ... (draws below min are redrawn)", bound, d.Kind)
	case pi.Refuse(*d.Lo) != "":
		return "min", fmt.Sprintf("must be %s at every neuron: min is %v", bound, *d.Lo)
	}
	return "", ""
}

// truncatedMass is the probability that an untruncated draw of d falls within its min and max
// bounds (1 without bounds): redrawing needs it well above 0.
func truncatedMass(d *spec.Dist) float64 {
	if d.Lo == nil && d.Hi == nil || d.Kind == "uniform" {
		return 1
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if d.Lo != nil {
		lo = *d.Lo
	}
	if d.Hi != nil {
		hi = *d.Hi
	}
	sigma := math.Max(d.Std, 1e-300)
	if d.Kind == "lognormal" {
		n := distuv.LogNormal{Mu: d.Mean, Sigma: sigma}
		return n.CDF(hi) - n.CDF(math.Max(lo, 0))
	}
	n := distuv.Normal{Mu: d.Mean, Sigma: sigma}
	return n.CDF(hi) - n.CDF(lo)
}

// minTruncatedMass is the least share of a distribution its bounds may keep (as package sched
// requires): below it, redrawing would take millions of draws per value.
const minTruncatedMass = 1e-6

// resolveParamDist resolves <population>.<param>.<kind>[i], an argument of the distribution a
// per-neuron parameter is drawn from; parts has three elements and parts[1] is a parameter.
func (p *parser) resolveParamDist(o *object, parts []string, fail func(string, ...any) (axisTarget, bool)) (axisTarget, bool) {
	obj, name := parts[0], parts[1]
	pi, _ := o.info.Param(name)
	if o.proj || !pi.PerNeuron {
		return fail("%s of model %s is one number per population: sweep %s.%s", name, o.info.Name, obj, name)
	}
	pop := &p.net.Populations[o.i]
	d, drawn := pop.ParamsRandom[name]
	if !drawn {
		if _, listed := pop.ParamsPerNeuron[name]; listed {
			return fail("%s.%s is given as a list per neuron; lists are not swept (draw it from a distribution to sweep the distribution)", obj, name)
		}
		return fail("%s.%s is not drawn from a distribution (give params = { %s = { normal = [mean, std] } }, or sweep %s.%s)", obj, name, name, obj, name)
	}
	paramPath := joinKey(joinKey(o.path, "params"), name)
	a := distArgs[d.Kind]
	forms := fmt.Sprintf("%[1]s.%[2]s.%[3]s[0] (%[4]s) or %[1]s.%[2]s.%[3]s[1] (%[5]s)", obj, name, d.Kind, a[0], a[1])
	kind, i, hasIdx, ok := splitIndex(parts[2])
	switch {
	case ok && (kind == "min" || kind == "max") && !hasIdx:
		return fail("the bounds of a truncated distribution are not swept; sweep %s", forms)
	case !ok || !hasIdx || !slices.Contains(boundedKinds, kind):
		return fail("matches nothing: %s.%s is drawn from a %s distribution (line %d); sweep %s",
			obj, name, d.Kind, p.idx.at(paramPath).Line, forms)
	case kind != d.Kind:
		return fail("%s.%s is drawn from a %s distribution (line %d), not %s: sweep %s",
			obj, name, d.Kind, p.idx.at(paramPath).Line, kind, forms)
	case i > 1:
		return fail("a %s distribution has two numbers: sweep %s", kind, forms)
	}
	return axisTarget{kind: tParamDist, obj: o.i, name: name, dist: kind, elem: i, param: pi}, true
}

func isParam(info *spec.ModelInfo, name string) bool { _, ok := info.Param(name); return ok }

// perNeuronParam says why <population>.<name> cannot be swept as one value (it is given per
// neuron), or "".
func (p *parser) perNeuronParam(o *object, name string) string {
	if o.proj {
		return ""
	}
	pop := &p.net.Populations[o.i]
	at := p.idx.at(joinKey(joinKey(o.path, "params"), name)).Line
	if d, drawn := pop.ParamsRandom[name]; drawn {
		a := distArgs[d.Kind]
		return fmt.Sprintf("%[1]s.%[2]s is drawn per neuron from a %[3]s distribution (line %[4]d): sweep %[1]s.%[2]s.%[3]s[0] (%[5]s) or %[1]s.%[2]s.%[3]s[1] (%[6]s)",
			pop.Name, name, d.Kind, at, a[0], a[1])
	}
	if _, listed := pop.ParamsPerNeuron[name]; listed {
		return fmt.Sprintf("%s.%s is given as a list per neuron (line %d); lists are not swept", pop.Name, name, at)
	}
	return ""
}

// checkParamDistAxes checks, for every per-neuron parameter whose distribution is swept, each
// distribution a point can get: valid arguments (min <= max, std >= 0), values in the
// parameter's range, and bounds that keep some of the distribution. Each value is checked
// against the file's other argument, or against every value of the other argument's axis.
func (p *parser) checkParamDistAxes() {
	type key struct {
		obj  int
		name string
	}
	found := map[key]*[2]int{}
	var order []key
	for k, t := range p.targets {
		if t.kind != tParamDist {
			continue
		}
		kk := key{t.obj, t.name}
		if found[kk] == nil {
			found[kk] = &[2]int{-1, -1}
			order = append(order, kk)
		}
		found[kk][t.elem] = k
	}
	for _, kk := range order {
		axes := found[kk]
		base := p.net.Populations[kk.obj].ParamsRandom[kk.name]
		pi, _ := p.objects[p.net.Populations[kk.obj].Name].info.Param(kk.name)
		args := [2][]float64{{base.Min}, {base.Max}}
		if base.Kind != "uniform" {
			args = [2][]float64{{base.Mean}, {base.Std}}
		}
		for i, k := range axes {
			if k >= 0 {
				args[i] = p.axes[k].Values
			}
		}
		// fault reports value j of argument i's axis (the other argument being other).
		fault := func(i, j int, msg string) {
			k := axes[i]
			if k < 0 {
				i, k = 1-i, axes[1-i]
			}
			at := p.axisKeys[k]
			if p.axes[k].Source == "values" && j >= 0 {
				at = indexKey(at, j)
			}
			p.errorf(at, "%s = %v: %s", p.axes[k].Path, p.axes[k].Values[max(j, 0)], msg)
		}
		check := func(a, b float64) string {
			d := base
			setDistArg(&d, 0, a)
			setDistArg(&d, 1, b)
			if msg := distCheck(d.Kind, a, b); msg != "" {
				return msg
			}
			if _, msg := paramDistRefuse(pi, &d); msg != "" {
				return kk.name + " " + msg
			}
			if truncatedMass(&d) < minTruncatedMass {
				return fmt.Sprintf("with %s = %v and %s = %v, the bounds keep almost none of the distribution", distArgs[d.Kind][0], a, distArgs[d.Kind][1], b)
			}
			return ""
		}
		zip := p.mode == Zip && axes[0] >= 0 && axes[1] >= 0
	outer:
		for i0, a := range args[0] {
			for i1, b := range args[1] {
				if zip && i0 != i1 {
					continue
				}
				if msg := check(a, b); msg != "" {
					if axes[0] >= 0 {
						fault(0, i0, msg)
					} else {
						fault(1, i1, msg)
					}
					break outer
				}
			}
		}
	}
}

// checkTruncation checks that a distribution's bounds keep some of it.
func (p *parser) checkTruncation(path string, d *spec.Dist) bool {
	if truncatedMass(d) < minTruncatedMass {
		p.errorf(path, "the bounds keep almost none of the %s distribution (draws outside min and max are redrawn)", d.Kind)
		return false
	}
	return true
}
