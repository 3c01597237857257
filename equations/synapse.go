package equations

import (
	"slices"
	"strings"
)

// A synapse model (kind = "synapse") has per-synapse variables, variables shared by the synapses
// of one pre or post neuron (stored once per neuron, as the built-in STP and STDP store theirs),
// differential equations, statements run when the pre or the post neuron fires (on_pre,
// on_post), and an output to the post group whose synapse-side value goes through the
// projection's delay line. Its step (SEMANTICS.md §9, BrainPy's per-synapse loop):
//
//  1. with event_order = "before": the events (2) first;
//  2. every equation advances from the old values — per-synapse ones first, reading shared
//     variables as they were, then those of pre- and post-shared variables;
//  3. on_pre for the pre neurons that fired: the statements on pre-shared variables once per
//     neuron, then the others once per synapse of those neurons, in written order; on_post
//     likewise for the post neurons that fired (the post group's spikes as the synapse sees
//     them: of the previous step when the post group runs after it);
//  4. the value inside delay() is pushed into the delay line, and the value pulled from it is
//     applied to the post neurons, synapse after synapse in increasing order.
//
// Names: X_pre and X_post are variables of the pre and post neuron (V_post, spike_pre,
// t_last_spike_pre); old(X), in on_pre and on_post, is X at the start of the step (STP's u⁻ and
// x⁻).

// Storage says where a synapse variable is kept.
type Storage uint8

const (
	PerSynapse Storage = iota // one value per synapse
	PerPre                    // one value per pre neuron, shared by its synapses
	PerPost                   // one value per post neuron, shared by its synapses
)

// event is one on_pre or on_post statement.
type event struct {
	target int    // variable index; -1 for a pre- or post-side variable (side)
	side   string // X_pre or X_post changed one synapse after another (+= or -=)
	op     string
	expr   *Node
	pos    int // of the target, in the statement's text
}

type synapseParts struct {
	// onPre and onPost: [0] the statements on variables shared by the neuron that fired, run
	// once per neuron; [1] the others, once per synapse.
	onPre, onPost [2][]event
	before        bool
	outTarget     string  // the post variable the output changes (without _post)
	outOp         string  // "+=", "-=" or "="
	outValue      *Node   // the value inside delay()
	outFactors    []*Node // the factors outside delay(), applied left to right
	outDiv        []bool  // per factor: divide instead of multiply
	oldUsed       []bool  // per variable: old(X) appears in an event
}

// refs calls f for every name n reads, through sub-expressions; old is true inside old().
func (m *Model) refs(n *Node, f func(x *Node, old bool)) {
	switch n.Kind {
	case IdentNode:
		if i, ok := m.subIx[n.Name]; ok {
			m.refs(m.subs[i].Expr, f)
			return
		}
		f(n, false)
		return
	case CallNode:
		if n.Op == "old" && len(n.Args) == 1 {
			f(n.Args[0], true)
			return
		}
	}
	for _, a := range n.Args {
		m.refs(a, f)
	}
}

func storageWord(s Storage) string {
	switch s {
	case PerPre:
		return "shared by the pre neuron"
	case PerPost:
		return "shared by the post neuron"
	}
	return "per synapse"
}

// readable reports whether a value kept in domain d may read the name x: a pre-shared value reads
// pre-shared variables and the pre neuron's, a post-shared one likewise; per synapse, anything.
func (m *Model) readable(d Storage, x *Node) (bool, string) {
	if d == PerSynapse {
		return true, ""
	}
	switch m.lookup(x.Name) {
	case symVar:
		if s := m.Vars[m.varIx[x.Name]].Store; s != d {
			return false, x.Name + ", " + storageWord(s)
		}
	case symPreSide:
		if d != PerPre {
			return false, x.Name + ", a variable of the pre neuron"
		}
	case symPostSide:
		if d != PerPost {
			return false, x.Name + ", a variable of the post neuron"
		}
	}
	return true, ""
}

// synapse checks what only synapses have: where each equation may read, the events and the
// output.
func (p *modelParser) synapse() {
	m, d := p.m, p.m.Def
	sp := &synapseParts{oldUsed: make([]bool, len(m.Vars))}
	m.syn = sp
	for i, text := range []string{d.Threshold, d.Reset, d.Refractory} {
		if field := []string{"threshold", "reset", "refractory"}[i]; text != "" {
			p.errf(field, 0, "%s is for neuron models; a synapse acts through on_pre, on_post and output", field)
		}
	}
	switch d.EventOrder {
	case "", "after":
	case "before":
		sp.before = true
	default:
		p.errf("event_order", 0, "event_order is \"after\" (the default) or \"before\", got %q", d.EventOrder)
	}
	for _, v := range m.Vars {
		if v.ODE == nil || v.Store == PerSynapse {
			continue
		}
		m.refs(v.ODE, func(x *Node, _ bool) {
			if ok, what := m.readable(v.Store, x); !ok {
				p.errf("equations", x.Pos, "d%s/dt: %s is %s, one value per neuron, so its equation cannot read %s", v.Name, v.Name, storageWord(v.Store), what)
			}
		})
	}
	sp.onPre = p.events("on_pre", d.OnPre, PerPre)
	sp.onPost = p.events("on_post", d.OnPost, PerPost)
	p.output()
}

