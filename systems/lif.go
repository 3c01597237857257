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
		{Name: "V_rest", Default: 0, Unit: "mV", Doc: "resting potential", PerNeuron: true},
		{Name: "V_reset", Default: -5, Unit: "mV", Doc: "reset potential after a spike", PerNeuron: true},
		{Name: "V_th", Default: 20, Unit: "mV", Doc: "spike threshold", PerNeuron: true},
		{Name: "R", Default: 1, Unit: "1", Doc: "membrane resistance", PerNeuron: true},
		{Name: "tau", Default: 10, Unit: "ms", Doc: "membrane time constant", PerNeuron: true, Positive: true},
		{Name: "t_refractory", Default: 1, Unit: "ms", Doc: "refractory period (the docstring's 5 ms is not the code's default)", PerNeuron: true, NonNegative: true},
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

// lifParamNames are LIF's parameters in the order of lifParams' fields.
var lifParamNames = [...]string{"V_rest", "V_reset", "V_th", "R", "tau", "t_refractory"}

// lifParams holds each parameter once per replica, or (a heterogeneous population) once per
// neuron, with the derived decay factor alongside.
type lifParams struct {
	vRest, vReset, vTh, res, tau, tRef []float64
	decay                              []float64 // derived: exp(-dt/tau), exponential Euler only
}

type lif struct {
	n               int
	dt              float64
	method          integrators.Method
	lifParams       // per replica
	v, input, tLast []float64
	spike, refr     []bool
	fired           []int64 // spikes so far, per neuron (no two work units share an entry)
	uniform         bool    // every replica has the same parameters
	// perNeuron, when some parameter is given per neuron, holds every parameter per neuron (len
	// n*replicas), and the update reads them element by element; else it is nil and the update
	// keeps each replica's parameters in registers.
	perNeuron *lifParams
	drive     *Drive // the population's constant input, taken over from its stage (TakeDrive)
}

// TakeDrive applies d in the update's loops where they run through span (Euler and exponential
// Euler, parameters per replica).
func (l *lif) TakeDrive(d *Drive) bool {
	if l.method == integrators.RK4 || l.perNeuron != nil || (l.n == 1 && !l.uniform) {
		return false
	}
	l.drive = d
	return true
}

func (LIF) New(env *Env) (Object, error) {
	t := env.Table
	l := &lif{n: t.Size, dt: env.Dt, method: env.Method,
		lifParams: lifParams{vRest: env.Params.Get("V_rest"), vReset: env.Params.Get("V_reset"), vTh: env.Params.Get("V_th"),
			res: env.Params.Get("R"), tau: env.Params.Get("tau"), tRef: env.Params.Get("t_refractory")},
		v: t.Float64(components.V), input: t.Float64(components.Input), tLast: t.Float64(components.TLastSpike),
		spike: t.Bool(components.Spike), refr: t.Bool(components.Refractory), fired: make([]int64, t.Len())}
	if len(env.PerNeuron) > 0 {
		cols := make([][]float64, len(lifParamNames))
		for j, name := range lifParamNames {
			cols[j] = env.PerNeuronColumn(name, t.Size)
		}
		l.perNeuron = &lifParams{vRest: cols[0], vReset: cols[1], vTh: cols[2], res: cols[3], tau: cols[4], tRef: cols[5]}
	}
	if !env.InitSet["V"] {
		for k := range l.v {
			if l.perNeuron != nil {
				l.v[k] = l.perNeuron.vRest[k]
			} else {
				l.v[k] = l.vRest[k/l.n]
			}
		}
	}
	if l.method == integrators.ExpEuler {
		l.decay = decayFactors(l.tau, env.Dt)
		if l.perNeuron != nil {
			l.perNeuron.decay = decayFactors(l.perNeuron.tau, env.Dt)
		}
	}
	l.uniform = true
	for _, name := range lifParamNames {
		l.uniform = l.uniform && env.Params.Uniform(name)
	}
	return l, nil
}

