//go:build goexperiment.simd && amd64

package systems

import (
	"unsafe"

	"simd/archsimd"

	"github.com/spikesweep/spikesweep/integrators"
)

// Vector parts of the hottest kernels, four float64 lanes (AVX), built with GOEXPERIMENT=simd.
//
// Each lane does the scalar loop's operations in the scalar loop's order (IEEE add, sub, mul and
// div round each lane exactly as the scalar instructions do; no fused multiply-add), so the bits
// are the same as without SIMD. A group of four elements where something rare happens (a spike,
// a refractory neuron) is left to the scalar loop, which the caller runs from the returned index
// or which the vector loop calls for that group.

// SIMD reports whether the kernels were built with vector parts.
const SIMD = true

var hasAVX = archsimd.X86.AVX() && archsimd.X86.AVX2()

// pairLanes is how many STP pairs the vector loop takes at a time: 8 with AVX-512, else 4 (0:
// none). A variable so that the kernel benchmark can compare the widths.
var pairLanes = map[bool]int{true: 8, false: 4}[hasAVX512]

var hasAVX512 = archsimd.X86.AVX512()

var signBit8 = archsimd.BroadcastInt64x8(-1 << 63)

// avxToSSE: every kernel here clears the upper halves of the vector registers before it returns
// or calls scalar code (archsimd.ClearAVXUpperBits, VZEROUPPER). Without it, the SSE
// instructions of whatever runs next (the scalar tail, the equations VM, other models) carry a
// false dependency on the dirty upper halves: measured, models written as equations ran 2.7x
// slower in a SIMD build than in a portable one.

func neg8(x archsimd.Float64x8) archsimd.Float64x8 { return x.AsInt64x8().Xor(signBit8).AsFloat64x8() }

func at8(s []float64, k int) *[8]float64 { return (*[8]float64)(unsafe.Pointer(&s[k])) }

var signBit = archsimd.BroadcastInt64x4(-1 << 63)

// neg is -x as Go computes it (the sign bit flipped), also for zeros and NaNs.
func neg(x archsimd.Float64x4) archsimd.Float64x4 {
	return x.AsInt64x4().Xor(signBit).AsFloat64x4()
}

// at4 is the four elements of s from k on, which the caller knows to exist (k+4 <= len(s)); only
// k < len(s) is checked.
func at4(s []float64, k int) *[4]float64 { return (*[4]float64)(unsafe.Pointer(&s[k])) }

// quiet4 reports whether none of the four flags of b from k on is set (k+4 <= len(b)).
func quiet4(b []bool, k int) bool { return *(*uint32)(unsafe.Pointer(&b[k])) == 0 }

// clear4 clears the four flags of b from k on (k+4 <= len(b)). It stores only when a flag is set:
// the spike flags of a population are read by every worker that delivers its spikes, and a store
// to a cache line another core has read must first take it back from that core; most steps find
// the flags already clear. On W2 with two workers the unconditional store made the LIF update
// 1.5-3.5x slower.
func clear4(b []bool, k int) { set4(b, k, 0) }

// set8 stores the eight flags w at b[k:k+8] when they differ from what is there (see clear4).
func set8(b []bool, k int, w uint64) {
	p := (*uint64)(unsafe.Pointer(&b[k]))
	if *p != w {
		*p = w
	}
}

// set4 stores the four flags w at b[k:k+4] when they differ from what is there (see clear4).
func set4(b []bool, k int, w uint32) {
	p := (*uint32)(unsafe.Pointer(&b[k]))
	if *p != w {
		*p = w
	}
}

