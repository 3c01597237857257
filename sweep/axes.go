package sweep

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spikesweep/spikesweep/spec"
)

// targetKind says what one sweep axis overrides.
type targetKind int

const (
	tDt            targetKind = iota // run.dt
	tDuration                        // run.duration
	tParam                           // <object>.<param>
	tInit                            // <object>.init.<var>
	tDelay                           // <projection>.delay
	tConnProb                        // <projection>.conn.prob
	tInputValue                      // <target>.<var>.value (or .value[i])
	tPieceValue                      // <target>.<var>.pieces[k].value (or .value[i])
	tPieceDuration                   // <target>.<var>.pieces[k].duration
	tInitDist                        // <population>.init.<var>.uniform[i] or .normal[i]
	tDrive                           // <target>.<var>.poisson.rate, .n or .weight
	tWeight                          // <projection>.weight (delta synapses)
	tParamDist                       // <population>.<param>.<kind>[i]: a per-neuron parameter's distribution
)

// axisTarget is a resolved sweep path.
type axisTarget struct {
	kind  targetKind
	proj  bool // obj indexes Projections (else Populations)
	obj   int
	name  string // parameter or variable
	dist  string // tInitDist, tParamDist: the distribution; elem is the argument (0: min or mean, 1: max or std)
	input int
	piece int
	elem  int            // input element (value[i]), or -1 for every element
	elems int            // number of elements of the input's target, when elem >= 0
	param spec.ParamInfo // tParam, tParamDist: the parameter, for its bounds
	// also are further targets set to the same value (the axis's also = [...]).
	also []axisTarget
}

// setElem returns vals with element t.elem set to v (t.elem < 0: v for every element). A single
// value that stood for every element is first spread to one per element.
func (t *axisTarget) setElem(vals []float64, v float64) []float64 {
	if t.elem < 0 {
		return []float64{v}
	}
	if len(vals) == 1 && t.elems > 1 {
		vals = slices.Repeat(vals, t.elems)
	}
	vals[t.elem] = v
	return vals
}

// apply sets the target to v in n. pieceLen[i] is the number of pieces listed for input i
// before `repeat`; a piece override applies to every repetition.
func (t *axisTarget) apply(n *spec.Network, v float64, pieceLen []int) {
	for k := range t.also {
		t.also[k].apply(n, v, pieceLen)
	}
	switch t.kind {
	case tDt:
		n.Dt = v
	case tDuration:
		n.Duration = v
	case tParam, tInit:
		var m *map[string]float64
		switch {
		case t.proj && t.kind == tParam:
			m = &n.Projections[t.obj].Params
		case t.proj:
			m = &n.Projections[t.obj].Init
		case t.kind == tParam:
			m = &n.Populations[t.obj].Params
		default:
			m = &n.Populations[t.obj].Init
		}
		if *m == nil {
			*m = map[string]float64{}
		}
		(*m)[t.name] = v
	case tInitDist:
		m := n.Populations[t.obj].InitRandom
		d := m[t.name]
		setDistArg(&d, t.elem, v)
		m[t.name] = d
	case tParamDist:
		m := n.Populations[t.obj].ParamsRandom
		d := m[t.name]
		setDistArg(&d, t.elem, v)
		m[t.name] = d
	case tDrive:
		setDrive(n.Inputs[t.input].Poisson, t.name, v)
	case tWeight:
		n.Projections[t.obj].Weight = v
	case tDelay:
		n.Projections[t.obj].Delay = v
	case tConnProb:
		n.Projections[t.obj].Conn.Prob = v
	case tInputValue:
		n.Inputs[t.input].Value = t.setElem(n.Inputs[t.input].Value, v)
	case tPieceValue, tPieceDuration:
		segs := n.Inputs[t.input].Pieces
		for k := t.piece; k < len(segs); k += pieceLen[t.input] {
			if t.kind == tPieceValue {
				segs[k].Value = t.setElem(segs[k].Value, v)
			} else {
				segs[k].Duration = v
			}
		}
	}
}

