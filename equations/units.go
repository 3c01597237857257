package equations

import (
	"fmt"
	"math"
	"strings"
)

// Units: where a model gives them, dimensions are checked (sums, comparisons and assignments of
// like quantities, dimensionless arguments of exp and log, dX/dt in the unit of X per time).
// Scale is not checked — pA and nA are both currents; the model's numbers must agree with each
// other. A quantity without a unit (a bare number, a parameter given without one) matches
// anything, so a model without units is never refused.

// dim is a dimension: exponents of metre, kilogram, second, ampere.
type dim [4]int8

var (
	dimless = dim{}
	dimTime = dim{0, 0, 1, 0}
	dimVolt = dim{2, 1, -3, -1}
	dimAmp  = dim{0, 0, 0, 1}
	dimSie  = dim{-2, -1, 3, 2}
	dimFar  = dim{-2, -1, 4, 2}
	dimOhm  = dim{2, 1, -3, -2}
	dimM    = dim{1, 0, 0, 0}
	dimHz   = dim{0, 0, -1, 0}
)

var unitDims = map[string]dim{"1": dimless}

func init() {
	for _, g := range []struct {
		d     dim
		names string
	}{
		{dimTime, "second s ms msecond us usecond ns nsecond minute hour"},
		{dimHz, "Hz hertz kHz kilohertz"},
		{dimVolt, "volt V mV mvolt uV uvolt"},
		{dimAmp, "amp ampere A mA mamp uA uamp nA namp pA pamp"},
		{dimSie, "siemens S mS msiemens uS usiemens nS nsiemens pS psiemens"},
		{dimFar, "farad F mF mfarad uF ufarad nF nfarad pF pfarad"},
		{dimOhm, "ohm Mohm Gohm kohm"},
		{dimM, "metre meter m cm mm um umetre umeter"},
	} {
		for _, n := range strings.Fields(g.names) {
			unitDims[n] = g.d
		}
	}
}

func (d dim) add(e dim) (r dim) {
	for i := range d {
		r[i] = d[i] + e[i]
	}
	return r
}

func (d dim) scale(k int8) (r dim) {
	for i := range d {
		r[i] = d[i] * k
	}
	return r
}

func (d dim) String() string {
	for _, n := range []string{"1", "second", "volt", "amp", "siemens", "farad", "ohm", "metre", "Hz"} {
		if unitDims[n] == d {
			return n
		}
	}
	// a named unit times a power of time (volt/second, volt/second**2, siemens*second)
	for _, n := range []string{"volt", "amp", "siemens", "farad", "ohm", "metre", "1"} {
		for k := int8(-3); k <= 3; k++ {
			if k == 0 || unitDims[n].add(dimTime.scale(k)) != d {
				continue
			}
			pow := ""
			if k < -1 || k > 1 {
				pow = fmt.Sprintf("**%d", max(k, -k))
			}
			switch {
			case k < 0:
				return n + "/second" + pow
			case n == "1":
				return "second" + pow
			}
			return n + "*second" + pow
		}
	}
	var parts []string
	for i, b := range []string{"m", "kg", "s", "A"} {
		if d[i] != 0 {
			parts = append(parts, fmt.Sprintf("%s^%d", b, d[i]))
		}
	}
	return strings.Join(parts, " ")
}

