package equations

import (
	"fmt"
	"github.com/spikesweep/spikesweep/internal/suggest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Def is a model as written: plain data, filled by the sweep file's [[model]] table.
type Def struct {
	Name   string
	Kind   string // "neuron" or "synapse"
	Doc    string
	Params []Param
	Vars   []Var
	// Equations holds one statement per line: `dX/dt = expr` (a differential equation for the
	// state variable X), `name = expr` (a sub-expression), each optionally followed by Brian2's
	// `: unit` and flags `(unless refractory)`; or `name : unit`, Brian2's declaration of a
	// parameter (which must have a value in Params). # starts a comment; a line continues while
	// a parenthesis is open.
	Equations  string
	Threshold  string // a condition, e.g. "V >= V_th"; empty: the neuron never fires
	Reset      string // statements separated by ';' or new lines: "V = V_reset; u += d"
	Refractory string // an expression of parameters (ms), e.g. "t_refractory" or "2"; empty: none
	Method     string // "euler" (default), "rk4" or "exp_euler"

	// Synapses only (synapse.go). OnPre and OnPost are statements run for the synapses of a pre
	// (post) neuron that fired, as Reset's; Output is the statement that acts on the post group,
	// "input_post += delay(s)"; EventOrder is "after" (default: events after this step's
	// integration) or "before".
	OnPre, OnPost, Output string
	EventOrder            string
}

// Param is a parameter with its default value.
type Param struct {
	Name    string
	Default float64
	Unit    string
}

// Var is a state variable with its initial value: Init, or InitExpr, an expression of the
// parameters evaluated per replica (for example "V_rest").
type Var struct {
	Name     string
	Init     float64
	InitExpr string
	Unit     string
	// SharedBy is "pre" or "post" for a synapse variable kept once per pre (post) neuron, shared
	// by that neuron's synapses (as STP's u and x); "" for one value per synapse.
	SharedBy string
}

// Error is a problem in a model's text. Field names the Def field ("equations", "threshold",
// "reset", "refractory", "method", "vars.X", "params.X", "name", "kind"); Offset is the byte
// offset in that field's text (0 for fields that are not text).
type Error struct {
	Field  string
	Offset int
	Msg    string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return fmt.Sprintf("%s (offset %d): %s", e.Field, e.Offset, e.Msg)
}

// ErrorList is every problem found in one model, in the order found.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Names of the columns every neuron model has besides its declared variables.
const (
	InputVar      = "input"        // summed input of this step, zeroed after the update
	SpikeVar      = "spike"        // bool: fired at this step
	RefractoryVar = "refractory"   // bool: refractory at this step (or just fired)
	TLastSpikeVar = "t_last_spike" // time of the last spike, -1e7 before any
)

// numberAndTime matches a refractory period written as a number and a unit of time ("2 ms").
var numberAndTime = regexp.MustCompile(`^\s*[0-9.]+(?:[eE][-+]?[0-9]+)?(\s+)(?:ms|msecond|second)\s*$`)

// unitConstants are unit names usable in expressions (10*ms, -65*mV), in spikesweep's units:
// time in ms, potential in mV. A parameter or variable of the same name hides one.
var unitConstants = map[string]float64{
	"ms": 1, "msecond": 1, "second": 1000, "mV": 1, "mvolt": 1, "volt": 1000, "Hz": 0.001, "kHz": 1,
	"pi": 3.141592653589793,
}

// functions and their argument counts.
var functions = map[string]int{
	"exp": 1, "log": 1, "log10": 1, "sqrt": 1, "abs": 1, "sin": 1, "cos": 1, "tan": 1, "tanh": 1,
	"sinh": 1, "cosh": 1, "floor": 1, "ceil": 1, "sign": 1,
	"pow": 2, "min": 2, "max": 2, "clip": 3, "where": 3, "ifelse": 3,
	"old": 1, "delay": 1, // synapses: old(X) in on_pre and on_post, delay(value) in the output
}

// symbol kinds
const (
	symVar = iota + 1
	symParam
	symSub
	symTime
	symDt
	symConst
	symPreSide  // synapses: a variable of the pre neuron, written X_pre
	symPostSide // synapses: a variable of the post neuron, written X_post
)

// StateVar is a state variable of a parsed model.
type StateVar struct {
	Name     string
	Unit     string
	Init     float64
	InitExpr *Node   // nil: Init
	ODE      *Node   // the right-hand side of dX/dt, or nil
	Held     bool    // held during the refractory period
	Implicit bool    // a column every neuron has (input, t_last_spike)
	Store    Storage // synapses: per synapse, or shared by the pre or the post neuron
	annot    string  // the unit written after its equation (Brian2's `: unit`), if any
	eqPos    int
	linA     *Node // exp_euler: the coefficient of X in the expanded right-hand side
}

type subExpr struct {
	Name string
	Unit string
	Expr *Node
}

type assign struct {
	Var  int    // index in Model.Vars
	Op   string // "=", "+=", "-=", "*=", "/="
	Expr *Node
}

// Model is a parsed and checked model.
type Model struct {
	Def        *Def
	Vars       []StateVar
	Params     []Param
	subs       []subExpr // in evaluation order (each after the ones it uses)
	threshold  *Node
	reset      []assign
	refractory *Node
	// Methods are the integration methods the equations allow, Def.Method (or euler) first.
	Methods []string
	varIx   map[string]int
	parIx   map[string]int
	subIx   map[string]int
	synapse bool
	syn     *synapseParts // kind = "synapse" only
}

var (
	odeRE  = regexp.MustCompile(`^d\s*([A-Za-z_][A-Za-z0-9_]*)\s*/\s*dt\s*=`)
	subRE  = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*=[^=]`)
	declRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*:`)
	nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// Parse checks a model definition and returns it parsed, or an ErrorList.
func Parse(d *Def) (*Model, error) {
	p := &modelParser{m: &Model{Def: d, varIx: map[string]int{}, parIx: map[string]int{}, subIx: map[string]int{}}}
	p.parse()
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return p.m, nil
}

type modelParser struct {
	m    *Model
	errs ErrorList
}

func (p *modelParser) errf(field string, off int, format string, args ...any) {
	p.errs = append(p.errs, &Error{Field: field, Offset: off, Msg: fmt.Sprintf(format, args...)})
}

func (p *modelParser) parse() {
	d, m := p.m.Def, p.m
	if d.Kind != "" && d.Kind != "neuron" && d.Kind != "synapse" {
		p.errf("kind", 0, "unknown kind %q (neuron, synapse)%s", d.Kind, didYouMean(d.Kind, []string{"neuron", "synapse"}))
		return
	}
	m.synapse = d.Kind == "synapse"
	for _, pr := range d.Params {
		if !nameRE.MatchString(pr.Name) || keyword(pr.Name) {
			p.errf("params."+pr.Name, 0, "%q is not a valid name", pr.Name)
			continue
		}
		if pr.Name == "t" || pr.Name == "dt" {
			p.errf("params."+pr.Name, 0, "%q is reserved (the time and the step)", pr.Name)
			continue
		}
		m.parIx[pr.Name] = len(m.Params)
		m.Params = append(m.Params, pr)
	}
	for _, v := range d.Vars {
		field := "vars." + v.Name
		switch {
		case !nameRE.MatchString(v.Name) || keyword(v.Name):
			p.errf(field, 0, "%q is not a valid name", v.Name)
			continue
		case v.Name == "t" || v.Name == "dt":
			p.errf(field, 0, "%q is reserved (the time and the step)", v.Name)
			continue
		case !m.synapse && (v.Name == SpikeVar || v.Name == RefractoryVar):
			p.errf(field, 0, "%q is a flag every neuron has; it cannot be declared", v.Name)
			continue
		case m.synapse && m.lookup(v.Name) >= symPreSide:
			p.errf(field, 0, "%q ends in _pre or _post, which name the pre and post neurons' variables", v.Name)
			continue
		}
		if _, dup := m.parIx[v.Name]; dup {
			p.errf(field, 0, "%q is both a parameter and a variable", v.Name)
			continue
		}
		sv := StateVar{Name: v.Name, Unit: v.Unit, Init: v.Init}
		switch {
		case v.SharedBy == "":
		case !m.synapse:
			p.errf(field, 0, "only a synapse's variables can be shared by the pre or post neuron")
		case v.SharedBy == "pre":
			sv.Store = PerPre
		case v.SharedBy == "post":
			sv.Store = PerPost
		default:
			p.errf(field, 0, "shared by %q: a variable is shared by the \"pre\" or the \"post\" neuron", v.SharedBy)
		}
		if v.InitExpr != "" {
			n, err := parseExpr(v.InitExpr, 0)
			if err != nil {
				err.Field = field
				p.errs = append(p.errs, err)
				continue
			}
			sv.InitExpr = n
		}
		p.addVar(sv)
	}
	for _, implicit := range []StateVar{{Name: InputVar}, {Name: TLastSpikeVar, Unit: "ms", Init: -1e7}} {
		if _, ok := m.varIx[implicit.Name]; !ok && !m.synapse {
			implicit.Implicit = true
			p.addVar(implicit)
		}
	}
	p.equations()
	for _, s := range m.subs {
		if _, clash := m.parIx[s.Name]; clash {
			p.errf("equations", s.Expr.Pos, "sub-expression %q has the name of a parameter", s.Name)
		}
	}
	p.orderSubs()
	if len(p.errs) > 0 {
		return
	}
	// Names in every expression.
	for i := range m.Vars {
		v := &m.Vars[i]
		if v.ODE != nil {
			p.check("equations", v.ODE, true)
		}
		if v.InitExpr != nil {
			p.checkParamsOnly("vars."+v.Name, v.InitExpr)
		}
	}
	for _, s := range m.subs {
		p.check("equations", s.Expr, true)
	}
	if m.synapse {
		p.synapse()
		if len(p.errs) == 0 {
			p.checkUnits()
		}
		p.methods()
		return
	}
	for i, text := range []string{d.OnPre, d.OnPost, d.Output} {
		if field := []string{"on_pre", "on_post", "output"}[i]; text != "" {
			p.errf(field, 0, "%s is for synapse models (kind = \"synapse\")", field)
		}
	}
	if d.Threshold != "" {
		if n, err := parseExpr(d.Threshold, 0); err != nil {
			err.Field = "threshold"
			p.errs = append(p.errs, err)
		} else {
			m.threshold = n
			p.check("threshold", n, true)
		}
	}
	p.resetStatements()
	if d.Refractory != "" {
		// "2 ms", as parameters are written, means 2*ms: the space becomes the product, so that
		// every position in the text stays where it was.
		text := d.Refractory
		if m := numberAndTime.FindStringSubmatchIndex(text); m != nil {
			text = text[:m[2]] + "*" + text[m[2]+1:]
		}
		if n, err := parseExpr(text, 0); err != nil {
			err.Field = "refractory"
			p.errs = append(p.errs, err)
		} else {
			m.refractory = n
			p.checkParamsOnly("refractory", n)
		}
	}
	if len(p.errs) == 0 {
		p.checkUnits()
	}
	p.methods()
}

func (p *modelParser) addVar(v StateVar) {
	p.m.varIx[v.Name] = len(p.m.Vars)
	p.m.Vars = append(p.m.Vars, v)
}

// logicalLine is one statement of the equations text: [start, end) in it, comments removed.
type logicalLine struct{ start, end int }

// splitLines cuts text into statements at new lines (and ';') outside parentheses.
func splitLines(text string, semicolons bool) []logicalLine {
	var out []logicalLine
	depth, start := 0, 0
	comment := false
	end := -1 // end of the statement before a comment
	flush := func(i int) {
		e := i
		if end >= 0 {
			e = end
		}
		s := start
		for s < e && (text[s] == ' ' || text[s] == '\t' || text[s] == '\r') {
			s++
		}
		for e > s && (text[e-1] == ' ' || text[e-1] == '\t' || text[e-1] == '\r') {
			e--
		}
		if e > s {
			out = append(out, logicalLine{s, e})
		}
		start, end, comment = i+1, -1, false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if comment {
			if c == '\n' {
				if depth > 0 {
					continue
				}
				flush(i)
			}
			continue
		}
		switch {
		case c == '#':
			comment = true
			if depth == 0 {
				end = i
			}
		case c == '(':
			depth++
		case c == ')':
			depth--
		case (c == '\n' || (semicolons && c == ';')) && depth <= 0:
			depth = 0
			flush(i)
		}
	}
	flush(len(text))
	return out
}

func (p *modelParser) equations() {
	m, text := p.m, p.m.Def.Equations
	for _, ln := range splitLines(text, false) {
		line := text[ln.start:ln.end]
		if strings.Contains(line, "#") {
			line = line[:strings.IndexByte(line, '#')] // a comment inside a continued line
		}
		switch {
		case odeRE.MatchString(line):
			g := odeRE.FindStringSubmatchIndex(line)
			name := line[g[2]:g[3]]
			expr, unit, flags, flagOff := splitAnnotation(line[g[1]:])
			base := ln.start + g[1]
			n, err := parseExpr(expr, base)
			if err != nil {
				err.Field = "equations"
				p.errs = append(p.errs, err)
				continue
			}
			held := false
			for _, f := range flags {
				if f == "unless refractory" {
					held = true
				} else {
					p.errf("equations", base+flagOff, "unsupported flag %q (supported: unless refractory)", f)
				}
			}
			i, ok := m.varIx[name]
			if !ok && unit != "" {
				p.addVar(StateVar{Name: name, Unit: unit})
				i, ok = len(m.Vars)-1, true
			}
			switch {
			case !ok:
				if _, isPar := m.parIx[name]; isPar {
					p.errf("equations", ln.start, "d%s/dt: %s is a parameter, not a state variable; declare it under vars", name, name)
				} else {
					p.errf("equations", ln.start, "d%s/dt for an undeclared variable %s: declare it under vars (with its initial value) or give its unit (`: mV`)%s",
						name, name, didYouMean(name, p.varNames()))
				}
				continue
			case m.Vars[i].ODE != nil:
				p.errf("equations", ln.start, "a second equation for d%s/dt", name)
				continue
			case m.Vars[i].Implicit || name == InputVar || name == TLastSpikeVar:
				p.errf("equations", ln.start, "%s is set by the engine and cannot have an equation", name)
				continue
			}
			m.Vars[i].ODE = n
			m.Vars[i].Held = held
			m.Vars[i].annot, m.Vars[i].eqPos = unit, ln.start
			if unit != "" && m.Vars[i].Unit == "" {
				m.Vars[i].Unit = unit
			}
		case subRE.MatchString(line + " "):
			g := subRE.FindStringSubmatchIndex(line + " ")
			name := line[g[2]:g[3]]
			eq := strings.IndexByte(line, '=')
			expr, unit, flags, flagOff := splitAnnotation(line[eq+1:])
			base := ln.start + eq + 1
			if len(flags) > 0 {
				p.errf("equations", base+flagOff, "flags apply to differential equations only")
			}
			n, err := parseExpr(expr, base)
			if err != nil {
				err.Field = "equations"
				p.errs = append(p.errs, err)
				continue
			}
			if _, isVar := m.varIx[name]; isVar {
				p.errf("equations", ln.start, "%s is a state variable; a sub-expression needs a name of its own (to change %s, write d%s/dt = ...)", name, name, name)
				continue
			}
			if _, dup := m.subIx[name]; dup {
				p.errf("equations", ln.start, "sub-expression %s defined twice", name)
				continue
			}
			m.subIx[name] = len(m.subs)
			m.subs = append(m.subs, subExpr{Name: name, Unit: unit, Expr: n})
		case declRE.MatchString(line):
			name := declRE.FindStringSubmatch(line)[1]
			if _, ok := m.parIx[name]; !ok {
				p.errf("equations", ln.start, "%s is declared here but has no value: give it one under params%s", name, didYouMean(name, p.paramNames()))
			}
		default:
			p.errf("equations", ln.start, "expected `dX/dt = expression`, `name = expression` or `name : unit`, got %q", line)
		}
	}
}

// splitAnnotation splits "expr : unit (flags)" into its parts; flagOff is the offset of the
// flags' parenthesis in s.
func splitAnnotation(s string) (expr, unit string, flags []string, flagOff int) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ':':
			if depth == 0 {
				ann := strings.TrimSpace(s[i+1:])
				if strings.HasSuffix(ann, ")") {
					if j := strings.LastIndexByte(s, '('); j > i { // the flags: the last parenthesis
						inner := strings.TrimSuffix(strings.TrimSpace(s[j+1:]), ")")
						for _, f := range strings.Split(inner, ",") {
							flags = append(flags, strings.Join(strings.Fields(f), " "))
						}
						flagOff = j
						ann = strings.TrimSpace(s[i+1 : j])
					}
				}
				return s[:i], ann, flags, flagOff
			}
		}
	}
	return s, "", nil, 0
}

