package equations

import (
	"fmt"
	"math"
	"strconv"
	"sync"
	"unsafe"
)

// blockSize is the number of elements one instruction processes at a time: large enough to
// amortise dispatch, small enough that a program's registers stay in cache.
const blockSize = 512

// program is one compiled kernel's register file: its vector and scalar registers, where the
// parameters, constants and derived expressions live. A neuron has one program; a synapse has
// one per pass (synapse.go).
type program struct {
	Model *Model
	// VectorParams: parameters are per-element columns (built by Bind), so a block may span
	// replicas; chosen for populations of few neurons, where per-replica blocks would be tiny.
	// The parameters Layout.Uniform marks stay scalars even then, and so do the derived
	// expressions of those alone.
	VectorParams bool
	uniform      []bool

	nVec, nSca int32
	colSlot    []int32 // per state variable: its vector register
	parSlot    []int32 // per parameter: scalar (or, VectorParams, vector) register
	tSlot      int32
	consts     map[uint64]int32
	temps      []int32
	dt         float64
	// derived are the expressions of parameters and constants only (exp(-dt/tau), a*b): computed
	// once per replica by Bind, then read like parameters, never per step.
	derived   []*Node
	derSlot   []int32
	derVec    []bool // per derived expression: a vector register (it reads a parameter that varies)
	derivedIx map[string]int
}

// Layout says where a kernel keeps its parameters.
type Layout struct {
	// PerElement puts parameters in per-element columns (built by Bind), so that a block may span
	// replicas: for populations and projections of few elements.
	PerElement bool
	// Uniform, with PerElement, marks (by Model.Params) the parameters whose value is the same in
	// every element of every replica: those stay scalar registers. An instruction then reads one
	// column less, and an expression of such parameters alone is computed once, not per element.
	Uniform []bool
}

func newProgram(m *Model, l Layout, dt float64) program {
	p := program{Model: m, VectorParams: l.PerElement, consts: map[uint64]int32{}, dt: dt, derivedIx: map[string]int{}}
	if l.PerElement && l.Uniform != nil {
		if len(l.Uniform) != len(m.Params) {
			panic("equations: Layout.Uniform needs one entry per parameter")
		}
		p.uniform = l.Uniform
	}
	for i := range m.Params {
		if p.vecParam(i) {
			p.parSlot = append(p.parSlot, p.nVec)
			p.nVec++
		} else {
			p.parSlot = append(p.parSlot, p.nSca)
			p.nSca++
		}
	}
	return p
}

// vecParam reports whether parameter i is a vector register.
func (p *program) vecParam(i int) bool { return p.VectorParams && (p.uniform == nil || !p.uniform[i]) }

// varies reports whether the expression n of parameters reads one that is a vector register.
func (p *program) varies(n *Node) bool {
	m, v := p.Model, false
	walk(n, func(x *Node) {
		if x.Kind != IdentNode || v {
			return
		}
		if i, ok := m.parIx[x.Name]; ok {
			v = p.vecParam(i)
		} else if i, ok := m.subIx[x.Name]; ok {
			v = p.varies(m.subs[i].Expr)
		}
	})
	return v
}

// Neuron is a neuron model compiled for one integration method and dt.
type Neuron struct {
	program
	Method string

	refr int32 // vector register of the refractory test (zeros without a refractory period)
	// refrInline: no register; the stores and the spike pass test (t - t_last_spike) <= the
	// scalar register refS themselves
	refrInline bool
	refS       int32
	cond       int32 // vector register of the threshold condition, or -1
	thrVar     int   // threshold `var >= thr` (or >) tested in the spike pass: the variable, or -1
	thrGT      bool
	thr        opnd
	mask       int32   // vector register holding 1 where the neuron fired (filled by Step)
	step       []instr // refractory test, integration, write-back, threshold
	reset      []instr // the reset statements, masked to the neurons that fired
	inputVar   int
	tLastVar   int
	frames     sync.Pool
}

// compiler emits instructions into one program.
type compiler struct {
	k    *program
	dt   float64
	code *[]instr
	free []int32
}

type opnd struct {
	vec bool
	i   int32
	tmp bool // a temporary this expression owns; released once consumed
}

// env is what names mean in one evaluation: the registers of the state variables (columns, or a
// Runge-Kutta stage's values), the time, and the sub-expressions computed so far.
type env struct {
	vars []opnd
	t    opnd
	subs map[string]opnd
	side map[string]opnd // synapses: the pre- and post-side names (V_post), by name
	old  []opnd          // synapses' events: old(X), the value at the start of the step, per variable
}

func (c *compiler) newVec() int32 {
	if n := len(c.free); n > 0 {
		r := c.free[n-1]
		c.free = c.free[:n-1]
		return r
	}
	r := c.k.nVec
	c.k.nVec++
	c.k.temps = append(c.k.temps, r)
	return r
}

func (c *compiler) newSca() int32 {
	r := c.k.nSca
	c.k.nSca++
	return r
}

func (c *compiler) release(o opnd) {
	if o.vec && o.tmp {
		c.free = append(c.free, o.i)
	}
}

