package equations

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// specials are the values where vector and scalar arithmetic could part: NaNs (Go's and the
// x86 default NaN, which has the sign bit set), infinities, signed zeros, subnormals, and values
// equal to each other so that comparisons meet equality.
var specials = []float64{
	math.NaN(), math.Float64frombits(0xFFF8000000000000), math.Inf(1), math.Inf(-1),
	0, math.Copysign(0, -1), 5e-324, -5e-324, 2.2250738585072e-308, -1e-310,
	1, -1, 2.5, 1e308, -1e308, math.MaxFloat64, math.SmallestNonzeroFloat64,
}

func randValue(r *rand.Rand) float64 {
	if r.IntN(3) == 0 {
		return specials[r.IntN(len(specials))]
	}
	return r.NormFloat64() * math.Pow(10, float64(r.IntN(12)-6))
}

// randHold is a refractory register's value: mostly 0 (-0 too) or 1, sometimes anything.
func randHold(r *rand.Rand) float64 {
	switch r.IntN(4) {
	case 0:
		return 1
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return randValue(r)
	}
	return 0
}

func randColumn(r *rand.Rand, n int, value func(*rand.Rand) float64) []float64 {
	c := make([]float64, n)
	for i := range c {
		c[i] = value(r)
	}
	return c
}

// simdInstructions is every vector instruction the VM has a vector part for, in every operand
// kind and fused form, plus the binary ops without one (their vector part must leave them to the
// portable loop). Registers: vectors 0 (d), 1, 2, 3, 4; scalars 1, 2, 3.
func simdInstructions() []instr {
	var code []instr
	for op := range nBinary {
		for _, k := range []uint8{kVV, kVS, kSV} {
			code = append(code, instr{op: op, k: k, d: 0, a: 1, b: 2})
		}
	}
	for sel := range 4 * 4 * 3 * 2 * 2 {
		code = append(code, instr{op: opFused, sel: uint16(sel), d: 0, a: 1, b: 2, c: 3})
	}
	for sel := range 4 * 3 * int(nStoreModes) * 2 {
		code = append(code, instr{op: opStoreFused, sel: uint16(sel), d: 0, a: 1, b: 2, c: 3, e: 4, ts: 1, rs: 2})
	}
	for _, op := range []uint8{opStoreEuler, opStoreAdd} {
		for k := range nStoreModes {
			code = append(code, instr{op: op, k: k, d: 0, a: 4, b: 2, c: 3, ts: 1, rs: 2})
		}
	}
	code = append(code, instr{op: opWhere, d: 0, a: 4, b: 2, c: 3}, instr{op: opBcast, d: 0, a: 2},
		instr{op: opSinceLe, k: kVS, d: 0, a: 1, b: 2, c: 3}, instr{op: opSinceLe, k: kVV, d: 0, a: 1, b: 2, c: 3})
	return code
}

// vectorWidths are the vector widths this machine can run (none in a portable build).
func vectorWidths(t *testing.T) []int {
	var w []int
	for _, l := range []int{4, 8} {
		if l <= vecLanes {
			w = append(w, l)
		}
	}
	if len(w) == 0 {
		t.Skip("no vector parts: portable build (GOEXPERIMENT=simd unset) or no AVX2")
	}
	return w
}

// sameBits returns the first index where a and b differ in their bits, or -1. Two NaNs count as
// the same: where two different NaNs meet in an addition or a multiplication, x86 returns the
// first operand's, and which operand is first is the compiler's choice (these operations
// commute), in the portable loop as in the vector one; both are NaN either way.
func sameBits(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return i
		}
	}
	return -1
}

// TestSIMDMatchesPortable runs every vector instruction with its vector part and with the
// portable loop alone, on random columns of every length from 0 to 300, and wants the same bits
// in every register (see sameBits for NaNs), also where d is the register of an operand.
func TestSIMDMatchesPortable(t *testing.T) {
	widths := vectorWidths(t)
	saved := vecLanes
	defer func() { vecLanes = saved }()
	r := rand.New(rand.NewPCG(13, 1))
	for _, in := range simdInstructions() {
		for _, alias := range []bool{false, true} {
			if alias {
				in.d = in.a // d is also the first operand's register (a scalar's index then names a vector)
			}
			cols := make([][]float64, 5)
			for j := range cols {
				value := randValue
				if j == 4 || (in.op == opWhere && int32(j) == in.a) {
					value = randHold
				}
				cols[j] = randColumn(r, 300+13, value)
			}
			for n := 0; n <= 300; n++ {
				vec := make([][]float64, 5)
				for j, c := range cols {
					off := r.IntN(13) // columns of each length start at different elements
					vec[j] = c[off : off+n]
				}
				sca := []float64{0, randValue(r), randValue(r), randValue(r), 0}
				if r.IntN(2) == 0 { // a plain dt or refractory period
					sca[3] = 0.1
				}
				want := runOnce(0, vec, sca, in, n)
				for _, w := range widths {
					got := runOnce(w, vec, sca, in, n)
					for j := range want.vec {
						if i := sameBits(got.vec[j], want.vec[j]); i >= 0 {
							t.Fatalf("%+v n=%d lanes=%d: register %d element %d = %v (%#x), portable %v (%#x); inputs %v",
								in, n, w, j, i, got.vec[j][i], math.Float64bits(got.vec[j][i]),
								want.vec[j][i], math.Float64bits(want.vec[j][i]), inputsAt(vec, sca, i))
						}
					}
				}
			}
		}
	}
}

