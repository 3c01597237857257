package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// Rate is the rate unit of the plasticity documents. With leak = 1 (document 001's neu) it decays,
// dr/dt = -r/tau + input, by Euler; with leak = 0 (document 000's neu) its update does nothing
// and r is whatever inputs and synapses set.
type Rate struct{}

var rateInfo = &spec.ModelInfo{
	Name: "Rate", Kind: spec.NeuronModel,
	Doc: "firing-rate unit: leaky (leak=1, dr/dt = -r/tau + input) or static (leak=0)",
	Params: []spec.ParamInfo{
		{Name: "tau", Default: 10, Unit: "ms", Doc: "decay time constant (leaky only)", PerNeuron: true, Positive: true},
		{Name: "leak", Default: 1, Unit: "1", Doc: "1: leaky unit of document 001; 0: static unit of document 000"},
	},
	State: []spec.VarInfo{
		{Name: "r", Unit: "1", Doc: "firing rate"},
		{Name: "input", Unit: "1", Doc: "input of this step, zeroed by the update"},
	},
	Methods: []string{"euler", "rk4"},
}

func (Rate) Info() *spec.ModelInfo { return rateInfo }

type rate struct {
	n         int
	dt        float64
	method    integrators.Method
	tau, leak []float64 // per replica
	r, input  []float64
	// tauPerNeuron, when tau is given per neuron, holds it per element (len n*replicas).
	tauPerNeuron []float64
}

func (Rate) New(env *Env) (Object, error) {
	t := env.Table
	u := &rate{n: t.Size, dt: env.Dt, method: env.Method, tau: env.Params.Get("tau"),
		leak: env.Params.Get("leak"), r: t.Float64(components.Rate), input: t.Float64(components.Input)}
	if _, ok := env.PerNeuron["tau"]; ok {
		u.tauPerNeuron = env.PerNeuronColumn("tau", t.Size)
	}
	return u, nil
}

func (u *rate) Stages() []Stage {
	return []Stage{{Name: "Rate.update", Units: len(u.r), Cost: 2, Run: u.update}}
}

func (u *rate) update(_ Ctx, lo, hi int) {
	for lo < hi {
		r, end := ecs.Span(lo, hi, u.n)
		rs, in := u.r[lo:end], u.input[lo:end]
		switch {
		case u.leak[r] == 0:
		case u.tauPerNeuron != nil:
			taus := u.tauPerNeuron[lo:end]
			for i := range rs {
				tau := taus[i]
				rs[i] = integrators.Step1(u.method, func(y, I float64) float64 { return (-y)/tau + I }, rs[i], in[i], u.dt)
			}
		default:
			tau := u.tau[r]
			for i := range rs {
				rs[i] = integrators.Step1(u.method, func(y, I float64) float64 { return (-y)/tau + I }, rs[i], in[i], u.dt)
			}
		}
		clear(in)
		lo = end
	}
}

func init() { Register(Rate{}) }
