package sweep

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spikesweep/spikesweep/spec"
)

// parser turns one decoded document into the base network and the sweep axes, collecting every
// problem it finds as an *Error positioned at its key.
type parser struct {
	file    string
	baseDir string
	cat     spec.Catalog
	idx     *posIndex
	doc     docFile
	errs    []*Error

	net     spec.Network
	objects map[string]*object // populations and projections by name

	inputPath  []string        // per input: its document path
	pieceLen   []int           // per input: pieces listed before `repeat` (0: not pieces)
	csvSource  []bool          // per input: Series came from a CSV file
	everyMs    []float64       // per monitor: every_ms, or 0
	timesFile  map[string]bool // SpikeTimes populations whose times come from a file
	monitorKey []string        // per monitor: key holding every / every_ms, for later errors

	axes     []Axis
	targets  []axisTarget
	axisKeys []string // per axis: the key that gave its values
	mode     Mode
	repeats  int
}

// object is a population or projection, by name.
type object struct {
	proj bool
	i    int    // index in Network.Populations or Network.Projections
	path string // document path, e.g. "projection[0]"
	info *spec.ModelInfo
	ok   bool // the model is known; checks that need it may run
}

// size is the number of elements of an object: neurons, or synapses (-1 when connectivity is
// random, so unknown before the run).
func (p *parser) size(o *object) int {
	if !o.proj {
		return p.net.Populations[o.i].Size
	}
	pr := &p.net.Projections[o.i]
	pre, okPre := p.objects[pr.Pre]
	post, okPost := p.objects[pr.Post]
	if !okPre || !okPost || pre.proj || post.proj {
		return -1
	}
	np, nq := p.net.Populations[pre.i].Size, p.net.Populations[post.i].Size
	switch pr.Conn.Kind {
	case "all2all":
		if pr.Conn.IncludeSelf != nil && !*pr.Conn.IncludeSelf {
			return np*nq - min(np, nq)
		}
		return np * nq
	case "one2one":
		return np
	case "explicit", "from_file":
		return len(pr.Conn.Pre)
	case "fixed_indegree":
		return nq * pr.Conn.K
	case "fixed_outdegree":
		return np * pr.Conn.K
	case "fixed_total":
		return pr.Conn.N
	}
	return -1
}

func (p *parser) errorf(path, format string, args ...any) {
	at := p.idx.at(path)
	obj, key := p.label(path)
	p.errs = append(p.errs, &Error{File: p.file, Line: at.Line, Col: at.Col, Object: obj, Key: key,
		Msg: fmt.Sprintf(format, args...)})
}