func (c *compiler) konst(v float64) opnd {
	bits := math.Float64bits(v)
	r, ok := c.k.consts[bits]
	if !ok {
		r = c.newSca()
		c.k.consts[bits] = r
	}
	return opnd{i: r}
}

func (c *compiler) emitOp(op uint8, x, y opnd) opnd {
	if !x.vec && !y.vec {
		d := c.newSca()
		*c.code = append(*c.code, instr{op: op, k: kSS, d: d, a: x.i, b: y.i})
		return opnd{i: d}
	}
	k := kVV
	switch {
	case !x.vec:
		k = kSV
	case !y.vec:
		k = kVS
	}
	if fusedOp := c.fuse(op, x, y); fusedOp != nil {
		return *fusedOp
	}
	c.release(x)
	c.release(y)
	d := c.newVec()
	*c.code = append(*c.code, instr{op: op, k: k, d: d, a: x.i, b: y.i})
	return opnd{vec: true, i: d, tmp: true}
}

// fuse merges op with the instruction just emitted when that one computed x or y (a temporary
// used only here) by + - * /: one pass over the block instead of two, same roundings.
func (c *compiler) fuse(op uint8, x, y opnd) *opnd {
	code := *c.code
	if op > opDiv || len(code) == 0 {
		return nil
	}
	last := code[len(code)-1]
	if last.op > opDiv || last.k == kSS {
		return nil
	}
	form, other := 0, y
	switch {
	case x.vec && x.tmp && x.i == last.d && !(y.vec && y.i == last.d):
	case y.vec && y.tmp && y.i == last.d:
		form, other = 1, x
	default:
		return nil
	}
	kc := 0
	if !other.vec {
		kc = 1
	}
	c.release(x)
	c.release(y)
	d := c.newVec()
	code[len(code)-1] = instr{op: opFused, sel: uint16(fusedSel(int(last.op), int(op), int(last.k), kc, form)),
		d: d, a: last.a, b: last.b, c: other.i}
	return &opnd{vec: true, i: d, tmp: true}
}

func (c *compiler) emitUnary(op uint8, x opnd) opnd {
	if !x.vec {
		d := c.newSca()
		*c.code = append(*c.code, instr{op: op, k: kSS, d: d, a: x.i})
		return opnd{i: d}
	}
	c.release(x)
	d := c.newVec()
	*c.code = append(*c.code, instr{op: op, d: d, a: x.i})
	return opnd{vec: true, i: d, tmp: true}
}

// vector returns x as a vector register (broadcasting a scalar).
func (c *compiler) vector(x opnd) opnd {
	if x.vec {
		return x
	}
	d := c.newVec()
	*c.code = append(*c.code, instr{op: opBcast, d: d, a: x.i})
	return opnd{vec: true, i: d, tmp: true}
}

func (c *compiler) emitWhere(cond, x, y opnd) opnd {
	if !cond.vec && !x.vec && !y.vec {
		// a scalar choice: cond*x + ... would change the bits, so broadcast instead
		cond = c.vector(cond)
	}
	cond, x, y = c.vector(cond), c.vector(x), c.vector(y)
	c.release(cond)
	c.release(x)
	c.release(y)
	d := c.newVec()
	*c.code = append(*c.code, instr{op: opWhere, d: d, a: cond.i, b: x.i, c: y.i})
	return opnd{vec: true, i: d, tmp: true}
}

// pin marks an operand as owned by someone other than the expression consuming it.
func pin(o opnd) opnd { o.tmp = false; return o }