// vector updates the pairs of the leading groups of four, up to the returned index; a group whose
// pre neuron fires in any lane takes the scalar loop.
func (p *stpPairs) vector() int {
	if !hasAVX || pairLanes == 0 {
		return 0
	}
	if pairLanes == 8 {
		return p.vector8()
	}
	n := len(p.spikes) &^ 3
	spikes := p.spikes[:n]
	u, x, s, input, in, pulled := p.u[:n], p.x[:n], p.s[:n], p.input[:n], p.in[:n], p.pulled[:n]
	tauF, tauD, tau := p.tauF[:n], p.tauD[:n], p.tau[:n]
	aF, aD, aS, mF, mD, mS, cD := p.aF[:n], p.aD[:n], p.aS[:n], p.mF[:n], p.mD[:n], p.mS[:n], p.cD[:n]
	for k := 0; k < n; k += 4 {
		if !quiet4(spikes, k) {
			archsimd.ClearAVXUpperBits()
			p.scalar(k, k+4)
			continue
		}
		u0 := archsimd.LoadFloat64x4(at4(u, k))
		x0 := archsimd.LoadFloat64x4(at4(x, k))
		s0 := archsimd.LoadFloat64x4(at4(s, k))
		// expEuler(y, df, a, em1) = ((df*em1)/a) + y
		uk := neg(u0).Div(archsimd.LoadFloat64x4(at4(tauF, k))).
			Mul(archsimd.LoadFloat64x4(at4(mF, k))).Div(archsimd.LoadFloat64x4(at4(aF, k))).Add(u0)
		xk := neg(x0).Div(archsimd.LoadFloat64x4(at4(tauD, k))).Add(archsimd.LoadFloat64x4(at4(cD, k))).
			Mul(archsimd.LoadFloat64x4(at4(mD, k))).Div(archsimd.LoadFloat64x4(at4(aD, k))).Add(x0)
		sk := neg(s0).Div(archsimd.LoadFloat64x4(at4(tau, k))).
			Mul(archsimd.LoadFloat64x4(at4(mS, k))).Div(archsimd.LoadFloat64x4(at4(aS, k))).Add(s0)
		uk.Store(at4(u, k))
		xk.Store(at4(x, k))
		sk.Store(at4(s, k))
		sk.Store(at4(in, k))
		// pulled may be in (no delay): it is read after in is written, as in the scalar loop.
		archsimd.LoadFloat64x4(at4(input, k)).Add(archsimd.LoadFloat64x4(at4(pulled, k))).Store(at4(input, k))
	}
	archsimd.ClearAVXUpperBits() // see avxToSSE
	return n
}

// vectorLIF updates the groups of four neurons from from (a multiple of four) on, up to the returned index, by exponential
// Euler with factor e (exp) or by Euler; a group where a neuron fires takes the scalar loop.
// Refractory lanes keep V and set the refractory flag, as in the scalar loop.
func (p *lifStep) vectorLIF(from int, e float64, exp bool) int {
	if !hasAVX {
		return from
	}
	n := len(p.v) &^ 3
	v, input, tLast, spike, refr := p.v[:n], p.input[:n], p.tLast[:n], p.spike[:n], p.refr[:n]
	t := archsimd.BroadcastFloat64x4(p.t)
	vRest, vTh, res, tRef := archsimd.BroadcastFloat64x4(p.vRest), archsimd.BroadcastFloat64x4(p.vTh),
		archsimd.BroadcastFloat64x4(p.res), archsimd.BroadcastFloat64x4(p.tRef)
	E, tau, dt := archsimd.BroadcastFloat64x4(e), archsimd.BroadcastFloat64x4(p.tau), archsimd.BroadcastFloat64x4(p.dt)
	var zero archsimd.Float64x4
	for k := from; k < n; k += 4 {
		inRefr := t.Sub(archsimd.LoadFloat64x4(at4(tLast, k))).LessEqual(tRef)
		vi := archsimd.LoadFloat64x4(at4(v, k))
		I := archsimd.LoadFloat64x4(at4(input, k))
		var vNew archsimd.Float64x4
		if exp {
			// vInf = vRest + R*I; vNew = vInf + (V - vInf)*E
			vInf := vRest.Add(res.Mul(I))
			vNew = vInf.Add(vi.Sub(vInf).Mul(E))
		} else {
			// dV = ((-V + vRest) + R*I)/tau; vNew = V + dV*dt
			vNew = vi.Add(neg(vi).Add(vRest).Add(res.Mul(I)).Div(tau).Mul(dt))
		}
		refrBits := inRefr.ToBits()
		if vNew.GreaterEqual(vTh).ToBits()&^refrBits != 0 {
			archsimd.ClearAVXUpperBits()
			if exp {
				p.expEulerRange(k, k+4, e)
			} else {
				p.eulerRange(k, k+4)
			}
			continue
		}
		if refrBits != 0 {
			vNew = vi.Merge(vNew, inRefr) // refractory: V holds
		}
		vNew.Store(at4(v, k))
		zero.Store(at4(input, k))
		clear4(spike, k)
		set4(refr, k, flagBytes[refrBits&15])
	}
	archsimd.ClearAVXUpperBits() // see avxToSSE
	return n
}

