package systems

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"
)

// The vector parts of the kernels (built with GOEXPERIMENT=simd on amd64) must give the scalar
// loops' bits. Each test runs one kernel on random data twice, once as built and once through the
// scalar loop only, and compares every value. Without vector parts there is nothing to compare.

func randomSlice(rng *rand.Rand, n int, lo, hi float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = lo + (hi-lo)*rng.Float64()
	}
	return out
}

func sameBits(t *testing.T, what string, a, b []float64) {
	t.Helper()
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("%s[%d]: vector %v (%x), scalar %v (%x)", what, i, a[i], math.Float64bits(a[i]), b[i], math.Float64bits(b[i]))
		}
	}
}

// newPairs is n STP pairs with random state, parameters and spikes (seeded), no delay.
func newPairs(n int) *stpPairs {
	r := rand.New(rand.NewPCG(3, 4))
	p := &stpPairs{spikes: make([]bool, n), u: randomSlice(r, n, 0, 1), x: randomSlice(r, n, 0, 1),
		s: randomSlice(r, n, -50, 500), w: randomSlice(r, n, 0, 300), input: randomSlice(r, n, -10, 10),
		U: randomSlice(r, n, 0.01, 0.9), tauF: randomSlice(r, n, 1, 2000), tauD: randomSlice(r, n, 1, 2000),
		tau: randomSlice(r, n, 1, 20)}
	p.s[0], p.s[1], p.u[2], p.x[3] = 0, math.Copysign(0, -1), 0, 0
	for k := range n {
		p.spikes[k] = r.Float64() < 0.05
		p.aF = append(p.aF, (-1)/p.tauF[k])
		p.aD = append(p.aD, (-1)/p.tauD[k])
		p.aS = append(p.aS, (-1)/p.tau[k])
		p.mF = append(p.mF, math.Exp(-0.1/p.tauF[k])-1)
		p.mD = append(p.mD, math.Exp(-0.1/p.tauD[k])-1)
		p.mS = append(p.mS, math.Exp(-0.1/p.tau[k])-1)
		p.cD = append(p.cD, 1.0/p.tauD[k])
	}
	p.in = make([]float64, n)
	p.pulled = p.in // no delay
	return p
}

// vectorWidths are the lane counts this machine can run the STP pair kernel with.
func vectorWidths() []int {
	if hasAVX512 {
		return []int{4, 8}
	}
	return []int{4}
}

func TestSTPPairsVectorMatchesScalar(t *testing.T) {
	if !SIMD {
		t.Skip("built without vector kernels (GOEXPERIMENT=simd, amd64)")
	}
	defer func(l int) { pairLanes = l }(pairLanes)
	for _, lanes := range vectorWidths() {
		pairLanes = lanes
		const n = 1027 // not a multiple of 8: the tail takes the scalar loop
		rng := rand.New(rand.NewPCG(1, 2))
		vec, ref := newPairs(n), newPairs(n)
		for range 50 { // several steps, so that the values evolve
			vec.scalar(vec.vector(), n)
			ref.scalar(0, n)
			for k := range n {
				b := rng.Float64() < 0.05
				vec.spikes[k], ref.spikes[k] = b, b
			}
		}
		for _, c := range []struct {
			name string
			a, b []float64
		}{{"u", vec.u, ref.u}, {"x", vec.x, ref.x}, {"s", vec.s, ref.s}, {"input", vec.input, ref.input}} {
			sameBits(t, fmt.Sprintf("%d lanes: %s", lanes, c.name), c.a, c.b)
		}
	}
}

// BenchmarkSTPPairs is one step of 1024 STP pairs (no spikes) by the scalar loop and by each
// vector width: the kernel of W3 and W4, bound by its six divisions per pair.
func BenchmarkSTPPairs(b *testing.B) {
	defer func(l int) { pairLanes = l }(pairLanes)
	widths := []int{0}
	if SIMD {
		widths = append(widths, vectorWidths()...)
	}
	for _, lanes := range widths {
		b.Run(fmt.Sprintf("lanes=%d", lanes), func(b *testing.B) {
			pairLanes = lanes
			p := newPairs(1024)
			clear(p.spikes)
			for b.Loop() {
				p.scalar(p.vector(), 1024)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N)/1024, "ns/pair")
		})
	}
}

func TestLIFVectorMatchesScalar(t *testing.T) {
	if !SIMD {
		t.Skip("built without vector kernels (GOEXPERIMENT=simd, amd64)")
	}
	const n = 4003
	newStep := func() *lifStep {
		r := rand.New(rand.NewPCG(5, 6))
		p := &lifStep{dt: 0.1, vRest: -49, vReset: -60, vTh: -50, res: 1, tau: 20, tRef: 5,
			v: randomSlice(r, n, -60, -50), tLast: randomSlice(r, n, -20, 0), spike: make([]bool, n), refr: make([]bool, n),
			count: make([]int64, n)}
		return p
	}
	// The drive (a constant input folded into the update) must give the bits of its own pass.
	for _, c := range []struct {
		exp   bool
		drive *Drive
	}{{true, nil}, {false, nil}, {true, &Drive{Value: -0.75}}, {true, &Drive{Value: 1.25, Set: true}}, {false, &Drive{Value: 0.5}}} {
		exp := c.exp
		vec, ref := newStep(), newStep()
		vec.drive = c.drive
		rng := rand.New(rand.NewPCG(7, 8))
		e := math.Exp(-0.1 / 20)
		for step := range 200 {
			in := randomSlice(rng, n, -2, 3.5)
			vec.input, ref.input = slices.Clone(in), slices.Clone(in)
			vec.t, ref.t = float64(step)*0.1, float64(step)*0.1
			c.drive.Apply(ref.input)
			if exp {
				vec.expEuler(e)
				ref.expEulerRange(0, n, e)
			} else {
				vec.euler()
				ref.eulerRange(0, n)
			}
			if !slices.Equal(vec.spike, ref.spike) || !slices.Equal(vec.refr, ref.refr) || !slices.Equal(vec.count, ref.count) {
				t.Fatalf("exp=%v, step %d: spikes differ", exp, step)
			}
			sameBits(t, "input", vec.input, ref.input)
		}
		sameBits(t, "V", vec.v, ref.v)
		sameBits(t, "t_last", vec.tLast, ref.tLast)
		var fired int64
		for _, c := range ref.count {
			fired += c
		}
		if fired < n/10 {
			t.Fatalf("exp=%v, drive %v: only %d spikes: the test does not exercise the firing path", exp, c.drive, fired)
		}
	}
}

func TestOutputDecayVectorMatchesScalar(t *testing.T) {
	if !SIMD {
		t.Skip("built without vector kernels (GOEXPERIMENT=simd, amd64)")
	}
	const n = 1001
	r := rand.New(rand.NewPCG(9, 10))
	in, S := randomSlice(r, n, -10, 10), randomSlice(r, n, 0, 30)
	inRef, SRef := slices.Clone(in), slices.Clone(S)
	outputDecay(in, S, -9, math.Exp(-0.1/10))
	for q := range SRef {
		x := SRef[q]
		inRef[q] = inRef[q] + -9*x
		SRef[q] = x * math.Exp(-0.1/10)
	}
	sameBits(t, "input", in, inRef)
	sameBits(t, "S", S, SRef)
}

func TestFlags8(t *testing.T) {
	for b := range 256 {
		var want [8]bool
		for i := range want {
			want[i] = b>>i&1 == 1
		}
		got := flags8(uint8(b))
		if *(*uint64)(unsafe.Pointer(&want)) != got {
			t.Fatalf("flags8(%08b) = %016x", b, got)
		}
	}
}