// parseUnit reads a unit such as "mV", "nS/cm**2", "1/ms"; ok is false for an empty unit
// (unknown), err names a unit it does not know.
func parseUnit(u string) (d dim, ok bool, err error) {
	u = strings.TrimSpace(u)
	if u == "" {
		return dim{}, false, nil
	}
	n, perr := parseExpr(u, 0)
	if perr != nil {
		return dim{}, false, fmt.Errorf("cannot read unit %q: %s", u, perr.Msg)
	}
	var eval func(n *Node) (dim, error)
	eval = func(n *Node) (dim, error) {
		switch {
		case n.Kind == NumNode && n.Value == 1:
			return dimless, nil
		case n.Kind == IdentNode:
			if d, ok := unitDims[n.Name]; ok {
				return d, nil
			}
			return dim{}, fmt.Errorf("unknown unit %q in %q%s", n.Name, u, didYouMean(n.Name, sortedKeys(unitDims)))
		case n.Kind == BinNode && (n.Op == "*" || n.Op == "/"):
			a, err := eval(n.Args[0])
			if err != nil {
				return a, err
			}
			b, err := eval(n.Args[1])
			if n.Op == "/" {
				b = b.scale(-1)
			}
			return a.add(b), err
		case n.Kind == BinNode && n.Op == "**" && n.Args[1].Kind == NumNode && n.Args[1].Value == math.Trunc(n.Args[1].Value):
			a, err := eval(n.Args[0])
			return a.scale(int8(n.Args[1].Value)), err
		}
		return dim{}, fmt.Errorf("cannot read unit %q", u)
	}
	d, err = eval(n)
	return d, err == nil, err
}

// quantity is a dimension, or unknown (a bare number, a name without a unit).
type quantity struct {
	d     dim
	known bool
}

// checkUnits checks the dimensions of every statement whose quantities have units.
func (p *modelParser) checkUnits() {
	m := p.m
	units := map[string]quantity{"t": {dimTime, true}, "dt": {dimTime, true}}
	for name := range unitConstants {
		if d, ok := unitDims[name]; ok {
			units[name] = quantity{d, true}
		}
	}
	units["pi"] = quantity{dimless, true}
	declare := func(name, unit, field string) {
		d, ok, err := parseUnit(unit)
		if err != nil {
			p.errf(field, 0, "%v", err)
			return
		}
		units[name] = quantity{d, ok}
	}
	for _, pr := range m.Params {
		declare(pr.Name, pr.Unit, "params."+pr.Name)
	}
	for _, v := range m.Vars {
		if v.Implicit {
			units[v.Name] = quantity{}
			if v.Name == TLastSpikeVar {
				units[v.Name] = quantity{dimTime, true}
			}
			continue
		}
		declare(v.Name, v.Unit, "vars."+v.Name)
	}
	if len(p.errs) > 0 {
		return
	}
	for _, v := range m.Vars {
		if v.annot == "" || v.annot == v.Unit {
			continue
		}
		if d, ok, err := parseUnit(v.annot); err != nil {
			p.errf("equations", v.eqPos, "%v", err)
		} else if u := units[v.Name]; ok && u.known && d != u.d {
			p.errf("equations", v.eqPos, "d%s/dt is annotated %s, but %s is declared in %s", v.Name, v.annot, v.Name, v.Unit)
		}
	}
	for _, s := range m.subs { // in dependency order
		q := p.dims("equations", s.Expr, units)
		if s.Unit != "" {
			d, ok, err := parseUnit(s.Unit)
			if err != nil {
				p.errf("equations", s.Expr.Pos, "%v", err)
				continue
			}
			if ok && q.known && d != q.d {
				p.errf("equations", startPos(s.Expr), "%s is declared in %s but its expression is in %s", s.Name, d, q.d)
			}
			if ok {
				q = quantity{d, true}
			}
		}
		units[s.Name] = q
	}
	for _, v := range m.Vars {
		if v.ODE == nil {
			continue
		}
		q := p.dims("equations", v.ODE, units)
		if u := units[v.Name]; u.known && q.known && q.d != u.d.add(dimTime.scale(-1)) {
			p.errf("equations", startPos(v.ODE), "d%s/dt must be in %s (the unit of %s per time), but the right-hand side is in %s",
				v.Name, u.d.add(dimTime.scale(-1)), v.Name, q.d)
		}
	}
	if m.threshold != nil {
		p.dims("threshold", m.threshold, units)
	}
	if sp := m.syn; sp != nil {
		for i, evs := range [][2][]event{sp.onPre, sp.onPost} {
			field := []string{"on_pre", "on_post"}[i]
			for _, list := range evs {
				for _, ev := range list {
					q := p.dims(field, ev.expr, units)
					if ev.target < 0 {
						continue
					}
					u := units[m.Vars[ev.target].Name]
					if (ev.op == "=" || ev.op == "+=" || ev.op == "-=") && u.known && q.known && u.d != q.d {
						p.errf(field, startPos(ev.expr), "%s is in %s, the value assigned in %s", m.Vars[ev.target].Name, u.d, q.d)
					}
				}
			}
		}
		if sp.outValue != nil {
			p.dims("output", sp.outValue, units)
			for _, f := range sp.outFactors {
				p.dims("output", f, units)
			}
		}
	}
	for _, st := range m.reset {
		q := p.dims("reset", st.Expr, units)
		u := units[m.Vars[st.Var].Name]
		if (st.Op == "=" || st.Op == "+=" || st.Op == "-=") && u.known && q.known && u.d != q.d {
			p.errf("reset", startPos(st.Expr), "%s is in %s, the value assigned in %s", m.Vars[st.Var].Name, u.d, q.d)
		}
	}
	if m.refractory != nil {
		if q := p.dims("refractory", m.refractory, units); q.known && q.d != dimTime {
			p.errf("refractory", startPos(m.refractory), "the refractory period must be a time, got %s", q.d)
		}
	}
}

