package equations

import (
	"math"
	"unsafe"
)

// The kernel machine: a program is a list of instructions over two register files, vector
// registers (slices of one block of elements: state columns, per-element parameters, temporaries)
// and scalar registers (parameters of the block's replica, t, literals, and expressions of
// those, computed once per block). Each instruction loops over the whole block, so dispatch costs
// once per block, not once per element, and nothing allocates.

// opcodes
const (
	opAdd uint8 = iota
	opSub
	opMul
	opDiv
	opLt
	opLe
	opGt
	opGe
	opEq
	opNe
	opAnd
	opOr
	opMod
	opPow
	opMin
	opMax
	nBinary
)

const (
	opNeg uint8 = nBinary + iota
	opNot
	opExp
	opLog
	opLog10
	opSqrt
	opAbs
	opSin
	opCos
	opTan
	opTanh
	opSinh
	opCosh
	opFloor
	opCeil
	opSign
	opWhere // d = a != 0 ? b : c (vectors)
	opBcast // d = scalar a (vector d)
	opCopy  // d = a (vectors)
	// Fused instructions for the shapes every model has; each keeps the unfused rounding.
	opFused // two arithmetic operations in one pass, each rounded (fused.go)
	// Stores of a variable's new state into its column d, from the increment b; k is the store
	// mode and a its register (storePlain ... storeCopyNew).
	opStoreEuler // d = d + float64(b*c), c the scalar dt
	opStoreAdd   // d = b + d
	opStoreFused // d from a op b folded in (storeFused; sel says which and the mode), c the scalar dt, e the mode's register
	opSinceLe    // d = (c - a) <= b: the refractory test (t - t_last_spike) <= t_ref (k: kVS b scalar, kVV b vector; c scalar)
)

var unaryOps = map[string]uint8{
	"neg": opNeg, "not": opNot, "exp": opExp, "log": opLog, "log10": opLog10, "sqrt": opSqrt, "abs": opAbs,
	"sin": opSin, "cos": opCos, "tan": opTan, "tanh": opTanh, "sinh": opSinh, "cosh": opCosh,
	"floor": opFloor, "ceil": opCeil, "sign": opSign,
}

var binaryOps = map[string]uint8{
	"+": opAdd, "-": opSub, "*": opMul, "/": opDiv, "<": opLt, "<=": opLe, ">": opGt, ">=": opGe,
	"==": opEq, "!=": opNe, "and": opAnd, "or": opOr, "%": opMod, "**": opPow, "pow": opPow,
	"min": opMin, "max": opMax,
}

// Operand kinds of an instruction: vector-vector, vector-scalar, scalar-vector, scalar-scalar.
const (
	kVV uint8 = iota
	kVS
	kSV
	kSS
)

type instr struct {
	op, k         uint8
	sel           uint16 // opFused, opStoreFused: which fused loop (fusedSel, storeSel)
	d, a, b, c, e int32
	ts, rs        int32 // stores in mode storeHoldSince: the scalar registers of t and the refractory period
}

// fusedSel numbers the fused loops of fused.go: d = (a op1 b) op2 c (form 0) or
// d = c op2 (a op1 b) (form 1), op1 and op2 among + - * /, k1 the kinds of a and b (kVV, kVS,
// kSV), kc 1 when c is a scalar.
func fusedSel(op1, op2, k1, kc, form int) int { return (((op1*4+op2)*3+k1)*2+kc)*2 + form }

// Store modes: what a store does besides d's new value, with the register e (fused) or a.
const (
	storePlain     uint8 = iota
	storeHold            // elements where e is non-zero keep their value (the refractory hold)
	storeSaveOld         // e gets d's value from before the store (old(X) of the events)
	storeCopyNew         // e gets d's new value too (the delay line's slot)
	storeHoldSince       // elements where (t - e) <= ref keep their value: the hold, e the last spike times
	nStoreModes
)

// storeSel numbers the stores of fused.go that fold the increment's last operation a op b (op
// among + - * /, k the kinds of a and b): form 0 is Euler's d += (a op b)*dt, form 1 exponential
// Euler's d = (a op b) + d; mode a store mode.
func storeSel(op, k int, mode uint8, form int) int {
	return ((op*3+k)*int(nStoreModes)+int(mode))*2 + form
}

