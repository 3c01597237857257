package sweep_test

import (
	"math"
	"testing"

	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// runFile loads a shipped sweep and runs all its points as replicas of one world.
func runFile(t *testing.T, path string) (*sweep.Sweep, *sched.MemorySink, *sched.Result) {
	t.Helper()
	s, err := sweep.Load(path, systems.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	var nets []*spec.Network
	for _, p := range s.Points() {
		nets = append(nets, p.Net)
	}
	sink := sched.NewMemorySink()
	sim, err := sched.Build(nets, sched.Options{Sink: sink, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	for r, f := range res.Failed {
		if f != nil {
			t.Fatalf("point %d: %v", r, f)
		}
	}
	return s, sink, res
}

// spikeSteps lists the steps at which neuron 0 of replica r fired.
func spikeSteps(b *sched.SpikeBatch, r int) []int {
	var out []int
	for i := range b.Step {
		if int(b.Replica[i]) == r && b.Index[i] == 0 {
			out = append(out, int(b.Step[i]))
		}
	}
	return out
}

func intervals(s []int) []int {
	var out []int
	for i := 1; i < len(s); i++ {
		out = append(out, s[i]-s[i-1])
	}
	return out
}

// The Izhikevich sweep shows its three firing patterns (Izhikevich 2003, fig. 2): regular
// spiking is tonic (no interval under 10 ms after the first); intrinsically bursting starts with
// a burst, then fires tonically; chattering repeats bursts (intervals under 10 ms within a
// burst, over 20 ms between bursts).
func TestIzhikevichSweepRuns(t *testing.T) {
	_, sink, res := runFile(t, "../sweeps/izhikevich.toml")
	counts := res.SpikeCounts["neu"]
	if len(counts) != 3 {
		t.Fatalf("%d points", len(counts))
	}
	for r, name := range []string{"RS", "IB", "CH"} {
		d := intervals(spikeSteps(sink.Spike["neu"], r))
		if counts[r]%10 != 0 {
			t.Errorf("%s: %d spikes; the 10 identical neurons should fire alike", name, counts[r])
		}
		short, long := 0, 0
		for _, x := range d[1:] {
			if x < 100 {
				short++
			} else if x > 200 {
				long++
			}
		}
		t.Logf("%s: %d spikes per neuron, intervals %v", name, counts[r]/10, d)
		if bursting := short > 0 && long > 0; bursting != (name != "RS") {
			t.Errorf("%s: %d short and %d long intervals", name, short, long)
		}
	}
	if m := sink.Monitors["neu"]; m == nil || len(m.Vars) != 2 {
		t.Fatal("v and u not recorded")
	}
}

// The AdEx sweep adapts: with b > 0 the intervals lengthen, and more b means fewer spikes.
func TestAdExSweepRuns(t *testing.T) {
	_, sink, res := runFile(t, "../sweeps/adex.toml")
	counts := res.SpikeCounts["neu"]
	t.Logf("spikes for b = 0, 80.5, 200 pA: %v", counts)
	if !(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > 2) {
		t.Fatalf("spike counts %v do not fall with b", counts)
	}
	d := intervals(spikeSteps(sink.Spike["neu"], 1))
	if len(d) < 3 || d[1] <= d[0] || d[2] <= d[1] {
		t.Fatalf("b = 80.5: intervals %v do not lengthen", d)
	}
}

// The NMDA-like synapse written as equations: without magnesium its current makes the post
// neuron fire; the block lowers the count as [Mg] grows, to silence at 1.2 mM, where the current
// at -55 mV is about a tenth of the unblocked one.
func TestNMDAMgSweepRuns(t *testing.T) {
	s, _, res := runFile(t, "../sweeps/nmda_mg.toml")
	counts := res.SpikeCounts["post"]
	if len(counts) != 5 {
		t.Fatalf("%d points", len(counts))
	}
	t.Logf("post spikes against Mg %v: %v", s.Axes[0].Values, counts)
	for r := 1; r < len(counts); r++ {
		if counts[r] > counts[r-1] {
			t.Errorf("more spikes with more magnesium: %v", counts)
		}
	}
	if counts[0] < 5 || counts[3] != 0 || counts[4] != 0 {
		t.Errorf("post spikes %v: want firing without Mg, none at 1.2 and 2 mM", counts)
	}
	for r, c := range res.SpikeCounts["pre"] {
		if c != res.SpikeCounts["pre"][0] {
			t.Errorf("point %d: the pre neuron fired %d times, point 0 %d", r, c, res.SpikeCounts["pre"][0])
		}
	}
}

// The NMDA-like synapse of sweeps/nmda_mg.toml against the same equations integrated by a plain
// loop (LIF by Euler, SEMANTICS.md §5; s and x by RK4, §6.3; the output with the post neuron's V
// of the previous step, which the synapse sees before the post group updates): every recorded
// s, x and post V of every point agrees to 1e-12 + 1e-9*|ref|.
func TestNMDAMgMatchesReferenceLoop(t *testing.T) {
	s, sink, _ := runFile(t, "../sweeps/nmda_mg.toml")
	const dt, steps = 0.1, 5000
	for r, mg := range s.Axes[0].Values {
		V1, V2, s1, x1 := 0.0, -65.0, 0.0, 0.0
		last1, last2 := -1e7, -1e7
		ref := map[string][]float64{}
		lif := func(V *float64, last *float64, in, rest, reset, th, tt float64) bool {
			if tt-*last <= 1 {
				return false
			}
			v := *V + ((-*V+rest)+in)/10*dt
			if v >= th {
				*V, *last = reset, tt
				return true
			}
			*V = v
			return false
		}
		f := func(s, x float64) (float64, float64) { return (-s)/100 + 0.5*x*(1-s), (-x) / 2 }
		for i := range steps {
			tt := float64(i) * dt
			spike := lif(&V1, &last1, 35, 0, -5, 20, tt)
			if spike {
				x1 += 1
			}
			k1s, k1x := f(s1, x1)
			k2s, k2x := f(s1+dt*k1s*0.5, x1+dt*k1x*0.5)
			k3s, k3x := f(s1+dt*k2s*0.5, x1+dt*k2x*0.5)
			k4s, k4x := f(s1+dt*k3s, x1+dt*k3x)
			s1 = s1 + k1s*dt/6 + k2s*dt/3 + k3s*dt/3 + k4s*dt/6
			x1 = x1 + k1x*dt/6 + k2x*dt/3 + k3x*dt/3 + k4x*dt/6
			B := 1 / (1 + math.Exp(-0.062*V2)*mg/3.57)
			in := -(0.2*s1)*B*(V2-0) + 10
			lif(&V2, &last2, in, -65, -65, -50, tt)
			ref["s"], ref["x"], ref["V"] = append(ref["s"], s1), append(ref["x"], x1), append(ref["V"], V2)
		}
		checked := 0
		for _, mon := range sink.Monitors {
			for v, name := range mon.Vars {
				for row := range mon.Step {
					if int(mon.Replica[row]) != r {
						continue
					}
					got, want := mon.Values[v][row], ref[name][mon.Step[row]]
					if math.Abs(got-want) > 1e-12+1e-9*math.Abs(want) {
						t.Fatalf("Mg %v: %s at step %d: %v, reference loop %v", mg, name, mon.Step[row], got, want)
					}
					checked++
				}
			}
		}
		if checked < 3*steps/5 {
			t.Fatalf("Mg %v: %d values checked", mg, checked)
		}
	}
}
