package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
)

// Poisson is a population of independent Poisson spike trains (Brian2's PoissonGroup): at each
// step neuron k fires when a uniform draw in [0, 1) is below rate_k*dt (rate in Hz, dt in s), so
// a rate*dt above 1 fires every step and a rate at or below 0 never fires. The draw is
// counter-based (see StreamKey): label "<population>/spikes", element k, step i.
//
// The rate of each neuron is the parameter rate (one value, or one per neuron) plus, for that
// step only, an input to the variable rate: op "+" modulates it, op "=" replaces it, so a
// piecewise or CSV input makes the rate time-varying.
type Poisson struct{}

// RateVar is the input-only variable of Poisson: the rate in effect this step.
const RateVar ecs.Component = "rate"

var poissonInfo = &spec.ModelInfo{
	Name: "Poisson", Kind: spec.NeuronModel,
	Doc: "independent Poisson spike trains (Brian2 PoissonGroup): spike when rand() < rate*dt",
	Params: []spec.ParamInfo{
		{Name: "rate", Default: 0, Unit: "Hz", Doc: "firing rate; one value, a list per neuron, or a distribution", PerNeuron: true, NonNegative: true},
	},
	State:   []spec.VarInfo{{Name: "spike", Bool: true, Doc: "fired at this step"}},
	Methods: []string{"euler"},
	Inputs:  []string{"rate"},
}

func (Poisson) Info() *spec.ModelInfo { return poissonInfo }

type poisson struct {
	n     int
	dtSec float64
	keys  []uint64  // stream key per replica
	base  []float64 // rate per neuron of every replica, Hz
	rate  []float64 // the rate in effect this step (base, unless an input changed it)
	spike []bool
	fired []int64
}

func (Poisson) New(env *Env) (Object, error) {
	t := env.Table
	m := &poisson{n: t.Size, dtSec: env.Dt * 1e-3, spike: t.Bool(components.Spike), fired: make([]int64, t.Len())}
	m.base = make([]float64, t.Len())
	if per, ok := env.PerNeuron["rate"]; ok {
		copy(m.base, per)
	} else {
		rate := env.Params.Get("rate")
		for k := range m.base {
			m.base[k] = rate[k/m.n]
		}
	}
	m.rate = t.AddFloat64(RateVar, 0)
	copy(m.rate, m.base)
	m.keys = make([]uint64, env.Replicas)
	for r := range m.keys {
		m.keys[r] = StreamKey(env.Seeds[r], env.Name+"/spikes")
	}
	return m, nil
}

func (m *poisson) Stages() []Stage {
	return []Stage{{Name: "Poisson.update", Units: len(m.rate), Cost: 3, Run: m.update}}
}

// SpikeCount is the number of spikes of replica r so far.
func (m *poisson) SpikeCount(r int) int64 {
	var c int64
	for _, f := range m.fired[r*m.n : (r+1)*m.n] {
		c += f
	}
	return c
}

func (m *poisson) update(c Ctx, lo, hi int) {
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.n)
		sk := stepKey(m.keys[r], c.Step)
		base := r * m.n
		for k := lo; k < end; k++ {
			fired := unit(elemDraw(sk, k-base)) < m.rate[k]*m.dtSec
			m.spike[k] = fired
			if fired {
				m.fired[k]++
			}
			m.rate[k] = m.base[k]
		}
		lo = end
	}
}

func init() { Register(Poisson{}) }