// check returns why v is not a valid value for the target ("must be ..."), or "".
func (t *axisTarget) check(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "must be a finite number"
	}
	for k := range t.also {
		if msg := t.also[k].check(v); msg != "" {
			return msg + " (for an also path)"
		}
	}
	switch t.kind {
	case tDt, tDuration:
		if v <= 0 {
			return "must be a positive number of milliseconds"
		}
	case tDelay, tPieceDuration:
		if v < 0 {
			return "must be a non-negative number of milliseconds"
		}
	case tConnProb:
		if v < 0 || v > 1 {
			return "must be a probability, between 0 and 1"
		}
	case tDrive:
		return driveCheck(t.name, v)
	case tParam:
		if t.param.NonNegative && v < 0 { // as for the file's value (build.go, params)
			return "must be >= 0"
		}
	case tInitDist, tParamDist:
		if t.dist != "uniform" && t.elem == 1 && v < 0 {
			return "must be a non-negative standard deviation"
		}
		if t.kind == tParamDist && t.dist == "uniform" && t.elem == 0 && t.param.Refuse(v) != "" {
			return fmt.Sprintf("the lowest value of %s %s", t.name, t.param.Refuse(v))
		}
	}
	return ""
}

var modes = []string{"grid", "zip"}

func (p *parser) buildSweep() {
	p.mode, p.repeats = Grid, 1
	s := p.doc.Sweep
	if s == nil {
		return
	}
	switch s.Mode {
	case "", "grid":
	case "zip":
		p.mode = Zip
	default:
		p.errorf("sweep.mode", "unknown mode %q: \"grid\" (every combination) or \"zip\" (i-th value of every axis together)%s",
			s.Mode, didYouMean(s.Mode, modes))
	}
	if s.Repeats != nil {
		if p.repeats = *s.Repeats; p.repeats < 1 {
			p.errorf("sweep.repeats", "must be at least 1, got %d", p.repeats)
			p.repeats = 1
		} else if p.repeats > maxPoints {
			p.errorf("sweep.repeats", "%d repeats: a sweep has at most %d points", p.repeats, maxPoints)
			p.repeats = 1
		}
	}
	seenPath := map[string]string{}
	for i := range s.Axis {
		d := &s.Axis[i]
		path := indexKey("sweep.axis", i)
		if d.Path == "" {
			p.errorf(joinKey(path, "path"), "missing path, e.g. \"syn.U\" (see the sweepable paths in FORMAT.md)")
			continue
		}
		t, ok := p.resolve(joinKey(path, "path"), d.Path)
		if !ok {
			continue
		}
		if first, dup := seenPath[d.Path]; dup {
			p.errorf(joinKey(path, "path"), "%s is already swept by the axis at line %d", d.Path, p.idx.at(first).Line)
			continue
		}
		seenPath[d.Path] = path
		alsoOK := true
		for k, ap := range d.Also {
			at := indexKey(joinKey(path, "also"), k)
			at2, ok := p.resolve(at, ap)
			if !ok {
				alsoOK = false
				continue
			}
			if first, dup := seenPath[ap]; dup {
				p.errorf(at, "%s is already swept by the axis at line %d", ap, p.idx.at(first).Line)
				alsoOK = false
				continue
			}
			switch at2.kind {
			case tDt, tDuration, tInitDist, tParamDist, tPieceDuration:
				p.errorf(at, "%s cannot be an also path (run times, durations and distribution bounds have an axis of their own)", ap)
				alsoOK = false
				continue
			}
			seenPath[ap] = path
			t.also = append(t.also, at2)
		}
		if !alsoOK {
			continue
		}
		vals, src, valKey := p.axisValues(path, d)
		if vals == nil {
			continue
		}
		bad := false
		for k, v := range vals {
			if msg := t.check(v); msg != "" {
				at := valKey
				if src == "values" {
					at = indexKey(valKey, k)
				}
				p.errorf(at, "%s = %v: %s", d.Path, v, msg)
				bad = true
				break
			}
		}
		if bad {
			continue
		}
		p.axes = append(p.axes, Axis{Path: d.Path, Values: vals, Source: src, Also: slices.Clone(d.Also)})
		p.targets = append(p.targets, t)
		p.axisKeys = append(p.axisKeys, valKey)
	}
	if len(p.errs) > 0 || len(p.axes) == 0 {
		return
	}
	if p.mode == Zip {
		n := len(p.axes[0].Values)
		for i, a := range p.axes[1:] {
			if len(a.Values) != n {
				p.errorf(indexKey("sweep.axis", i+1), "zip needs axes of equal length: %s has %s, %s has %s",
					a.Path, plural(len(a.Values), "value"), p.axes[0].Path, plural(n, "value"))
				return
			}
		}
	} else {
		total := 1
		for _, a := range p.axes {
			if total > maxPoints/len(a.Values) {
				p.errorf("sweep", "the grid has more than %d points", maxPoints)
				return
			}
			total *= len(a.Values)
		}
		if total > maxPoints/p.repeats || total*p.repeats > maxPoints {
			p.errorf("sweep.repeats", "the sweep has more than %d points", maxPoints)
		}
	}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// maxPoints bounds the number of points of one sweep file.
const maxPoints = MaxPoints

// resolve maps a sweep path to what it overrides. See FORMAT.md, "Sweepable paths".
func (p *parser) resolve(at, path string) (axisTarget, bool) {
	fail := func(format string, args ...any) (axisTarget, bool) {
		p.errorf(at, "%s: %s", path, fmt.Sprintf(format, args...))
		return axisTarget{}, false
	}
	parts := strings.Split(path, ".")
	if parts[0] == "run" {
		switch {
		case len(parts) == 2 && parts[1] == "dt":
			return axisTarget{kind: tDt}, true
		case len(parts) == 2 && parts[1] == "duration":
			return axisTarget{kind: tDuration}, true
		case len(parts) == 2 && parts[1] == "seed":
			return fail("the seed is not swept: set [sweep] repeats to run each point with several seeds")
		}
		return fail("matches nothing (run paths: run.dt, run.duration)")
	}
	o, ok := p.objects[parts[0]]
	if !ok {
		return fail("no population or projection named %q (names: %s)%s", parts[0],
			listOrNone(p.objectNames()), didYouMean(parts[0], p.objectNames()))
	}
	if !o.ok {
		return axisTarget{}, false // its model error is reported already
	}
	info := o.info
	// An input of this object: <target>.<var>.value or .pieces[k].value/.duration.
	if len(parts) == 4 && parts[2] == "poisson" {
		return p.resolveDrive(parts, fail)
	}
	if len(parts) >= 3 {
		if i, ok := p.inputOf(parts[0], parts[1]); ok {
			return p.resolveInput(i, parts[2:], fail)
		}
	}
	switch {
	case len(parts) == 2 && parts[1] == "delay":
		if !o.proj {
			return fail("%s is a population; only projections have a delay", parts[0])
		}
		return axisTarget{kind: tDelay, proj: true, obj: o.i}, true
	case len(parts) == 2 && parts[1] == "weight" && o.proj:
		pr := &p.net.Projections[o.i]
		if !info.Jump || pr.Output == "" {
			return fail("%s has no weight: weight is for delta synapses (VoltageJump with an output); sweep params.g_max of other models", parts[0])
		}
		if pr.WeightDist != nil || pr.Weights != nil {
			return fail("the weights of %s are drawn per synapse or read from its file; only a single weight is swept", parts[0])
		}
		return axisTarget{kind: tWeight, proj: true, obj: o.i}, true
	case len(parts) == 2 && parts[1] == "size":
		return fail("sizes are not swept: they change the network's structure (write one file per size)")
	case len(parts) == 3 && !o.proj && isParam(info, parts[1]):
		return p.resolveParamDist(o, parts, fail)
	case len(parts) == 2:
		if _, ok := info.Param(parts[1]); ok {
			if msg := p.unusedParam(o, parts[1]); msg != "" {
				return fail("%s", msg)
			}
			if msg := p.perNeuronParam(o, parts[1]); msg != "" {
				return fail("%s", msg)
			}
			pi, _ := info.Param(parts[1])
			return axisTarget{kind: tParam, proj: o.proj, obj: o.i, name: parts[1], param: pi}, true
		}
		if _, ok := info.Var(parts[1]); ok {
			if _, isInput := p.inputOf(parts[0], parts[1]); isInput {
				return fail("%s.%s is driven by an input: sweep %s.%s.value", parts[0], parts[1], parts[0], parts[1])
			}
			return fail("%s is a state variable of %s: sweep its initial value, %s.init.%s", parts[1], info.Name, parts[0], parts[1])
		}
		return fail("%s is not a parameter of model %s (parameters: %s)%s", parts[1], info.Name,
			listOrNone(paramNames(info)), didYouMean(parts[1], paramNames(info)))
	case (len(parts) == 3 || len(parts) == 4) && parts[1] == "init":
		v, ok := info.Var(parts[2])
		if !ok {
			return fail("%s is not a state variable of model %s (state: %s)%s", parts[2], info.Name,
				listOrNone(varNames(info)), didYouMean(parts[2], varNames(info)))
		}
		if v.Bool {
			return fail("%s is a flag set by the model each step; it has no initial value to sweep", parts[2])
		}
		if len(parts) == 4 {
			return p.resolveInitDist(o, parts, fail)
		}
		if d, drawn := p.initDist(o, parts[2]); drawn {
			at := p.idx.at(joinKey(joinKey(o.path, "init"), parts[2])).Line
			if o.proj {
				return fail("%s.init.%s is drawn per synapse from a %s distribution (line %d); a projection's distribution "+
					"cannot be swept (sweep a projection's init only when it is one number)", parts[0], parts[2], d.Kind, at)
			}
			a := distArgs[d.Kind]
			return fail("%[1]s.init.%[2]s is drawn from a %[3]s distribution (line %[4]d): sweep %[1]s.init.%[2]s.%[3]s[0] (%[5]s) or %[1]s.init.%[2]s.%[3]s[1] (%[6]s)",
				parts[0], parts[2], d.Kind, at, a[0], a[1])
		}
		return axisTarget{kind: tInit, proj: o.proj, obj: o.i, name: parts[2]}, true
	case len(parts) == 3 && parts[1] == "conn" && parts[2] == "prob":
		if !o.proj {
			return fail("%s is a population; only projections have a conn", parts[0])
		}
		if k := p.net.Projections[o.i].Conn.Kind; k != "fixed_prob" {
			return fail("projection %s is connected %s; only fixed_prob has a prob", parts[0], k)
		}
		return axisTarget{kind: tConnProb, proj: true, obj: o.i}, true
	}
	return fail("matches nothing (sweepable: <object>.<param>, <object>.init.<var>, " +
		"<population>.init.<var>.uniform[i], <population>.init.<var>.normal[i], <population>.<param>.<dist>[i], <projection>.delay, " +
		"<projection>.conn.prob, <target>.<var>.value, <target>.<var>.pieces[k].value, " +
		"<target>.<var>.pieces[k].duration, run.dt, run.duration)")
}

// inputOf finds the input that drives target.var.
func (p *parser) inputOf(target, v string) (int, bool) {
	for i, in := range p.net.Inputs {
		if in.Target == target && in.Var == v && in.Poisson == nil {
			return i, true
		}
	}
	return 0, false
}

func (p *parser) resolveInput(i int, rest []string, fail func(string, ...any) (axisTarget, bool)) (axisTarget, bool) {
	in := &p.net.Inputs[i]
	what := "value"
	switch {
	case in.Pieces != nil:
		what = "pieces"
	case in.Series != nil:
		what = "csv"
	}
	t := axisTarget{input: i, elem: -1}
	// element reads "value" or "value[i]" into t.elem.
	element := func(seg string) bool {
		name, idx, hasIdx, ok := splitIndex(seg)
		if !ok || name != "value" {
			return false
		}
		if hasIdx {
			t.elem = idx
		}
		return true
	}
	checkElem := func() (axisTarget, bool) {
		if t.elem < 0 {
			return t, true
		}
		n := -1
		if o, ok := p.objects[in.Target]; ok && o.ok {
			n = p.size(o)
		}
		if n < 0 {
			return fail("the number of elements of %s is not known before the run (random connectivity)", in.Target)
		}
		if t.elem >= n {
			return fail("element %d out of range: %s has %s (0..%d)", t.elem, in.Target, plural(n, "element"), n-1)
		}
		t.elems = n
		return t, true
	}
	switch {
	case len(rest) == 1 && element(rest[0]):
		if what != "value" {
			return fail("the input to %s.%s is given as %s, not a constant value (line %d)", in.Target, in.Var, what,
				p.idx.at(p.inputPath[i]).Line)
		}
		t.kind = tInputValue
		return checkElem()
	case len(rest) == 2 && strings.HasPrefix(rest[0], "pieces["):
		name, k, hasIdx, ok := splitIndex(rest[0])
		if !ok || name != "pieces" || !hasIdx {
			break
		}
		switch {
		case rest[1] == "duration":
			t.kind = tPieceDuration
		case element(rest[1]):
			t.kind = tPieceValue
		default:
			return fail("a piece has a value (or value[i]) and a duration, not %q", rest[1])
		}
		if what != "pieces" {
			return fail("the input to %s.%s is given as %s, not pieces", in.Target, in.Var, what)
		}
		if k >= p.pieceLen[i] {
			return fail("the input lists %d pieces (pieces[0] .. pieces[%d])", p.pieceLen[i], p.pieceLen[i]-1)
		}
		t.piece = k
		return checkElem()
	}
	return fail("matches nothing (an input's sweepable paths: %[1]s.%[2]s.value, %[1]s.%[2]s.value[i], "+
		"%[1]s.%[2]s.pieces[k].value, %[1]s.%[2]s.pieces[k].value[i], %[1]s.%[2]s.pieces[k].duration)", in.Target, in.Var)
}

// splitIndex splits "name[12]" into ("name", 12, true); "name" gives ("name", 0, false).
func splitIndex(seg string) (name string, idx int, hasIdx, ok bool) {
	open := strings.IndexByte(seg, '[')
	if open < 0 {
		return seg, 0, false, seg != ""
	}
	if !strings.HasSuffix(seg, "]") {
		return "", 0, false, false
	}
	k, err := strconv.Atoi(seg[open+1 : len(seg)-1])
	if err != nil || k < 0 {
		return "", 0, false, false
	}
	return seg[:open], k, true, true
}

// axisValues computes an axis's values from exactly one of values, linspace, logspace, random.
// It returns the values, their source ("values", "linspace", ...) and the key that gave them.
func (p *parser) axisValues(path string, d *docAxis) ([]float64, string, string) {
	var given []string
	if d.Values != nil {
		given = append(given, "values")
	}
	if d.Linspace != nil {
		given = append(given, "linspace")
	}
	if d.Logspace != nil {
		given = append(given, "logspace")
	}
	if d.Random != nil {
		given = append(given, "random")
	}
	if len(given) != 1 {
		p.errorf(path, "give exactly one of values, linspace, logspace or random (found %s)", listOrNone(given))
		return nil, "", ""
	}
	src := given[0]
	key := joinKey(path, src)
	switch src {
	case "values":
		if len(d.Values) == 0 {
			p.errorf(key, "empty: an axis needs at least one value")
			return nil, "", ""
		}
		for i, v := range d.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				p.errorf(indexKey(key, i), "%v is not a finite number", v)
				return nil, "", ""
			}
		}
		return slices.Clone(d.Values), src, key
	case "linspace", "logspace":
		sp := d.Linspace
		if src == "logspace" {
			sp = d.Logspace
		}
		start, stop, num, ok := p.space(key, sp)
		if !ok {
			return nil, "", ""
		}
		if src == "linspace" {
			return Linspace(start, stop, num), src, key
		}
		if start == 0 || stop == 0 || (start < 0) != (stop < 0) {
			p.errorf(key, "logspace needs start and stop of the same sign, neither zero (got %v and %v)", start, stop)
			return nil, "", ""
		}
		return Geomspace(start, stop, num), src, key
	default:
		vals, ok := p.random(key, d.Path, d.Random)
		if !ok {
			return nil, "", ""
		}
		return vals, "random:" + d.Random.Dist, key
	}
}