func (c *compiler) emit(n *Node, e *env) opnd {
	m := c.k.Model
	if n.Kind != NumNode && n.Kind != IdentNode && m.paramOnly(n) {
		key := n.String()
		i, ok := c.k.derivedIx[key]
		if !ok {
			i = len(c.k.derived)
			c.k.derivedIx[key] = i
			c.k.derived = append(c.k.derived, n)
			vec := c.k.varies(n)
			c.k.derVec = append(c.k.derVec, vec)
			if vec {
				c.k.derSlot = append(c.k.derSlot, c.k.nVec)
				c.k.nVec++
			} else {
				c.k.derSlot = append(c.k.derSlot, c.k.nSca)
				c.k.nSca++
			}
		}
		return opnd{vec: c.k.derVec[i], i: c.k.derSlot[i]}
	}
	switch n.Kind {
	case NumNode:
		return c.konst(n.Value)
	case IdentNode:
		switch m.lookup(n.Name) {
		case symVar:
			return pin(e.vars[m.varIx[n.Name]])
		case symParam:
			p := m.parIx[n.Name]
			return opnd{vec: c.k.vecParam(p), i: c.k.parSlot[p]}
		case symSub:
			if o, ok := e.subs[n.Name]; ok {
				return o
			}
			o := pin(c.emit(m.subs[m.subIx[n.Name]].Expr, e))
			e.subs[n.Name] = o
			return o
		case symPreSide, symPostSide:
			o, ok := e.side[n.Name]
			if !ok {
				panic("equations: side name not loaded: " + n.Name)
			}
			return pin(o)
		case symTime:
			return e.t
		case symDt:
			return c.konst(c.dt)
		case symConst:
			return c.konst(unitConstants[n.Name])
		}
		panic("equations: unresolved name " + n.Name)
	case UnaryNode:
		return c.emitUnary(unaryOps[n.Op], c.emit(n.Args[0], e))
	case BinNode:
		l, r := n.Args[0], n.Args[1]
		if n.Op == "+" && l.Kind == UnaryNode && l.Op == "neg" {
			// (-a) + b rounds the exact value b - a, as b - a does: one pass instead of two
			y := c.emit(r, e)
			return c.emitOp(opSub, y, c.emit(l.Args[0], e))
		}
		if n.Op == "+" && r.Kind == UnaryNode && r.Op == "neg" {
			x := c.emit(l, e)
			return c.emitOp(opSub, x, c.emit(r.Args[0], e))
		}
		if (n.Op == "*" || n.Op == "/") && l.Kind == UnaryNode && l.Op == "neg" && m.paramOnly(r) {
			// (-a)/b is a/(-b) to the bit (negation is exact), and -b is computed once per
			// replica: one pass instead of two
			x := c.emit(l.Args[0], e)
			return c.emitOp(binaryOps[n.Op], x, c.emit(&Node{Kind: UnaryNode, Op: "neg", Args: []*Node{r}, Pos: r.Pos}, e))
		}
		x := c.emit(l, e)
		y := c.emit(r, e)
		return c.emitOp(binaryOps[n.Op], x, y)
	case CallNode:
		switch n.Op {
		case "old":
			return pin(e.old[m.varIx[n.Args[0].Name]])
		case "where", "ifelse":
			cond := c.emit(n.Args[0], e)
			x := c.emit(n.Args[1], e)
			y := c.emit(n.Args[2], e)
			return c.emitWhere(cond, x, y)
		case "clip": // numpy.clip: minimum(maximum(x, lo), hi)
			x := c.emit(n.Args[0], e)
			lo := c.emit(n.Args[1], e)
			x = c.emitOp(opMax, x, lo)
			hi := c.emit(n.Args[2], e)
			return c.emitOp(opMin, x, hi)
		}
		if op, ok := binaryOps[n.Op]; ok {
			x := c.emit(n.Args[0], e)
			y := c.emit(n.Args[1], e)
			return c.emitOp(op, x, y)
		}
		return c.emitUnary(unaryOps[n.Op], c.emit(n.Args[0], e))
	}
	panic("equations: bad node")
}

// freshEnv evaluates names on the state columns at time t.
func (c *compiler) freshEnv() *env {
	e := &env{t: opnd{i: c.k.tSlot}, subs: map[string]opnd{}}
	for _, s := range c.k.colSlot {
		e.vars = append(e.vars, opnd{vec: true, i: s})
	}
	return e
}

