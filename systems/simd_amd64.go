//go:build goexperiment.simd && amd64

package systems

import (
	"encoding/binary"
	"unsafe"

	"simd/archsimd"
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

var hasAVX = archsimd.X86.AVX()

var signBit = archsimd.BroadcastInt64x4(-1 << 63)

// neg is -x as Go computes it (the sign bit flipped), also for zeros and NaNs.
func neg(x archsimd.Float64x4) archsimd.Float64x4 {
	return x.AsInt64x4().Xor(signBit).AsFloat64x4()
}

// quiet4 reports whether none of four flags is set.
func quiet4(b []bool) bool {
	return binary.LittleEndian.Uint32(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), 4)) == 0
}

// vector updates the pairs of the leading groups of four, up to the returned index; a group whose
// pre neuron fires in any lane takes the scalar loop.
func (p *stpPairs) vector() int {
	if !hasAVX {
		return 0
	}
	n := len(p.spikes) &^ 3
	spikes := p.spikes[:n]
	u, x, s, input, in, pulled := p.u[:n], p.x[:n], p.s[:n], p.input[:n], p.in[:n], p.pulled[:n]
	tauF, tauD, tau := p.tauF[:n], p.tauD[:n], p.tau[:n]
	aF, aD, aS, mF, mD, mS, cD := p.aF[:n], p.aD[:n], p.aS[:n], p.mF[:n], p.mD[:n], p.mS[:n], p.cD[:n]
	for k := 0; k < n; k += 4 {
		if !quiet4(spikes[k : k+4]) {
			p.scalar(k, k+4)
			continue
		}
		u0 := archsimd.LoadFloat64x4Slice(u[k : k+4])
		x0 := archsimd.LoadFloat64x4Slice(x[k : k+4])
		s0 := archsimd.LoadFloat64x4Slice(s[k : k+4])
		// expEuler(y, df, a, em1) = ((df*em1)/a) + y
		uk := neg(u0).Div(archsimd.LoadFloat64x4Slice(tauF[k : k+4])).
			Mul(archsimd.LoadFloat64x4Slice(mF[k : k+4])).Div(archsimd.LoadFloat64x4Slice(aF[k : k+4])).Add(u0)
		xk := neg(x0).Div(archsimd.LoadFloat64x4Slice(tauD[k : k+4])).Add(archsimd.LoadFloat64x4Slice(cD[k : k+4])).
			Mul(archsimd.LoadFloat64x4Slice(mD[k : k+4])).Div(archsimd.LoadFloat64x4Slice(aD[k : k+4])).Add(x0)
		sk := neg(s0).Div(archsimd.LoadFloat64x4Slice(tau[k : k+4])).
			Mul(archsimd.LoadFloat64x4Slice(mS[k : k+4])).Div(archsimd.LoadFloat64x4Slice(aS[k : k+4])).Add(s0)
		uk.StoreSlice(u[k : k+4])
		xk.StoreSlice(x[k : k+4])
		sk.StoreSlice(s[k : k+4])
		sk.StoreSlice(in[k : k+4])
		// pulled may be in (no delay): it is read after in is written, as in the scalar loop.
		archsimd.LoadFloat64x4Slice(input[k : k+4]).Add(archsimd.LoadFloat64x4Slice(pulled[k : k+4])).StoreSlice(input[k : k+4])
	}
	return n
}

// expEulerVector updates the leading groups of four neurons, up to the returned index; a group
// with a refractory or firing neuron takes the scalar loop.
func (p *lifStep) expEulerVector(e float64) int {
	if !hasAVX {
		return 0
	}
	n := len(p.v) &^ 3
	v, input, tLast, spike, refr := p.v[:n], p.input[:n], p.tLast[:n], p.spike[:n], p.refr[:n]
	t := archsimd.BroadcastFloat64x4(p.t)
	vRest, vTh, res, tRef := archsimd.BroadcastFloat64x4(p.vRest), archsimd.BroadcastFloat64x4(p.vTh),
		archsimd.BroadcastFloat64x4(p.res), archsimd.BroadcastFloat64x4(p.tRef)
	E := archsimd.BroadcastFloat64x4(e)
	var zero archsimd.Float64x4
	for k := 0; k < n; k += 4 {
		inRefr := t.Sub(archsimd.LoadFloat64x4Slice(tLast[k : k+4])).LessEqual(tRef)
		vi := archsimd.LoadFloat64x4Slice(v[k : k+4])
		// vInf = vRest + R*I; vNew = vInf + (V - vInf)*E
		vInf := vRest.Add(res.Mul(archsimd.LoadFloat64x4Slice(input[k : k+4])))
		vNew := vInf.Add(vi.Sub(vInf).Mul(E))
		if inRefr.Or(vNew.GreaterEqual(vTh)).ToBits() != 0 {
			p.expEulerRange(k, k+4, e)
			continue
		}
		vNew.StoreSlice(v[k : k+4])
		zero.StoreSlice(input[k : k+4])
		binary.LittleEndian.PutUint32(unsafe.Slice((*byte)(unsafe.Pointer(&spike[k])), 4), 0)
		binary.LittleEndian.PutUint32(unsafe.Slice((*byte)(unsafe.Pointer(&refr[k])), 4), 0)
	}
	return n
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
		x := archsimd.LoadFloat64x4Slice(S[q : q+4])
		archsimd.LoadFloat64x4Slice(input[q : q+4]).Add(G.Mul(x)).StoreSlice(input[q : q+4])
		x.Mul(E).StoreSlice(S[q : q+4])
	}
	return n
}