// orderSubs sorts the sub-expressions so each comes after those it uses, and reports cycles.
func (p *modelParser) orderSubs() {
	m := p.m
	state := make([]int, len(m.subs)) // 0 new, 1 visiting, 2 done
	var order []subExpr
	var visit func(i int) bool
	visit = func(i int) bool {
		switch state[i] {
		case 1:
			p.errf("equations", m.subs[i].Expr.Pos, "sub-expression %s depends on itself", m.subs[i].Name)
			return false
		case 2:
			return true
		}
		state[i] = 1
		ok := true
		walk(m.subs[i].Expr, func(n *Node) {
			if n.Kind == IdentNode {
				if j, isSub := m.subIx[n.Name]; isSub && ok {
					ok = visit(j)
				}
			}
		})
		state[i] = 2
		order = append(order, m.subs[i])
		return ok
	}
	for i := range m.subs {
		if !visit(i) {
			return
		}
	}
	m.subs = order
	for i, s := range order {
		m.subIx[s.Name] = i
	}
}

func walk(n *Node, f func(*Node)) {
	f(n)
	for _, a := range n.Args {
		walk(a, f)
	}
}

// lookup classifies a name.
func (m *Model) lookup(name string) int {
	if _, ok := m.varIx[name]; ok {
		return symVar
	}
	if _, ok := m.parIx[name]; ok {
		return symParam
	}
	if _, ok := m.subIx[name]; ok {
		return symSub
	}
	switch name {
	case "t":
		return symTime
	case "dt":
		return symDt
	}
	if _, ok := unitConstants[name]; ok {
		return symConst
	}
	if m.synapse {
		if strings.HasSuffix(name, "_pre") && len(name) > 4 {
			return symPreSide
		}
		if strings.HasSuffix(name, "_post") && len(name) > 5 {
			return symPostSide
		}
	}
	return 0
}

