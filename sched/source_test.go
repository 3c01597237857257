package sched_test

import (
	"math"
	"slices"
	"testing"

	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

func runNets(t *testing.T, nets []*spec.Network, workers int) (*sched.MemorySink, *sched.Result) {
	t.Helper()
	sink := sched.NewMemorySink()
	sim, err := sched.Build(nets, sched.Options{Workers: workers, Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	return sink, res
}

func poissonNet(seed uint64, rate float64, n int, duration float64) *spec.Network {
	return &spec.Network{Dt: 0.1, Duration: duration, Seed: seed,
		Populations: []spec.Population{{Name: "src", Model: "Poisson", Size: n, Params: map[string]float64{"rate": rate}}},
		Spikes:      []string{"src"}}
}

// TestPoissonSourceStatistics: 400 neurons at 20 Hz for 5 s. The total count is within 5 standard
// deviations of n*rate*T; the Fano factor of the per-neuron counts is 1 ± 0.2 (its standard error
// is about 0.07 for 400 neurons); the pooled coefficient of variation of inter-spike intervals is
// 1 ± 0.03 (a geometric ISI in steps has CV sqrt(1-p) = 0.999; standard error about 0.007).
func TestPoissonSourceStatistics(t *testing.T) {
	const n, rate, T = 400, 20.0, 5000.0
	sink, res := runNets(t, []*spec.Network{poissonNet(5, rate, n, T)}, 1)
	total := float64(res.SpikeCounts["src"][0])
	want := n * rate * T / 1000
	if math.Abs(total-want) > 5*math.Sqrt(want) {
		t.Fatalf("%v spikes, want %v ± %v", total, want, 5*math.Sqrt(want))
	}
	sp := sink.Spike["src"]
	counts := make([]float64, n)
	last := make([]int32, n)
	for i := range last {
		last[i] = -1
	}
	var isis []float64
	for i, k := range sp.Index {
		counts[k]++
		if last[k] >= 0 {
			isis = append(isis, float64(sp.Step[i]-last[k]))
		}
		last[k] = sp.Step[i]
	}
	m, v := meanVar(counts)
	if fano := v / m; math.Abs(fano-1) > 0.2 {
		t.Errorf("Fano factor of counts %v, want 1 ± 0.2", fano)
	}
	im, iv := meanVar(isis)
	if cv := math.Sqrt(iv) / im; math.Abs(cv-1) > 0.03 {
		t.Errorf("ISI CV %v, want 1 ± 0.03", cv)
	}
	if math.Abs(im*0.1-1000/rate) > 0.05*1000/rate {
		t.Errorf("mean ISI %v ms, want %v ms ± 5%%", im*0.1, 1000/rate)
	}
}

func meanVar(x []float64) (float64, float64) {
	var s, s2 float64
	for _, v := range x {
		s += v
	}
	m := s / float64(len(x))
	for _, v := range x {
		s2 += (v - m) * (v - m)
	}
	return m, s2 / float64(len(x)-1)
}

// TestPoissonSourceDeterminism: the spikes of a point are the same for 1, 2 and 3 workers, as
// one replica of three or alone, and when an unrelated population is added before it.
func TestPoissonSourceDeterminism(t *testing.T) {
	mk := func(seed uint64) *spec.Network { return poissonNet(seed, 50, 300, 200) }
	alone, _ := runNets(t, []*spec.Network{mk(9)}, 1)
	ref := alone.Spike["src"]
	if len(ref.Step) < 1000 {
		t.Fatalf("only %d spikes", len(ref.Step))
	}
	for _, w := range []int{1, 2, 3} {
		sink, _ := runNets(t, []*spec.Network{mk(4), mk(9), mk(6)}, w)
		sp := sink.Spike["src"]
		var steps, idx []int32
		for i, r := range sp.Replica {
			if r == 1 {
				steps, idx = append(steps, sp.Step[i]), append(idx, sp.Index[i])
			}
		}
		if !slices.Equal(steps, ref.Step) || !slices.Equal(idx, ref.Index) {
			t.Fatalf("%d workers, replica 1 of 3: spikes differ from the point run alone", w)
		}
	}
	other := mk(9)
	other.Populations = append([]spec.Population{{Name: "other", Model: "Poisson", Size: 50, Params: map[string]float64{"rate": 10}}}, other.Populations...)
	sink, _ := runNets(t, []*spec.Network{other}, 2)
	if sp := sink.Spike["src"]; !slices.Equal(sp.Step, ref.Step) || !slices.Equal(sp.Index, ref.Index) {
		t.Fatal("adding an unrelated population changed the spikes")
	}
}

// TestPoissonSourcePerNeuronRate: rates given per neuron, and a time-varying rate through an
// input, give the expected counts (5 standard deviations).
func TestPoissonSourcePerNeuronRate(t *testing.T) {
	net := poissonNet(2, 0, 200, 4000)
	rates := make([]float64, 200)
	for i := range rates {
		rates[i] = float64(i%2) * 40 // even neurons silent, odd at 40 Hz
	}
	net.Populations[0].ParamsPerNeuron = map[string][]float64{"rate": rates}
	sink, _ := runNets(t, []*spec.Network{net}, 2)
	var odd float64
	for _, k := range sink.Spike["src"].Index {
		if k%2 == 0 {
			t.Fatalf("neuron %d has rate 0 but fired", k)
		}
		odd++
	}
	if want := 100 * 40 * 4.0; math.Abs(odd-want) > 5*math.Sqrt(want) {
		t.Fatalf("%v spikes, want %v", odd, want)
	}
	// 0 Hz for the first 2 s, then 30 Hz (op "=" replaces the parameter's rate).
	net = poissonNet(2, 5, 200, 4000)
	net.Inputs = []spec.Input{{Target: "src", Var: "rate", Op: "=", Pieces: []spec.Segment{{Value: []float64{0}, Duration: 2000}, {Value: []float64{30}, Duration: 2000}}}}
	sink, _ = runNets(t, []*spec.Network{net}, 1)
	var late float64
	for _, s := range sink.Spike["src"].Step {
		if s < 20000 {
			t.Fatalf("spike at step %d while the rate is 0", s)
		}
		late++
	}
	if want := 200 * 30 * 2.0; math.Abs(late-want) > 5*math.Sqrt(want) {
		t.Fatalf("%v spikes in the second half, want %v", late, want)
	}
}

// TestPoissonDriveMoments drives V of LIF neurons that neither leak (tau = 1e12 ms) nor fire:
// V after T is weight times the sum of the step counts, so over 500 neurons its mean and
// variance must match weight*n*p*steps and weight²*n*p*(1-p)*steps (5 standard errors). The
// result is the same for 1 and 2 workers and with the drive's point as the second of two replicas.
func TestPoissonDriveMoments(t *testing.T) {
	const size, rate, nProc, w, T = 500, 40.0, 250, 0.1, 200.0
	mk := func(seed uint64) *spec.Network {
		return &spec.Network{Dt: 0.1, Duration: T, Seed: seed,
			Populations: []spec.Population{{Name: "lif", Model: "LIF", Size: size, Method: "euler",
				Params: map[string]float64{"tau": 1e12, "V_th": 1e9}}},
			Inputs:   []spec.Input{{Target: "lif", Var: "V", Poisson: &spec.PoissonDrive{Rate: rate, N: nProc, Weight: w}}},
			Monitors: []spec.Monitor{{Target: "lif", Vars: []string{"V"}, Every: 1999}}}
	}
	final := func(sink *sched.MemorySink, replica int32) []float64 {
		b := sink.Monitors["lif"]
		var out []float64
		for i := range b.Step {
			if b.Step[i] == 1999 && b.Replica[i] == replica {
				out = append(out, b.Values[0][i])
			}
		}
		return out
	}
	s1, _ := runNets(t, []*spec.Network{mk(1)}, 1)
	v := final(s1, 0)
	if len(v) != size {
		t.Fatalf("%d final values", len(v))
	}
	steps, p := T/0.1, rate*0.1e-3
	m, vr := meanVar(v)
	wantM, wantV := w*nProc*p*steps, w*w*nProc*p*(1-p)*steps
	if se := math.Sqrt(wantV / size); math.Abs(m-wantM) > 5*se {
		t.Errorf("mean V %v, want %v ± %v", m, wantM, 5*se)
	}
	if se := wantV * math.Sqrt(2.0/size); math.Abs(vr-wantV) > 5*se {
		t.Errorf("variance of V %v, want %v ± %v", vr, wantV, 5*se)
	}
	s2, _ := runNets(t, []*spec.Network{mk(3), mk(1)}, 2)
	if !slices.Equal(final(s2, 1), v) {
		t.Fatal("the drive differs with 2 workers and another replica")
	}
}
