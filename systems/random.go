package systems

import (
	"hash/fnv"
	"math"

	"github.com/spikesweep/spikesweep/connect"
)

// Random draws made while a network runs (Poisson spikes, Poisson drives) are counter-based: the
// draw of element k at step i is a hash of (stream key, i, k). So it does not depend on which
// worker computes it, on how a stage's range is split, or on the order replicas advance; and a
// stream's key depends only on the point's seed and a label naming its object and purpose, so
// adding an unrelated object changes nothing.

// StreamKey is the key of the random stream labelled label (e.g. "exc/spikes") of the point with
// the given seed: splitmix64(seed ^ fnv1a64(label)).
func StreamKey(seed uint64, label string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(label))
	return connect.Mix(seed ^ h.Sum64())
}

// golden is SplitMix64's increment.
const golden = 0x9e3779b97f4a7c15

// stepKey is the start of step's block of a stream: element k's first draw is
// connect.Mix(stepKey + k*golden), the k-th output of a SplitMix64 sequence started there.
func stepKey(key uint64, step int) uint64 {
	return connect.Mix(key ^ (uint64(step) * 0xd1b54a32d192ed03))
}

// elemDraw is element k's first 64 random bits in a step's block.
func elemDraw(sk uint64, k int) uint64 { return connect.Mix(sk + uint64(k)*golden) }

// unit maps 64 random bits to a float64 in [0, 1) with 53 random bits.
func unit(h uint64) float64 { return float64(h>>11) * 0x1p-53 }

// binomialChunk bounds the mean of one inversion pass, so that (1-p)^n does not underflow and a
// pass walks few terms.
const binomialChunk = 16.0

// Binomial samples Binomial(n, p) by inversion, exactly (up to floating-point rounding of the
// cumulative sum): n is split into chunks of mean at most 16, each sampled by walking its
// cumulative distribution from 0, and the chunks' counts are added. The uniforms come from a
// SplitMix64 sequence starting at seed. Cost: O(1 + n*p) per sample.
type Binomial struct {
	n, chunk, last int     // total trials, trials per full chunk, trials of the last chunk
	p, ratio       float64 // success probability, p/(1-p)
	q0, q0last     float64 // (1-p)^chunk, (1-p)^last
}

// NewBinomial prepares sampling Binomial(n, p); 0 <= p <= 1 and n >= 0.
func NewBinomial(n int, p float64) Binomial {
	if n < 0 || !(p >= 0 && p <= 1) {
		panic("systems: bad binomial parameters")
	}
	b := Binomial{n: n, p: p}
	if n == 0 || p == 0 || p == 1 {
		return b
	}
	b.chunk = n
	if float64(n)*p > binomialChunk {
		b.chunk = max(1, int(binomialChunk/p))
	}
	b.last = n % b.chunk
	b.ratio = p / (1 - p)
	b.q0 = math.Pow(1-p, float64(b.chunk))
	b.q0last = math.Pow(1-p, float64(b.last))
	return b
}

// Mean is n*p.
func (b *Binomial) Mean() float64 { return float64(b.n) * b.p }

// Sample draws one value using the SplitMix64 sequence that starts at state.
func (b *Binomial) Sample(state uint64) int {
	switch {
	case b.n == 0 || b.p == 0:
		return 0
	case b.p == 1:
		return b.n
	}
	total := 0
	full := b.n / b.chunk
	for c := 0; c <= full; c++ {
		m, q0 := b.chunk, b.q0
		if c == full {
			if b.last == 0 {
				break
			}
			m, q0 = b.last, b.q0last
		}
		u := unit(connect.Mix(state + uint64(c)*golden))
		k, pk := 0, q0
		cdf := pk
		for u >= cdf && k < m {
			pk *= float64(m-k) / float64(k+1) * b.ratio
			k++
			cdf += pk
		}
		total += k
	}
	return total
}

// DriveSpan adds weight * Binomial draws to dst, the elements first, first+1, ... of one
// replica, at step: element k's count comes from the SplitMix64 sequence that starts at its
// draw in the step's block of the stream key.
func DriveSpan(dst []float64, first int, b *Binomial, weight float64, key uint64, step int) {
	if b.n == 0 || b.p == 0 {
		return
	}
	sk := stepKey(key, step)
	for i := range dst {
		if c := b.Sample(elemDraw(sk, first+i)); c != 0 {
			dst[i] += weight * float64(c)
		}
	}
}