// storeMode is the mode of a store instruction.
func (in instr) storeMode() uint8 {
	if in.op == opStoreFused {
		return uint8(in.sel / 2 % uint16(nStoreModes))
	}
	return in.k
}

//go:generate go run ./internal/genfused

// frame is one worker's registers.
type frame struct {
	vec   [][]float64
	sca   []float64
	buf   [][]float64 // backing storage of the temporaries, blockSize each
	block frameBlock  // what the registers were last set up for (Step, runRange), or zero
	fired []int32     // the neuron step's list of the block's spikes (reused)
	saved [][]float64 // vec while the reset runs on part of the block
}

// frameBlock is a kernel bound to its data (owner) and a block of its elements.
type frameBlock struct {
	owner   any
	lo, end int
}

// b2f is 1 for true and 0 for false, without a branch (a Go bool is one byte, 0 or 1).
func b2f(b bool) float64 { return float64(*(*uint8)(unsafe.Pointer(&b))) }

// scalarBinary is the arithmetic of every binary op, shared by scalar instructions and the rare
// vector ops that have no loop of their own, so both give the same bits.
func scalarBinary(op uint8, x, y float64) float64 {
	switch op {
	case opAdd:
		return x + y
	case opSub:
		return x - y
	case opMul:
		return x * y
	case opDiv:
		return x / y
	case opLt:
		return b2f(x < y)
	case opLe:
		return b2f(x <= y)
	case opGt:
		return b2f(x > y)
	case opGe:
		return b2f(x >= y)
	case opEq:
		return b2f(x == y)
	case opNe:
		return b2f(x != y)
	case opAnd:
		return b2f(x != 0 && y != 0)
	case opOr:
		return b2f(x != 0 || y != 0)
	case opMod: // Python's %: the sign of the divisor
		r := math.Mod(x, y)
		if r != 0 && (r < 0) != (y < 0) {
			r += y
		}
		return r
	case opPow:
		return math.Pow(x, y)
	case opMin: // numpy.minimum: NaN propagates
		if math.IsNaN(x) || math.IsNaN(y) {
			return math.NaN()
		}
		return math.Min(x, y)
	case opMax:
		if math.IsNaN(x) || math.IsNaN(y) {
			return math.NaN()
		}
		return math.Max(x, y)
	}
	panic("equations: bad binary op")
}

func scalarUnary(op uint8, x float64) float64 {
	switch op {
	case opNeg:
		return -x
	case opNot:
		return b2f(x == 0)
	case opExp:
		return math.Exp(x)
	case opLog:
		return math.Log(x)
	case opLog10:
		return math.Log10(x)
	case opSqrt:
		return math.Sqrt(x)
	case opAbs:
		return math.Abs(x)
	case opSin:
		return math.Sin(x)
	case opCos:
		return math.Cos(x)
	case opTan:
		return math.Tan(x)
	case opTanh:
		return math.Tanh(x)
	case opSinh:
		return math.Sinh(x)
	case opCosh:
		return math.Cosh(x)
	case opFloor:
		return math.Floor(x)
	case opCeil:
		return math.Ceil(x)
	case opSign:
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return x // ±0 and NaN, as numpy.sign
	}
	panic("equations: bad unary op")
}