// CompileNeuron generates the kernel of one update step for method ("euler", "rk4",
// "exp_euler"; "" is the model's default) and step dt.
func (m *Model) CompileNeuron(method string, dt float64, layout Layout) (*Neuron, error) {
	if method == "" {
		method = m.Methods[0]
	}
	if method == "exponential_euler" {
		method = "exp_euler"
	}
	ok := false
	for _, x := range m.Methods {
		ok = ok || x == method
	}
	if !ok {
		return nil, fmt.Errorf("model %s does not allow method %q (methods: %v)", m.Def.Name, method, m.Methods)
	}
	k := &Neuron{program: newProgram(m, layout, dt),
		Method: method, refr: -1, cond: -1, thrVar: -1, inputVar: m.varIx[InputVar], tLastVar: m.varIx[TLastSpikeVar]}
	for range m.Vars {
		k.colSlot = append(k.colSlot, k.nVec)
		k.nVec++
	}
	k.tSlot = k.nSca
	k.nSca++
	c := &compiler{k: &k.program, dt: dt, code: &k.step}
	e0 := c.freshEnv()

	// 1. refractory test: (t - t_last_spike) <= refractory. With a period of one value per block,
	// Euler or exponential Euler and a threshold the spike pass tests, the stores and the spike
	// pass test it themselves from t_last_spike (refrInline): one pass and register less.
	k.refr = c.newVec() // never released; stays zero when there is no refractory period
	if m.refractory != nil {
		ref := c.emit(m.refractory, e0)
		_, _, simple := m.simpleThreshold()
		if !ref.vec && method != "rk4" && simple {
			k.refrInline, k.refS = true, ref.i
		} else {
			kind := kVV
			if !ref.vec {
				kind = kVS
			}
			k.step = append(k.step, instr{op: opSinceLe, k: kind, d: k.refr, a: e0.vars[k.tLastVar].i, b: ref.i, c: e0.t.i})
		}
	}
	// 2. integration, every variable from the old values; 3. write-back, where held variables
	// keep their value while refractory. Euler and exp_euler store each variable (y + k*dt, or
	// part + y, unless refractory) once no later increment reads its old value (storer).
	anyHeld := false
	for _, v := range m.Vars {
		anyHeld = anyHeld || v.Held
	}
	held := func(v StateVar) bool { return m.refractory != nil && (v.Held || !anyHeld) }
	st := storer{c: c, dt: dt, refr: k.refr, col: func(j int) int32 { return k.colSlot[j] }, hold: func(j int) bool { return held(m.Vars[j]) }}
	if k.refrInline {
		st.since = &holdSince{tLast: k.colSlot[k.tLastVar], t: k.tSlot, ref: k.refS}
	}
	var ode []int // the variables with an equation, in order
	for j, v := range m.Vars {
		if v.ODE != nil {
			ode = append(ode, j)
		}
	}
	switch method {
	case "euler":
		for i, j := range ode {
			st.inc(j, c.vector(c.emit(m.Vars[j].ODE, e0)), m.laterRead(ode, i), opStoreEuler, 0)
		}
		st.flush(opStoreEuler, 0)
	case "exp_euler":
		for i, j := range ode {
			// part + y is y + part: addition commutes exactly
			st.inc(j, c.vector(c.emit(expEulerPart(m.Vars[j], dt), e0)), m.laterRead(ode, i), opStoreAdd, 1)
		}
		st.flush(opStoreAdd, 1)
	case "rk4":
		newVal := make([]opnd, len(m.Vars))
		c.rk4(e0, newVal, func(int) bool { return true })
		for j, v := range m.Vars {
			if v.ODE == nil {
				continue
			}
			col := k.colSlot[j]
			if held(v) {
				k.step = append(k.step, instr{op: opWhere, d: col, a: k.refr, b: col, c: newVal[j].i})
			} else {
				k.step = append(k.step, instr{op: opCopy, d: col, a: newVal[j].i})
			}
		}
	}
	// 4. threshold on the new values: a variable against an expression of parameters is tested
	// in the pass that sets the spike flags; anything else gets a register of its own
	if th := m.threshold; th != nil {
		if j, gt, ok := m.simpleThreshold(); ok {
			k.thrVar, k.thrGT, k.thr = j, gt, c.emit(th.Args[1], c.freshEnv())
		} else {
			cond := c.vector(c.emit(th, c.freshEnv()))
			k.cond = cond.i
		}
	}
	// 5. reset statements, in order, each seeing the previous ones
	// The mask has a register of its own, never a temporary of the step: it stays zero between
	// resets (Step sets and clears only the elements that fired).
	k.mask = k.nVec
	k.nVec++
	c.code = &k.reset
	for _, st := range m.reset {
		e := c.freshEnv()
		x := c.emit(st.Expr, e)
		col := opnd{vec: true, i: k.colSlot[st.Var]}
		if st.Op != "=" {
			x = c.emitOp(binaryOps[st.Op[:1]], col, x)
		}
		x = c.vector(x)
		k.reset = append(k.reset, instr{op: opWhere, d: col.i, a: k.mask, b: x.i, c: col.i})
		c.release(x)
	}
	k.frames.New = func() any {
		f := &frame{vec: make([][]float64, k.nVec), sca: make([]float64, k.nSca), buf: make([][]float64, k.nVec),
			fired: make([]int32, 0, blockSize), saved: make([][]float64, 0, k.nVec)}
		for _, r := range k.temps {
			f.buf[r] = make([]float64, blockSize)
		}
		f.buf[k.mask] = make([]float64, blockSize)
		f.buf[k.refr] = make([]float64, blockSize) // zero unless the step's code writes it
		for bits, r := range k.consts {
			f.sca[r] = math.Float64frombits(bits)
		}
		return f
	}
	return k, nil
}

// simpleThreshold reports whether the threshold is a variable (j) against an expression of
// parameters, `>=` or `>` (gt): the spike pass tests those itself.
func (m *Model) simpleThreshold() (j int, gt, ok bool) {
	th := m.threshold
	if th != nil && th.Kind == BinNode && (th.Op == ">=" || th.Op == ">") && th.Args[0].Kind == IdentNode &&
		m.lookup(th.Args[0].Name) == symVar && m.paramOnly(th.Args[1]) {
		return m.varIx[th.Args[0].Name], th.Op == ">", true
	}
	return -1, false, false
}

// expEulerPart is exponential Euler's increment of v: ((df*(E - 1))/A), E = exp(A*dt), with
// E - 1 and A computed once per replica when they are expressions of parameters; Euler's
// dt*df when the equation has no term in the variable.
func expEulerPart(v StateVar, dt float64) *Node {
	if v.linA == nil {
		return &Node{Kind: BinNode, Op: "*", Args: []*Node{num(dt, 0), v.ODE}}
	}
	e := &Node{Kind: CallNode, Op: "exp", Args: []*Node{timesDt(v.linA, dtLiteral(dt))}}
	em1 := &Node{Kind: BinNode, Op: "-", Args: []*Node{e, num(1, 0)}}
	return &Node{Kind: BinNode, Op: "/", Args: []*Node{{Kind: BinNode, Op: "*", Args: []*Node{v.ODE, em1}}, v.linA}}
}

// storer emits the stores of integrated variables (Euler d += inc*dt, exponential Euler
// d = inc + d). Every increment is computed from the values at the start of the step, and a
// variable's register is its column, so a variable is stored as soon as its increment is
// computed only when no later increment reads it; the others are stored after the last
// increment. A store folds in its increment's last operation when that is the instruction just
// before it, and a copy of the variable's value from before (saveOld): one pass less each.
type storer struct {
	c       *compiler
	dt      float64
	refr    int32             // the refractory register, for variables held while refractory
	col     func(j int) int32 // variable j's register (its column)
	hold    func(j int) bool  // whether variable j keeps its value while refractory
	since   *holdSince        // if set, the hold is tested in the store (storeHoldSince)
	saveOld map[int]int32     // variables whose value from before goes to a register too
	pending []pendingStore    // increments stored by flush
}

