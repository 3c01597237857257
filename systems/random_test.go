package systems

import (
	"math"
	"testing"
)

// TestBinomialMoments checks the sampler's mean and variance against n*p and n*p*(1-p), for
// small means (one inversion pass) and large ones (several chunks), with 200k draws each: the
// tolerance is 5 standard errors of each moment.
func TestBinomialMoments(t *testing.T) {
	for _, c := range []struct {
		n int
		p float64
	}{{1000, 0.004}, {20, 0.3}, {10000, 0.01}, {5, 0.999}, {1, 0.5}} {
		b := NewBinomial(c.n, c.p)
		const draws = 200000
		var sum, sum2 float64
		sk := stepKey(StreamKey(7, "test/binomial"), 0)
		for k := range draws {
			x := float64(b.Sample(elemDraw(sk, k)))
			sum += x
			sum2 += x * x
		}
		mean := sum / draws
		vr := sum2/draws - mean*mean
		wantMean, wantVar := float64(c.n)*c.p, float64(c.n)*c.p*(1-c.p)
		seMean := math.Sqrt(wantVar / draws)
		// The sample variance's standard error, from the fourth central moment of the binomial:
		// mu4 = var^2 * (3 + (1 - 6pq)/(npq)).
		mu4 := wantVar * wantVar * (3 + (1-6*c.p*(1-c.p))/wantVar)
		seVar := math.Sqrt((mu4 - wantVar*wantVar) / draws)
		if math.Abs(mean-wantMean) > 5*seMean+1e-12 {
			t.Errorf("Binomial(%d, %v): mean %v, want %v ± %v", c.n, c.p, mean, wantMean, 5*seMean)
		}
		if math.Abs(vr-wantVar) > 5*seVar+1e-4*wantVar {
			t.Errorf("Binomial(%d, %v): variance %v, want %v ± %v", c.n, c.p, vr, wantVar, 5*seVar)
		}
	}
}

// TestBinomialPMF compares the histogram of 100k draws of Binomial(1000, 0.004) with the exact
// probabilities by a chi-square test over the cells 0..12 (and the tail): the statistic must stay
// below 40 (p ≈ 1e-4 for 13 degrees of freedom).
func TestBinomialPMF(t *testing.T) {
	const n, p, draws = 1000, 0.004, 100000
	b := NewBinomial(n, p)
	counts := make([]float64, 14)
	sk := stepKey(StreamKey(11, "test/pmf"), 3)
	for k := range draws {
		counts[min(b.Sample(elemDraw(sk, k)), 13)]++
	}
	chi2, cum := 0.0, 0.0
	for k := range 14 {
		var prob float64
		if k < 13 {
			lg, _ := math.Lgamma(n + 1)
			lk, _ := math.Lgamma(float64(k) + 1)
			lnk, _ := math.Lgamma(float64(n-k) + 1)
			prob = math.Exp(lg - lk - lnk + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
			cum += prob
		} else {
			prob = 1 - cum
		}
		e := prob * draws
		chi2 += (counts[k] - e) * (counts[k] - e) / e
	}
	if chi2 > 40 {
		t.Fatalf("chi-square %v over 14 cells: the draws do not follow Binomial(1000, 0.004); counts %v", chi2, counts)
	}
}

// TestStreamKeysDiffer: labels and seeds give unrelated keys, and a key is a pure function of them.
func TestStreamKeysDiffer(t *testing.T) {
	a, b, c := StreamKey(1, "exc/spikes"), StreamKey(1, "inh/spikes"), StreamKey(2, "exc/spikes")
	if a == b || a == c || b == c {
		t.Fatal("stream keys collide")
	}
	if a != StreamKey(1, "exc/spikes") {
		t.Fatal("stream key is not a function of (seed, label)")
	}
}
