package sweep

import (
	"math"
	"math/big"
	"sync"
)

// Linspace returns num values from start to stop inclusive, bit for bit as numpy.linspace(start,
// stop, num) computes them: value i is float64(i*step) + start with step = (stop-start)/(num-1),
// and the last value is stop itself. num must be at least 1.
func Linspace(start, stop float64, num int) []float64 {
	out := make([]float64, num)
	if num == 1 {
		out[0] = start
		return out
	}
	div := float64(num - 1)
	delta := stop - start
	step := delta / div
	for i := range out {
		// The conversions round each product, so the compiler cannot fuse them into an FMA.
		if step == 0 { // numpy's path for a zero or underflowing step
			out[i] = float64(float64(float64(i)/div)*delta) + start
		} else {
			out[i] = float64(float64(i)*step) + start
		}
	}
	out[num-1] = stop
	return out
}

// Geomspace returns num values from start to stop inclusive, evenly spaced on a log scale, as
// numpy.geomspace(start, stop, num) computes them with the C library's log10 and pow: the
// exponents are Linspace(log10(start), log10(stop), num), each value is 10**exponent, and the
// first and last values are start and stop themselves. start and stop must be non-zero and of
// the same sign.
//
// log10 follows glibc's algorithm (a correctly rounded natural logarithm scaled as in fdlibm) and
// 10**y is correctly rounded, so the values agree with numpy on glibc to within 1 ulp (exactly,
// for all but about 1 in 1000); numpy builds that use SIMD kernels (AVX-512) differ from glibc
// by a few ulps themselves.
func Geomspace(start, stop float64, num int) []float64 {
	sign := 1.0
	if start < 0 && stop < 0 {
		sign, start, stop = -1, -start, -stop
	}
	out := Linspace(log10Glibc(start), log10Glibc(stop), num)
	for i, y := range out {
		out[i] = pow10CR(y)
	}
	out[0] = start
	if num > 1 {
		out[num-1] = stop
	}
	for i := range out {
		out[i] *= sign
	}
	return out
}

// Correctly rounded elementary functions, computed with math/big at 256 bits. They are slow
// (microseconds) and used only to expand axes, where values must be reproducible on every
// platform and agree with numpy.

const bigPrec = 256

var (
	bigConstOnce sync.Once
	bigLn2       *big.Float
	bigLn10      *big.Float
	bigEps       *big.Float
)

func newBig(x float64) *big.Float { return new(big.Float).SetPrec(bigPrec).SetFloat64(x) }

func bigConsts() {
	bigConstOnce.Do(func() {
		bigEps = new(big.Float).SetPrec(bigPrec).SetMantExp(newBig(1), -bigPrec-8)
		third := new(big.Float).SetPrec(bigPrec).Quo(newBig(1), newBig(3))
		bigLn2 = new(big.Float).SetPrec(bigPrec).Mul(newBig(2), atanhSeries(third)) // ln 2 = 2 atanh(1/3)
		ninth := new(big.Float).SetPrec(bigPrec).Quo(newBig(1), newBig(9))
		ln125 := new(big.Float).SetPrec(bigPrec).Mul(newBig(2), atanhSeries(ninth)) // ln 1.25 = 2 atanh(1/9)
		bigLn10 = new(big.Float).SetPrec(bigPrec).Mul(newBig(3), bigLn2)
		bigLn10.Add(bigLn10, ln125)
	})
}

// atanhSeries is z + z³/3 + z⁵/5 + ..., for |z| well below 1.
func atanhSeries(z *big.Float) *big.Float {
	if bigEps == nil {
		bigEps = new(big.Float).SetPrec(bigPrec).SetMantExp(newBig(1), -bigPrec-8)
	}
	sum := new(big.Float).SetPrec(bigPrec).Set(z)
	z2 := new(big.Float).SetPrec(bigPrec).Mul(z, z)
	term := new(big.Float).SetPrec(bigPrec).Set(z)
	t := new(big.Float).SetPrec(bigPrec)
	for k := int64(3); ; k += 2 {
		term.Mul(term, z2)
		t.Quo(term, new(big.Float).SetPrec(bigPrec).SetInt64(k))
		sum.Add(sum, t)
		if t.Sign() == 0 || new(big.Float).Abs(t).Cmp(bigEps) < 0 {
			return sum
		}
	}
}

