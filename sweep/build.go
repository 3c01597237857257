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

	inputPath  []string  // per input: its document path
	pieceLen   []int     // per input: pieces listed before `repeat` (0: not pieces)
	csvSource  []bool    // per input: Series came from a CSV file
	everyMs    []float64 // per monitor: every_ms, or 0
	monitorKey []string  // per monitor: key holding every / every_ms, for later errors

	axes    []Axis
	targets []axisTarget
	mode    Mode
	repeats int
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
	case "explicit":
		return len(pr.Conn.Pre)
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
	for _, kind := range []string{"population", "projection", "input", "monitor", "sweep.axis"} {
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
		case "population", "projection":
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
	p.buildObjects()
	p.buildConns()
	p.buildOrder()
	p.buildMethods()
	p.buildInputs()
	p.buildMonitors()
	p.buildSpikes()
	p.buildSweep()
	if len(p.errs) == 0 {
		p.checkTimeAxes()
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
		pop.Params = p.params(path, o.info, d.Params)
		pop.Init = p.inits(path, o.info, d.Init)
		pop.Method = p.method(joinKey(path, "method"), o.info, d.Method)
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
		pr.Delay = *d.Delay
		if !(pr.Delay >= 0) || math.IsInf(pr.Delay, 0) {
			p.errorf(joinKey(path, "delay"), "must be a non-negative number of milliseconds, got %v", pr.Delay)
		}
	}
	if o.ok {
		pr.Params = p.params(path, o.info, d.Params)
		pr.Init = p.inits(path, o.info, d.Init)
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

func finiteNumber(v any) (float64, string) {
	x, ok := number(v)
	if !ok {
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
		if msg != "" {
			p.errorf(kp, "%s", msg)
			continue
		}
		out[k] = x
	}
	return out
}

func (p *parser) inits(path string, info *spec.ModelInfo, in map[string]any) map[string]float64 {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]float64, len(in))
	names := varNames(info)
	for _, k := range sortedKeys(in) {
		kp := joinKey(joinKey(path, "init"), k)
		v, ok := info.Var(k)
		if !ok {
			hint := didYouMean(k, names)
			if _, isParam := info.Param(k); isParam {
				hint = fmt.Sprintf("; %s is a parameter: set it under params", k)
			}
			p.errorf(kp, "not a state variable of model %s (state: %s)%s", info.Name, listOrNone(names), hint)
			continue
		}
		if _, isArr := in[k].([]any); isArr {
			p.errorf(kp, "expected one number for every element (per-element initial values are not supported)")
			continue
		}
		x, msg := finiteNumber(in[k])
		if msg != "" {
			p.errorf(kp, "%s", msg)
			continue
		}
		if v.Bool && x != 0 && x != 1 {
			p.errorf(kp, "%s is a flag: 0 or 1 (or false/true), got %v", k, x)
			continue
		}
		out[k] = x
	}
	return out
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

func (p *parser) buildConns() {
	for i := range p.doc.Projection {
		d := &p.doc.Projection[i]
		path := indexKey("projection", i)
		pr := &p.net.Projections[i]
		okPre := p.endpoint(joinKey(path, "pre"), d.Pre)
		okPost := p.endpoint(joinKey(path, "post"), d.Post)
		pr.Conn = p.conn(joinKey(path, "conn"), d.Conn, okPre && okPost, pr)
	}
}

// endpoint checks that name is a population.
func (p *parser) endpoint(path, name string) bool {
	key := path[strings.LastIndexByte(path, '.')+1:]
	if name == "" {
		p.errorf(path, "missing %s (the name of a population)", key)
		return false
	}
	o, ok := p.objects[name]
	if !ok {
		p.errorf(path, "no population named %q (populations: %s)%s", name,
			listOrNone(p.populationNames()), didYouMean(name, p.populationNames()))
		return false
	}
	if o.proj {
		p.errorf(path, "%q is a projection; %s must be a population", name, key)
		return false
	}
	return true
}

func (p *parser) populationNames() []string {
	var out []string
	for name, o := range p.objects {
		if !o.proj {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (p *parser) objectNames() []string {
	return sortedKeys(p.objects)
}

var connKinds = []string{"all2all", "one2one", "fixed_prob", "explicit"}

func normConnKind(k string) string {
	s := strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(k))
	switch s {
	case "all2all", "alltoall":
		return "all2all"
	case "one2one", "onetoone":
		return "one2one"
	case "fixedprob", "fixedprobability":
		return "fixed_prob"
	case "explicit", "ij":
		return "explicit"
	}
	return ""
}

// conn reads a projection's connectivity: a kind name, or a table.
func (p *parser) conn(path string, v any, sizesKnown bool, pr *spec.Projection) spec.Conn {
	c := spec.Conn{Kind: "all2all"}
	var table map[string]any
	kindPath := path
	switch x := v.(type) {
	case nil:
		return c
	case string:
		c.Kind = normConnKind(x)
		if c.Kind == "" {
			p.errorf(path, "unknown connection kind %q (kinds: %s)%s", x, strings.Join(connKinds, ", "), didYouMean(x, connKinds))
			return spec.Conn{Kind: "all2all"}
		}
		switch c.Kind {
		case "fixed_prob":
			p.errorf(path, `fixed_prob needs a probability: conn = { kind = "fixed_prob", prob = 0.1 }`)
		case "explicit":
			p.errorf(path, `explicit needs index lists: conn = { kind = "explicit", pre = [0, 1], post = [1, 0] }`)
		}
	case map[string]any:
		table = x
		kindPath = joinKey(path, "kind")
		for _, k := range sortedKeys(x) {
			if !slices.Contains(schemaKeys["projection.conn"], k) {
				p.errorf(joinKey(path, k), "unknown key in conn (keys: %s)%s",
					strings.Join(schemaKeys["projection.conn"], ", "), didYouMean(k, schemaKeys["projection.conn"]))
			}
		}
		if kv, ok := x["kind"]; ok {
			ks, isStr := kv.(string)
			if !isStr {
				p.errorf(kindPath, "expected a string, found %s", tomlKind(kv))
				return spec.Conn{Kind: "all2all"}
			}
			c.Kind = normConnKind(ks)
			if c.Kind == "" {
				p.errorf(kindPath, "unknown connection kind %q (kinds: %s)%s", ks, strings.Join(connKinds, ", "), didYouMean(ks, connKinds))
				return spec.Conn{Kind: "all2all"}
			}
		}
	default:
		p.errorf(path, `expected a kind ("all2all") or a table ({ kind = "fixed_prob", prob = 0.1 }), found %s`, tomlKind(v))
		return c
	}

	only := func(key, kind string) bool {
		if _, ok := table[key]; ok && c.Kind != kind {
			p.errorf(joinKey(path, key), "%s applies only to kind %s, not %s", key, kind, c.Kind)
			return false
		}
		_, ok := table[key]
		return ok
	}
	if only("include_self", "all2all") {
		b, ok := table["include_self"].(bool)
		if !ok {
			p.errorf(joinKey(path, "include_self"), "expected true or false, found %s", tomlKind(table["include_self"]))
		} else {
			c.IncludeSelf = &b
		}
	}
	hasProb := only("prob", "fixed_prob")
	if hasProb {
		x, msg := finiteNumber(table["prob"])
		if msg == "" && (x < 0 || x > 1) {
			msg = fmt.Sprintf("must be between 0 and 1, got %v", x)
		}
		if msg != "" {
			p.errorf(joinKey(path, "prob"), "%s", msg)
		}
		c.Prob = x
	} else if c.Kind == "fixed_prob" && table != nil {
		p.errorf(joinKey(path, "prob"), "missing prob (the probability of each pre-post pair)")
	}
	if only("seed", "fixed_prob") {
		s, ok := table["seed"].(int64)
		if !ok || s < 0 {
			p.errorf(joinKey(path, "seed"), "expected a non-negative integer")
		} else {
			u := uint64(s)
			c.Seed = &u
		}
	}
	hasPre, hasPost := only("pre", "explicit"), only("post", "explicit")
	if c.Kind == "explicit" && table != nil {
		var npre, npost int = -1, -1
		if sizesKnown {
			npre = p.net.Populations[p.objects[pr.Pre].i].Size
			npost = p.net.Populations[p.objects[pr.Post].i].Size
		}
		if !hasPre || !hasPost {
			p.errorf(path, "explicit needs both pre and post index lists")
		} else {
			c.Pre = p.indexList(joinKey(path, "pre"), table["pre"], npre, pr.Pre)
			c.Post = p.indexList(joinKey(path, "post"), table["post"], npost, pr.Post)
			if c.Pre != nil && c.Post != nil && len(c.Pre) != len(c.Post) {
				p.errorf(joinKey(path, "post"), "has %d indices but pre has %d; they are pairs", len(c.Post), len(c.Pre))
			}
		}
	}
	if c.Kind == "one2one" && sizesKnown {
		np := p.net.Populations[p.objects[pr.Pre].i].Size
		nq := p.net.Populations[p.objects[pr.Post].i].Size
		if np != nq {
			p.errorf(kindPath, "one2one needs populations of equal size; %s has %d, %s has %d", pr.Pre, np, pr.Post, nq)
		}
	}
	return c
}

// indexList reads a non-empty array of element indices below n (n < 0: unknown).
func (p *parser) indexList(path string, v any, n int, of string) []int {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		p.errorf(path, "expected a non-empty array of indices")
		return nil
	}
	out := make([]int, len(arr))
	for i, e := range arr {
		k, ok := e.(int64)
		switch {
		case !ok:
			p.errorf(indexKey(path, i), "expected an integer index, found %s", tomlKind(e))
			return nil
		case k < 0 || (n >= 0 && k >= int64(n)):
			p.errorf(indexKey(path, i), "index %d out of range: %s has %d elements (0..%d)", k, of, n, n-1)
			return nil
		}
		out[i] = int(k)
	}
	return out
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
			p.errorf(path, "give exactly one of value, pieces or csv (found %d)", given)
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
	allowed := slices.Concat(varNames(o.info), o.info.Inputs)
	slices.Sort(allowed)
	allowed = slices.Compact(allowed)
	if d.Var == "" {
		p.errorf(joinKey(path, "var"), "missing var (variables of %s: %s)", o.info.Name, listOrNone(allowed))
		return -1, false
	}
	if !slices.Contains(allowed, d.Var) {
		p.errorf(joinKey(path, "var"), "%s (model %s) has no variable %q (variables: %s)%s", d.Target, o.info.Name,
			d.Var, listOrNone(allowed), didYouMean(d.Var, allowed))
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

var dtypes = []string{"float64", "float32"}

func (p *parser) buildMonitors() {
	names := map[string]string{}
	for i := range p.doc.Monitor {
		d := &p.doc.Monitor[i]
		path := indexKey("monitor", i)
		m := spec.Monitor{Name: cmp.Or(d.Name, d.Target), Target: d.Target, Vars: slices.Clone(d.Vars),
			Indices: slices.Clone(d.Indices), Every: 1, Dtype: cmp.Or(d.Dtype, "float64")}
		everyMs := 0.0
		everyKey := joinKey(path, "every")

		if !slices.Contains(dtypes, m.Dtype) {
			p.errorf(joinKey(path, "dtype"), "unknown dtype %q (dtypes: float64, float32)%s", d.Dtype, didYouMean(d.Dtype, dtypes))
		}
		switch {
		case d.Every != nil && d.EveryMs != nil:
			p.errorf(joinKey(path, "every_ms"), "give every (steps) or every_ms, not both")
		case d.Every != nil:
			if m.Every = *d.Every; m.Every < 1 {
				p.errorf(everyKey, "must be at least 1 step, got %d", m.Every)
				m.Every = 1
			}
		case d.EveryMs != nil:
			everyKey = joinKey(path, "every_ms")
			everyMs = *d.EveryMs
			if !(everyMs > 0) || math.IsInf(everyMs, 0) {
				p.errorf(everyKey, "must be a positive number of milliseconds, got %v", everyMs)
				everyMs = 0
			} else if k, msg := everySteps(everyMs, p.net.Dt); msg != "" {
				if p.net.Dt > 0 {
					p.errorf(everyKey, "%s", msg)
				}
			} else {
				m.Every = k
			}
		}
		p.everyMs = append(p.everyMs, everyMs)
		p.monitorKey = append(p.monitorKey, everyKey)

		if m.Name != "" {
			if !monitorNameRE.MatchString(m.Name) {
				p.errorf(joinKey(path, "name"), "%q is not a valid dataset name (use letters, digits, _, - and .)", m.Name)
			} else if first, dup := names[m.Name]; dup {
				p.errorf(cmp.Or(pathIf(p.idx, joinKey(path, "name")), joinKey(path, "target")),
					"a second monitor named %q (the first is at line %d); give one of them a name", m.Name, p.idx.at(first).Line)
			} else {
				names[m.Name] = path
			}
		}
		p.net.Monitors = append(p.net.Monitors, m)
		p.monitorTarget(path, d)
	}
}

// pathIf returns path if the document has it, else "".
func pathIf(ix *posIndex, path string) string {
	if ix.has(path) {
		return path
	}
	return ""
}

var monitorNameRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

func (p *parser) monitorTarget(path string, d *docMonitor) {
	if d.Target == "" {
		p.errorf(joinKey(path, "target"), "missing target (a population or projection name)")
		return
	}
	o, ok := p.objects[d.Target]
	if !ok {
		p.errorf(joinKey(path, "target"), "no population or projection named %q (names: %s)%s", d.Target,
			listOrNone(p.objectNames()), didYouMean(d.Target, p.objectNames()))
		return
	}
	if !o.ok {
		return
	}
	names := varNames(o.info)
	if len(d.Vars) == 0 {
		p.errorf(joinKey(path, "vars"), "missing vars: which state variables to record (state of %s: %s)", o.info.Name, listOrNone(names))
	}
	seen := map[string]bool{}
	for i, v := range d.Vars {
		vp := indexKey(joinKey(path, "vars"), i)
		if _, ok := o.info.Var(v); !ok {
			hint := didYouMean(v, names)
			if _, isParam := o.info.Param(v); isParam {
				hint = fmt.Sprintf("; %s is a parameter, constant during the run", v)
			}
			p.errorf(vp, "not a state variable of %s (model %s; state: %s)%s", d.Target, o.info.Name, listOrNone(names), hint)
		} else if seen[v] {
			p.errorf(vp, "%s is listed twice", v)
		}
		seen[v] = true
	}
	if d.Indices != nil {
		n := p.size(o)
		if len(d.Indices) == 0 {
			p.errorf(joinKey(path, "indices"), "empty; leave indices out to record every element")
		}
		seenIdx := map[int]bool{}
		for i, k := range d.Indices {
			ip := indexKey(joinKey(path, "indices"), i)
			switch {
			case k < 0 || (n >= 0 && k >= n):
				p.errorf(ip, "index %d out of range: %s has %d elements (0..%d)", k, d.Target, n, n-1)
			case seenIdx[k]:
				p.errorf(ip, "index %d is listed twice", k)
			}
			seenIdx[k] = true
		}
	}
}

// everySteps converts a recording interval in ms to whole steps of dt. It accepts a quotient
// within 1e-9 (relative) of an integer, so 0.3 ms at dt 0.1 is 3 steps although 0.3/0.1 is
// 2.9999999999999996 in floating point.
func everySteps(ms, dt float64) (int, string) {
	q := ms / dt
	k := math.Round(q)
	if k < 1 || math.Abs(q-k) > 1e-9*k {
		return 0, fmt.Sprintf("%v ms is not a whole number of steps of dt = %v ms (%v steps)", ms, dt, q)
	}
	return int(k), ""
}

func (p *parser) buildSpikes() {
	var list []any
	base := "spikes"
	switch x := p.doc.Spikes.(type) {
	case nil:
		return
	case []any:
		list = x
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if k != "populations" {
				p.errorf(joinKey("spikes", k), "unknown key in [spikes] (keys: populations)%s", didYouMean(k, []string{"populations"}))
			}
		}
		base = "spikes.populations"
		v, ok := x["populations"]
		if !ok {
			p.errorf(base, "missing populations (names of populations whose spikes are recorded)")
			return
		}
		if list, ok = v.([]any); !ok {
			p.errorf(base, "expected an array of population names, found %s", tomlKind(v))
			return
		}
	default:
		p.errorf(base, "expected an array of population names, found %s", tomlKind(x))
		return
	}
	seen := map[string]bool{}
	for i, e := range list {
		ep := indexKey(base, i)
		name, ok := e.(string)
		if !ok {
			p.errorf(ep, "expected a population name, found %s", tomlKind(e))
			continue
		}
		o, ok := p.objects[name]
		switch {
		case !ok:
			p.errorf(ep, "no population named %q (populations: %s)%s", name,
				listOrNone(p.populationNames()), didYouMean(name, p.populationNames()))
			continue
		case o.proj:
			p.errorf(ep, "%q is a projection; only populations spike", name)
			continue
		case seen[name]:
			p.errorf(ep, "%q is listed twice", name)
			continue
		}
		seen[name] = true
		if o.ok {
			if _, has := o.info.Var("spike"); !has {
				p.errorf(ep, "%q (model %s) does not spike: it has no spike variable", name, o.info.Name)
				continue
			}
		}
		p.net.Spikes = append(p.net.Spikes, name)
	}
}