// decayFactors is exp(-dt/tau) for every tau, computed once when the object is built.
func decayFactors(tau []float64, dt float64) []float64 {
	out := make([]float64, len(tau))
	for i, x := range tau {
		out[i] = integrators.DecayFactor(x, dt)
	}
	return out
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
	if l.perNeuron != nil {
		// A heterogeneous population: parameters are read per neuron.
		if l.method == integrators.RK4 {
			l.rk4PerNeuron(c.T, l.perNeuron, lo, hi)
		} else {
			l.updatePerNeuron(c.T, l.perNeuron, lo, hi)
		}
		return
	}
	if l.uniform {
		// Every replica has the same parameters (a sweep of other objects' parameters): one loop
		// over the whole range, with no per-replica set-up and no parameter columns to stream.
		l.span(c.T, 0, lo, hi)
		return
	}
	if l.n == 1 && l.method != integrators.RK4 {
		// Every replica is one neuron (sweeps of small networks): replica and neuron indices
		// coincide, so the per-replica parameters are per-neuron columns.
		l.updatePerNeuron(c.T, &l.lifParams, lo, hi)
		return
	}
	for lo < hi {
		r, end := ecs.Span(lo, hi, l.n)
		l.span(c.T, r, lo, end)
		lo = end
	}
}

// span updates the neurons [lo, hi) with the parameters of replica r.
func (l *lif) span(t float64, r, lo, hi int) {
	p := lifStep{t: t, dt: l.dt, vRest: l.vRest[r], vReset: l.vReset[r], vTh: l.vTh[r], res: l.res[r],
		tau: l.tau[r], tRef: l.tRef[r], v: l.v[lo:hi], input: l.input[lo:hi], tLast: l.tLast[lo:hi],
		spike: l.spike[lo:hi], refr: l.refr[lo:hi], count: l.fired[lo:hi], drive: l.drive}
	switch l.method {
	case integrators.Euler:
		p.euler()
	case integrators.ExpEuler:
		p.expEuler(l.decay[r])
	default:
		p.rk4()
	}
}

// updatePerNeuron updates the neurons [lo, hi) by Euler or exponential Euler with parameters
// given per neuron (q holds one value per element): the populations with parameters per neuron,
// and replicas of one neuron each. The arithmetic is lifStep's, operation for operation, so a
// population whose columns hold one value gives the bits of the per-replica loops.
func (l *lif) updatePerNeuron(t float64, q *lifParams, lo, hi int) {
	if q == l.perNeuron {
		// Heterogeneous populations take vector groups of four where the build has them; the
		// single-neuron replicas keep the loop below alone, as before.
		lo = l.vectorPerNeuron(t, q, lo, hi)
	}
	l.scalarPerNeuron(t, q, lo, hi)
}

