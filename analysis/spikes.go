package analysis

import (
	"math"
	"math/bits"
)

// neuronAcc is what Spikes keeps per neuron and replica: 40 bytes, pointer-free, touched once per
// spike. One struct per neuron keeps a spike's updates in one cache line.
type neuronAcc struct {
	count, first, last int32 // spikes in the window; steps of the first and last of them
	bin, cur, binN     int32 // the whole bin cur counts in; spikes in whole bins
	isiSq              int64 // Σ ISI² over intervals in the window, steps²
	binSq              int64 // Σ over finished whole bins of the count², for Var_b(c_ib)
}

// Spikes accumulates one population's spike statistics for the replicas of a world.
type Spikes struct {
	w        Window
	n        int // neurons per replica
	replicas int
	neurons  []neuronAcc // replica-major
	full     int         // whole bins in the window
	bin      int         // the bin being counted; every earlier one has been handed to onBin
	binEnd   int         // first step after it
	cur      []int32     // per replica: spikes in bin
	total    []int64     // per replica: spikes in the window
	popSum   []int64     // per replica: Σ_b C_b over whole bins
	popSq    []float64   // per replica: Σ_b C_b² over whole bins
	onBin    func(bin int, counts []int32)
	finished bool
}

// NewSpikes prepares the statistics of a population of n neurons in each of replicas replicas
// over the window w. onBin, if not nil, is called once for every bin of the window, in order,
// with the spike count of each replica in it (the slice is reused after the call): the
// population rate of replica r in bin b is counts[r] / (n × w.BinSteps(b) × dt / 1000) Hz.
func NewSpikes(n, replicas int, w Window, onBin func(bin int, counts []int32)) *Spikes {
	if n <= 0 || replicas <= 0 || w.Bin <= 0 {
		panic("analysis: NewSpikes needs neurons, replicas and a bin")
	}
	s := &Spikes{w: w, n: n, replicas: replicas, neurons: make([]neuronAcc, n*replicas), full: w.FullBins(),
		binEnd: w.Start + w.Bin, cur: make([]int32, replicas), total: make([]int64, replicas),
		popSum: make([]int64, replicas), popSq: make([]float64, replicas), onBin: onBin}
	for k := range s.neurons {
		s.neurons[k].bin = -1
	}
	return s
}

// Add takes a block of events (replica, step, neuron index), in step order across calls.
func (s *Spikes) Add(replica, step, index []int32) {
	if len(replica) != len(step) || len(index) != len(step) {
		panic("analysis: Spikes.Add: slice lengths do not match")
	}
	if s.finished {
		panic("analysis: Spikes.Add after Finish")
	}
	start, stop := int32(s.w.Start), int32(s.w.Stop)
	for e, st := range step {
		if st < start || st >= stop {
			continue
		}
		if int(st) >= s.binEnd {
			s.advance(int(st))
		}
		r := int(replica[e])
		nr := &s.neurons[r*s.n+int(index[e])]
		if nr.count > 0 {
			isi := int64(st - nr.last)
			nr.isiSq += isi * isi
		} else {
			nr.first = st
		}
		nr.last = st
		nr.count++
		if s.bin < s.full {
			if nr.bin != int32(s.bin) {
				nr.binSq += int64(nr.cur) * int64(nr.cur)
				nr.cur, nr.bin = 0, int32(s.bin)
			}
			nr.cur++
			nr.binN++
		}
		s.cur[r]++
	}
}

// advance closes the bins before the one that holds step.
func (s *Spikes) advance(step int) {
	target := (step - s.w.Start) / s.w.Bin
	for s.bin < target {
		s.closeBin()
	}
}

// closeBin hands the current bin to onBin and starts the next.
func (s *Spikes) closeBin() {
	for r, c := range s.cur {
		s.total[r] += int64(c)
		if s.bin < s.full {
			s.popSum[r] += int64(c)
			s.popSq[r] += float64(int64(c) * int64(c))
		}
	}
	if s.onBin != nil {
		s.onBin(s.bin, s.cur)
	}
	clear(s.cur)
	s.bin++
	s.binEnd += s.w.Bin
}

// Finish closes the remaining bins of the window (a run that ended early, or bins without
// spikes, get zeros). Call it once, after the last Add.
func (s *Spikes) Finish() {
	if s.finished {
		return
	}
	for s.bin < s.w.Bins() {
		s.closeBin()
	}
	for k := range s.neurons {
		nr := &s.neurons[k]
		nr.binSq += int64(nr.cur) * int64(nr.cur)
		nr.cur = 0
	}
	s.finished = true
}

// Count is replica r's number of spikes in the window (after Finish).
func (s *Spikes) Count(r int) int64 { return s.total[r] }

// Rate is replica r's mean firing rate in the window, Hz (NaN for an empty window).
func (s *Spikes) Rate(r int) float64 {
	if s.w.Steps() == 0 {
		return math.NaN()
	}
	return float64(s.total[r]) / (float64(s.n) * s.w.Seconds())
}

// CV is replica r's mean over neurons with at least 3 spikes in the window of the coefficient of
// variation of their inter-spike intervals; NaN when no neuron has 3.
func (s *Spikes) CV(r int) float64 {
	sum, k := 0.0, 0
	for _, nr := range s.neurons[r*s.n : (r+1)*s.n] {
		if nr.count < 3 {
			continue
		}
		sum += cvOf(nr)
		k++
	}
	if k == 0 {
		return math.NaN()
	}
	return sum / float64(k)
}

// cvOf is std/mean of a neuron's m = count-1 intervals. With span = last-first = Σ ISI,
// CV² = (m Σ ISI² - span²) / span², computed exactly in 128-bit integers (a regular train gives
// exactly 0), then rounded once.
func cvOf(nr neuronAcc) float64 {
	m := uint64(nr.count - 1)
	span := uint64(nr.last - nr.first)
	hi, lo := bits.Mul64(m, uint64(nr.isiSq))
	shi, slo := bits.Mul64(span, span)
	lo, borrow := bits.Sub64(lo, slo, 0)
	hi, _ = bits.Sub64(hi, shi, borrow)
	num := float64(float64(hi)*0x1p64) + float64(lo)
	return math.Sqrt(num) / float64(span)
}

// Sync is replica r's Golomb χ over the whole bins of the window (see the package
// documentation); NaN with fewer than 2 whole bins or no variation.
func (s *Spikes) Sync(r int) float64 {
	B := float64(s.full)
	if s.full < 2 {
		return math.NaN()
	}
	sum := float64(s.popSum[r])
	popVar := float64(B*s.popSq[r]) - float64(sum*sum) // B² Var_b(C_b)
	den := 0.0                                         // B² Σ_i Var_b(c_ib)
	for _, nr := range s.neurons[r*s.n : (r+1)*s.n] {
		if nr.binN == 0 {
			continue
		}
		n := float64(nr.binN)
		den += float64(B*float64(nr.binSq)) - float64(n*n)
	}
	if !(den > 0) {
		return math.NaN()
	}
	chi2 := max(0, popVar) / (float64(s.n) * den)
	return math.Sqrt(chi2)
}
