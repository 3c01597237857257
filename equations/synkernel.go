package equations

import (
	"fmt"
	"math"
	"sync"
)

// A compiled synapse is a few programs of the kernel machine (vm.go), each over one domain:
// synapses, pre neurons or post neurons. Whole-column passes (integration, the delayed value,
// the output's factor) run over contiguous blocks, reading per-synapse columns in place and
// gathering what is kept per neuron through the graph; event passes (on_pre, on_post) run over
// the neurons that fired and their synapses only, gathered into blocks and scattered back.

// ColumnKind says what a column of a compiled synapse holds.
type ColumnKind uint8

const (
	ColVar  ColumnKind = iota // a state variable of the synapse (Name), stored per Store
	ColOld                    // old(Name): the variable at the start of the step, stored like it
	ColSide                   // a variable of the pre (Store PerPre) or post (PerPost) neuron
	colRing                   // the delay line's slot of this step (internal)
)

// ColumnRef is one column a compiled synapse reads or writes.
type ColumnRef struct {
	Kind  ColumnKind
	Name  string
	Store Storage
}

// synProg is one pass: a program with the columns it loads before running and stores after.
type synProg struct {
	program
	domain  Storage
	code    []instr
	loads   []slotCol
	stores  []slotCol // gathered passes: registers written back (acc: +1 add, -1 subtract)
	results []int32   // factor: the registers holding the output's factors
	frames  sync.Pool
}

type slotCol struct {
	reg int32
	col int
	acc int8
}

// Synapse is a synapse model compiled for one integration method and dt.
type Synapse struct {
	Model  *Model
	Method string
	cols   []ColumnRef
	colIx  map[ColumnRef]int
	// integration per domain (nil: nothing to integrate there); events: [side][0 shared, 1 per synapse]
	integ  [3]*synProg
	events [2][2]*synProg
	push   *synProg // the value inside delay(), per synapse, into the delay line (nil: no output)
	factor *synProg // the output's factors, per post neuron (nil: none)
	dt     float64
}

// Columns lists the columns Bind needs, in the order of SynapseData.F and B.
func (k *Synapse) Columns() []ColumnRef { return k.cols }

func (k *Synapse) column(c ColumnRef) int {
	if i, ok := k.colIx[c]; ok {
		return i
	}
	k.colIx[c] = len(k.cols)
	k.cols = append(k.cols, c)
	return len(k.cols) - 1
}

// newProg starts a program over domain d, its parameters where layout says.
func (k *Synapse) newProg(d Storage, layout Layout) (*synProg, *compiler, *env) {
	p := &synProg{program: newProgram(k.Model, layout, k.dt), domain: d}
	p.tSlot = p.nSca
	p.nSca++
	c := &compiler{k: &p.program, dt: k.dt, code: &p.code}
	e := &env{t: opnd{i: p.tSlot}, subs: map[string]opnd{}, side: map[string]opnd{},
		vars: make([]opnd, len(k.Model.Vars)), old: make([]opnd, len(k.Model.Vars))}
	return p, c, e
}

// load gives the program a register holding column c.
func (p *synProg) load(k *Synapse, c ColumnRef) opnd {
	r := p.nVec
	p.nVec++
	p.loads = append(p.loads, slotCol{reg: r, col: k.column(c)})
	return opnd{vec: true, i: r}
}

// need loads every name the nodes read (through sub-expressions) into e.
func (p *synProg) need(k *Synapse, e *env, nodes ...*Node) {
	m := k.Model
	for _, n := range nodes {
		if n == nil {
			continue
		}
		m.refs(n, func(x *Node, old bool) {
			switch m.lookup(x.Name) {
			case symVar:
				j := m.varIx[x.Name]
				if old && !e.old[j].vec {
					e.old[j] = p.load(k, ColumnRef{Kind: ColOld, Name: x.Name, Store: m.Vars[j].Store})
				} else if !old && !e.vars[j].vec {
					e.vars[j] = p.load(k, ColumnRef{Kind: ColVar, Name: x.Name, Store: m.Vars[j].Store})
				}
			case symPreSide, symPostSide:
				if _, ok := e.side[x.Name]; !ok {
					st, name := PerPre, x.Name[:len(x.Name)-4]
					if m.lookup(x.Name) == symPostSide {
						st, name = PerPost, x.Name[:len(x.Name)-5]
					}
					e.side[x.Name] = p.load(k, ColumnRef{Kind: ColSide, Name: name, Store: st})
				}
			}
		})
	}
}

