package systems

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestPow4IsCorrectlyRounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	naive := 0
	for range 20000 {
		x := rng.Float64() * math.Pow(10, float64(rng.IntN(8)-6))
		b := new(big.Float).SetPrec(256).SetFloat64(x)
		b.Mul(b, b)
		b.Mul(b, b)
		want, _ := b.Float64()
		if got := pow4(x); got != want {
			t.Fatalf("pow4(%v) = %v, want %v", x, got, want)
		}
		if (x*x)*(x*x) != want {
			naive++
		}
	}
	if naive == 0 {
		t.Fatal("(x*x)*(x*x) was always correctly rounded: the test cannot tell the two apart")
	}
}

func TestNumpySumOrder(t *testing.T) {
	// Values whose sum depends on the order: pairwise and sequential must differ somewhere.
	rng := rand.New(rand.NewPCG(3, 4))
	differ := false
	for range 200 {
		n := 8 + rng.IntN(300)
		a := make([]float64, n)
		for i := range a {
			a[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(6)))
		}
		term := func(k int) float64 { return a[k] }
		seq := numpySum(n, false, term)
		pw := numpySum(n, true, term)
		var ref float64
		for _, x := range a {
			ref += x
		}
		if seq != ref {
			t.Fatal("non-contiguous sum is not left to right")
		}
		if pw != seq {
			differ = true
		}
		if math.Abs(pw-seq) > 1e-9*math.Abs(seq)+1e-6 {
			t.Fatalf("pairwise %v far from sequential %v", pw, seq)
		}
	}
	if !differ {
		t.Fatal("pairwise never differed from sequential")
	}
	// The eight-accumulator block, by hand, for n = 10.
	a := []float64{1e16, 1, -1e16, 1, 3, 5, 7, 9, 0.5, 0.25}
	r := [8]float64{1e16, 1, -1e16, 1, 3, 5, 7, 9}
	want := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])) + 0.5 + 0.25
	if got := numpySum(10, true, func(k int) float64 { return a[k] }); got != want {
		t.Fatalf("pairwise block %v, want %v", got, want)
	}
}