// holdSince are the registers of a store that tests the refractory period itself: the column
// of the last spike times and the scalars t and the period.
type holdSince struct{ tLast, t, ref int32 }

type pendingStore struct {
	j   int
	inc opnd
}

// inc takes variable j's increment x; laterRead says a later increment reads the variable.
func (s *storer) inc(j int, x opnd, laterRead bool, op uint8, form int) {
	if laterRead {
		s.pending = append(s.pending, pendingStore{j, pin(x)})
		return
	}
	s.store(j, x, op, form)
}

func (s *storer) flush(op uint8, form int) {
	for _, p := range s.pending {
		s.store(p.j, p.inc, op, form)
	}
	s.pending = nil
}

func (s *storer) store(j int, x opnd, op uint8, form int) {
	c := s.c
	mode, e := storePlain, s.col(j)
	var ts, rs int32
	switch old, ok := s.saveOld[j]; {
	case s.hold(j) && s.since != nil:
		mode, e, ts, rs = storeHoldSince, s.since.tLast, s.since.t, s.since.ref
	case s.hold(j):
		mode, e = storeHold, s.refr
	case ok:
		mode, e = storeSaveOld, old
	}
	code := *c.code
	if n := len(code); x.tmp && n > 0 {
		if in := code[n-1]; in.op <= opDiv && in.k != kSS && in.d == x.i {
			code[n-1] = instr{op: opStoreFused, sel: uint16(storeSel(int(in.op), int(in.k), mode, form)),
				d: s.col(j), a: in.a, b: in.b, c: c.konst(s.dt).i, e: e, ts: ts, rs: rs}
			c.release(x)
			return
		}
	}
	*c.code = append(*c.code, instr{op: op, k: mode, d: s.col(j), a: e, b: x.i, c: c.konst(s.dt).i, ts: ts, rs: rs})
	c.release(x)
}

// laterRead reports whether an increment of a variable after vars[i] in vars reads vars[i]
// (through sub-expressions, in its equation or its linear part).
func (m *Model) laterRead(vars []int, i int) bool {
	name, read := m.Vars[vars[i]].Name, false
	for _, k := range vars[i+1:] {
		for _, n := range []*Node{m.Vars[k].ODE, m.Vars[k].linA} {
			if n != nil {
				m.refs(n, func(x *Node, _ bool) { read = read || x.Name == name })
			}
		}
	}
	return read
}

// rk4 emits SEMANTICS.md §6.3: all variables advance together; stage arguments
// y + ((dt*k)*0.5) and y + (dt*k); the final sum left to right.
func (c *compiler) rk4(e0 *env, newVal []opnd, want func(j int) bool) {
	m := c.k.Model
	dt := c.konst(c.dt)
	stage := func(e *env) []opnd {
		ks := make([]opnd, len(m.Vars))
		for j, v := range m.Vars {
			if v.ODE != nil && want(j) {
				ks[j] = pin(c.emit(v.ODE, e))
			}
		}
		return ks
	}
	next := func(ks []opnd, half bool, t opnd) *env {
		e := &env{t: t, subs: map[string]opnd{}, vars: append([]opnd(nil), e0.vars...), side: e0.side}
		for j, v := range m.Vars {
			if v.ODE == nil || !want(j) {
				continue
			}
			step := c.emitOp(opMul, dt, ks[j])
			if half {
				step = c.emitOp(opMul, step, c.konst(0.5))
			}
			e.vars[j] = pin(c.emitOp(opAdd, e0.vars[j], step))
		}
		return e
	}
	tHalf := c.emitOp(opAdd, e0.t, c.emitOp(opMul, dt, c.konst(0.5)))
	tFull := c.emitOp(opAdd, e0.t, dt)
	k1 := stage(e0)
	k2 := stage(next(k1, true, tHalf))
	k3 := stage(next(k2, true, tHalf))
	k4 := stage(next(k3, false, tFull))
	for j, v := range m.Vars {
		if v.ODE == nil || !want(j) {
			continue
		}
		term := func(k opnd, div float64) opnd { return c.emitOp(opDiv, c.emitOp(opMul, k, dt), c.konst(div)) }
		y := c.emitOp(opAdd, e0.vars[j], term(k1[j], 6))
		y = c.emitOp(opAdd, y, term(k2[j], 3))
		y = c.emitOp(opAdd, y, term(k3[j], 3))
		newVal[j] = pin(c.emitOp(opAdd, y, term(k4[j], 6)))
	}
}

// dtLiteral is dt as sympy prints it into BrainPy's exponential Euler code: 15 significant digits.
func dtLiteral(dt float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(dt, 'g', 15, 64), 64)
	return v
}