func (p *synProg) finish() *synProg {
	p.frames.New = func() any {
		f := &frame{vec: make([][]float64, p.nVec), sca: make([]float64, p.nSca), buf: make([][]float64, p.nVec)}
		for r := range f.buf {
			f.buf[r] = make([]float64, blockSize)
		}
		for bits, r := range p.consts {
			f.sca[r] = math.Float64frombits(bits)
		}
		return f
	}
	return p
}

// CompileSynapse generates the kernels of a synapse model for method ("" is the model's
// default) and step dt; layout chooses per-element parameters (for projections of few
// synapses, whose blocks then span replicas).
func (m *Model) CompileSynapse(method string, dt float64, layout Layout) (*Synapse, error) {
	if m.syn == nil {
		panic("equations: CompileSynapse of a neuron model")
	}
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
	k := &Synapse{Model: m, Method: method, colIx: map[ColumnRef]int{}, dt: dt}
	sp := m.syn
	// The delayed value is computed in the synapses' integration pass when nothing changes the
	// state after it: events run before, and the value reads no variable integrated elsewhere.
	fusePush := sp.outValue != nil && (sp.before || k.noEvents())
	if fusePush {
		m.refs(sp.outValue, func(x *Node, _ bool) {
			if m.lookup(x.Name) == symVar && m.Vars[m.varIx[x.Name]].Store != PerSynapse {
				fusePush = false
			}
		})
	}
	// After the events, it can still be computed there, and again by the per-synapse event
	// passes for the synapses they touch, when it reads per-synapse variables only and no
	// neuron variable an event changes: one pass less over the synapses.
	repush := false
	if sp.outValue != nil && !fusePush && !sp.before {
		repush = true
		m.refs(sp.outValue, func(x *Node, _ bool) {
			switch m.lookup(x.Name) {
			case symVar:
				repush = repush && m.Vars[m.varIx[x.Name]].Store == PerSynapse
			case symPreSide, symPostSide:
				for _, evs := range [][2][]event{sp.onPre, sp.onPost} {
					for _, ev := range evs[1] {
						repush = repush && ev.side != x.Name
					}
				}
			}
		})
		fusePush = repush
	}
	for _, d := range []Storage{PerSynapse, PerPre, PerPost} {
		var vars []int
		for j, v := range m.Vars {
			if v.ODE != nil && v.Store == d {
				vars = append(vars, j)
			}
		}
		var olds []int // old(X) is read by an event: X is copied before anything changes it
		for j, v := range m.Vars {
			if v.Store == d && sp.oldUsed[j] && !sp.before {
				olds = append(olds, j)
			}
		}
		fuse := d == PerSynapse && fusePush
		if len(vars) == 0 && len(olds) == 0 && !fuse {
			continue
		}
		p, c, e := k.newProg(d, layout)
		for _, j := range append(vars, olds...) {
			p.need(k, e, &Node{Kind: IdentNode, Name: m.Vars[j].Name})
		}
		for _, j := range vars {
			p.need(k, e, m.Vars[j].ODE)
		}
		// old(X) of a variable with an equation is saved by its store (nothing else in the pass
		// writes its column before); of one without, copied first
		saveOld := map[int]int32{}
		for _, j := range olds {
			old := p.load(k, ColumnRef{Kind: ColOld, Name: m.Vars[j].Name, Store: d})
			if m.Vars[j].ODE != nil && method != "rk4" {
				saveOld[j] = old.i
				continue
			}
			p.code = append(p.code, instr{op: opCopy, d: old.i, a: e.vars[j].i})
		}
		c.integrate(e, vars, method, saveOld)
		if fuse {
			k.emitPush(p, c, e)
		}
		k.integ[d] = p.finish()
	}
	for si, evs := range [][2][]event{sp.onPre, sp.onPost} {
		side := []Storage{PerPre, PerPost}[si]
		for part, list := range evs {
			if len(list) == 0 {
				continue
			}
			d := side
			if part == 1 {
				d = PerSynapse
			}
			p, c, e := k.newProg(d, layout)
			for _, ev := range list {
				p.need(k, e, ev.expr)
				if ev.target >= 0 {
					p.need(k, e, &Node{Kind: IdentNode, Name: m.Vars[ev.target].Name})
				}
			}
			assigned := map[int]bool{}
			for _, ev := range list {
				e.subs = map[string]opnd{} // sub-expressions see the previous statements' changes
				x := c.emit(ev.expr, e)
				if ev.target < 0 {
					x = c.vector(x)
					// the change, applied to the neuron's column synapse after synapse by the store
					acc := int8(1)
					if ev.op == "-=" {
						acc = -1
					}
					r := x.i // a temporary of its own, kept (never released) until the store
					if !x.tmp {
						r = p.nVec
						p.nVec++
						p.code = append(p.code, instr{op: opCopy, d: r, a: x.i})
					}
					st, name := PerPre, ev.side[:len(ev.side)-4]
					if m.lookup(ev.side) == symPostSide {
						st, name = PerPost, ev.side[:len(ev.side)-5]
					}
					p.stores = append(p.stores, slotCol{reg: r, col: k.column(ColumnRef{Kind: ColSide, Name: name, Store: st}), acc: acc})
					continue
				}
				cur := e.vars[ev.target]
				if ev.op != "=" {
					x = c.emitOp(binaryOps[ev.op[:1]], cur, x)
				}
				x = c.vector(x)
				if last := len(p.code) - 1; x.tmp && last >= 0 && p.code[last].d == x.i {
					p.code[last].d = cur.i // every instruction works element by element: d may be an operand
				} else {
					p.code = append(p.code, instr{op: opCopy, d: cur.i, a: x.i})
				}
				c.release(x)
				assigned[ev.target] = true
			}
			for j := range m.Vars {
				if assigned[j] {
					p.stores = append(p.stores, slotCol{reg: e.vars[j].i, col: k.column(ColumnRef{Kind: ColVar, Name: m.Vars[j].Name, Store: m.Vars[j].Store})})
				}
			}
			if repush && part == 1 {
				e.subs = map[string]opnd{}
				p.need(k, e, sp.outValue)
				x := c.vector(c.emit(sp.outValue, e))
				p.stores = append(p.stores, slotCol{reg: x.i, col: k.column(ColumnRef{Kind: colRing})})
			}
			k.events[si][part] = p.finish()
		}
	}
	if sp.outValue != nil && !fusePush {
		p, c, e := k.newProg(PerSynapse, layout)
		k.emitPush(p, c, e)
		k.push = p.finish()
	}
	if len(sp.outFactors) > 0 {
		p, c, e := k.newProg(PerPost, layout)
		p.need(k, e, sp.outFactors...)
		for _, f := range sp.outFactors {
			p.results = append(p.results, pin(c.vector(c.emit(f, e))).i)
		}
		k.factor = p.finish()
	}
	return k, nil
}