// check resolves every name and function of n.
func (p *modelParser) check(field string, n *Node, state bool) {
	walk(n, func(x *Node) {
		switch x.Kind {
		case IdentNode:
			if p.m.lookup(x.Name) == 0 {
				if _, isFn := functions[x.Name]; isFn {
					p.errf(field, x.Pos, "%s is a function; call it as %s(...)", x.Name, x.Name)
					return
				}
				if _, isUnit, _ := parseUnit(x.Name); isUnit {
					// A known unit that has no fixed scale here: spikesweep's numbers are in ms
					// and mV, and currents, conductances and the rest in the model's own unit.
					p.errf(field, x.Pos, "%s is a unit without a fixed scale in expressions (only ms, second, mV, volt, Hz and kHz are): "+
						"write the number in your model's unit, e.g. 0.2 rather than 0.2*%s, and give the unit after ':' on a parameter or variable", x.Name, x.Name)
					return
				}
				if x.Name == "xi" || strings.HasPrefix(x.Name, "xi_") {
					p.errf(field, x.Pos, "%s: stochastic equations (Brian2's xi) are not supported; for random input use a Poisson population or a Poisson drive ([[input]] poisson)", x.Name)
					return
				}
				p.errf(field, x.Pos, "unknown name %q%s", x.Name, didYouMean(x.Name, p.allNames()))
			}
		case CallNode:
			want, ok := functions[x.Op]
			switch {
			case x.Op == "old" && field != "on_pre" && field != "on_post":
				p.errf(field, x.Pos, "old(X) may be used in on_pre and on_post only")
			case x.Op == "old" && (len(x.Args) != 1 || x.Args[0].Kind != IdentNode || p.m.lookup(x.Args[0].Name) != symVar):
				p.errf(field, x.Pos, "old() takes one of the synapse's variables: old(x) is x at the start of the step")
			case x.Op == "old" && p.m.Def.EventOrder == "before":
				p.errf(field, x.Pos, "old(X) is for event_order = \"after\"; before the integration X is its old value")
			case x.Op == "delay" && field != "output":
				p.errf(field, x.Pos, "delay() may be used in the output only")
			case !ok && (x.Op == "rand" || x.Op == "randn"):
				p.errf(field, x.Pos, "%s(): random numbers in equations are not supported; for random input use a Poisson population or a Poisson drive ([[input]] poisson)", x.Op)
			case !ok:
				names := sortedKeys(functions)
				if !p.m.synapse { // old() and delay() are synapses' only
					names = slices.DeleteFunc(names, func(n string) bool { return n == "old" || n == "delay" })
				}
				p.errf(field, x.Pos, "unknown function %q (functions: %s)%s", x.Op, strings.Join(names, ", "), didYouMean(x.Op, names))
			case len(x.Args) != want:
				p.errf(field, x.Pos, "%s takes %d argument(s), got %d", x.Op, want, len(x.Args))
			}
		}
	})
}