// NeuronData is the memory a compiled neuron updates.
type NeuronData struct {
	N      int         // neurons per replica
	Vars   [][]float64 // per Model.Vars: the column, all replicas (len N*replicas)
	Params [][]float64 // per Model.Params: one value per replica
	// PerElement, for a kernel compiled with VectorParams, gives parameters one value per element
	// (len N*replicas): per Model.Params, a column or nil (then the replica's value in Params).
	PerElement [][]float64
	Spike      []bool
	Refr       []bool
}

// NeuronRun is a compiled neuron bound to its data.
type NeuronRun struct {
	k        *Neuron
	d        NeuronData
	parCols  [][]float64 // VectorParams: per parameter, one value per element
	derived  [][]float64 // per derived expression: one value per replica
	fired    []int64     // spikes so far, per neuron (no two work units share an entry)
	derCols  [][]float64 // VectorParams: per derived expression, one value per element
	Replicas int
	drive    *Drive
	blocks   []*frame // per block of a step over all elements: its frame (blockFrame)
}

// Drive is a constant input the update applies to the input column itself, just before it reads
// it: input = input + Value, or input = Value when Set. Applied to a block while it is in cache,
// it costs no pass of its own over the column, and gives the same bits as one.
type Drive struct {
	Value float64
	Set   bool
}

// TakeDrive makes every later Step apply d first (nil: none).
func (r *NeuronRun) TakeDrive(d *Drive) { r.drive = d }

// apply is the drive on one block of the input column.
func (d *Drive) apply(in []float64) {
	if d.Set {
		i := bcastVec(in, d.Value)
		for ; i < len(in); i++ {
			in[i] = d.Value
		}
		return
	}
	i := binVSVec(opAdd, in, in, d.Value)
	binVS(opAdd, in[i:], in[i:], d.Value)
}

// Bind attaches the kernel to its columns.
func (k *Neuron) Bind(d NeuronData) *NeuronRun {
	r := &NeuronRun{k: k, d: d, Replicas: len(d.Spike) / d.N, fired: make([]int64, len(d.Spike))}
	for _, n := range k.derived {
		vals := make([]float64, r.Replicas)
		for rep := range vals {
			vals[rep] = k.Model.evalScalar(n, func(p int) float64 { return d.Params[p][rep] }, k.dt)
		}
		r.derived = append(r.derived, vals)
	}
	if k.VectorParams {
		expand := func(p []float64) []float64 {
			col := make([]float64, len(d.Spike))
			for i := range col {
				col[i] = p[i/d.N]
			}
			return col
		}
		for p, vals := range d.Params {
			switch col := d.perElement(p); {
			case !k.vecParam(p):
				if col != nil {
					panic("equations: a parameter given per element is not uniform")
				}
				r.parCols = append(r.parCols, nil)
			case col != nil:
				r.parCols = append(r.parCols, col)
			default:
				r.parCols = append(r.parCols, expand(vals))
			}
		}
		for j, vals := range r.derived {
			switch {
			case !k.derVec[j]:
				r.derCols = append(r.derCols, nil)
			case len(d.PerElement) == 0:
				r.derCols = append(r.derCols, expand(vals))
			default:
				// Derived from parameters given per element: evaluated once per element, here.
				col := make([]float64, len(d.Spike))
				for i := range col {
					col[i] = k.Model.evalScalar(k.derived[j], func(p int) float64 { return d.ParamAt(p, i) }, k.dt)
				}
				r.derCols = append(r.derCols, col)
			}
		}
	} else if len(d.PerElement) > 0 {
		panic("equations: parameters per element need a kernel compiled with VectorParams")
	}
	if span := r.blockSpan(); span > 0 {
		if n := (span + blockSize - 1) / blockSize * (len(d.Spike) / span); n <= maxBlockFrames {
			r.blocks = make([]*frame, n)
		}
	}
	return r
}

// perElement is parameter p's column of values per element, or nil.
func (d *NeuronData) perElement(p int) []float64 {
	if p < len(d.PerElement) {
		return d.PerElement[p]
	}
	return nil
}

// ParamAt is parameter p's value at element i.
func (d *NeuronData) ParamAt(p, i int) float64 {
	if col := d.perElement(p); col != nil {
		return col[i]
	}
	return d.Params[p][i/d.N]
}