func (k *Synapse) noEvents() bool {
	sp := k.Model.syn
	return len(sp.onPre[0])+len(sp.onPre[1])+len(sp.onPost[0])+len(sp.onPost[1]) == 0
}

// emitPush appends the computation of the delayed value into the delay line's slot.
func (k *Synapse) emitPush(p *synProg, c *compiler, e *env) {
	p.need(k, e, k.Model.syn.outValue)
	ring := p.load(k, ColumnRef{Kind: colRing})
	x := c.vector(c.emit(k.Model.syn.outValue, e))
	last := len(p.code) - 1
	var in *instr
	if last >= 0 && p.code[last].d == x.i {
		in = &p.code[last]
	}
	store := in != nil && (in.op == opStoreEuler || in.op == opStoreAdd || in.op == opStoreFused)
	switch {
	case in != nil && x.tmp && !store:
		in.d = ring.i // compute straight into the slot
	case store && in.storeMode() == storePlain:
		// the value is a variable just stored: the store writes the slot too
		if in.op == opStoreFused {
			in.sel += uint16(storeCopyNew) * 2
			in.e = ring.i
		} else {
			in.k, in.a = storeCopyNew, ring.i
		}
	default:
		p.code = append(p.code, instr{op: opCopy, d: ring.i, a: x.i})
	}
	c.release(x)
}