// vectorPerNeuron is vectorLIF with parameters per neuron (q's columns): it updates the
// leading groups of four of [lo, hi) by Euler or exponential Euler and returns where the scalar
// loop goes on; a group where a neuron fires takes the scalar loop.
func (l *lif) vectorPerNeuron(t float64, q *lifParams, lo, hi int) int {
	if !hasAVX {
		return lo
	}
	n := (hi - lo) &^ 3
	end := lo + n
	v, input, tLast, spike, refr := l.v[lo:end], l.input[lo:end], l.tLast[lo:end], l.spike[lo:end], l.refr[lo:end]
	vRest, vTh, res, tau, tRef := q.vRest[lo:end], q.vTh[lo:end], q.res[lo:end], q.tau[lo:end], q.tRef[lo:end]
	exp := l.method == integrators.ExpEuler
	var decay []float64
	if exp {
		decay = q.decay[lo:end]
	}
	T, dt := archsimd.BroadcastFloat64x4(t), archsimd.BroadcastFloat64x4(l.dt)
	var zero archsimd.Float64x4
	for k := 0; k < n; k += 4 {
		inRefr := T.Sub(archsimd.LoadFloat64x4(at4(tLast, k))).LessEqual(archsimd.LoadFloat64x4(at4(tRef, k)))
		vi := archsimd.LoadFloat64x4(at4(v, k))
		I := archsimd.LoadFloat64x4(at4(input, k))
		vr, r := archsimd.LoadFloat64x4(at4(vRest, k)), archsimd.LoadFloat64x4(at4(res, k))
		var vNew archsimd.Float64x4
		if exp {
			vInf := vr.Add(r.Mul(I))
			vNew = vInf.Add(vi.Sub(vInf).Mul(archsimd.LoadFloat64x4(at4(decay, k))))
		} else {
			vNew = vi.Add(neg(vi).Add(vr).Add(r.Mul(I)).Div(archsimd.LoadFloat64x4(at4(tau, k))).Mul(dt))
		}
		refrBits := inRefr.ToBits()
		if vNew.GreaterEqual(archsimd.LoadFloat64x4(at4(vTh, k))).ToBits()&^refrBits != 0 {
			archsimd.ClearAVXUpperBits()
			l.scalarPerNeuron(t, q, lo+k, lo+k+4)
			continue
		}
		if refrBits != 0 {
			vNew = vi.Merge(vNew, inRefr) // refractory: V holds
		}
		vNew.Store(at4(v, k))
		zero.Store(at4(input, k))
		clear4(spike, k)
		set4(refr, k, flagBytes[refrBits&15])
	}
	archsimd.ClearAVXUpperBits() // see avxToSSE
	return end
}

// flagBytes[b] is four bools, little-endian, with bool i true where bit i of b is set.
var flagBytes = [16]uint32{
	0x00000000, 0x00000001, 0x00000100, 0x00000101, 0x00010000, 0x00010001, 0x00010100, 0x00010101,
	0x01000000, 0x01000001, 0x01000100, 0x01000101, 0x01010000, 0x01010001, 0x01010100, 0x01010101,
}

// outputDecayVector is outputDecay's loop (input += g*S, then S *= e) on the leading groups of
// four, up to the returned index.
func outputDecayVector(input, S []float64, g, e float64) int {
	if !hasAVX {
		return 0
	}
	n := len(S) &^ 3
	input, S = input[:n], S[:n]
	G, E := archsimd.BroadcastFloat64x4(g), archsimd.BroadcastFloat64x4(e)
	for q := 0; q < n; q += 4 {
		x := archsimd.LoadFloat64x4(at4(S, q))
		archsimd.LoadFloat64x4(at4(input, q)).Add(G.Mul(x)).Store(at4(input, q))
		x.Mul(E).Store(at4(S, q))
	}
	archsimd.ClearAVXUpperBits() // see avxToSSE
	return n
}

// vector8 is vector with eight lanes (AVX-512): the divisions, which dominate, go eight at a time,
// and the spike terms are added by masks, so no group leaves for the scalar loop.
func (p *stpPairs) vector8() int {
	n := len(p.spikes) &^ 7
	spikes := p.spikes[:n]
	u, x, s, input, in, pulled := p.u[:n], p.x[:n], p.s[:n], p.input[:n], p.in[:n], p.pulled[:n]
	tauF, tauD, tau := p.tauF[:n], p.tauD[:n], p.tau[:n]
	aF, aD, aS, mF, mD, mS, cD := p.aF[:n], p.aD[:n], p.aS[:n], p.mF[:n], p.mD[:n], p.mS[:n], p.cD[:n]
	U, w := p.U[:n], p.w[:n]
	one := archsimd.BroadcastFloat64x8(1)
	for k := 0; k < n; k += 8 {
		fired := *(*uint64)(unsafe.Pointer(&spikes[k]))
		u0 := archsimd.LoadFloat64x8(at8(u, k))
		x0 := archsimd.LoadFloat64x8(at8(x, k))
		s0 := archsimd.LoadFloat64x8(at8(s, k))
		uk := neg8(u0).Div(archsimd.LoadFloat64x8(at8(tauF, k))).
			Mul(archsimd.LoadFloat64x8(at8(mF, k))).Div(archsimd.LoadFloat64x8(at8(aF, k))).Add(u0)
		xk := neg8(x0).Div(archsimd.LoadFloat64x8(at8(tauD, k))).Add(archsimd.LoadFloat64x8(at8(cD, k))).
			Mul(archsimd.LoadFloat64x8(at8(mD, k))).Div(archsimd.LoadFloat64x8(at8(aD, k))).Add(x0)
		sk := neg8(s0).Div(archsimd.LoadFloat64x8(at8(tau, k))).
			Mul(archsimd.LoadFloat64x8(at8(mS, k))).Div(archsimd.LoadFloat64x8(at8(aS, k))).Add(s0)
		if fired != 0 {
			// u += U*(1-u⁻); x -= u*x⁻; s += (w*u)*x⁻, kept in the lanes whose pre neuron fired
			// (the multiplication gathers the low bit of each flag byte into one byte).
			m := archsimd.Mask64x8FromBits(uint8(fired * 0x0102040810204080 >> 56))
			uS := uk.Add(archsimd.LoadFloat64x8(at8(U, k)).Mul(one.Sub(u0)))
			xS := xk.Sub(uS.Mul(x0))
			sS := sk.Add(archsimd.LoadFloat64x8(at8(w, k)).Mul(uS).Mul(x0))
			uk, xk, sk = uS.Merge(uk, m), xS.Merge(xk, m), sS.Merge(sk, m)
		}
		uk.Store(at8(u, k))
		xk.Store(at8(x, k))
		sk.Store(at8(s, k))
		sk.Store(at8(in, k))
		archsimd.LoadFloat64x8(at8(input, k)).Add(archsimd.LoadFloat64x8(at8(pulled, k))).Store(at8(input, k))
	}
	archsimd.ClearAVXUpperBits() // see avxToSSE
	return n
}