// exec runs code over the current block of n elements. Each vector instruction runs its vector
// part (simd_amd64.go; none in a portable build) over the leading elements and its portable loop
// over the rest, if any (a call and a switch saved per instruction when nothing is left).
func exec(f *frame, code []instr, n int) {
	for _, in := range code {
		if in.op < nBinary {
			switch in.k {
			case kSS:
				f.sca[in.d] = scalarBinary(in.op, f.sca[in.a], f.sca[in.b])
			case kVV:
				d, x, y := f.vec[in.d][:n], f.vec[in.a][:n], f.vec[in.b][:n]
				if i := binVVVec(in.op, d, x, y); i > 0 {
					d, x, y = d[i:], x[i:], y[i:]
				}
				if len(d) > 0 {
					binVV(in.op, d, x, y)
				}
			case kVS:
				d, x, y := f.vec[in.d][:n], f.vec[in.a][:n], f.sca[in.b]
				if i := binVSVec(in.op, d, x, y); i > 0 {
					d, x = d[i:], x[i:]
				}
				if len(d) > 0 {
					binVS(in.op, d, x, y)
				}
			default:
				d, x, y := f.vec[in.d][:n], f.sca[in.a], f.vec[in.b][:n]
				if i := binSVVec(in.op, d, x, y); i > 0 {
					d, y = d[i:], y[i:]
				}
				if len(d) > 0 {
					binSV(in.op, d, x, y)
				}
			}
			continue
		}
		switch in.op { // a jump table, not a chain of comparisons
		case opWhere:
			d, c, x, y := f.vec[in.d][:n], f.vec[in.a][:n], f.vec[in.b][:n], f.vec[in.c][:n]
			if i := whereVec(d, c, x, y); i > 0 {
				d, c, x, y = d[i:], c[i:], x[i:], y[i:]
			}
			if len(d) > 0 {
				where(d, c, x, y)
			}
		case opBcast:
			d, x := f.vec[in.d][:n], f.sca[in.a]
			d = d[bcastVec(d, x):]
			for i := range d {
				d[i] = x
			}
		case opCopy:
			copy(f.vec[in.d][:n], f.vec[in.a][:n])
		case opFused:
			sel := int(in.sel)
			k1, kc := uint8(sel/4%3), sel/2%2
			var av, bv, cv []float64
			var as, bs, cs float64
			if k1 == kSV {
				as = f.sca[in.a]
			} else {
				av = f.vec[in.a][:n]
			}
			if k1 == kVS {
				bs = f.sca[in.b]
			} else {
				bv = f.vec[in.b][:n]
			}
			if kc == 1 {
				cs = f.sca[in.c]
			} else {
				cv = f.vec[in.c][:n]
			}
			d := f.vec[in.d][:n]
			if i := fusedVec(sel, d, av, bv, cv, as, bs, cs); i > 0 {
				d, av, bv, cv = d[i:], from(av, i), from(bv, i), from(cv, i)
			}
			if len(d) > 0 {
				fused(sel, d, av, bv, cv, as, bs, cs)
			}
		case opStoreEuler, opStoreAdd:
			d, inc, dt := f.vec[in.d][:n], f.vec[in.b][:n], f.sca[in.c]
			var e []float64
			if in.k != storePlain {
				e = f.vec[in.a][:n]
			}
			vec, loop := storeEulerVec, storeEuler
			if in.op == opStoreAdd {
				vec, loop = storeAddVec, storeAdd
			}
			t, ref := f.sca[in.ts], f.sca[in.rs]
			if i := vec(d, inc, e, in.k, dt, t, ref); i > 0 {
				d, inc, e = d[i:], inc[i:], from(e, i)
			}
			if len(d) > 0 {
				loop(d, inc, e, in.k, dt, t, ref)
			}
		case opStoreFused:
			sel := int(in.sel)
			k := uint8(sel / (2 * int(nStoreModes)) % 3)
			var av, bv []float64
			var as, bs float64
			if k == kSV {
				as = f.sca[in.a]
			} else {
				av = f.vec[in.a][:n]
			}
			if k == kVS {
				bs = f.sca[in.b]
			} else {
				bv = f.vec[in.b][:n]
			}
			d, e := f.vec[in.d][:n], f.vec[in.e][:n]
			dt, t, ref := f.sca[in.c], f.sca[in.ts], f.sca[in.rs]
			if i := storeFusedVec(sel, d, e, av, bv, as, bs, dt, t, ref); i > 0 {
				d, e, av, bv = d[i:], e[i:], from(av, i), from(bv, i)
			}
			if len(d) > 0 {
				storeFused(sel, d, e, av, bv, as, bs, dt, t, ref)
			}
		case opSinceLe:
			d, last, t := f.vec[in.d][:n], f.vec[in.a][:n], f.sca[in.c]
			var refV []float64
			var ref float64
			if in.k == kVS {
				ref = f.sca[in.b]
			} else {
				refV = f.vec[in.b][:n]
			}
			if i := sinceLeVec(d, last, refV, t, ref); i > 0 {
				d, last, refV = d[i:], last[i:], from(refV, i)
			}
			if len(d) > 0 {
				sinceLe(d, last, refV, t, ref)
			}
		default:
			if in.k == kSS {
				f.sca[in.d] = scalarUnary(in.op, f.sca[in.a])
			} else {
				unaryV(in.op, f.vec[in.d][:n], f.vec[in.a][:n])
			}
		}
	}
}

