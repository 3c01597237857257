package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/spikesweep/spikesweep/spec"
)

// train is a list of events in step order.
type train struct{ replica, step, index []int32 }

func (tr *train) add(r, st, i int) {
	tr.replica = append(tr.replica, int32(r))
	tr.step = append(tr.step, int32(st))
	tr.index = append(tr.index, int32(i))
}

// sorted orders events by step, then replica, then index: the order the engine records them in.
func (tr *train) sorted() *train {
	idx := make([]int, len(tr.step))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if tr.step[a] != tr.step[b] {
			return int(tr.step[a] - tr.step[b])
		}
		if tr.replica[a] != tr.replica[b] {
			return int(tr.replica[a] - tr.replica[b])
		}
		return int(tr.index[a] - tr.index[b])
	})
	out := &train{}
	for _, i := range idx {
		out.add(int(tr.replica[i]), int(tr.step[i]), int(tr.index[i]))
	}
	return out
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestWindow(t *testing.T) {
	w := NewWindow(nil, 0.1, 1000)
	if w != (Window{Start: 0, Stop: 10000, Bin: 10, Dt: 0.1}) {
		t.Errorf("default window = %+v", w)
	}
	// 200/0.1 is 2000.0000000000002: still step 2000.
	w = NewWindow(&spec.Analysis{Start: 200, Stop: 900, Bin: 5}, 0.1, 1000)
	if w != (Window{Start: 2000, Stop: 9000, Bin: 50, Dt: 0.1}) {
		t.Errorf("window = %+v", w)
	}
	if w.Bins() != 140 || w.FullBins() != 140 || !near(w.Seconds(), 0.7, 1e-12) {
		t.Errorf("bins %d, full %d, seconds %v", w.Bins(), w.FullBins(), w.Seconds())
	}
	w = NewWindow(&spec.Analysis{Start: 0.05, Bin: 0.3}, 0.1, 1.0) // start between steps: step 1
	if w.Start != 1 || w.Stop != 10 || w.Bin != 3 || w.Bins() != 3 || w.FullBins() != 3 {
		t.Errorf("window = %+v", w)
	}
	w = NewWindow(&spec.Analysis{Bin: 0.4}, 0.1, 1.0)
	if w.Bins() != 3 || w.FullBins() != 2 || w.BinSteps(2) != 2 {
		t.Errorf("partial bin: %+v bins %d full %d last %d", w, w.Bins(), w.FullBins(), w.BinSteps(2))
	}
}

// A regular train: CV exactly 0 and the rate of its period; a train with ISIs 10, 20, 30 steps:
// mean 20, std sqrt(200/3), so CV sqrt(200/3)/20.
func TestSpikesHandChecked(t *testing.T) {
	w := NewWindow(nil, 0.1, 1000) // 10000 steps, 1 s
	tr := &train{}
	for st := 0; st < 10000; st += 100 { // neuron 0: every 10 ms, 100 spikes
		tr.add(0, st, 0)
	}
	for _, st := range []int{5, 15, 35, 65} { // neuron 1: ISIs 10, 20, 30
		tr.add(0, st, 1)
	}
	tr.add(0, 7, 2) // neuron 2: two spikes, no CV
	tr.add(0, 9000, 2)
	tr = tr.sorted()
	s := NewSpikes(3, 1, w, nil)
	s.Add(tr.replica, tr.step, tr.index)
	s.Finish()
	if got := s.Count(0); got != 106 {
		t.Errorf("count = %d, want 106", got)
	}
	if got, want := s.Rate(0), 106.0/3; !near(got, want, 1e-12) {
		t.Errorf("rate = %v Hz, want %v", got, want)
	}
	// Mean over neurons 0 and 1 (neuron 2 has fewer than 3 spikes).
	if got, want := s.CV(0), (0+math.Sqrt(200.0/3)/20)/2; !near(got, want, 1e-15) {
		t.Errorf("CV = %v, want %v", got, want)
	}
	only := NewSpikes(1, 1, w, nil)
	for st := 0; st < 10000; st += 100 {
		only.Add([]int32{0}, []int32{int32(st)}, []int32{0})
	}
	only.Finish()
	if only.CV(0) != 0 || only.Rate(0) != 100 {
		t.Errorf("regular 100 Hz train: CV %v (want exactly 0), rate %v (want 100)", only.CV(0), only.Rate(0))
	}
	// Fewer than 3 spikes everywhere: CV is NaN, as documented; a silent population's χ too.
	two := NewSpikes(2, 1, w, nil)
	two.Add([]int32{0, 0}, []int32{10, 20}, []int32{1, 1})
	two.Finish()
	if !math.IsNaN(two.CV(0)) {
		t.Errorf("CV with 2 spikes = %v, want NaN", two.CV(0))
	}
	silent := NewSpikes(4, 1, w, nil)
	silent.Finish()
	if !math.IsNaN(silent.Sync(0)) || silent.Rate(0) != 0 || !math.IsNaN(silent.CV(0)) {
		t.Errorf("silent: sync %v cv %v rate %v", silent.Sync(0), silent.CV(0), silent.Rate(0))
	}
}

