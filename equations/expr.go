package equations

import (
	"fmt"
	"strconv"
	"strings"
)

// Node is an expression tree node. Pos is the byte offset of the node's first character (for an
// operator, the operator's) in the text it was parsed from.
type Node struct {
	Kind  NodeKind
	Op    string // operator ("+", "**", "<=", "and", "neg", "not") or function name
	Name  string // identifier
	Value float64
	Args  []*Node
	Pos   int
}

// NodeKind says what a node is.
type NodeKind uint8

const (
	NumNode   NodeKind = iota // a literal
	IdentNode                 // a name
	UnaryNode                 // Op "neg" or "not" of Args[0]
	BinNode                   // Args[0] Op Args[1]
	CallNode                  // Op(Args...)
)

type token struct {
	kind byte // 'n' number, 'i' identifier, 'o' operator, 0 end
	text string
	pos  int
	num  float64
}

// lex splits an expression into tokens; offsets are relative to base.
func lex(src string, base int) ([]token, *Error) {
	var out []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case isDigit(c) || (c == '.' && i+1 < len(src) && isDigit(src[i+1])):
			j := i
			for j < len(src) && (isDigit(src[j]) || src[j] == '.') {
				j++
			}
			if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
				k := j + 1
				if k < len(src) && (src[k] == '+' || src[k] == '-') {
					k++
				}
				if k < len(src) && isDigit(src[k]) {
					for k < len(src) && isDigit(src[k]) {
						k++
					}
					j = k
				}
			}
			v, err := strconv.ParseFloat(src[i:j], 64)
			if err != nil {
				return nil, &Error{Offset: base + i, Msg: fmt.Sprintf("bad number %q", src[i:j])}
			}
			out = append(out, token{kind: 'n', text: src[i:j], pos: base + i, num: v})
			i = j
		case isLetter(c):
			j := i
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j])) {
				j++
			}
			out = append(out, token{kind: 'i', text: src[i:j], pos: base + i})
			i = j
		default:
			op := ""
			for _, o := range []string{"**", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "&&", "||"} {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			if op == "" && strings.IndexByte("+-*/()<>,=!;:%", c) >= 0 {
				op = string(c)
			}
			if op == "" {
				return nil, &Error{Offset: base + i, Msg: fmt.Sprintf("unexpected character %q", c)}
			}
			out = append(out, token{kind: 'o', text: op, pos: base + i})
			i += len(op)
		}
	}
	out = append(out, token{pos: base + len(src)})
	return out, nil
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// exprParser is a recursive-descent parser with Python's precedence: or < and < not <
// comparisons < + - < * / % < unary - + < ** (right-associative, binding tighter than a unary
// minus on its left: -x**2 is -(x**2)). Operators of one level group left to right, which is
// the evaluation order the kernels keep.
type exprParser struct {
	toks []token
	i    int
}

func (p *exprParser) peek() token { return p.toks[p.i] }
func (p *exprParser) next() token { t := p.toks[p.i]; p.i++; return t }
func (p *exprParser) isOp(s string) bool {
	t := p.peek()
	return (t.kind == 'o' || t.kind == 'i') && t.text == s
}

func (p *exprParser) fail(t token, format string, args ...any) *Error {
	return &Error{Offset: t.pos, Msg: fmt.Sprintf(format, args...)}
}