func (p *parser) space(key string, sp *docSpace) (start, stop float64, num int, ok bool) {
	ok = true
	need := func(k string, v *float64) float64 {
		switch {
		case v == nil:
			p.errorf(joinKey(key, k), "missing %s", k)
			ok = false
		case math.IsNaN(*v) || math.IsInf(*v, 0):
			p.errorf(joinKey(key, k), "%v is not a finite number", *v)
			ok = false
		default:
			return *v
		}
		return 0
	}
	start, stop = need("start", sp.Start), need("stop", sp.Stop)
	switch {
	case sp.Num == nil:
		p.errorf(joinKey(key, "num"), "missing num (the number of values)")
		ok = false
	case *sp.Num < 1:
		p.errorf(joinKey(key, "num"), "must be at least 1, got %d", *sp.Num)
		ok = false
	case *sp.Num > MaxPoints:
		p.errorf(joinKey(key, "num"), "%d values: a sweep has at most %d points", *sp.Num, MaxPoints)
		ok = false
	default:
		num = *sp.Num
	}
	return start, stop, num, ok
}

var dists = []string{"uniform", "loguniform", "normal"}

// random draws an axis's values. The stream is seeded by the axis's own seed if given, else by
// the master seed and the axis path (see AxisSeed), so values do not change when other axes are
// added or reordered.
func (p *parser) random(key, axisPath string, r *docRandom) ([]float64, bool) {
	takes := map[string][]string{"uniform": {"min", "max"}, "loguniform": {"min", "max"}, "normal": {"mu", "sigma"}}
	args, known := takes[r.Dist]
	if !known {
		if r.Dist == "" {
			p.errorf(joinKey(key, "dist"), "missing dist (dists: %s)", strings.Join(dists, ", "))
		} else {
			p.errorf(joinKey(key, "dist"), "unknown dist %q (dists: %s)%s", r.Dist, strings.Join(dists, ", "), didYouMean(r.Dist, dists))
		}
		return nil, false
	}
	vals := map[string]*float64{"min": r.Min, "max": r.Max, "mu": r.Mu, "sigma": r.Sigma}
	ok := true
	for _, k := range sortedKeys(vals) {
		v := vals[k]
		switch {
		case v != nil && !slices.Contains(args, k):
			p.errorf(joinKey(key, k), "%s does not apply to dist %s (it takes %s)", k, r.Dist, strings.Join(args, ", "))
			ok = false
		case v == nil && slices.Contains(args, k):
			p.errorf(joinKey(key, k), "missing %s (dist %s takes %s)", k, r.Dist, strings.Join(args, ", "))
			ok = false
		case v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)):
			p.errorf(joinKey(key, k), "%v is not a finite number", *v)
			ok = false
		}
	}
	switch {
	case r.N == nil:
		p.errorf(joinKey(key, "n"), "missing n (the number of values to draw)")
		ok = false
	case *r.N > MaxPoints:
		p.errorf(joinKey(key, "n"), "%d values: a sweep has at most %d points", *r.N, MaxPoints)
		return nil, false
	case *r.N < 1:
		p.errorf(joinKey(key, "n"), "must be at least 1, got %d", *r.N)
		ok = false
	}
	if !ok {
		return nil, false
	}
	switch r.Dist {
	case "uniform":
		if *r.Min > *r.Max {
			p.errorf(joinKey(key, "max"), "max (%v) is below min (%v)", *r.Max, *r.Min)
			return nil, false
		}
	case "loguniform":
		if !(*r.Min > 0) || *r.Min > *r.Max {
			p.errorf(joinKey(key, "min"), "loguniform needs 0 < min <= max (got %v, %v)", *r.Min, *r.Max)
			return nil, false
		}
	case "normal":
		if *r.Sigma < 0 {
			p.errorf(joinKey(key, "sigma"), "must be non-negative, got %v", *r.Sigma)
			return nil, false
		}
	}
	seed := AxisSeed(p.net.Seed, axisPath)
	if r.Seed != nil {
		seed = *r.Seed
	}
	return drawAxis(r, *r.N, seed), true
}

