package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// LIF is brainmodels' leaky integrate-and-fire neuron (SEMANTICS.md §5):
//
//	tau dV/dt = -(V - V_rest) + R*I,  spike when V >= V_th, then V = V_reset,
//
// refractory while (t - t_last_spike) <= t_refractory, a float comparison on t = i*dt.
type LIF struct{}

var lifInfo = &spec.ModelInfo{
	Name: "LIF", Kind: spec.NeuronModel,
	Doc: "leaky integrate-and-fire neuron (brainmodels LIF)",
	Params: []spec.ParamInfo{
		{Name: "V_rest", Default: 0, Unit: "mV", Doc: "resting potential"},
		{Name: "V_reset", Default: -5, Unit: "mV", Doc: "reset potential after a spike"},
		{Name: "V_th", Default: 20, Unit: "mV", Doc: "spike threshold"},
		{Name: "R", Default: 1, Unit: "1", Doc: "membrane resistance"},
		{Name: "tau", Default: 10, Unit: "ms", Doc: "membrane time constant"},
		{Name: "t_refractory", Default: 1, Unit: "ms", Doc: "refractory period (the docstring's 5 ms is not the code's default)"},
	},
	State: []spec.VarInfo{
		{Name: "V", Init: 0, Unit: "mV", Doc: "membrane potential; starts at V_rest unless set"},
		{Name: "input", Unit: "1", Doc: "input current of this step, zeroed by the update"},
		{Name: "spike", Bool: true, Doc: "fired at this step"},
		{Name: "refractory", Bool: true, Doc: "refractory at this step"},
		{Name: "t_last_spike", Init: -1e7, Unit: "ms", Doc: "time of the last spike"},
	},
	Methods: []string{"euler", "rk4", "exp_euler"},
}

func (LIF) Info() *spec.ModelInfo { return lifInfo }

type lif struct {
	n                                  int
	dt                                 float64
	method                             integrators.Method
	vRest, vReset, vTh, res, tau, tRef []float64 // parameters per replica
	decay                              []float64 // derived: exp(-dt/tau), exponential Euler only
	v, input, tLast                    []float64
	spike, refr                        []bool
	fired                              []int64 // spikes so far, per neuron (no two work units share an entry)
}

func (LIF) New(env *Env) (Object, error) {
	t := env.Table
	l := &lif{n: t.Size, dt: env.Dt, method: env.Method,
		vRest: env.Params.Get("V_rest"), vReset: env.Params.Get("V_reset"), vTh: env.Params.Get("V_th"),
		res: env.Params.Get("R"), tau: env.Params.Get("tau"), tRef: env.Params.Get("t_refractory"),
		v: t.Float64(components.V), input: t.Float64(components.Input), tLast: t.Float64(components.TLastSpike),
		spike: t.Bool(components.Spike), refr: t.Bool(components.Refractory), fired: make([]int64, t.Len())}
	if !env.InitSet["V"] {
		for k := range l.v {
			l.v[k] = l.vRest[k/l.n]
		}
	}
	if l.method == integrators.ExpEuler {
		l.decay = make([]float64, len(l.tau))
		for r, tau := range l.tau {
			l.decay[r] = integrators.DecayFactor(tau, env.Dt)
		}
	}
	return l, nil
}

func (l *lif) Stages() []Stage {
	return []Stage{{Name: "LIF.update", Units: len(l.v), Cost: 4, Run: l.update}}
}

// SpikeCount is the number of spikes of replica r so far.
func (l *lif) SpikeCount(r int) int64 {
	var c int64
	for _, f := range l.fired[r*l.n : (r+1)*l.n] {
		c += f
	}
	return c
}

func (l *lif) update(c Ctx, lo, hi int) {
	t, dt := c.T, l.dt
	for lo < hi {
		r, end := ecs.Span(lo, hi, l.n)
		vRest, vReset, vTh, res, tau, tRef := l.vRest[r], l.vReset[r], l.vTh[r], l.res[r], l.tau[r], l.tRef[r]
		v, input, tLast := l.v[lo:end], l.input[lo:end], l.tLast[lo:end]
		spike, refr, count := l.spike[lo:end], l.refr[lo:end], l.fired[lo:end]
		for i := range v {
			inRefr := (t - tLast[i]) <= tRef
			fired := false
			if !inRefr {
				var vNew float64
				switch l.method {
				case integrators.Euler:
					dV := (float64((-v[i])+vRest) + float64(res*input[i])) / tau
					vNew = integrators.EulerStep(v[i], dV, dt)
				case integrators.ExpEuler:
					// sympy's expansion: I*R/tau - V/tau + V_rest/tau; A = -1/tau.
					df := (float64(input[i]*res)/tau - v[i]/tau) + vRest/tau
					vNew = integrators.ExpEulerStep(v[i], df, (-1)/tau, l.decay[r])
				default:
					vNew = integrators.Step1(integrators.RK4, func(y, I float64) float64 {
						return (float64((-y)+vRest) + float64(res*I)) / tau
					}, v[i], input[i], dt)
				}
				fired = vNew >= vTh
				if fired {
					v[i] = vReset
					tLast[i] = t
					count[i]++
				} else {
					v[i] = vNew
				}
			}
			spike[i] = fired
			refr[i] = inRefr || fired
			input[i] = 0
		}
		lo = end
	}
}

func init() { Register(LIF{}) }