// checkParamsOnly checks an expression that may use parameters and constants only.
func (p *modelParser) checkParamsOnly(field string, n *Node) {
	before := len(p.errs)
	p.check(field, n, false)
	if len(p.errs) > before {
		return
	}
	walk(n, func(x *Node) {
		if x.Kind == IdentNode {
			switch p.m.lookup(x.Name) {
			case symVar, symSub, symTime:
				p.errf(field, x.Pos, "%s may use parameters and constants only, not %s", field, x.Name)
			}
		}
	})
}

func (p *modelParser) resetStatements() {
	m, text := p.m, p.m.Def.Reset
	for _, ln := range splitLines(text, true) {
		line := text[ln.start:ln.end]
		toks, err := lex(line, ln.start)
		if err != nil {
			err.Field = "reset"
			p.errs = append(p.errs, err)
			continue
		}
		if len(toks) < 3 || toks[0].kind != 'i' || toks[1].kind != 'o' || !slices.Contains([]string{"=", "+=", "-=", "*=", "/="}, toks[1].text) {
			p.errf("reset", ln.start, "expected `variable = expression` (or +=, -=, *=, /=), got %q", line)
			continue
		}
		name := toks[0].text
		i, ok := m.varIx[name]
		if !ok || name == InputVar || name == TLastSpikeVar {
			what := "an unknown name"
			switch m.lookup(name) {
			case symParam:
				what = "a parameter"
			case symSub:
				what = "a sub-expression"
			case symVar:
				what = "set by the engine"
			}
			p.errf("reset", toks[0].pos, "%s is %s, not a state variable the reset may assign%s", name, what, didYouMean(name, p.assignable()))
			continue
		}
		off := toks[2].pos - ln.start
		n, perr := parseExpr(line[off:], toks[2].pos)
		if perr != nil {
			perr.Field = "reset"
			p.errs = append(p.errs, perr)
			continue
		}
		p.check("reset", n, true)
		m.reset = append(m.reset, assign{Var: i, Op: toks[1].text, Expr: n})
	}
}