// label splits a document path into the object it belongs to (`projection "syn"`) and the key
// within it ("params.tau_d").
func (p *parser) label(path string) (obj, key string) {
	head, rest := path, ""
	for _, kind := range []string{"population", "projection", "input", "monitor", "sweep.axis", "model"} {
		if !strings.HasPrefix(path, kind+"[") {
			continue
		}
		end := strings.IndexByte(path[len(kind):], ']')
		if end < 0 {
			break
		}
		head = path[:len(kind)+end+1]
		rest = strings.TrimPrefix(path[len(head):], ".")
		name := ""
		switch kind {
		case "population", "projection", "model":
			name = p.idx.str(head + ".name")
		case "monitor":
			name = cmp.Or(p.idx.str(head+".name"), p.idx.str(head+".target"))
		case "input":
			if t, v := p.idx.str(head+".target"), p.idx.str(head+".var"); t != "" && v != "" {
				name = t + "." + v
			}
		case "sweep.axis":
			name = p.idx.str(head + ".path")
		}
		if name == "" {
			return head, rest
		}
		return kind + " " + strconv.Quote(name), rest
	}
	return "", path
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// build fills p.net and the axes from p.doc.
func (p *parser) build() {
	p.objects = map[string]*object{}
	p.buildRun()
	p.buildModels()
	p.buildObjects()
	p.checkSynapseSides()
	p.buildConns()
	p.buildOutputs()
	p.buildOrder()
	p.buildMethods()
	p.buildInputs()
	p.buildMonitors()
	p.buildSpikes()
	p.buildAnalysis()
	p.buildSweep()
	p.checkJumpDelays()
	if len(p.errs) == 0 {
		p.checkTimeAxes()
		p.checkDistAxes()
		p.checkParamDistAxes()
	}
}

func (p *parser) buildRun() {
	r := p.doc.Run
	if r == nil {
		p.errorf("run.duration", "missing [run] table; it needs at least duration (ms)")
		p.net.Dt = 0.1
		return
	}
	p.net.Dt = 0.1
	if r.Dt != nil {
		p.net.Dt = *r.Dt
		if !(p.net.Dt > 0) || math.IsInf(p.net.Dt, 0) {
			p.errorf("run.dt", "must be a positive number of milliseconds, got %v", p.net.Dt)
		}
	}
	if r.Duration == nil {
		p.errorf("run.duration", "missing: the simulated time in milliseconds")
	} else {
		p.net.Duration = *r.Duration
		if !(p.net.Duration > 0) || math.IsInf(p.net.Duration, 0) {
			p.errorf("run.duration", "must be a positive number of milliseconds, got %v", p.net.Duration)
		}
	}
	p.net.Seed = r.Seed
	if p.net.Dt > 0 && p.net.Duration > 0 && !math.IsInf(p.net.Dt, 0) && !math.IsInf(p.net.Duration, 0) {
		if q, ok := stepsOK(p.net.Duration, p.net.Dt); !ok {
			p.errorf("run.duration", "duration %v ms with dt %v ms is %.6g steps; a run has 1 to %d steps", p.net.Duration, p.net.Dt, q, MaxSteps)
		}
	}
}

// objectPaths lists the populations' and projections' document paths in file order.
func (p *parser) objectPaths() []string {
	var paths []string
	for i := range p.doc.Population {
		paths = append(paths, indexKey("population", i))
	}
	for i := range p.doc.Projection {
		paths = append(paths, indexKey("projection", i))
	}
	slices.SortStableFunc(paths, func(a, b string) int {
		pa, pb := p.idx.at(a), p.idx.at(b)
		return cmp.Or(cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col))
	})
	return paths
}

func (p *parser) buildObjects() {
	p.net.Populations = make([]spec.Population, len(p.doc.Population))
	p.net.Projections = make([]spec.Projection, len(p.doc.Projection))
	for _, path := range p.objectPaths() {
		if strings.HasPrefix(path, "population") {
			i := len("population[")
			n, _ := strconv.Atoi(path[i : len(path)-1])
			p.buildPopulation(n, path)
		} else {
			i := len("projection[")
			n, _ := strconv.Atoi(path[i : len(path)-1])
			p.buildProjection(n, path)
		}
	}
}