// integrate emits the update of the variables vars (all from the old values) into their
// registers: Euler y + k*dt, exponential Euler part + y, RK4 as SEMANTICS.md §6.3.
func (c *compiler) integrate(e0 *env, vars []int, method string, saveOld map[int]int32) {
	m := c.k.Model
	dt := c.dt
	want := func(j int) bool {
		for _, v := range vars {
			if v == j {
				return true
			}
		}
		return false
	}
	st := storer{c: c, dt: dt, col: func(j int) int32 { return e0.vars[j].i }, hold: func(int) bool { return false }, saveOld: saveOld}
	switch method {
	case "euler":
		for i, j := range vars {
			st.inc(j, c.vector(c.emit(m.Vars[j].ODE, e0)), m.laterRead(vars, i), opStoreEuler, 0)
		}
		st.flush(opStoreEuler, 0)
	case "exp_euler":
		for i, j := range vars {
			st.inc(j, c.vector(c.emit(expEulerPart(m.Vars[j], dt), e0)), m.laterRead(vars, i), opStoreAdd, 1)
		}
		st.flush(opStoreAdd, 1)
	case "rk4":
		newVal := make([]opnd, len(m.Vars))
		c.rk4(e0, newVal, want)
		for _, j := range vars {
			*c.code = append(*c.code, instr{op: opCopy, d: e0.vars[j].i, a: newVal[j].i})
		}
	}
}

// SynapseData is the memory a compiled synapse works on. Synapse i of replica r is element
// r*NSyn+i of a per-synapse column; pre neuron p is element r*NPre+p of a pre-shared column and
// of the pre group's columns; post likewise.
type SynapseData struct {
	NSyn, NPre, NPost, Replicas  int
	Pre, Post                    []int32 // per synapse
	OutPtr, OutSyn, InPtr, InSyn []int32 // each pre's outgoing, each post's incoming synapses
	F                            [][]float64
	B                            [][]bool    // per Columns(): the float or the bool column (nil for the delay line)
	Params                       [][]float64 // per Model.Params: one value per replica
}

// SynapseRun is a compiled synapse bound to its data.
type SynapseRun struct {
	k     *Synapse
	d     SynapseData
	size  [3]int
	bound map[*synProg]*progData
	// vector programs over synapses: each synapse's pre and post neuron, as global indices
	preG, postG []int32
	scratch     sync.Pool // *eventScratch
	oneToOne    bool      // synapse i connects post neuron i, and it alone (pairs)
}

type progData struct {
	derived          [][]float64 // per derived expression, per replica
	parCols, derCols [][]float64 // VectorParams: per element
}

// eventScratch is one worker's lists: neurons that fired, their synapses, the output's factors.
type eventScratch struct {
	fired, syn, batch []int32
	factors           [][]float64
}