// Step updates elements [lo, hi) at time t. Disjoint ranges may run at the same time.
func (r *NeuronRun) Step(t float64, lo, hi int) {
	k, d := r.k, &r.d
	var pooled *frame
	for lo < hi {
		end := min(hi, lo+blockSize)
		if !k.VectorParams {
			end = min(end, (lo/d.N+1)*d.N)
		}
		n := end - lo
		f := r.blockFrame(lo, end)
		if f == nil {
			if pooled == nil {
				pooled = k.frames.Get().(*frame)
			}
			f = pooled
		}
		if f.block != (frameBlock{r, lo, end}) {
			r.setUp(f, lo, end)
		}
		if r.drive != nil {
			r.drive.apply(d.Vars[k.inputVar][lo:end])
		}
		f.sca[k.tSlot] = t
		exec(f, k.step, n)

		spike, refr := d.Spike[lo:end], d.Refr[lo:end]
		in := d.Vars[k.inputVar][lo:end]
		mask := f.vec[k.mask]
		inRefr := f.vec[k.refr] // all zero when the model has no refractory period
		count := r.fired[lo:end]
		fired := f.fired[:0] // the neurons that fired, by index in the block
		if k.thrVar >= 0 {
			p := spikePass{x: d.Vars[k.thrVar][lo:end], inRefr: inRefr[:len(spike)], in: in, gt: k.thrGT,
				spike: spike, refr: refr, count: count, fired: fired}
			if k.refrInline {
				p.tLast, p.t, p.tRef = d.Vars[k.tLastVar][lo:end], t, f.sca[k.refS]
			}
			if k.thr.vec {
				p.thrV = f.vec[k.thr.i][:len(spike)]
			} else {
				p.thrS = f.sca[k.thr.i]
			}
			if i, _ := thresholdVec(&p); i < len(spike) {
				p.scalar(i, len(spike))
			}
			fired = p.fired
		} else if k.cond >= 0 {
			cond := f.vec[k.cond][:len(spike)]
			inRefr = inRefr[:len(spike)]
			_, _, _, _ = refr[len(spike)-1], mask[len(spike)-1], in[len(spike)-1], count[len(spike)-1]
			for i := range spike {
				s := cond[i] != 0 && inRefr[i] == 0
				spike[i] = s
				refr[i] = s || inRefr[i] != 0
				in[i] = 0
				if s {
					count[i]++
					fired = append(fired, int32(i))
				}
			}
		} else {
			clear(spike)
			clear(in)
			for i := range refr {
				refr[i] = inRefr[i] != 0
			}
		}
		if len(fired) > 0 { // spikes are rare: the reset costs a pass only then
			for _, i := range fired {
				mask[i] = 1
			}
			r.reset(f, int(fired[0]), int(fired[len(fired)-1])+1)
			tLast := d.Vars[k.tLastVar][lo:end]
			for _, i := range fired {
				mask[i], tLast[i] = 0, t
			}
		}
		f.fired = fired[:0]
		lo = end
	}
	if pooled != nil {
		k.frames.Put(pooled)
	}
}

// blockSpan is the length blocks are cut from: all the elements, or, with parameters per
// replica, one replica's.
func (r *NeuronRun) blockSpan() int {
	if r.k.VectorParams {
		return len(r.d.Spike)
	}
	return r.d.N
}

// maxBlockFrames bounds the frames a NeuronRun keeps, one per block (blockFrame): with larger
// populations the setting up is a small part of a block's work, and the frames' memory is not.
const maxBlockFrames = 256

// blockFrame is the frame kept for [lo, end) when that is one of the blocks a step over all the
// elements makes (blocks of blockSize from the start of the population, or, with parameters per
// replica, of each replica), or nil. Its registers stay set up from one step to the next. Ranges
// that run at the same time are disjoint, so no two workers hold one block's frame.
func (r *NeuronRun) blockFrame(lo, end int) *frame {
	if r.blocks == nil {
		return nil
	}
	span := r.blockSpan()
	start := lo / span * span
	if (lo-start)%blockSize != 0 || end != min(lo+blockSize, start+span) {
		return nil
	}
	i := lo/span*((span+blockSize-1)/blockSize) + (lo-start)/blockSize
	f := r.blocks[i]
	if f == nil {
		f = r.k.frames.New().(*frame)
		r.blocks[i] = f
	}
	return f
}

// setUp points f's registers at block [lo, end): the parameters, the state columns and the
// temporaries. Nothing else changes them, so a frame set up for a block serves its later steps.
func (r *NeuronRun) setUp(f *frame, lo, end int) {
	k, d := r.k, &r.d
	if !k.VectorParams {
		rep := lo / d.N
		for p, s := range k.parSlot {
			f.sca[s] = d.Params[p][rep]
		}
		for p, s := range k.derSlot {
			f.sca[s] = r.derived[p][rep]
		}
	} else {
		// a uniform parameter (no column) has replica 0's value everywhere
		for p, s := range k.parSlot {
			if col := r.parCols[p]; col != nil {
				f.vec[s] = col[lo:end]
			} else {
				f.sca[s] = d.Params[p][0]
			}
		}
		for p, s := range k.derSlot {
			if col := r.derCols[p]; col != nil {
				f.vec[s] = col[lo:end]
			} else {
				f.sca[s] = r.derived[p][0]
			}
		}
	}
	n := end - lo
	for j, s := range k.colSlot {
		f.vec[s] = d.Vars[j][lo:end]
	}
	for _, reg := range k.temps {
		f.vec[reg] = f.buf[reg][:n]
	}
	f.vec[k.mask] = f.buf[k.mask][:n]
	f.vec[k.refr] = f.buf[k.refr][:n]
	f.block = frameBlock{r, lo, end}
}

// reset runs the reset statements over elements [a, b) of the block f is set up for: the span of
// the neurons that fired (the mask is set for those), often a few elements of the block.
func (r *NeuronRun) reset(f *frame, a, b int) {
	saved := append(f.saved[:0], f.vec...)
	for i, v := range f.vec {
		if v != nil {
			f.vec[i] = v[a:b]
		}
	}
	exec(f, r.k.reset, b-a)
	copy(f.vec, saved)
	f.saved = saved
}