// declare checks and registers an object's name and model.
func (p *parser) declare(path, name, model string, proj bool, i int) *object {
	o := &object{proj: proj, i: i, path: path}
	switch {
	case name == "":
		p.errorf(joinKey(path, "name"), "missing name")
	case !identRE.MatchString(name):
		p.errorf(joinKey(path, "name"), "%q is not a valid name (use letters, digits and _, not starting with a digit)", name)
	case len(name) > MaxNameLen:
		p.errorf(joinKey(path, "name"), "name is %d bytes long; at most %d (it names output directories)", len(name), MaxNameLen)
	case name == "run":
		p.errorf(joinKey(path, "name"), `"run" is reserved (sweep paths run.dt, run.duration)`)
	default:
		if prev, dup := p.objects[name]; dup {
			at := p.idx.at(prev.path)
			p.errorf(joinKey(path, "name"), "duplicate name %q (first used at line %d); populations and projections share one namespace", name, at.Line)
		} else {
			p.objects[name] = o
		}
	}
	if model == "" {
		p.errorf(joinKey(path, "model"), "missing model (models: %s)", strings.Join(p.cat.Names(), ", "))
		return o
	}
	info, ok := p.cat.Model(model)
	if !ok && p.modelBroken(model) {
		return o // its [[model]] table has errors, reported there
	}
	if !ok {
		p.errorf(joinKey(path, "model"), "unknown model %q (models: %s)%s", model,
			strings.Join(p.cat.Names(), ", "), didYouMean(model, p.cat.Names()))
		return o
	}
	o.info = info
	want, other := spec.NeuronModel, "[[projection]]"
	if proj {
		want, other = spec.SynapseModel, "[[population]]"
	}
	if info.Kind != "" && info.Kind != want {
		p.errorf(joinKey(path, "model"), "%s is a %s model; it belongs in a %s table", info.Name, info.Kind, other)
		return o
	}
	o.ok = true
	return o
}

func (p *parser) buildPopulation(i int, path string) {
	d := &p.doc.Population[i]
	o := p.declare(path, d.Name, d.Model, false, i)
	pop := &p.net.Populations[i]
	pop.Name = d.Name
	pop.Model = d.Model
	if o.info != nil {
		pop.Model = o.info.Name
	}
	if d.Size == nil {
		p.errorf(joinKey(path, "size"), "missing size (the number of neurons)")
	} else if pop.Size = *d.Size; pop.Size <= 0 {
		p.errorf(joinKey(path, "size"), "must be at least 1, got %d", pop.Size)
	}
	if o.ok {
		pop.Params = p.params(path, o.info, p.perNeuronParams(path, o.info, d.Params, pop))
		pop.Init, pop.InitRandom = p.inits(path, o.info, d.Init, false)
		pop.Method = p.method(joinKey(path, "method"), o.info, d.Method)
		p.spikeTimes(path, o.info, d, pop)
	}
}

func (p *parser) buildProjection(i int, path string) {
	d := &p.doc.Projection[i]
	o := p.declare(path, d.Name, d.Model, true, i)
	pr := &p.net.Projections[i]
	pr.Name = d.Name
	pr.Model = d.Model
	if o.info != nil {
		pr.Model = o.info.Name
	}
	pr.Pre, pr.Post = d.Pre, d.Post
	if d.Delay != nil {
		if tbl, isTable := d.Delay.(map[string]any); isTable {
			pr.DelayDist = p.boundedDist(joinKey(path, "delay"), tbl)
		} else if x, ok := number(d.Delay); !ok || isBool(d.Delay) {
			p.errorf(joinKey(path, "delay"), "expected a number of milliseconds or a distribution, found %s", tomlKind(d.Delay))
		} else {
			pr.Delay = x
			if !(pr.Delay >= 0) || math.IsInf(pr.Delay, 0) {
				p.errorf(joinKey(path, "delay"), "must be a non-negative number of milliseconds, got %v", pr.Delay)
			}
		}
	}
	p.weight(path, d, pr)
	if o.ok {
		pr.Params = p.params(path, o.info, d.Params)
		pr.Init, pr.InitRandom = p.inits(path, o.info, d.Init, true)
		pr.Method = p.method(joinKey(path, "method"), o.info, d.Method)
	}
}

// number reads a TOML number (or boolean, as 0/1) held in an `any`.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// tomlKind names the TOML type of a decoded value, for messages.
func tomlKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64:
		return "a float"
	case int64:
		return "an integer"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing"
	}
	return "a date or time"
}

// numberWithUnit matches a string such as "-50 mV" or "10ms": a number written with its unit.
var numberWithUnit = regexp.MustCompile(`^\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\s*[A-Za-z][A-Za-z0-9/*]*\s*$`)

