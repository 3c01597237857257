package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// TwoExponentials is the difference-of-two-exponentials synapse of document 000,
//
//	ds/dt = x,  dx/dt = (-(tau1+tau2)*x - s)/(tau1*tau2),  x += pre spike after integrating,
//
// and Alpha is its tau1 = tau2 = tau case, dx/dt = (-2*tau*x - s)/tau². Both by RK4, with no
// output to the post group, as in BrainPy's examples.
type TwoExponentials struct{}

// Alpha is the alpha-function synapse; see [TwoExponentials].
type Alpha struct{}

var twoExpInfo = &spec.ModelInfo{
	Name: "TwoExponentials", Kind: spec.SynapseModel,
	Doc: "difference of two exponentials (no output to the post group, as in BrainPy's example)",
	Params: []spec.ParamInfo{
		{Name: "tau1", Default: 1, Unit: "ms", Doc: "first time constant"},
		{Name: "tau2", Default: 3, Unit: "ms", Doc: "second time constant"},
		outputParams[0], outputParams[1],
	},
	State:   []spec.VarInfo{{Name: "s", Unit: "1", Doc: "synaptic variable"}, {Name: "x", Unit: "1/ms", Doc: "its derivative"}},
	Methods: []string{"rk4", "euler"},
	Output:  true,
}

var alphaInfo = &spec.ModelInfo{
	Name: "Alpha", Kind: spec.SynapseModel,
	Doc: "alpha function (no output to the post group, as in BrainPy's example)",
	Params: []spec.ParamInfo{
		{Name: "tau", Default: 3, Unit: "ms", Doc: "time constant"},
		outputParams[0], outputParams[1],
	},
	State:   []spec.VarInfo{{Name: "s", Unit: "1", Doc: "synaptic variable"}, {Name: "x", Unit: "1/ms", Doc: "its derivative"}},
	Methods: []string{"rk4", "euler"},
	Output:  true,
}

func (TwoExponentials) Info() *spec.ModelInfo { return twoExpInfo }
func (Alpha) Info() *spec.ModelInfo           { return alphaInfo }

type kinetic struct {
	proj
	name   string
	method integrators.Method
	derivs []integrators.Deriv2 // right-hand side per replica, built once
	s, x   []float64
	stages []Stage
}

func newKinetic(env *Env, name string, deriv func(r int) integrators.Deriv2) *kinetic {
	k := &kinetic{proj: newProj(env), name: name, method: env.Method,
		s: env.Table.Float64(components.S), x: env.Table.Float64(components.X)}
	for r := range env.Replicas {
		k.derivs = append(k.derivs, deriv(r))
	}
	k.stages = k.withOutput(env, k.s, Stage{Name: name + ".update", Units: k.synapses(), Cost: 20, Run: k.update})
	return k
}

func (TwoExponentials) New(env *Env) (Object, error) {
	tau1, tau2 := env.Params.Get("tau1"), env.Params.Get("tau2")
	return newKinetic(env, "TwoExponentials", func(r int) integrators.Deriv2 {
		t1, t2 := tau1[r], tau2[r]
		sum, prod := t1+t2, t1*t2
		return func(s, x, _ float64) (float64, float64) {
			return x, (float64((-sum)*x) - s) / prod
		}
	}), nil
}

func (Alpha) New(env *Env) (Object, error) {
	tau := env.Params.Get("tau")
	return newKinetic(env, "Alpha", func(r int) integrators.Deriv2 {
		t := tau[r]
		twoTau, tauSq := (-2)*t, t*t // tau**2 is pow(tau, 2), which is the rounded t*t
		return func(s, x, _ float64) (float64, float64) {
			return x, (float64(twoTau*x) - s) / tauSq
		}
	}), nil
}

func (m *kinetic) Stages() []Stage { return m.stages }

func (m *kinetic) update(_ Ctx, lo, hi int) {
	pre := m.g.Pre
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		f := m.derivs[r]
		spikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			s, x := integrators.Step2(m.method, f, m.s[k], m.x[k], 0, m.dt)
			m.s[k], m.x[k] = s, x+spikeValue(spikes[pre[k-base]])
		}
		lo = end
	}
}

func init() {
	Register(TwoExponentials{})
	Register(Alpha{})
}
