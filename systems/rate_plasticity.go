package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/integrators"
	"github.com/spikesweep/spikesweep/spec"
)

// Oja and BCM are the rate-based plasticity rules of both documents. They are written in BrainPy's
// matrix form: W is the (pre, post) weight matrix masked by the connectivity, and the synapse sets
// the post rate itself, post.r[j] = Σ_k W[k,j]*pre.r[k], summed in numpy's order (§10). Each post
// neuron is one work unit.
//
// Oja:  post.r = Wᵀ·pre.r, then dW/dt = gamma*(post.r*pre.r - post.r²*W) (Euler). Its w_min and
// w_max are accepted and, as in BrainPy, never used (Q6).
//
// BCM:  sum_post_r += post.r; r_th = sum_post_r/(t/dt + 1);
// dW/dt = lr*post.r*(post.r - r_th)*pre.r (RK4); w = clip(W, w_min, w_max); post.r = Wᵀ·pre.r with
// the unclipped W (Q4).
type Oja struct{}

// BCM is the Bienenstock-Cooper-Munro rule; see [Oja].
type BCM struct{}

var ojaInfo = &spec.ModelInfo{
	Name: "Oja", Kind: spec.SynapseModel,
	Doc: "Oja's rule between rate units; sets post.r",
	Params: []spec.ParamInfo{
		{Name: "gamma", Default: 0.005, Unit: "1/ms", Doc: "learning rate"},
		{Name: "w_max", Default: 1, Unit: "1", Doc: "unused, as in BrainPy"},
		{Name: "w_min", Default: 0, Unit: "1", Doc: "unused, as in BrainPy"},
	},
	State:   []spec.VarInfo{{Name: "w", Init: 0.05, Unit: "1", Doc: "weight"}},
	Methods: []string{"euler", "rk4"},
}

var bcmInfo = &spec.ModelInfo{
	Name: "BCM", Kind: spec.SynapseModel,
	Doc: "BCM rule with a sliding threshold between rate units; sets post.r",
	Params: []spec.ParamInfo{
		{Name: "lr", Default: 0.005, Unit: "1/ms", Doc: "learning rate"},
		{Name: "w_max", Default: 1, Unit: "1", Doc: "upper weight bound (document 001: 2)"},
		{Name: "w_min", Default: 0, Unit: "1", Doc: "lower weight bound"},
	},
	State: []spec.VarInfo{
		{Name: "w", Init: 0.5, Unit: "1", Doc: "weight (document 001: 1)"},
		{Name: "sum_post_r", PerPost: true, Unit: "1", Doc: "running sum of the post rate"},
		{Name: "r_th", PerPost: true, Unit: "1", Doc: "sliding threshold"},
	},
	Methods: []string{"rk4", "euler"},
}

func (Oja) Info() *spec.ModelInfo { return ojaInfo }
func (BCM) Info() *spec.ModelInfo { return bcmInfo }

type ratePlasticity struct {
	proj
	method      integrators.Method
	bcm         bool
	rate, wMin  []float64 // gamma or lr; w_min
	wMax        []float64
	w           []float64
	preR, postR []float64
	sumPostR    []float64 // BCM only, per post neuron
	rTh         []float64
	matrix      []int32 // synapse index of (pre k, post j) at k*nPost+j, or -1
}

func newRatePlasticity(env *Env, bcm bool) *ratePlasticity {
	m := &ratePlasticity{proj: newRateProj(env), method: env.Method, bcm: bcm,
		wMin: env.Params.Get("w_min"), wMax: env.Params.Get("w_max"),
		w: env.Table.Float64(components.W), preR: env.Pre.Float64(components.Rate),
		postR: env.Post.Float64(components.Rate), matrix: env.Graph.Matrix()}
	if bcm {
		m.rate = env.Params.Get("lr")
		m.sumPostR = env.PostTable.Float64(components.SumPostR)
		m.rTh = env.PostTable.Float64(components.RTh)
	} else {
		m.rate = env.Params.Get("gamma")
	}
	return m
}

func (Oja) New(env *Env) (Object, error) { return newRatePlasticity(env, false), nil }
func (BCM) New(env *Env) (Object, error) { return newRatePlasticity(env, true), nil }

func (m *ratePlasticity) Stages() []Stage {
	name := "Oja.update"
	if m.bcm {
		name = "BCM.update"
	}
	return []Stage{{Name: name, Units: m.nPost * m.replicas, Cost: 10 * m.nPre, Run: m.update}}
}

func (m *ratePlasticity) update(c Ctx, lo, hi int) {
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nPost)
		for k := lo; k < end; k++ {
			if m.bcm {
				m.bcmPost(c, r, k-r*m.nPost)
			} else {
				m.ojaPost(r, k-r*m.nPost)
			}
		}
		lo = end
	}
}

// weight is W[k,j] = conn_mat[k,j] * w[k,j] of replica r: 0 where there is no synapse.
func (m *ratePlasticity) weight(r, k, j int) (syn int, w float64) {
	i := m.matrix[k*m.nPost+j]
	if i < 0 {
		return -1, 0
	}
	syn = r*m.nSyn + int(i)
	return syn, m.w[syn]
}

func (m *ratePlasticity) ojaPost(r, j int) {
	preR := m.preR[r*m.nPre : (r+1)*m.nPre]
	gamma := m.rate[r]
	postR := numpySum(m.nPre, m.nPost == 1, func(k int) float64 {
		_, w := m.weight(r, k, j)
		return w * preR[k]
	})
	m.postR[r*m.nPost+j] = postR
	rr := float64(postR * postR)
	for k := range m.nPre {
		syn, w := m.weight(r, k, j)
		if syn < 0 {
			continue
		}
		pr := preR[k]
		m.w[syn] = integrators.Step1(m.method, func(W, _ float64) float64 {
			return gamma * (float64(postR*pr) - float64(rr*W))
		}, w, 0, m.dt)
	}
}

func (m *ratePlasticity) bcmPost(c Ctx, r, j int) {
	preR := m.preR[r*m.nPre : (r+1)*m.nPre]
	lr, wMin, wMax := m.rate[r], m.wMin[r], m.wMax[r]
	q := r*m.nPost + j
	postR := m.postR[q]
	m.sumPostR[q] = m.sumPostR[q] + postR
	rTh := m.sumPostR[q] / (c.T/m.dt + 1) // a float step count, not the integer i (Q5)
	m.rTh[q] = rTh
	gain := float64(lr*postR) * (postR - rTh)
	// The derivative does not depend on W, so RK4 is its final step with k1 = k2 = k3 = k4.
	next := func(w float64, pr float64) float64 {
		dW := float64(gain * pr)
		return integrators.Step1(m.method, func(_, _ float64) float64 { return dW }, w, 0, m.dt)
	}
	// post.r uses the unclipped new weights, unconnected pairs included (their W starts at 0).
	m.postR[q] = numpySum(m.nPre, m.nPost == 1, func(k int) float64 {
		_, w := m.weight(r, k, j)
		return next(w, preR[k]) * preR[k]
	})
	for k := range m.nPre {
		if syn, w := m.weight(r, k, j); syn >= 0 {
			m.w[syn] = min(max(next(w, preR[k]), wMin), wMax)
		}
	}
}

func init() {
	Register(Oja{})
	Register(BCM{})
}
