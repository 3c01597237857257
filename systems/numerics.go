package systems

import "math"

// pow4 is x**4 correctly rounded, which is what glibc's pow(x, 4.0) returns in all but rare cases
// (SEMANTICS.md §10; glibc promises 0.52 ULP, and in 000_gabab 7 of 10200 rows of s differ from
// BrainPy by one ULP because of it). Go's math.Pow(x, 4) is (x*x)*(x*x), which differs far more often. x² and x⁴ are carried
// as exact double-double products (math.FMA is exact) and rounded once.
func pow4(x float64) float64 {
	h := x * x
	l := math.FMA(x, x, -h) // x² = h + l exactly
	p := h * h
	pe := math.FMA(h, h, -p) // h² = p + pe exactly
	// x⁴ = p + pe + 2hl + l²; the tail is tiny next to p, so one final rounding is (almost
	// always) the correctly rounded result.
	return p + (pe + (2*h*l + l*l))
}

// numpySum sums term(0..n-1) in the order numpy's np.sum uses for a reduction over an axis of
// length n (SEMANTICS.md §10): when the summed values are contiguous (contiguous=true: the other
// axis has length 1) numpy uses its pairwise kernel; otherwise it adds left to right.
func numpySum(n int, contiguous bool, term func(k int) float64) float64 {
	if !contiguous || n < 8 {
		var s float64
		for k := range n {
			s += term(k)
		}
		return s
	}
	return 0.0 + pairwise(0, n, term)
}

// pairwise is numpy's pairwise_sum: blocks of up to 128 are added with eight accumulators,
// longer runs are split in halves rounded down to a multiple of eight.
func pairwise(off, n int, term func(k int) float64) float64 {
	if n < 8 {
		res := 0.0
		for k := range n {
			res += term(off + k)
		}
		return res
	}
	if n <= 128 {
		var r [8]float64
		for j := range 8 {
			r[j] = term(off + j)
		}
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range 8 {
				r[j] += term(off + i + j)
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += term(off + i)
		}
		return res
	}
	n2 := n / 2
	n2 -= n2 % 8
	return pairwise(off, n2, term) + pairwise(off+n2, n-n2, term)
}

// flags8 is eight bools, little-endian, with bool i true where bit i of b is set: byte i of the
// product, masked, is bit i of b in place (0 or 2^i); adding 0x7f sets its top bit when it is not
// 0, without a carry into the next byte; the shift brings that bit to the bottom.
func flags8(b uint8) uint64 {
	x := uint64(b) * 0x0101010101010101 & 0x8040201008040201
	return (x + 0x7f7f7f7f7f7f7f7f) >> 7 & 0x0101010101010101
}