// dims is the dimension of n, reporting mismatches inside it.
func (p *modelParser) dims(field string, n *Node, units map[string]quantity) quantity {
	same := func(a, b quantity, at *Node, what string) quantity {
		if a.known && b.known && a.d != b.d {
			p.errf(field, at.Pos, "%s %s and %s", what, a.d, b.d)
			return quantity{}
		}
		if a.known {
			return a
		}
		return b
	}
	dimensionless := func(a quantity, at *Node, what string) {
		if a.known && a.d != dimless {
			p.errf(field, at.Pos, "%s needs a dimensionless argument, got %s", what, a.d)
		}
	}
	switch n.Kind {
	case NumNode:
		return quantity{}
	case IdentNode:
		return units[n.Name]
	case UnaryNode:
		a := p.dims(field, n.Args[0], units)
		if n.Op == "not" {
			return quantity{dimless, true}
		}
		return a
	case BinNode:
		a := p.dims(field, n.Args[0], units)
		b := p.dims(field, n.Args[1], units)
		switch n.Op {
		case "+", "-", "%", "min", "max":
			return same(a, b, n, "adding or subtracting")
		case "<", "<=", ">", ">=", "==", "!=":
			same(a, b, n, "comparing")
			return quantity{dimless, true}
		case "and", "or":
			return quantity{dimless, true}
		case "*":
			if a.known && b.known {
				return quantity{a.d.add(b.d), true}
			}
		case "/":
			if a.known && b.known {
				return quantity{a.d.add(b.d.scale(-1)), true}
			}
		case "**":
			dimensionless(b, n, "an exponent")
			if a.known && n.Args[1].Kind == NumNode && n.Args[1].Value == math.Trunc(n.Args[1].Value) && math.Abs(n.Args[1].Value) < 8 {
				return quantity{a.d.scale(int8(n.Args[1].Value)), true}
			}
		}
		return quantity{}
	}
	args := make([]quantity, len(n.Args))
	for i, a := range n.Args {
		args[i] = p.dims(field, a, units)
	}
	switch n.Op {
	case "where", "ifelse":
		return same(args[1], args[2], n, "the two branches of "+n.Op+" are in")
	case "clip":
		return same(same(args[0], args[1], n, "clip bounds and value in"), args[2], n, "clip bounds and value in")
	case "min", "max":
		return same(args[0], args[1], n, n.Op+" of")
	case "pow":
		dimensionless(args[1], n, "an exponent")
		return quantity{}
	case "abs", "floor", "ceil", "old", "delay":
		return args[0]
	case "sign":
		return quantity{dimless, true}
	case "sqrt":
		d := args[0].d
		if args[0].known && d[0]%2 == 0 && d[1]%2 == 0 && d[2]%2 == 0 && d[3]%2 == 0 {
			return quantity{dim{d[0] / 2, d[1] / 2, d[2] / 2, d[3] / 2}, true}
		}
		return quantity{}
	}
	dimensionless(args[0], n, n.Op)
	return quantity{dimless, true}
}
