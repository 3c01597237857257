package bench

import (
	"fmt"
	"testing"

	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
)

// lifPopulation is n LIF neurons with random constant drive and no synapses.
func lifPopulation(n int, steps int) *spec.Network {
	net := netgen.Plastic(n, 0, float64(steps)/10, 1)
	net.Projections = nil
	net.Order = nil
	net.Spikes = nil
	return net
}

// stpProjection is a pre population of 1000 neurons onto 1000 post neurons with about syn STP
// synapses (fixed probability), or STDP when model says so.
func projection(model string, syn, steps int) *spec.Network {
	n := 1000
	net := netgen.Plastic(n, 2*syn, float64(steps)/10, 7)
	for _, p := range net.Projections {
		if p.Model == model {
			net.Projections = []spec.Projection{p}
			break
		}
	}
	net.Order = []string{"exc", net.Projections[0].Name}
	net.Spikes = nil
	return net
}

func benchSim(b *testing.B, net *spec.Network, workers int, unit string, units float64) {
	b.Helper()
	steps := net.Steps()
	var elapsed float64
	for b.Loop() {
		b.StopTimer()
		sim, err := sched.Build([]*spec.Network{net}, sched.Options{Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := sim.Run(); err != nil {
			b.Fatal(err)
		}
	}
	elapsed = b.Elapsed().Seconds()
	total := units * float64(steps) * float64(b.N)
	b.ReportMetric(elapsed/total*1e9, "ns/"+unit)
	b.ReportMetric(total/elapsed, unit+"s/s")
}

func BenchmarkLIF(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		for _, w := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%d/workers=%d", n, w), func(b *testing.B) {
				benchSim(b, lifPopulation(n, 200), w, "neuron-step", float64(n))
			})
		}
	}
}

func BenchmarkSynapses(b *testing.B) {
	for _, model := range []string{"STP", "STDP"} {
		for _, syn := range []int{100000, 1000000} {
			for _, w := range []int{1, 2} {
				b.Run(fmt.Sprintf("%s/syn=%d/workers=%d", model, syn, w), func(b *testing.B) {
					net := projection(model, syn, 100)
					sim, _ := sched.Build([]*spec.Network{net}, sched.Options{})
					nSyn := float64(sim.World.Table(net.Projections[0].Name).Size)
					benchSim(b, net, w, "synapse-step", nSyn)
				})
			}
		}
	}
}

// BenchmarkSchedulerOverhead is the cost of one step of the 2-neuron STP demo: what the scheduler
// adds on top of a plain loop for tiny networks.
func BenchmarkSchedulerOverhead(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			net := netgen.STPPair(1000, 0.2, 150, 2)
			net.Spikes = nil
			benchSim(b, net, w, "step", 1)
		})
	}
}
