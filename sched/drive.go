package sched

import (
	"fmt"
	"math"

	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/systems"
)

// seeds lists each replica's point seed.
func seeds(nets []*spec.Network) []uint64 {
	out := make([]uint64, len(nets))
	for r, n := range nets {
		out[r] = n.Seed
	}
	return out
}

// perNeuronParams builds the per-neuron columns of population pi's parameters given as lists or
// distributions, or nil when there are none.
func perNeuronParams(nets []*spec.Network, pi int) map[string][]float64 {
	pop := &nets[0].Populations[pi]
	if len(pop.ParamsPerNeuron) == 0 && len(pop.ParamsRandom) == 0 {
		return nil
	}
	out := map[string][]float64{}
	n, R := pop.Size, len(nets)
	for r, net := range nets {
		p := &net.Populations[pi]
		for name, vals := range p.ParamsPerNeuron {
			if out[name] == nil {
				out[name] = make([]float64, n*R)
			}
			copy(out[name][r*n:(r+1)*n], vals)
		}
		for name, d := range p.ParamsRandom {
			if out[name] == nil {
				out[name] = make([]float64, n*R)
			}
			drawDist(out[name][r*n:(r+1)*n], d, connSeed(net.Seed, p.Name+"/param/"+name))
		}
	}
	return out
}

// checkDrive validates a Poisson drive's values.
func checkDrive(what string, d *spec.PoissonDrive, dt float64) error {
	switch {
	case !(d.Rate >= 0) || !finite(d.Rate):
		return buildErr(what, "poisson.rate", "must be a non-negative rate in Hz, got %v", d.Rate)
	case d.Rate*dt*1e-3 > 1:
		return buildErr(what, "poisson.rate", "rate %v Hz gives more than one event per process in a step of %v ms (rate*dt > 1)", d.Rate, dt)
	case !(d.N >= 0) || d.N != math.Trunc(d.N) || d.N > math.MaxInt32:
		return buildErr(what, "poisson.n", "must be a whole number of processes >= 0, got %v", d.N)
	case !finite(d.Weight):
		return buildErr(what, "poisson.weight", "must be a finite number, got %v", d.Weight)
	}
	return nil
}

// addDrive adds a Poisson drive (input ii, Brian2's PoissonInput) to its target's input slot:
// each step, element k of replica r gets weight * Binomial(n, rate*dt) added to the variable.
// The counts come from the counter-based stream labelled "input/<target>.<var>#<j>/poisson",
// j counting the drives of that variable in file order, so they do not depend on workers or on
// other objects.
func (s *Sim) addDrive(nets []*spec.Network, ii int) {
	in := nets[0].Inputs[ii]
	o := s.byName[in.Target]
	col := o.table.Float64(ecs.Component(in.Var))
	n, R := o.table.Size, s.Replicas
	j := 0
	for _, other := range nets[0].Inputs[:ii] {
		if other.Poisson != nil && other.Target == in.Target && other.Var == in.Var {
			j++
		}
	}
	label := fmt.Sprintf("input/%s.%s#%d/poisson", in.Target, in.Var, j)
	dists := make([]systems.Binomial, R)
	weight := make([]float64, R)
	keys := make([]uint64, R)
	for r := range R {
		d := nets[r].Inputs[ii].Poisson
		dists[r] = systems.NewBinomial(int(d.N), d.Rate*s.Dt*1e-3)
		weight[r] = d.Weight
		keys[r] = systems.StreamKey(nets[r].Seed, label)
	}
	o.inputs = append(o.inputs, systems.Stage{Name: fmt.Sprintf("drive %s.%s", in.Target, in.Var), Units: n * R,
		// Cost: a binomial draw with its counter-based uniform is about 20 ns (W6's profile).
		// Elements: element k of the target gets draw k only, so the drive joins the target's
		// update in one parallel region.
		Cost: 20 + int(dists[0].Mean()), Elements: o.table, Writes: []ecs.Component{ecs.Component(in.Var)},
		Run: func(c systems.Ctx, lo, hi int) {
			for lo < hi {
				r, end := ecs.Span(lo, hi, n)
				systems.DriveSpan(col[lo:end], lo-r*n, &dists[r], weight[r], keys[r], c.Step)
				lo = end
			}
		}})
}