func (p *modelParser) methods() {
	m := p.m
	method := m.Def.Method
	if method == "" {
		method = "euler"
	}
	switch method {
	case "exponential_euler":
		method = "exp_euler"
	case "euler", "rk4", "exp_euler":
	default:
		p.errf("method", 0, "unknown integration method %q (euler, rk4, exp_euler)%s", method, didYouMean(method, []string{"euler", "rk4", "exp_euler"}))
		return
	}
	linErr := p.linearise()
	m.Methods = []string{method}
	for _, other := range []string{"euler", "rk4", "exp_euler"} {
		if other == method || (other == "exp_euler" && linErr != nil) {
			continue
		}
		m.Methods = append(m.Methods, other)
	}
	if method == "exp_euler" && linErr != nil {
		p.errs = append(p.errs, linErr)
	}
}

// linearise finds, for every differential equation, the coefficient A of its variable in the
// right-hand side written as A*X + B (sub-expressions substituted), as BrainPy's exponential
// Euler does; it returns an error at the first non-linear term.
func (p *modelParser) linearise() *Error {
	m := p.m
	for i := range m.Vars {
		v := &m.Vars[i]
		if v.ODE == nil {
			continue
		}
		a, _, bad := m.linear(v.ODE, v.Name)
		if bad != nil {
			return &Error{Field: "equations", Offset: startPos(bad),
				Msg: fmt.Sprintf("exp_euler needs d%s/dt linear in %s (as A*%s + B with A and B free of %s); %s is not (use euler or rk4)", v.Name, v.Name, v.Name, v.Name, bad)}
		}
		v.linA = a
	}
	return nil
}

// startPos is where the text of n starts: its leftmost operand's position.
func startPos(n *Node) int {
	for n.Kind == BinNode {
		n = n.Args[0]
	}
	return n.Pos
}

func (p *modelParser) varNames() []string {
	var out []string
	for _, v := range p.m.Vars {
		out = append(out, v.Name)
	}
	return out
}

func (p *modelParser) paramNames() []string {
	var out []string
	for _, v := range p.m.Params {
		out = append(out, v.Name)
	}
	return out
}

func (p *modelParser) assignable() []string {
	var out []string
	for _, v := range p.m.Vars {
		if !v.Implicit && v.Name != InputVar && v.Name != TLastSpikeVar {
			out = append(out, v.Name)
		}
	}
	return out
}

func (p *modelParser) allNames() []string {
	out := append(p.varNames(), p.paramNames()...)
	for _, s := range p.m.subs {
		out = append(out, s.Name)
	}
	return append(out, "t", "dt")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// didYouMean returns "; did you mean X?" for the nearest candidate within a typo's distance, the
// same suggestion the sweep file's errors make.
func didYouMean(word string, candidates []string) string {
	return suggest.DidYouMean(word, candidates)
}

// FormatNumber writes x so that parsing it gives x back.
func FormatNumber(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