// scalarPerNeuron is updatePerNeuron's loop, element by element.
func (l *lif) scalarPerNeuron(t float64, q *lifParams, lo, hi int) {
	v, input, tLast, spike, refr := l.v[lo:hi], l.input[lo:hi], l.tLast[lo:hi], l.spike[lo:hi], l.refr[lo:hi]
	vRest, vReset, vTh, res, tau, tRef := q.vRest[lo:hi], q.vReset[lo:hi], q.vTh[lo:hi], q.res[lo:hi], q.tau[lo:hi], q.tRef[lo:hi]
	count := l.fired[lo:hi]
	var decay []float64
	if l.method == integrators.ExpEuler {
		decay = q.decay[lo:hi]
	}
	for i := range v {
		inRefr := (t - tLast[i]) <= tRef[i]
		fired := false
		if !inRefr {
			var vNew float64
			if decay == nil {
				dV := (float64((-v[i])+vRest[i]) + float64(res[i]*input[i])) / tau[i]
				vNew = integrators.EulerStep(v[i], dV, l.dt)
			} else {
				vInf := vRest[i] + float64(res[i]*input[i])
				vNew = vInf + float64((v[i]-vInf)*decay[i])
			}
			fired = vNew >= vTh[i]
			if fired {
				v[i] = vReset[i]
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
}

// rk4PerNeuron is updatePerNeuron by RK4 (lifStep.rk4's arithmetic, parameters per neuron).
func (l *lif) rk4PerNeuron(t float64, q *lifParams, lo, hi int) {
	p := lifStep{t: t, dt: l.dt, v: l.v[lo:hi], input: l.input[lo:hi], tLast: l.tLast[lo:hi],
		spike: l.spike[lo:hi], refr: l.refr[lo:hi], count: l.fired[lo:hi]}
	vRest, vReset, vTh, res, tau, tRef := q.vRest[lo:hi], q.vReset[lo:hi], q.vTh[lo:hi], q.res[lo:hi], q.tau[lo:hi], q.tRef[lo:hi]
	for i, v := range p.v {
		vr, r, ta := vRest[i], res[i], tau[i]
		f := func(y, I float64) float64 { return (float64((-y)+vr) + float64(r*I)) / ta }
		p.vReset, p.vTh = vReset[i], vTh[i]
		inRefr := (t - p.tLast[i]) <= tRef[i]
		p.after(i, inRefr, integrators.Step1(integrators.RK4, f, v, p.input[i], p.dt))
	}
}

// lifStep is one replica's piece of a LIF update: its parameters and its slices of the columns.
// Each integration method has its own loop so that the method is not chosen per neuron.
type lifStep struct {
	t, dt                              float64
	vRest, vReset, vTh, res, tau, tRef float64
	v, input, tLast                    []float64
	spike, refr                        []bool
	count                              []int64
	// drive, if set, is the population's constant input, applied to the input column before the
	// update reads it (euler and expEuler only).
	drive *Drive
}

// after applies the threshold, reset and refractory rule (SEMANTICS.md §5) to neuron i, whose
// integrated potential is vNew, or which is refractory.
func (p *lifStep) after(i int, inRefr bool, vNew float64) {
	fired := false
	if !inRefr {
		fired = vNew >= p.vTh
		if fired {
			p.v[i] = p.vReset
			p.tLast[i] = p.t
			p.count[i]++
		} else {
			p.v[i] = vNew
		}
	}
	p.spike[i] = fired
	p.refr[i] = inRefr || fired
	p.input[i] = 0
}

func (p *lifStep) euler() {
	k := p.vectorLIF8(0, false)
	p.drive.Apply(p.input[k:])
	p.eulerRange(p.vectorLIF(k, 0, false), len(p.v))
}

// eulerRange is euler for the neurons [a, b), written out as expEulerRange is.
func (p *lifStep) eulerRange(a, b int) {
	t, vRest, vReset, vTh, res, tau, tRef, dt := p.t, p.vRest, p.vReset, p.vTh, p.res, p.tau, p.tRef, p.dt
	v := p.v[a:b]
	n := len(v)
	input, tLast, spike, refr, count := p.input[a:a+n], p.tLast[a:a+n], p.spike[a:a+n], p.refr[a:a+n], p.count[a:a+n]
	for i, vi := range v {
		dV := (float64((-vi)+vRest) + float64(res*input[i])) / tau
		vNew := integrators.EulerStep(vi, dV, dt)
		input[i] = 0
		if (t - tLast[i]) <= tRef { // refractory: V holds
			spike[i], refr[i] = false, true
			continue
		}
		if vNew >= vTh {
			v[i], tLast[i] = vReset, t
			count[i]++
			spike[i], refr[i] = true, true
			continue
		}
		v[i] = vNew
		spike[i], refr[i] = false, false
	}
}

// expEuler is exact for this linear equation: V relaxes to V_inf = V_rest + R*I by the factor
// E = exp(-dt/tau). BrainPy's generated form ((df*(E-1))/A) + V gives the same value up to
// rounding (about 1e-15 relative) at four divisions more.
//
// It is after's rule written out with local slices, so that the loop keeps everything in
// registers and has no bounds checks: the hottest loop of a network run.
func (p *lifStep) expEuler(e float64) {
	k := p.vectorLIF8(e, true) // eight lanes with the drive, where the machine has them
	p.drive.Apply(p.input[k:])
	p.expEulerRange(p.vectorLIF(k, e, true), len(p.v), e)
}

// expEulerRange is expEuler for the neurons [a, b).
func (p *lifStep) expEulerRange(a, b int, e float64) {
	t, vRest, vReset, vTh, res, tRef := p.t, p.vRest, p.vReset, p.vTh, p.res, p.tRef
	v := p.v[a:b]
	n := len(v)
	input, tLast, spike, refr, count := p.input[a:a+n], p.tLast[a:a+n], p.spike[a:a+n], p.refr[a:a+n], p.count[a:a+n]
	for i, vi := range v {
		vInf := vRest + float64(res*input[i])
		vNew := vInf + float64((vi-vInf)*e)
		input[i] = 0
		if (t - tLast[i]) <= tRef { // refractory: V holds
			spike[i], refr[i] = false, true
			continue
		}
		if vNew >= vTh {
			v[i], tLast[i] = vReset, t
			count[i]++
			spike[i], refr[i] = true, true
			continue
		}
		v[i] = vNew
		spike[i], refr[i] = false, false
	}
}

func (p *lifStep) rk4() {
	vRest, res, tau := p.vRest, p.res, p.tau
	f := func(y, I float64) float64 { return (float64((-y)+vRest) + float64(res*I)) / tau }
	for i, v := range p.v {
		inRefr := (p.t - p.tLast[i]) <= p.tRef
		p.after(i, inRefr, integrators.Step1(integrators.RK4, f, v, p.input[i], p.dt))
	}
}

func init() { Register(LIF{}) }