func inputsAt(vec [][]float64, sca []float64, i int) string {
	s := ""
	for j, c := range vec {
		s += fmt.Sprintf("v%d=%v ", j, c[i])
	}
	return s + fmt.Sprintf("s=%v", sca)
}

// runOnce runs in with lanes vector lanes (0: portable only) on copies of the registers.
func runOnce(lanes int, vec [][]float64, sca []float64, in instr, n int) *frame {
	vecLanes = lanes
	f := &frame{vec: make([][]float64, len(vec)), sca: append([]float64(nil), sca...)}
	for j, c := range vec {
		f.vec[j] = append([]float64(nil), c...)
	}
	exec(f, []instr{in}, n)
	return f
}

// TestSIMDThresholdMatchesPortable does the same for the spike pass: thresholds scalar and per
// element, >= and >, inputs around the threshold with refractory neurons among them, told by a
// register or by their last spike times (around the end of the period).
func TestSIMDThresholdMatchesPortable(t *testing.T) {
	widths := vectorWidths(t)
	saved := vecLanes
	defer func() { vecLanes = saved }()
	r := rand.New(rand.NewPCG(13, 2))
	near := func(r *rand.Rand) float64 {
		if r.IntN(8) == 0 {
			return randValue(r)
		}
		return 20 + r.NormFloat64()*0.5
	}
	// the last spike times around t - tRef, where the refractory test (t - tLast) <= tRef turns
	const tNow, tRef = 100.3, 5
	lastSpike := func(r *rand.Rand) float64 {
		if r.IntN(8) == 0 {
			return randValue(r)
		}
		return tNow - tRef + float64(r.IntN(5)-2)*1e-14
	}
	for _, gt := range []bool{false, true} {
		for _, since := range []bool{false, true} {
			for _, perElement := range []bool{false, true} {
				for n := 0; n <= 300; n++ {
					x, inRefr := randColumn(r, n, near), randColumn(r, n, randHold)
					var tLast []float64
					if since {
						tLast = randColumn(r, n, lastSpike)
					}
					var thrV []float64
					if perElement {
						thrV = randColumn(r, n, near)
					}
					thrS := near(r)
					pass := func(lanes int) (spikePass, bool) {
						vecLanes = lanes
						p := spikePass{x: x, inRefr: inRefr, thrV: thrV, thrS: thrS, gt: gt, tLast: tLast, t: tNow, tRef: tRef,
							in: randColumn(r, n, randValue), spike: make([]bool, n), refr: make([]bool, n), count: make([]int64, n)}
						for i := range p.spike {
							p.spike[i], p.refr[i] = r.IntN(2) == 0, r.IntN(2) == 0
						}
						i, fired := thresholdVec(&p)
						fired = p.scalar(i, n) || fired
						return p, fired
					}
					want, wantFired := pass(0)
					for _, w := range widths {
						got, fired := pass(w)
						if fired != wantFired || sameBits(got.in, want.in) >= 0 || fmt.Sprint(got.fired) != fmt.Sprint(want.fired) {
							t.Fatalf("gt=%v since=%v perElement=%v n=%d lanes=%d: fired %v %v, portable %v %v; or the input was not cleared",
								gt, since, perElement, n, w, fired, got.fired, wantFired, want.fired)
						}
						for i := range n {
							if got.spike[i] != want.spike[i] || got.refr[i] != want.refr[i] || got.count[i] != want.count[i] {
								t.Fatalf("gt=%v perElement=%v n=%d lanes=%d element %d (x=%v thr=%v inRefr=%v): spike %v refr %v count %d, portable %v %v %d",
									gt, perElement, n, w, i, x[i], thrS, inRefr[i], got.spike[i], got.refr[i], got.count[i],
									want.spike[i], want.refr[i], want.count[i])
							}
						}
					}
				}
			}
		}
	}
}