// Bind attaches the kernels to their columns.
func (k *Synapse) Bind(d SynapseData) *SynapseRun {
	r := &SynapseRun{k: k, d: d, size: [3]int{d.NSyn, d.NPre, d.NPost}, bound: map[*synProg]*progData{}}
	r.scratch.New = func() any { return &eventScratch{} }
	r.oneToOne = d.NSyn == d.NPost
	for q := 0; r.oneToOne && q < d.NPost; q++ {
		r.oneToOne = d.InPtr[q] == int32(q) && d.InPtr[q+1] == int32(q+1) && d.InSyn[q] == int32(q)
	}
	for _, p := range k.programs() {
		b := &progData{}
		for _, n := range p.derived {
			vals := make([]float64, d.Replicas)
			for rep := range vals {
				vals[rep] = k.Model.evalScalar(n, func(i int) float64 { return d.Params[i][rep] }, k.dt)
			}
			b.derived = append(b.derived, vals)
		}
		if p.VectorParams {
			n := r.size[p.domain]
			expand := func(v []float64) []float64 {
				col := make([]float64, n*d.Replicas)
				for i := range col {
					col[i] = v[i/n]
				}
				return col
			}
			for i, v := range d.Params {
				if p.vecParam(i) {
					b.parCols = append(b.parCols, expand(v))
				} else {
					b.parCols = append(b.parCols, nil) // uniform: replica 0's value everywhere
				}
			}
			for j, v := range b.derived {
				if p.derVec[j] {
					b.derCols = append(b.derCols, expand(v))
				} else {
					b.derCols = append(b.derCols, nil)
				}
			}
			if p.domain == PerSynapse && r.preG == nil {
				r.preG, r.postG = make([]int32, d.NSyn*d.Replicas), make([]int32, d.NSyn*d.Replicas)
				for i := range r.preG {
					rep, s := i/d.NSyn, i%d.NSyn
					r.preG[i], r.postG[i] = int32(rep*d.NPre)+d.Pre[s], int32(rep*d.NPost)+d.Post[s]
				}
			}
		}
		r.bound[p] = b
	}
	return r
}

func (k *Synapse) programs() []*synProg {
	var out []*synProg
	for _, p := range []*synProg{k.integ[0], k.integ[1], k.integ[2], k.events[0][0], k.events[0][1], k.events[1][0], k.events[1][1], k.push, k.factor} {
		if p != nil {
			out = append(out, p)
		}
	}
	return out
}

// Integrates reports whether the synapse has a pass over d before the events: the equations of
// the variables stored per d, and the copies of those old() reads.
func (k *Synapse) Integrates(d Storage) bool { return k.integ[d] != nil }

// HasEvents reports whether the synapse has on_pre (side PerPre) or on_post (PerPost) statements.
func (k *Synapse) HasEvents(side Storage) bool {
	i := int(side) - 1
	return k.events[i][0] != nil || k.events[i][1] != nil
}

// PushesSeparately reports whether the delayed value needs a pass of its own (after the events);
// otherwise it is computed in the synapses' integration pass.
func (k *Synapse) PushesSeparately() bool { return k.push != nil }

// Before reports whether the events run before the integration (event_order = "before").
func (k *Synapse) Before() bool { return k.Model.syn.before }

// Output is the post variable the synapse acts on ("" for none).
func (k *Synapse) Output() string { return k.Model.syn.outTarget }

// Cost is a rough number of nanoseconds per element of one pass over d, for the scheduler.
func (k *Synapse) Cost(d Storage) int {
	if p := k.integ[d]; p != nil {
		return 1 + len(p.code)
	}
	return 1
}

// setParams fills the parameter registers for the block of global elements [lo, end), or, when
// glob is not nil, for the elements glob (global indices; per-element values gathered).
// Parameters per replica are replica rep's; uniform ones are replica 0's everywhere.
func (r *SynapseRun) setParams(p *synProg, f *frame, rep, lo, end int, glob []int32) {
	b := r.bound[p]
	if !p.VectorParams {
		for i, s := range p.parSlot {
			f.sca[s] = r.d.Params[i][rep]
		}
		for i, s := range p.derSlot {
			f.sca[s] = b.derived[i][rep]
		}
		return
	}
	set := func(s int32, col []float64, uniform float64) {
		switch {
		case col == nil:
			f.sca[s] = uniform
		case glob == nil:
			f.vec[s] = col[lo:end]
		default:
			dst := f.vec[s][:len(glob)]
			for j, i := range glob {
				dst[j] = col[i]
			}
		}
	}
	for i, s := range p.parSlot {
		set(s, b.parCols[i], r.d.Params[i][0])
	}
	for i, s := range p.derSlot {
		set(s, b.derCols[i], b.derived[i][0])
	}
}