var one8 = archsimd.BroadcastInt64x8(1)

// vectorLIF8 updates the leading groups of eight neurons (AVX-512), up to the returned index (0:
// no such unit), by exponential Euler with factor e (exp) or by Euler, adding p.drive's value to
// the input first (Drive.Apply's operation) if there is one. Firing and refractory lanes are
// handled by masks instead of branches, so no group leaves for the scalar loop; each lane does
// the scalar loop's operations in its order (expEulerRange, eulerRange).
func (p *lifStep) vectorLIF8(e float64, exp bool) int {
	if !hasAVX512 {
		return 0
	}
	n := len(p.v) &^ 7
	if n == 0 {
		return 0
	}
	v, input, tLast, spike, refr, count := p.v[:n], p.input[:n], p.tLast[:n], p.spike[:n], p.refr[:n], p.count[:n]
	t := archsimd.BroadcastFloat64x8(p.t)
	vRest, vReset, vTh := archsimd.BroadcastFloat64x8(p.vRest), archsimd.BroadcastFloat64x8(p.vReset), archsimd.BroadcastFloat64x8(p.vTh)
	res, tRef := archsimd.BroadcastFloat64x8(p.res), archsimd.BroadcastFloat64x8(p.tRef)
	E, tau, dt := archsimd.BroadcastFloat64x8(e), archsimd.BroadcastFloat64x8(p.tau), archsimd.BroadcastFloat64x8(p.dt)
	drive, set := p.drive != nil, p.drive != nil && p.drive.Set
	var c archsimd.Float64x8
	if drive {
		c = archsimd.BroadcastFloat64x8(p.drive.Value)
	}
	var zero archsimd.Float64x8
	for k := 0; k < n; k += 8 {
		I := archsimd.LoadFloat64x8(at8(input, k))
		if set {
			I = c
		} else if drive {
			I = I.Add(c)
		}
		tl := archsimd.LoadFloat64x8(at8(tLast, k))
		inRefr := t.Sub(tl).LessEqual(tRef)
		vi := archsimd.LoadFloat64x8(at8(v, k))
		var vNew archsimd.Float64x8
		if exp {
			vInf := vRest.Add(res.Mul(I))
			vNew = vInf.Add(vi.Sub(vInf).Mul(E))
		} else {
			vNew = vi.Add(neg8(vi).Add(vRest).Add(res.Mul(I)).Div(tau).Mul(dt))
		}
		refrBits := inRefr.ToBits()
		fired := vNew.GreaterEqual(vTh).ToBits() &^ refrBits
		m := archsimd.Mask64x8FromBits(fired)
		// fired: V_reset and t_last = t; refractory: V holds.
		vi.Merge(vReset.Merge(vNew, m), inRefr).Store(at8(v, k))
		t.Merge(tl, m).Store(at8(tLast, k))
		cnt := (*[8]int64)(unsafe.Pointer(&count[k]))
		archsimd.LoadInt64x8(cnt).Add(one8.Masked(m)).Store(cnt)
		zero.Store(at8(input, k))
		set8(spike, k, flags8(fired))
		set8(refr, k, flags8(refrBits|fired))
	}
	archsimd.ClearAVXUpperBits() // see avxToSSE
	return n
}