// events parses on_pre (side PerPre) or on_post (PerPost).
func (p *modelParser) events(field, text string, side Storage) (out [2][]event) {
	m := p.m
	sideName := map[Storage]string{PerPre: "pre", PerPost: "post"}[side]
	other := map[Storage]Storage{PerPre: PerPost, PerPost: PerPre}[side]
	type stmt struct {
		ev    event
		pos   int
		order int
	}
	var shared, perSyn []stmt
	written := map[string]int{} // side variables this event changes, at their position
	for _, ln := range splitLines(text, true) {
		line := text[ln.start:ln.end]
		toks, err := lex(line, ln.start)
		if err != nil {
			err.Field = field
			p.errs = append(p.errs, err)
			continue
		}
		if len(toks) < 3 || toks[0].kind != 'i' || toks[1].kind != 'o' || !slices.Contains([]string{"=", "+=", "-=", "*=", "/="}, toks[1].text) {
			p.errf(field, ln.start, "expected `variable = expression` (or +=, -=, *=, /=), got %q", line)
			continue
		}
		name, op := toks[0].text, toks[1].text
		n, perr := parseExpr(line[toks[2].pos-ln.start:], toks[2].pos)
		if perr != nil {
			perr.Field = field
			p.errs = append(p.errs, perr)
			continue
		}
		before := len(p.errs)
		p.check(field, n, true)
		if len(p.errs) > before {
			continue
		}
		ev := event{target: -1, op: op, expr: n, pos: toks[0].pos}
		switch m.lookup(name) {
		case symVar:
			j := m.varIx[name]
			ev.target = j
			switch m.Vars[j].Store {
			case side:
				m.refs(n, func(x *Node, _ bool) {
					if ok, what := m.readable(side, x); !ok {
						p.errf(field, x.Pos, "%s is shared by the %s neuron: this statement runs once per %s neuron that fired and cannot read %s", name, sideName, sideName, what)
					}
				})
				shared = append(shared, stmt{ev, toks[0].pos, len(shared) + len(perSyn)})
				continue
			case other:
				p.errf(field, toks[0].pos, "%s is shared by the %s neuron; %s cannot change it (on_%s can)", name, map[Storage]string{PerPre: "pre", PerPost: "post"}[other], field, map[Storage]string{PerPre: "pre", PerPost: "post"}[other])
				continue
			}
		case symPreSide, symPostSide:
			if op != "+=" && op != "-=" {
				p.errf(field, toks[1].pos, "a neuron's variable is changed with += or -= (synapse after synapse), not %s", op)
				continue
			}
			ev.side = name
			if _, seen := written[name]; !seen {
				written[name] = toks[0].pos
			}
		default:
			what := "an unknown name"
			switch m.lookup(name) {
			case symParam:
				what = "a parameter"
			case symSub:
				what = "a sub-expression"
			case symTime, symDt:
				what = "the time"
			}
			p.errf(field, toks[0].pos, "%s is %s, not a variable %s may change%s", name, what, field, didYouMean(name, p.varNames()))
			continue
		}
		perSyn = append(perSyn, stmt{ev, toks[0].pos, len(shared) + len(perSyn)})
	}
	// The shared statements run first: a per-synapse statement must not read a shared variable
	// that a later shared statement changes.
	for _, ps := range perSyn {
		m.refs(ps.ev.expr, func(x *Node, old bool) {
			if old || m.lookup(x.Name) != symVar {
				return
			}
			for _, sh := range shared {
				if sh.order > ps.order && m.Vars[sh.ev.target].Name == x.Name {
					p.errf(field, x.Pos, "%s is changed by a later statement, which runs first (once per %s neuron); move that statement before this one or read old(%s)", x.Name, sideName, x.Name)
				}
			}
		})
	}
	for _, st := range append(append([]stmt{}, shared...), perSyn...) {
		m.refs(st.ev.expr, func(x *Node, old bool) {
			if old {
				m.syn.oldUsed[m.varIx[x.Name]] = true
			}
			if _, w := written[x.Name]; w {
				p.errf(field, x.Pos, "%s reads %s, which %s changes synapse after synapse; use a variable of the synapse", field, x.Name, field)
			}
		})
	}
	for _, s := range shared {
		out[0] = append(out[0], s.ev)
	}
	for _, s := range perSyn {
		out[1] = append(out[1], s.ev)
	}
	return out
}