// forFired calls do with the index of every set flag of spike, skipping eight clear flags at a
// time (a block where one neuron fired has mostly clear flags).
func forFired(spike []bool, do func(i int)) {
	i := 0
	for ; i+8 <= len(spike); i += 8 {
		if *(*uint64)(unsafe.Pointer(&spike[i])) == 0 {
			continue
		}
		for j, s := range spike[i : i+8] {
			if s {
				do(i + j)
			}
		}
	}
	for ; i < len(spike); i++ {
		if spike[i] {
			do(i)
		}
	}
}

// spikePass is the threshold pass of one block for a threshold `x >= thr` (or `x > thr`, gt),
// thr a scalar thrS or a vector thrV: it sets the spike and refractory flags (a neuron in its
// refractory period, inRefr non-zero or, when tLast is set, (t - tLast) <= tRef, does not fire),
// counts the spikes and clears the input.
type spikePass struct {
	x, thrV, inRefr, in []float64
	tLast               []float64
	thrS, t, tRef       float64
	gt                  bool
	spike, refr         []bool
	count               []int64
	fired               []int32 // the elements that fired are appended
}

// scalar does elements [lo, hi), appends those that fired to p.fired, and reports whether any
// did.
func (p *spikePass) scalar(lo, hi int) bool {
	fired := false
	x, inRefr, in, spike, refr, count := p.x[lo:hi], p.inRefr[lo:hi], p.in[lo:hi], p.spike[lo:hi], p.refr[lo:hi], p.count[lo:hi]
	var thrV []float64
	if p.thrV != nil {
		thrV = p.thrV[lo:hi]
		thrV = thrV[:len(spike)]
	}
	var tLast []float64
	if p.tLast != nil {
		tLast = p.tLast[lo:hi]
		tLast = tLast[:len(spike)]
	}
	x, inRefr, in, refr, count = x[:len(spike)], inRefr[:len(spike)], in[:len(spike)], refr[:len(spike)], count[:len(spike)]
	for i := range spike {
		th := p.thrS
		if thrV != nil {
			th = thrV[i]
		}
		above := x[i] >= th
		if p.gt {
			above = x[i] > th
		}
		var inR bool
		if tLast != nil {
			inR = p.t-tLast[i] <= p.tRef
		} else {
			inR = inRefr[i] != 0
		}
		s := above && !inR
		spike[i] = s
		refr[i] = s || inR
		in[i] = 0
		if s {
			count[i]++
			fired = true
			p.fired = append(p.fired, int32(lo+i))
		}
	}
	return fired
}

// SpikeCount is the number of spikes of replica r so far.
func (r *NeuronRun) SpikeCount(rep int) int64 {
	var c int64
	for _, f := range r.fired[rep*r.d.N : (rep+1)*r.d.N] {
		c += f
	}
	return c
}

// Init returns the initial value of state variable j for a replica whose parameters are given
// by param (by index in Model.Params).
func (m *Model) Init(j int, param func(p int) float64) float64 {
	v := m.Vars[j]
	if v.InitExpr == nil {
		return v.Init
	}
	return m.evalScalar(v.InitExpr, param, 0)
}

// paramOnly reports whether n depends on parameters, constants and dt only.
func (m *Model) paramOnly(n *Node) bool {
	ok := true
	walk(n, func(x *Node) {
		if x.Kind != IdentNode || !ok {
			return
		}
		switch m.lookup(x.Name) {
		case symParam, symConst, symDt:
		case symSub:
			ok = m.paramOnly(m.subs[m.subIx[x.Name]].Expr)
		default:
			ok = false
		}
	})
	return ok
}

// evalScalar evaluates an expression of parameters and constants with the kernels' arithmetic
// (scalarBinary, scalarUnary), so a value computed here has the bits the kernel would compute.
func (m *Model) evalScalar(n *Node, param func(p int) float64, dt float64) float64 {
	switch n.Kind {
	case NumNode:
		return n.Value
	case IdentNode:
		if i, ok := m.parIx[n.Name]; ok {
			return param(i)
		}
		if i, ok := m.subIx[n.Name]; ok {
			return m.evalScalar(m.subs[i].Expr, param, dt)
		}
		if n.Name == "dt" {
			return dt
		}
		return unitConstants[n.Name]
	case UnaryNode:
		return scalarUnary(unaryOps[n.Op], m.evalScalar(n.Args[0], param, dt))
	case BinNode:
		return scalarBinary(binaryOps[n.Op], m.evalScalar(n.Args[0], param, dt), m.evalScalar(n.Args[1], param, dt))
	}
	args := make([]float64, len(n.Args))
	for i, a := range n.Args {
		args[i] = m.evalScalar(a, param, dt)
	}
	switch n.Op {
	case "where", "ifelse":
		if args[0] != 0 {
			return args[1]
		}
		return args[2]
	case "clip":
		return scalarBinary(opMin, scalarBinary(opMax, args[0], args[1]), args[2])
	}
	if op, ok := binaryOps[n.Op]; ok {
		return scalarBinary(op, args[0], args[1])
	}
	return scalarUnary(unaryOps[n.Op], args[0])
}

// Cost is a rough number of nanoseconds per element of one step, for the scheduler.
func (k *Neuron) Cost() int { return 1 + len(k.step)/2 }