// from is s[i:], or nil for nil (an operand that is a scalar).
func from(s []float64, i int) []float64 {
	if s == nil {
		return nil
	}
	return s[i:]
}

// where is opWhere: d = c != 0 ? x : y.
func where(d, c, x, y []float64) {
	c, x, y = c[:len(d)], x[:len(d)], y[:len(d)]
	for i := range d {
		if c[i] != 0 {
			d[i] = x[i]
		} else {
			d[i] = y[i]
		}
	}
}

// sinceLe is opSinceLe: d = (t - last) <= ref, ref the scalar ref when refV is nil.
func sinceLe(d, last, refV []float64, t, ref float64) {
	last = last[:len(d)]
	if refV == nil {
		for i := range d {
			d[i] = b2f(float64(t-last[i]) <= ref)
		}
		return
	}
	refV = refV[:len(d)]
	for i := range d {
		d[i] = b2f(float64(t-last[i]) <= refV[i])
	}
}

func binVV(op uint8, d, x, y []float64) {
	x, y = x[:len(d)], y[:len(d)]
	switch op {
	case opAdd:
		for i := range d {
			d[i] = x[i] + y[i]
		}
	case opSub:
		for i := range d {
			d[i] = x[i] - y[i]
		}
	case opMul:
		for i := range d {
			d[i] = x[i] * y[i]
		}
	case opDiv:
		for i := range d {
			d[i] = x[i] / y[i]
		}
	case opGe:
		for i := range d {
			d[i] = b2f(x[i] >= y[i])
		}
	case opLe:
		for i := range d {
			d[i] = b2f(x[i] <= y[i])
		}
	default:
		for i := range d {
			d[i] = scalarBinary(op, x[i], y[i])
		}
	}
}

func binVS(op uint8, d, x []float64, y float64) {
	x = x[:len(d)]
	switch op {
	case opAdd:
		for i := range d {
			d[i] = x[i] + y
		}
	case opSub:
		for i := range d {
			d[i] = x[i] - y
		}
	case opMul:
		for i := range d {
			d[i] = x[i] * y
		}
	case opDiv:
		for i := range d {
			d[i] = x[i] / y
		}
	case opGe:
		for i := range d {
			d[i] = b2f(x[i] >= y)
		}
	case opLe:
		for i := range d {
			d[i] = b2f(x[i] <= y)
		}
	case opGt:
		for i := range d {
			d[i] = b2f(x[i] > y)
		}
	case opLt:
		for i := range d {
			d[i] = b2f(x[i] < y)
		}
	default:
		for i := range d {
			d[i] = scalarBinary(op, x[i], y)
		}
	}
}

func binSV(op uint8, d []float64, x float64, y []float64) {
	y = y[:len(d)]
	switch op {
	case opAdd:
		for i := range d {
			d[i] = x + y[i]
		}
	case opSub:
		for i := range d {
			d[i] = x - y[i]
		}
	case opMul:
		for i := range d {
			d[i] = x * y[i]
		}
	case opDiv:
		for i := range d {
			d[i] = x / y[i]
		}
	default:
		for i := range d {
			d[i] = scalarBinary(op, x, y[i])
		}
	}
}

func unaryV(op uint8, d, x []float64) {
	x = x[:len(d)]
	switch op {
	case opNeg:
		for i := range d {
			d[i] = -x[i]
		}
	case opExp:
		for i := range d {
			d[i] = math.Exp(x[i])
		}
	default:
		for i := range d {
			d[i] = scalarUnary(op, x[i])
		}
	}
}