// output parses "X_post op delay(value)", "X_post op delay(value)*factor" (or factor*delay(value),
// delay(value)/factor), op one of +=, -=, =.
func (p *modelParser) output() {
	m, sp, text := p.m, p.m.syn, p.m.Def.Output
	if strings.TrimSpace(text) == "" {
		return
	}
	const shape = "the output is `X_post += delay(value)` (or -=, =), the delayed value optionally times or divided by factors of the post neuron: `input_post -= delay(g)*(V_post - E)`"
	toks, err := lex(text, 0)
	if err != nil {
		err.Field = "output"
		p.errs = append(p.errs, err)
		return
	}
	if len(toks) < 3 || toks[0].kind != 'i' || toks[1].kind != 'o' || !slices.Contains([]string{"=", "+=", "-="}, toks[1].text) {
		p.errf("output", 0, "%s", shape)
		return
	}
	if m.lookup(toks[0].text) != symPostSide {
		p.errf("output", toks[0].pos, "the output changes a variable of the post neuron, written X_post (input_post), not %s", toks[0].text)
		return
	}
	sp.outTarget, sp.outOp = strings.TrimSuffix(toks[0].text, "_post"), toks[1].text
	n, perr := parseExpr(text[toks[2].pos:], toks[2].pos)
	if perr != nil {
		perr.Field = "output"
		p.errs = append(p.errs, perr)
		return
	}
	isDelay := func(x *Node) bool { return x.Kind == CallNode && x.Op == "delay" && len(x.Args) == 1 }
	// delay(value) op F1 op F2 ... (op * or /, grouped left to right), or F*delay(value)
	x := n
	if x.Kind == BinNode && x.Op == "*" && isDelay(x.Args[1]) && !isDelay(x.Args[0]) {
		sp.outFactors, sp.outDiv = []*Node{x.Args[0]}, []bool{false}
		x = x.Args[1]
	}
	for x.Kind == BinNode && (x.Op == "*" || x.Op == "/") && !isDelay(x) {
		sp.outFactors = append([]*Node{x.Args[1]}, sp.outFactors...)
		sp.outDiv = append([]bool{x.Op == "/"}, sp.outDiv...)
		x = x.Args[0]
	}
	if !isDelay(x) {
		p.errf("output", startPos(n), "%s", shape)
		return
	}
	sp.outValue = x.Args[0]
	before := len(p.errs)
	p.check("output", n, true)
	if len(p.errs) > before {
		return
	}
	walk(sp.outValue, func(x *Node) {
		if x.Kind == CallNode && x.Op == "delay" {
			p.errf("output", x.Pos, "delay() inside delay()")
		}
	})
	for _, f := range sp.outFactors {
		walk(f, func(x *Node) {
			if x.Kind == CallNode && x.Op == "delay" {
				p.errf("output", x.Pos, "%s", shape)
			}
		})
		m.refs(f, func(x *Node, _ bool) {
			if ok, what := m.readable(PerPost, x); !ok {
				p.errf("output", x.Pos, "the factor outside delay() is evaluated per post neuron when the value arrives; it cannot read %s (move it inside delay())", what)
			}
		})
	}
}

// SideRef is a name of a pre- or post-neuron variable that a synapse model reads or changes, with
// where it is written, so that a caller who knows the groups can check it.
type SideRef struct {
	Side   string // "pre" or "post"
	Var    string // the neuron's variable (V for V_post)
	Field  string // equations, on_pre, on_post or output
	Offset int
	Write  bool
	// Fires marks the spike flag that on_pre (on_post) waits for, named by no expression.
	Fires bool
}

// SideRefs lists the pre- and post-neuron variables a synapse model uses.
func (m *Model) SideRefs() []SideRef {
	if m.syn == nil {
		return nil
	}
	var out []SideRef
	add := func(field string, write bool) func(*Node) {
		return func(x *Node) {
			if x.Kind != IdentNode {
				return
			}
			switch m.lookup(x.Name) {
			case symPreSide:
				out = append(out, SideRef{Side: "pre", Var: strings.TrimSuffix(x.Name, "_pre"), Field: field, Offset: x.Pos, Write: write})
			case symPostSide:
				out = append(out, SideRef{Side: "post", Var: strings.TrimSuffix(x.Name, "_post"), Field: field, Offset: x.Pos, Write: write})
			}
		}
	}
	for _, v := range m.Vars {
		if v.ODE != nil {
			walk(v.ODE, add("equations", false))
		}
	}
	for _, s := range m.subs {
		walk(s.Expr, add("equations", false))
	}
	for i, evs := range [][2][]event{m.syn.onPre, m.syn.onPost} {
		field := []string{"on_pre", "on_post"}[i]
		if len(evs[0])+len(evs[1]) > 0 {
			out = append(out, SideRef{Side: []string{"pre", "post"}[i], Var: "spike", Field: field, Fires: true})
		}
		for _, list := range evs {
			for _, ev := range list {
				walk(ev.expr, add(field, false))
				if ev.side != "" {
					add(field, true)(&Node{Kind: IdentNode, Name: ev.side, Pos: ev.pos})
				}
			}
		}
	}
	if m.syn.outValue != nil {
		walk(m.syn.outValue, add("output", false))
		for _, f := range m.syn.outFactors {
			walk(f, add("output", false))
		}
		out = append(out, SideRef{Side: "post", Var: m.syn.outTarget, Field: "output", Write: true})
	}
	return out
}

// IsSynapse reports whether the model is a synapse model.
func (m *Model) IsSynapse() bool { return m.synapse }

// HasOutput reports whether the synapse model acts on its post group.
func (m *Model) HasOutput() bool { return m.syn != nil && m.syn.outValue != nil }