func finiteNumber(v any) (float64, string) {
	x, ok := number(v)
	if !ok {
		if s, isStr := v.(string); isStr {
			if m := numberWithUnit.FindStringSubmatch(s); m != nil {
				return 0, fmt.Sprintf("expected a number, found the string %q: numbers here are plain, in the units "+
					"`batch models` lists (ms, mV, Hz, ...): write %s", s, m[1])
			}
		}
		return 0, "expected a number, found " + tomlKind(v)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Sprintf("must be a finite number, got %v", x)
	}
	return x, ""
}

// paramNames lists a model's parameters, sorted, for messages.
func paramNames(info *spec.ModelInfo) []string {
	out := make([]string, len(info.Params))
	for i, q := range info.Params {
		out[i] = q.Name
	}
	slices.Sort(out)
	return out
}

// varNames lists a model's state variables, sorted, for messages.
func varNames(info *spec.ModelInfo) []string {
	out := make([]string, len(info.State))
	for i, v := range info.State {
		out[i] = v.Name
	}
	slices.Sort(out)
	return out
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (p *parser) params(path string, info *spec.ModelInfo, in map[string]any) map[string]float64 {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]float64, len(in))
	names := paramNames(info)
	for _, k := range sortedKeys(in) {
		kp := joinKey(joinKey(path, "params"), k)
		if _, ok := info.Param(k); !ok {
			hint := didYouMean(k, names)
			if _, isVar := info.Var(k); isVar {
				hint = fmt.Sprintf("; %s is a state variable: set its initial value under init", k)
			}
			p.errorf(kp, "unknown parameter of model %s (parameters: %s)%s", info.Name, listOrNone(names), hint)
			continue
		}
		x, msg := finiteNumber(in[k])
		switch in[k].(type) {
		case []any, map[string]any: // a population's per-neuron forms were taken out before
			msg = fmt.Sprintf("a projection's parameter is one number for every synapse, found %s (lists and distributions are for population parameters marked per neuron; a delta synapse's weight and delay take distributions)", tomlKind(in[k]))
		}
		// One value per population: only non-negative quantities are checked here. A time
		// constant <= 0 is accepted, as it always was: the point diverges and fails on its own.
		if pi, _ := info.Param(k); msg == "" && pi.NonNegative && x < 0 {
			msg = fmt.Sprintf("must be >= 0, got %v", x)
		}
		if msg != "" {
			p.errorf(kp, "%s", msg)
			continue
		}
		out[k] = x
	}
	return out
}

// inits reads an object's initial values: plain numbers into the first map, and distributions
// { uniform = [min, max] } or { normal = [mean, std] } (drawn per neuron, or per synapse of a
// projection) into the second.
func (p *parser) inits(path string, info *spec.ModelInfo, in map[string]any, proj bool) (map[string]float64, map[string]spec.Dist) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]float64, len(in))
	var dists map[string]spec.Dist
	names := varNames(info)
	for _, k := range sortedKeys(in) {
		kp := joinKey(joinKey(path, "init"), k)
		if _, isTable := in[k].(map[string]any); isTable && proj && info.Jump {
			// A delta synapse keeps no state of its own to draw (its flag is set every step).
			p.errorf(kp, "model %s keeps no per-synapse state to draw; its weight takes a distribution per synapse, "+
				"weight = %s", info.Name, boundedForms)
			continue
		}
		v, ok := info.Var(k)
		if !ok {
			hint := didYouMean(k, names)
			if _, isParam := info.Param(k); isParam {
				hint = fmt.Sprintf("; %s is a parameter: set it under params", k)
			}
			p.errorf(kp, "not a state variable of model %s (state: %s)%s", info.Name, listOrNone(names), hint)
			continue
		}
		if v.Bool {
			p.errorf(kp, "%s is a flag set by the model each step; it cannot be initialised", k)
			continue
		}
		if _, isArr := in[k].([]any); isArr {
			p.errorf(kp, "expected one number for every element (per-element initial values are not supported)")
			continue
		}
		if tbl, isTable := in[k].(map[string]any); isTable {
			if d, ok := p.dist(kp, tbl); ok {
				if dists == nil {
					dists = map[string]spec.Dist{}
				}
				dists[k] = d
			}
			continue
		}
		x, msg := finiteNumber(in[k])
		if msg != "" {
			if _, isNum := number(in[k]); !isNum {
				msg = fmt.Sprintf("expected a number or a distribution, %s; found %s", distForms, tomlKind(in[k]))
			}
			p.errorf(kp, "%s", msg)
			continue
		}
		out[k] = x
	}
	if len(out) == 0 {
		out = nil
	}
	return out, dists
}