// Spikes before start and at or after stop do not count, and the rate is over the window's length.
func TestSpikesWindow(t *testing.T) {
	w := NewWindow(&spec.Analysis{Start: 200, Stop: 700, Bin: 10}, 0.1, 1000) // steps [2000, 7000)
	s := NewSpikes(1, 1, w, nil)
	var steps []int32
	for st := 0; st < 10000; st += 500 { // 20 spikes over the run, 10 in the window
		steps = append(steps, int32(st))
	}
	steps = append(steps[:4], append([]int32{1999}, steps[4:]...)...) // just before the window
	zeros := make([]int32, len(steps))
	s.Add(zeros, steps, zeros)
	s.Finish()
	if s.Count(0) != 10 {
		t.Errorf("count in window = %d, want 10 (steps 2000, 2500, ..., 6500)", s.Count(0))
	}
	if got := s.Rate(0); !near(got, 10/0.5, 1e-12) {
		t.Errorf("rate = %v, want 20 Hz (10 spikes in 0.5 s)", got)
	}
	if s.CV(0) != 0 {
		t.Errorf("CV = %v, want 0: the spike at step 1999 is outside", s.CV(0))
	}
}

// bernoulli draws independent trains, spike probability p per step, for n neurons and replicas.
func bernoulli(seed uint64, n, replicas, steps int, p float64) *train {
	rng := rand.New(rand.NewPCG(seed, 7))
	tr := &train{}
	for st := range steps {
		for r := range replicas {
			for i := range n {
				if rng.Float64() < p {
					tr.add(r, st, i)
				}
			}
		}
	}
	return tr
}

// Poisson-like trains (a Bernoulli draw per step, as a Poisson source makes): CV near 1 (the
// discrete-time interval is geometric, CV sqrt(1-p) = 0.999), the rate near the drawn one, and
// χ near 1/sqrt(N) for independent neurons.
func TestSpikesPoisson(t *testing.T) {
	const n, steps, dt, rate = 100, 100000, 0.1, 20.0 // 10 s at 20 Hz: about 200 spikes a neuron
	w := NewWindow(&spec.Analysis{Bin: 5}, dt, steps*dt)
	tr := bernoulli(1, n, 2, steps, rate*dt/1000)
	s := NewSpikes(n, 2, w, nil)
	s.Add(tr.replica, tr.step, tr.index)
	s.Finish()
	for r := range 2 {
		// Rate: 20000 expected spikes per replica, sd 141: within 3% is 4 sd.
		if got := s.Rate(r); !near(got, rate, 0.03*rate) {
			t.Errorf("replica %d: rate %v, want %v within 3%%", r, got, rate)
		}
		// CV: each neuron's CV has sd about 1/sqrt(200) = 0.07; their mean over 100 about 0.007.
		if got := s.CV(r); !near(got, 1, 0.03) {
			t.Errorf("replica %d: CV %v, want 1 within 0.03", r, got)
		}
		// χ² of independent trains is 1/N plus sampling noise: χ√N within [0.7, 1.3].
		if got := s.Sync(r) * math.Sqrt(n); got < 0.7 || got > 1.3 {
			t.Errorf("replica %d: χ·sqrt(N) = %v, want about 1", r, got)
		}
	}
}

// Fully synchronous trains (every neuron fires in the same steps) have χ = 1; half of them
// synchronous and half independent lie in between, as the formula predicts.
func TestSpikesSync(t *testing.T) {
	const n, steps = 50, 20000
	w := NewWindow(&spec.Analysis{Bin: 1}, 0.1, steps*0.1)
	rng := rand.New(rand.NewPCG(3, 4))
	sync := &train{}
	for st := range steps {
		if rng.Float64() < 0.01 {
			for i := range n {
				sync.add(0, st, i)
			}
		}
	}
	s := NewSpikes(n, 1, w, nil)
	s.Add(sync.replica, sync.step, sync.index)
	s.Finish()
	if got := s.Sync(0); !near(got, 1, 1e-12) {
		t.Errorf("synchronous χ = %v, want 1", got)
	}
	indep := bernoulli(5, n, 1, steps, 0.01)
	mixed := &train{}
	for e := range sync.step { // neurons 0..24 synchronous, 25..49 independent
		if sync.index[e] < n/2 {
			mixed.add(0, int(sync.step[e]), int(sync.index[e]))
		}
	}
	for e := range indep.step {
		if indep.index[e] >= n/2 {
			mixed.add(0, int(indep.step[e]), int(indep.index[e]))
		}
	}
	mixed = mixed.sorted()
	m := NewSpikes(n, 1, w, nil)
	m.Add(mixed.replica, mixed.step, mixed.index)
	m.Finish()
	// Var(C) ≈ 25²v + 25v with per-neuron variance v each: χ² ≈ (625+25)/(50·50) = 0.26.
	if got := m.Sync(0); !near(got, math.Sqrt(0.26), 0.05) {
		t.Errorf("half-synchronous χ = %v, want about %v", got, math.Sqrt(0.26))
	}
}

