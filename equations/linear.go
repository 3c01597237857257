package equations

// linear writes n as A*x + B with A and B free of x, sub-expressions substituted. A nil A or B
// stands for zero. bad is the first node that makes n non-linear in x.
func (m *Model) linear(n *Node, x string) (a, b, bad *Node) {
	if !m.uses(n, x) {
		return nil, n, nil
	}
	switch n.Kind {
	case IdentNode:
		if n.Name == x {
			return num(1, n.Pos), nil, nil
		}
		// a sub-expression that uses x
		return m.linear(m.subs[m.subIx[n.Name]].Expr, x)
	case UnaryNode:
		if n.Op != "neg" {
			return nil, nil, n
		}
		a, b, bad = m.linear(n.Args[0], x)
		return neg(a), neg(b), bad
	case BinNode:
		l, r := n.Args[0], n.Args[1]
		switch n.Op {
		case "+", "-":
			la, lb, bad := m.linear(l, x)
			if bad != nil {
				return nil, nil, bad
			}
			ra, rb, bad := m.linear(r, x)
			if bad != nil {
				return nil, nil, bad
			}
			if n.Op == "+" {
				return add(la, ra, n.Pos), add(lb, rb, n.Pos), nil
			}
			return sub(la, ra, n.Pos), sub(lb, rb, n.Pos), nil
		case "*":
			if !m.uses(l, x) {
				ra, rb, bad := m.linear(r, x)
				return mul(l, ra, n.Pos), mul(l, rb, n.Pos), bad
			}
			if !m.uses(r, x) {
				la, lb, bad := m.linear(l, x)
				return mul(la, r, n.Pos), mul(lb, r, n.Pos), bad
			}
			return nil, nil, n
		case "/":
			if m.uses(r, x) {
				return nil, nil, n
			}
			la, lb, bad := m.linear(l, x)
			return div(la, r, n.Pos), div(lb, r, n.Pos), bad
		}
	}
	return nil, nil, n
}

// uses reports whether n depends on x, through sub-expressions too.
func (m *Model) uses(n *Node, x string) bool {
	found := false
	walk(n, func(c *Node) {
		if found || c.Kind != IdentNode {
			return
		}
		if c.Name == x {
			found = true
		} else if i, ok := m.subIx[c.Name]; ok && m.uses(m.subs[i].Expr, x) {
			found = true
		}
	})
	return found
}

func num(v float64, pos int) *Node { return &Node{Kind: NumNode, Value: v, Pos: pos} }

func isNum(n *Node, v float64) bool { return n != nil && n.Kind == NumNode && n.Value == v }

func neg(a *Node) *Node {
	switch {
	case a == nil:
		return nil
	case a.Kind == NumNode:
		return num(-a.Value, a.Pos)
	}
	return &Node{Kind: UnaryNode, Op: "neg", Args: []*Node{a}, Pos: a.Pos}
}

func add(a, b *Node, pos int) *Node {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &Node{Kind: BinNode, Op: "+", Args: []*Node{a, b}, Pos: pos}
}

func sub(a, b *Node, pos int) *Node {
	switch {
	case b == nil:
		return a
	case a == nil:
		return neg(b)
	}
	return &Node{Kind: BinNode, Op: "-", Args: []*Node{a, b}, Pos: pos}
}

func mul(a, b *Node, pos int) *Node {
	switch {
	case a == nil || b == nil:
		return nil
	case isNum(a, 1):
		return b
	case isNum(b, 1):
		return a
	}
	return &Node{Kind: BinNode, Op: "*", Args: []*Node{a, b}, Pos: pos}
}

func div(a, b *Node, pos int) *Node {
	if a == nil {
		return nil
	}
	return &Node{Kind: BinNode, Op: "/", Args: []*Node{a, b}, Pos: pos}
}

// timesDt is the product A*dt as sympy prints it in BrainPy's exponential Euler: the product is
// expanded over sums, and dt joins the leftmost factor of each term, a literal absorbing it, so
// (-1)/tau becomes (-0.1)/tau and (-TT)*alpha - beta becomes ((-0.1)*TT)*alpha - 0.1*beta
// (SEMANTICS.md §6.4).
func timesDt(a *Node, dt float64) *Node {
	switch {
	case a.Kind == NumNode:
		return num(a.Value*dt, a.Pos)
	case a.Kind == UnaryNode && a.Op == "neg":
		return timesDt(a.Args[0], -dt)
	case a.Kind == BinNode && (a.Op == "+" || a.Op == "-"):
		return &Node{Kind: BinNode, Op: a.Op, Args: []*Node{timesDt(a.Args[0], dt), timesDt(a.Args[1], dt)}, Pos: a.Pos}
	case a.Kind == BinNode && (a.Op == "/" || a.Op == "*"):
		return &Node{Kind: BinNode, Op: a.Op, Args: []*Node{timesDt(a.Args[0], dt), a.Args[1]}, Pos: a.Pos}
	}
	return &Node{Kind: BinNode, Op: "*", Args: []*Node{num(dt, a.Pos), a}, Pos: a.Pos}
}