// bigLog is ln(x) for a finite x > 0.
func bigLog(x float64) *big.Float {
	bigConsts()
	fr, e := math.Frexp(x) // x = fr * 2**e, fr in [0.5, 1)
	if fr < math.Sqrt2/2 {
		fr *= 2
		e--
	}
	m := newBig(fr)
	num := new(big.Float).SetPrec(bigPrec).Sub(m, newBig(1))
	den := new(big.Float).SetPrec(bigPrec).Add(m, newBig(1))
	r := new(big.Float).SetPrec(bigPrec).Mul(newBig(2), atanhSeries(num.Quo(num, den)))
	return r.Add(r, new(big.Float).SetPrec(bigPrec).Mul(newBig(float64(e)), bigLn2))
}

// bigExp rounds exp(r) to a float64.
func bigExp(r *big.Float) float64 {
	bigConsts()
	q, _ := new(big.Float).SetPrec(bigPrec).Quo(r, bigLn2).Float64()
	if q > 1100 {
		return math.Inf(1)
	}
	if q < -1100 {
		return 0
	}
	k := math.Round(q)
	t := new(big.Float).SetPrec(bigPrec).Sub(r, new(big.Float).SetPrec(bigPrec).Mul(newBig(k), bigLn2))
	const halvings = 16 // exp(t) = exp(t/2**16)**(2**16): the series then converges fast
	t.SetMantExp(t, -halvings)
	sum, term := newBig(1), newBig(1)
	for n := 1; ; n++ {
		term.Mul(term, t)
		term.Quo(term, newBig(float64(n)))
		sum.Add(sum, term)
		if term.Sign() == 0 || new(big.Float).Abs(term).Cmp(bigEps) < 0 {
			break
		}
	}
	for range halvings {
		sum.Mul(sum, sum)
	}
	sum.SetMantExp(sum, int(k))
	f, _ := sum.Float64()
	return f
}

// lnCR is the correctly rounded natural logarithm of a finite x > 0.
func lnCR(x float64) float64 {
	f, _ := bigLog(x).Float64()
	return f
}

// expCR is the correctly rounded exp(x).
func expCR(x float64) float64 { return bigExp(newBig(x)) }

// pow10CR is the correctly rounded 10**y.
func pow10CR(y float64) float64 {
	bigConsts()
	return bigExp(new(big.Float).SetPrec(bigPrec).Mul(newBig(y), bigLn10))
}

// log10Glibc is glibc's log10 (sysdeps/ieee754/dbl-64/e_log10.c, from fdlibm) for a finite x > 0:
// split x = 2**k * m, then k*log10(2) + ln(m)/ln(10) with the constants below. Its natural
// logarithm is glibc's, which is correctly rounded in practice; so is lnCR.
func log10Glibc(x float64) float64 {
	const (
		ivln10   = 4.34294481903251816668e-01 // 0x3FDBCB7B1526E50E
		log10HiC = 3.01029995663611771306e-01 // 0x3FD34413509F6000
		log10LoC = 3.69423907715893078616e-13 // 0x3D59FEF311F12B36
		two54    = 1.80143985094819840000e+16
	)
	bits := math.Float64bits(x)
	hx := int32(bits >> 32)
	k := int32(0)
	if hx < 0x00100000 { // subnormal: scale up
		k -= 54
		x *= two54
		bits = math.Float64bits(x)
		hx = int32(bits >> 32)
	}
	k += (hx >> 20) - 1023
	i := int32(uint32(k) >> 31)
	hx = (hx & 0x000fffff) | ((0x3ff - i) << 20)
	y := float64(k + i)
	m := math.Float64frombits(uint64(uint32(hx))<<32 | bits&0xffffffff)
	z := float64(y*log10LoC) + float64(ivln10*lnCR(m))
	return z + float64(y*log10HiC)
}