// The bins handed out cover the window in order, count every spike once, and do not depend on
// how the events are split into blocks (nor do the statistics, to the bit).
func TestSpikesBinsAndBlocks(t *testing.T) {
	const n, replicas = 20, 3
	w := NewWindow(&spec.Analysis{Start: 10, Stop: 497.3, Bin: 2.5}, 0.1, 500) // 4874 steps: partial last bin
	tr := bernoulli(9, n, replicas, 5000, 0.02)
	var bins []int
	counts := make([]int64, replicas)
	s := NewSpikes(n, replicas, w, func(b int, c []int32) {
		bins = append(bins, b)
		for r, k := range c {
			counts[r] += int64(k)
		}
	})
	s.Add(tr.replica, tr.step, tr.index)
	s.Finish()
	if len(bins) != w.Bins() || bins[len(bins)-1] != w.Bins()-1 || w.Bins() == w.FullBins() {
		t.Fatalf("bins %d (last %d), want %d with a partial last one", len(bins), bins[len(bins)-1], w.Bins())
	}
	for r := range replicas {
		direct := int64(0)
		for e, st := range tr.step {
			if int(tr.replica[e]) == r && int(st) >= w.Start && int(st) < w.Stop {
				direct++
			}
		}
		if counts[r] != direct || s.Count(r) != direct {
			t.Errorf("replica %d: bins sum to %d, Count %d, direct %d", r, counts[r], s.Count(r), direct)
		}
	}
	// The same events in blocks of 7.
	b := NewSpikes(n, replicas, w, nil)
	for lo := 0; lo < len(tr.step); lo += 7 {
		hi := min(lo+7, len(tr.step))
		b.Add(tr.replica[lo:hi], tr.step[lo:hi], tr.index[lo:hi])
	}
	b.Finish()
	for r := range replicas {
		if b.Rate(r) != s.Rate(r) || b.CV(r) != s.CV(r) || b.Sync(r) != s.Sync(r) {
			t.Errorf("replica %d: blocks give %v %v %v, one block %v %v %v", r, b.Rate(r), b.CV(r), b.Sync(r), s.Rate(r), s.CV(r), s.Sync(r))
		}
	}
}

// Mean and std against a direct two-pass computation over the rows in the window.
func TestMonitor(t *testing.T) {
	w := NewWindow(&spec.Analysis{Start: 5, Stop: 15}, 0.1, 20) // steps [50, 150) of 200
	rng := rand.New(rand.NewPCG(11, 12))
	const replicas, elems = 2, 4
	var rep, step []int32
	vals := [][]float64{nil, nil}
	for st := 0; st < 200; st += 3 { // every 3 steps: 33 of them (51 ... 147) in the window
		for r := range replicas {
			for range elems {
				rep = append(rep, int32(r))
				step = append(step, int32(st))
				vals[0] = append(vals[0], -65+3*rng.NormFloat64()) // a large mean, small spread
				vals[1] = append(vals[1], float64(rng.IntN(2)))
			}
		}
	}
	m := NewMonitor(2, replicas, w)
	for lo := 0; lo < len(step); lo += 50 {
		hi := min(lo+50, len(step))
		m.Add(rep[lo:hi], step[lo:hi], [][]float64{vals[0][lo:hi], vals[1][lo:hi]})
	}
	for r := range replicas {
		for v := range 2 {
			var xs []float64
			for i, st := range step {
				if int(rep[i]) == r && st >= 50 && st < 150 {
					xs = append(xs, vals[v][i])
				}
			}
			mean := 0.0
			for _, x := range xs {
				mean += x
			}
			mean /= float64(len(xs))
			ss := 0.0
			for _, x := range xs {
				ss += (x - mean) * (x - mean)
			}
			std := math.Sqrt(ss / float64(len(xs)))
			if m.N(r, v) != int64(len(xs)) || len(xs) != 33*elems {
				t.Errorf("replica %d var %d: %d values, want %d", r, v, m.N(r, v), len(xs))
			}
			if !near(m.Mean(r, v), mean, 1e-12*math.Abs(mean)) || !near(m.Std(r, v), std, 1e-11*std) {
				t.Errorf("replica %d var %d: mean %v std %v, direct %v %v", r, v, m.Mean(r, v), m.Std(r, v), mean, std)
			}
		}
	}
	empty := NewMonitor(1, 1, w)
	if !math.IsNaN(empty.Mean(0, 0)) || !math.IsNaN(empty.Std(0, 0)) {
		t.Error("no values: mean and std should be NaN")
	}
}