// parseExpr parses a whole expression, which must use every token.
func parseExpr(src string, base int) (*Node, *Error) {
	toks, err := lex(src, base)
	if err != nil {
		return nil, err
	}
	p := &exprParser{toks: toks}
	if p.peek().kind == 0 {
		return nil, p.fail(p.peek(), "missing expression")
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != 0 {
		return nil, p.fail(t, "unexpected %q after the expression", t.text)
	}
	return n, nil
}

func (p *exprParser) or() (*Node, *Error) {
	l, err := p.and()
	for err == nil && (p.isOp("or") || p.isOp("||")) {
		t := p.next()
		var r *Node
		if r, err = p.and(); err == nil {
			l = &Node{Kind: BinNode, Op: "or", Args: []*Node{l, r}, Pos: t.pos}
		}
	}
	return l, err
}

func (p *exprParser) and() (*Node, *Error) {
	l, err := p.not()
	for err == nil && (p.isOp("and") || p.isOp("&&")) {
		t := p.next()
		var r *Node
		if r, err = p.not(); err == nil {
			l = &Node{Kind: BinNode, Op: "and", Args: []*Node{l, r}, Pos: t.pos}
		}
	}
	return l, err
}

func (p *exprParser) not() (*Node, *Error) {
	if p.isOp("not") || p.isOp("!") {
		t := p.next()
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return &Node{Kind: UnaryNode, Op: "not", Args: []*Node{x}, Pos: t.pos}, nil
	}
	return p.cmp()
}

func (p *exprParser) cmp() (*Node, *Error) {
	l, err := p.sum()
	if err != nil {
		return nil, err
	}
	for _, op := range []string{"<", "<=", ">", ">=", "==", "!="} {
		if p.isOp(op) {
			t := p.next()
			r, err := p.sum()
			if err != nil {
				return nil, err
			}
			for _, op2 := range []string{"<", "<=", ">", ">=", "==", "!="} {
				if p.isOp(op2) {
					return nil, p.fail(p.peek(), "chained comparisons are not supported; write (a < b) and (b < c)")
				}
			}
			return &Node{Kind: BinNode, Op: op, Args: []*Node{l, r}, Pos: t.pos}, nil
		}
	}
	if p.isOp("=") {
		return nil, p.fail(p.peek(), "'=' in an expression; a comparison is written ==")
	}
	return l, nil
}

func (p *exprParser) sum() (*Node, *Error) {
	l, err := p.product()
	for err == nil && (p.isOp("+") || p.isOp("-")) {
		t := p.next()
		var r *Node
		if r, err = p.product(); err == nil {
			l = &Node{Kind: BinNode, Op: t.text, Args: []*Node{l, r}, Pos: t.pos}
		}
	}
	return l, err
}

func (p *exprParser) product() (*Node, *Error) {
	l, err := p.unary()
	for err == nil && (p.isOp("*") || p.isOp("/") || p.isOp("%")) {
		t := p.next()
		var r *Node
		if r, err = p.unary(); err == nil {
			l = &Node{Kind: BinNode, Op: t.text, Args: []*Node{l, r}, Pos: t.pos}
		}
	}
	return l, err
}

func (p *exprParser) unary() (*Node, *Error) {
	if p.isOp("-") || p.isOp("+") {
		t := p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if t.text == "+" {
			return x, nil
		}
		return &Node{Kind: UnaryNode, Op: "neg", Args: []*Node{x}, Pos: t.pos}, nil
	}
	return p.power()
}

func (p *exprParser) power() (*Node, *Error) {
	base, err := p.atom()
	if err != nil {
		return nil, err
	}
	if p.isOp("**") {
		t := p.next()
		exp, err := p.unary() // right-associative; 2**-1 is allowed
		if err != nil {
			return nil, err
		}
		return &Node{Kind: BinNode, Op: "**", Args: []*Node{base, exp}, Pos: t.pos}, nil
	}
	return base, nil
}

func (p *exprParser) atom() (*Node, *Error) {
	t := p.next()
	switch {
	case t.kind == 'n':
		return &Node{Kind: NumNode, Value: t.num, Pos: t.pos}, nil
	case t.kind == 'i':
		if keyword(t.text) {
			return nil, p.fail(t, "unexpected %q", t.text)
		}
		if p.isOp("(") {
			p.next()
			call := &Node{Kind: CallNode, Op: t.text, Pos: t.pos}
			if !p.isOp(")") {
				for {
					a, err := p.or()
					if err != nil {
						return nil, err
					}
					call.Args = append(call.Args, a)
					if !p.isOp(",") {
						break
					}
					p.next()
				}
			}
			if !p.isOp(")") {
				return nil, p.fail(p.peek(), "expected ')' or ',' in the arguments of %s", t.text)
			}
			p.next()
			return call, nil
		}
		return &Node{Kind: IdentNode, Name: t.text, Pos: t.pos}, nil
	case t.kind == 'o' && t.text == "(":
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.isOp(")") {
			return nil, p.fail(p.peek(), "expected ')'")
		}
		p.next()
		return n, nil
	case t.kind == 0:
		return nil, p.fail(t, "the expression ends too early")
	}
	return nil, p.fail(t, "unexpected %q", t.text)
}

func keyword(s string) bool { return s == "and" || s == "or" || s == "not" }

// String prints the node fully parenthesised, for messages and tests.
func (n *Node) String() string {
	switch n.Kind {
	case NumNode:
		return strconv.FormatFloat(n.Value, 'g', -1, 64)
	case IdentNode:
		return n.Name
	case UnaryNode:
		if n.Op == "neg" {
			return "(-" + n.Args[0].String() + ")"
		}
		return "(not " + n.Args[0].String() + ")"
	case BinNode:
		return "(" + n.Args[0].String() + " " + n.Op + " " + n.Args[1].String() + ")"
	}
	args := make([]string, len(n.Args))
	for i, a := range n.Args {
		args[i] = a.String()
	}
	return n.Op + "(" + strings.Join(args, ", ") + ")"
}