// runRange runs p over the global elements [lo, hi) of its domain.
func (r *SynapseRun) runRange(p *synProg, t float64, lo, hi int, ring []float64, after func(f *frame, lo, end int)) {
	f := p.frames.Get().(*frame)
	nD := r.size[p.domain]
	for lo < hi {
		end := min(hi, lo+blockSize)
		rep := lo / nD
		if !p.VectorParams {
			end = min(end, (rep+1)*nD)
		}
		n := end - lo
		// A frame set up for this block in an earlier step keeps its registers, parameters and
		// column slices; the delay slot, flags and gathered values change every step.
		same := f.block == (frameBlock{r, lo, end})
		if !same {
			for i := range f.buf {
				f.vec[i] = f.buf[i][:n]
			}
			r.setParams(p, f, rep, lo, end, nil)
		}
		for _, l := range p.loads {
			ref := r.k.cols[l.col]
			if ref.Kind == colRing {
				f.vec[l.reg] = ring[lo:end]
				continue
			}
			F, B, dst := r.d.F[l.col], r.d.B[l.col], f.vec[l.reg]
			switch {
			case ref.Store == p.domain && F != nil:
				if !same {
					f.vec[l.reg] = F[lo:end]
				}
			case ref.Store == p.domain:
				for j := range dst {
					dst[j] = b2f(B[lo+j])
				}
			default: // a synapse pass reading what is kept per pre or post neuron
				var at []int32
				if p.VectorParams {
					at = r.preG
					if ref.Store == PerPost {
						at = r.postG
					}
					at = at[lo:end]
				} else {
					at = r.d.Pre
					if ref.Store == PerPost {
						at = r.d.Post
					}
					a := lo - rep*nD
					at = at[a : a+n]
				}
				off := 0
				if !p.VectorParams {
					off = rep * r.size[ref.Store]
				}
				if F != nil {
					for j, x := range at {
						dst[j] = F[off+int(x)]
					}
				} else {
					for j, x := range at {
						dst[j] = b2f(B[off+int(x)])
					}
				}
			}
		}
		f.block = frameBlock{r, lo, end}
		f.sca[p.tSlot] = t
		exec(f, p.code, n)
		if after != nil {
			after(f, lo, end)
		}
		lo = end
	}
	p.frames.Put(f)
}

// runList runs p over the elements idx of its domain (global indices): loads gathered, stores
// scattered, changes of neuron variables applied element after element. With parameters per
// replica the elements are replica rep's; with per-element parameters (rep < 0) the list may
// span replicas.
func (r *SynapseRun) runList(p *synProg, t float64, rep int, idx []int32, ring []float64) {
	f := p.frames.Get().(*frame)
	nD := r.size[p.domain]
	n := len(idx)
	f.block = frameBlock{} // set up for a list, not a block
	for i := range f.buf {
		f.vec[i] = f.buf[i][:n]
	}
	r.setParams(p, f, rep, 0, 0, idx)
	index := func(store Storage, j int) int {
		i := int(idx[j])
		switch {
		case store == p.domain:
			return i
		case rep < 0 && store == PerPre:
			return int(r.preG[i])
		case rep < 0:
			return int(r.postG[i])
		case store == PerPre:
			return rep*r.d.NPre + int(r.d.Pre[i-rep*nD])
		}
		return rep*r.d.NPost + int(r.d.Post[i-rep*nD])
	}
	for _, l := range p.loads {
		ref := r.k.cols[l.col]
		F, B, dst := r.d.F[l.col], r.d.B[l.col], f.vec[l.reg]
		for j := range dst {
			if F != nil {
				dst[j] = F[index(ref.Store, j)]
			} else {
				dst[j] = b2f(B[index(ref.Store, j)])
			}
		}
	}
	f.sca[p.tSlot] = t
	exec(f, p.code, n)
	for _, s := range p.stores {
		ref := r.k.cols[s.col]
		F, src := r.d.F[s.col], f.vec[s.reg]
		if ref.Kind == colRing {
			F = ring
		}
		for j, x := range src {
			at := index(ref.Store, j)
			switch s.acc {
			case 0:
				F[at] = x
			case 1:
				F[at] = F[at] + x
			default:
				F[at] = F[at] - x
			}
		}
	}
	p.frames.Put(f)
}