// AxisSeed is the seed of a random axis that gives no seed of its own:
// splitmix64(splitmix64(master) ^ fnv1a64(path)).
func AxisSeed(master uint64, path string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(path))
	return splitmix64(splitmix64(master) ^ h.Sum64())
}

// drawAxis draws n values. The unit variates come from gonum's distuv on a PCG stream; the
// affine maps are rounded explicitly (no fused multiply-add) and loguniform's exp and log are
// correctly rounded, so the values are the same on every platform.
func drawAxis(r *docRandom, n int, seed uint64) []float64 {
	src := rand.NewPCG(seed, splitmix64(seed))
	out := make([]float64, n)
	switch r.Dist {
	case "uniform":
		u := distuv.Uniform{Min: 0, Max: 1, Src: src}
		for i := range out {
			out[i] = float64(u.Rand()*(*r.Max-*r.Min)) + *r.Min
		}
	case "loguniform":
		u := distuv.Uniform{Min: 0, Max: 1, Src: src}
		lo, hi := lnCR(*r.Min), lnCR(*r.Max)
		for i := range out {
			out[i] = expCR(float64(u.Rand()*(hi-lo)) + lo)
		}
		// exp(log(x)) need not return x: keep draws inside [min, max].
		for i := range out {
			out[i] = min(max(out[i], *r.Min), *r.Max)
		}
	case "normal":
		z := distuv.Normal{Mu: 0, Sigma: 1, Src: src}
		for i := range out {
			out[i] = float64(z.Rand()**r.Sigma) + *r.Mu
		}
	}
	return out
}