// Methods are the integrators the format knows; a model may support fewer.
var methodNames = []string{"euler", "rk4", "exp_euler"}

func normMethod(m string) string {
	m = strings.ToLower(strings.TrimSpace(m))
	switch m {
	case "exponential_euler", "exponential", "expeuler", "exp-euler":
		return "exp_euler"
	case "rk", "runge_kutta", "rungekutta":
		return "rk4"
	}
	return m
}

func (p *parser) method(path string, info *spec.ModelInfo, m string) string {
	if m == "" {
		return ""
	}
	n := normMethod(m)
	allowed := info.Methods
	if len(allowed) == 0 {
		allowed = methodNames
	}
	if !slices.Contains(allowed, n) {
		p.errorf(path, "unknown method %q for model %s (methods: %s)%s", m, info.Name,
			strings.Join(allowed, ", "), didYouMean(m, allowed))
		return ""
	}
	return n
}

func (p *parser) buildOrder() {
	paths := p.objectPaths()
	var fileOrder []string
	for _, path := range paths {
		if name := p.idx.str(path + ".name"); name != "" {
			if o, ok := p.objects[name]; ok && o.path == path {
				fileOrder = append(fileOrder, name)
			}
		}
	}
	if p.doc.Run == nil || p.doc.Run.Order == nil {
		p.net.Order = fileOrder
		return
	}
	order := p.doc.Run.Order
	seen := map[string]bool{}
	bad := false
	for i, name := range order {
		at := indexKey("run.order", i)
		if _, ok := p.objects[name]; !ok {
			p.errorf(at, "no population or projection named %q (names: %s)%s", name,
				listOrNone(p.objectNames()), didYouMean(name, p.objectNames()))
			bad = true
			continue
		}
		if seen[name] {
			p.errorf(at, "%q is listed twice; order must list every population and projection exactly once", name)
			bad = true
		}
		seen[name] = true
	}
	var missing []string
	for _, name := range fileOrder {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 && !bad {
		p.errorf("run.order", "must list every population and projection exactly once; missing: %s", strings.Join(missing, ", "))
	}
	p.net.Order = slices.Clone(order)
}

// buildMethods applies [run] method = { name = "rk4" }.
func (p *parser) buildMethods() {
	if p.doc.Run == nil {
		return
	}
	for _, name := range sortedKeys(p.doc.Run.Method) {
		path := joinKey("run.method", name)
		o, ok := p.objects[name]
		if !ok {
			p.errorf(path, "no population or projection named %q (names: %s)%s", name,
				listOrNone(p.objectNames()), didYouMean(name, p.objectNames()))
			continue
		}
		if !o.ok {
			continue
		}
		m := p.method(path, o.info, p.doc.Run.Method[name])
		var dst *string
		var given string
		if o.proj {
			dst, given = &p.net.Projections[o.i].Method, p.doc.Projection[o.i].Method
		} else {
			dst, given = &p.net.Populations[o.i].Method, p.doc.Population[o.i].Method
		}
		if given != "" {
			at := p.idx.at(joinKey(o.path, "method"))
			p.errorf(path, "method of %q is also given in its table (line %d); give it once", name, at.Line)
			continue
		}
		*dst = m
	}
}