// Integrate advances the variables stored per d, elements [lo, hi) of every replica (global
// indices); ring is the delay line's slot of this step (used when the delayed value is computed
// in this pass).
func (r *SynapseRun) Integrate(d Storage, t float64, lo, hi int, ring []float64) {
	r.runRange(r.k.integ[d], t, lo, hi, ring, nil)
}

// Push computes the delayed value of synapses [lo, hi) into ring.
func (r *SynapseRun) Push(t float64, lo, hi int, ring []float64) {
	r.runRange(r.k.push, t, lo, hi, ring, nil)
}

// Events runs on_pre and on_post for replicas [lo, hi): spikes are the pre and post groups'
// flags (all replicas); ring is the delay line's slot of this step, where the synapses the
// events change get their delayed value again.
func (r *SynapseRun) Events(t float64, lo, hi int, preSpike, postSpike []bool, ring []float64) {
	sc := r.scratch.Get().(*eventScratch)
	for si, side := range []Storage{PerPre, PerPost} {
		shared, perSyn := r.k.events[si][0], r.k.events[si][1]
		if shared == nil && perSyn == nil {
			continue
		}
		n, flags, ptr, syn := r.d.NPre, preSpike, r.d.OutPtr, r.d.OutSyn
		if side == PerPost {
			n, flags, ptr, syn = r.d.NPost, postSpike, r.d.InPtr, r.d.InSyn
		}
		// one pass over the flags of all the replicas, then the neurons that fired, replica by
		// replica; a program with per-element parameters takes the lists of several replicas at
		// once (replicas share no element, and each replica's list is cut where it was alone)
		sc.fired = sc.fired[:0]
		forFired(flags[lo*n:hi*n], func(i int) { sc.fired = append(sc.fired, int32(lo*n+i)) })
		if shared != nil {
			b := r.newBatch(shared, t, ring, sc)
			for a := 0; a < len(sc.fired); {
				rep, fired := r.replicaRun(sc.fired, a, n)
				a += len(fired)
				b.add(rep, fired)
			}
			b.flush()
		}
		if perSyn != nil {
			b := r.newBatch(perSyn, t, ring, sc)
			nSyn := r.d.NSyn
			for a := 0; a < len(sc.fired); {
				rep, fired := r.replicaRun(sc.fired, a, n)
				a += len(fired)
				sc.syn = sc.syn[:0]
				for _, q := range fired {
					for _, i := range syn[ptr[int(q)-rep*n]:ptr[int(q)-rep*n+1]] {
						sc.syn = append(sc.syn, int32(rep*nSyn)+i)
					}
				}
				b.add(rep, sc.syn)
			}
			b.flush()
		}
	}
	r.scratch.Put(sc)
}

// replicaRun is the run of fired (global indices, n per replica, in increasing order) from a
// that belongs to one replica, and that replica.
func (r *SynapseRun) replicaRun(fired []int32, a, n int) (int, []int32) {
	rep := int(fired[a]) / n
	b := a
	for b < len(fired) && int(fired[b]) < (rep+1)*n {
		b++
	}
	return rep, fired[a:b]
}