// checkTimeAxes checks what depends on dt and duration at every point, when they are swept:
// every_ms must be a whole number of steps, and a CSV input may not have more rows than steps.
func (p *parser) checkTimeAxes() {
	dtAxis, durAxis := -1, -1
	for i, t := range p.targets {
		switch t.kind {
		case tDt:
			dtAxis = i
		case tDuration:
			durAxis = i
		}
	}
	type pair struct{ dt, dur float64 }
	var pairs []pair
	switch {
	case dtAxis < 0 && durAxis < 0:
		pairs = []pair{{p.net.Dt, p.net.Duration}}
	case p.mode == Zip:
		for k := range p.axes[0].Values {
			q := pair{p.net.Dt, p.net.Duration}
			if dtAxis >= 0 {
				q.dt = p.axes[dtAxis].Values[k]
			}
			if durAxis >= 0 {
				q.dur = p.axes[durAxis].Values[k]
			}
			pairs = append(pairs, q)
		}
	default:
		dts, durs := []float64{p.net.Dt}, []float64{p.net.Duration}
		if dtAxis >= 0 {
			dts = p.axes[dtAxis].Values
		}
		if durAxis >= 0 {
			durs = p.axes[durAxis].Values
		}
		for _, dt := range dts {
			for _, dur := range durs {
				pairs = append(pairs, pair{dt, dur})
			}
		}
	}
	var delayAxes []int
	for i, t := range p.targets {
		if t.kind == tDelay {
			delayAxes = append(delayAxes, i)
		}
	}
	for _, q := range pairs {
		if n, ok := stepsOK(q.dur, q.dt); !ok {
			key := "run.duration"
			if durAxis >= 0 {
				key = p.axisKeys[durAxis]
			} else if dtAxis >= 0 {
				key = p.axisKeys[dtAxis]
			}
			p.errorf(key, "a point with run.dt = %v, run.duration = %v has %.6g steps; a run has 1 to %d steps", q.dt, q.dur, n, MaxSteps)
			return
		}
		steps := spec.StepsFor(q.dur, q.dt)
		for i, m := range p.net.Monitors {
			every := m.Every
			if ms := p.everyMs[i]; ms > 0 {
				every, _ = everySteps(ms, q.dt)
			}
			if every > steps {
				p.errorf(p.monitorKey[i], "records every %d steps, but a point with run.dt = %v, run.duration = %v has only %d steps", every, q.dt, q.dur, steps)
				return
			}
		}
		for _, pr := range p.net.Projections {
			if pr.Delay/q.dt > float64(steps) {
				p.errorf(joinKey(p.objects[pr.Name].path, "delay"), "delay %v ms is longer than the run (%v ms): no spike would arrive, and its buffer would hold %.6g steps", pr.Delay, q.dur, pr.Delay/q.dt)
				return
			}
		}
		for _, a := range delayAxes {
			for _, v := range p.axes[a].Values {
				if v/q.dt > float64(steps) {
					p.errorf(p.axisKeys[a], "%s = %v ms is longer than the run (%v ms): no spike would arrive, and its buffer would hold %.6g steps", p.axes[a].Path, v, q.dur, v/q.dt)
					return
				}
			}
		}
		for i, ms := range p.everyMs {
			if ms == 0 || dtAxis < 0 {
				continue
			}
			if _, msg := everySteps(ms, q.dt); msg != "" {
				p.errorf(p.monitorKey[i], "at a point with run.dt = %v: %s", q.dt, msg)
				return
			}
		}
		for i, in := range p.net.Inputs {
			if p.csvSource[i] && len(in.Series) > steps {
				p.errorf(joinKey(p.inputPath[i], "csv"), "%q has %d rows but a point with run.dt = %v, run.duration = %v has %d steps (one row per step)",
					in.Source, len(in.Series), q.dt, q.dur, steps)
				return
			}
		}
	}
}