// eventBatch collects the elements of an event program: lists of one replica at a time, run in
// chunks of blockSize from each list's start; a program with per-element parameters packs the
// chunks of several replicas into one run.
type eventBatch struct {
	r    *SynapseRun
	p    *synProg
	t    float64
	ring []float64
	sc   *eventScratch
}

func (r *SynapseRun) newBatch(p *synProg, t float64, ring []float64, sc *eventScratch) eventBatch {
	sc.batch = sc.batch[:0]
	return eventBatch{r: r, p: p, t: t, ring: ring, sc: sc}
}

// add runs (or queues) the elements glob of replica rep (global indices).
func (b *eventBatch) add(rep int, glob []int32) {
	for c := 0; c < len(glob); c += blockSize {
		chunk := glob[c:min(c+blockSize, len(glob))]
		if !b.p.VectorParams { // parameters per replica: one replica per run
			b.r.runList(b.p, b.t, rep, chunk, b.ring)
			continue
		}
		if len(b.sc.batch)+len(chunk) > blockSize {
			b.flush()
		}
		b.sc.batch = append(b.sc.batch, chunk...)
	}
}

func (b *eventBatch) flush() {
	if len(b.sc.batch) > 0 {
		b.r.runList(b.p, b.t, -1, b.sc.batch, b.ring)
		b.sc.batch = b.sc.batch[:0]
	}
}

// Output applies the delayed values pulled (one per synapse, all replicas) to the post
// variable target of post neurons [lo, hi) (global): for each, its incoming synapses in
// increasing order, target op value (times or divided by the factor); "=" sets the sum.
func (r *SynapseRun) Output(t float64, lo, hi int, pulled, target []float64) {
	sp := r.k.Model.syn
	nPost, nSyn := r.d.NPost, r.d.NSyn
	sub := sp.outOp == "-="
	set := sp.outOp == "="
	inPtr, inSyn := r.d.InPtr, r.d.InSyn
	apply := func(factors [][]float64, lo, end int) {
		first := lo
		if r.oneToOne { // synapse q onto post neuron q: the value of post k is pulled[k]
			if len(factors) == 0 && !set { // target op pulled, element by element: in vector lanes
				op := opAdd
				if sub {
					op = opSub
				}
				d, x, y := target[lo:end], target[lo:end], pulled[lo:end]
				if i := binVVVec(op, d, x, y); i > 0 {
					d, x, y = d[i:], x[i:], y[i:]
				}
				binVV(op, d, x, y)
				return
			}
			for k := lo; k < end; k++ {
				v := pulled[k]
				for j, F := range factors {
					if sp.outDiv[j] {
						v = v / F[k-first]
					} else {
						v = v * F[k-first]
					}
				}
				switch {
				case set:
					target[k] = 0 + v
				case sub:
					target[k] = target[k] - v
				default:
					target[k] = target[k] + v
				}
			}
			return
		}
		for lo < end { // replica by replica
			rep := lo / nPost
			stop := min(end, (rep+1)*nPost)
			g := pulled[rep*nSyn : (rep+1)*nSyn]
			base := rep * nPost
			for k := lo; k < stop; k++ {
				q := k - base
				acc := target[k]
				if set {
					acc = 0
				}
				for _, i := range inSyn[inPtr[q]:inPtr[q+1]] {
					v := g[i]
					for j, F := range factors {
						if sp.outDiv[j] {
							v = v / F[k-first]
						} else {
							v = v * F[k-first]
						}
					}
					if sub {
						acc = acc - v
					} else {
						acc = acc + v
					}
				}
				target[k] = acc
			}
			lo = stop
		}
	}
	if r.k.factor == nil {
		apply(nil, lo, hi)
		return
	}
	sc := r.scratch.Get().(*eventScratch)
	r.runRange(r.k.factor, t, lo, hi, nil, func(f *frame, lo, end int) {
		sc.factors = sc.factors[:0]
		for _, reg := range r.k.factor.results {
			sc.factors = append(sc.factors, f.vec[reg])
		}
		apply(sc.factors, lo, end)
	})
	r.scratch.Put(sc)
}
