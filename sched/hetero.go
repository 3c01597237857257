package sched

import (
	"math"
	"math/rand/v2"

	"github.com/spikesweep/spikesweep/connect"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/systems"
	"gonum.org/v1/gonum/stat/distuv"
)

// Heterogeneous synapses: weights and delays per synapse of a delta synapse (a model with
// ModelInfo.Jump and an output), drawn from distributions or read from a connectivity file.

// jumps reports whether projection p runs as a delta synapse.
func jumps(info *spec.ModelInfo, p *spec.Projection) bool { return info.Jump && p.Output != "" }

// JumpDelaySteps rounds a delta synapse's delay to whole steps as Brian2 does: int(d/dt + 0.5),
// the nearest step (1.5 ms at dt = 0.1 ms is 15 steps, although 1.5/0.1 is 15.000000000000002).
func JumpDelaySteps(d, dt float64) int { return int(d/dt + 0.5) }

// maxJumpDelay bounds a delay in steps (they are stored as uint16).
const maxJumpDelay = math.MaxUint16

// checkJump validates a delta synapse's weight and delays.
func checkJump(what string, p *spec.Projection, dt float64, nSyn int) error {
	if !finite(p.Weight) {
		return buildErr(what, "weight", "must be a finite number, got %v", p.Weight)
	}
	if p.Delay > 0 && p.Delay < dt {
		return buildErr(what, "delay", "%v ms is below dt = %v ms (use 0 for no delay, or at least one step)", p.Delay, dt)
	}
	if JumpDelaySteps(p.Delay, dt) > maxJumpDelay {
		return buildErr(what, "delay", "%v ms is more than %d steps", p.Delay, maxJumpDelay)
	}
	if d := p.WeightDist; d != nil {
		if err := checkDist(what, "weight", *d); err != nil {
			return err
		}
	}
	if d := p.DelayDist; d != nil {
		if err := checkDist(what, "delay", *d); err != nil {
			return err
		}
		lo, hi := distRange(*d)
		if lo < dt {
			return buildErr(what, "delay", "a delay distribution must stay at or above dt = %v ms: give min >= dt (its lowest value is %v)", dt, lo)
		}
		if JumpDelaySteps(hi, dt) > maxJumpDelay {
			return buildErr(what, "delay", "the distribution reaches %v ms, more than %d steps: give max", hi, maxJumpDelay)
		}
	}
	for _, list := range []struct {
		key  string
		vals []float64
	}{{"weight", p.Weights}, {"delay", p.Delays}} {
		if list.vals == nil {
			continue
		}
		if len(list.vals) != nSyn {
			return buildErr(what, list.key, "%d values for %d synapses", len(list.vals), nSyn)
		}
		for i, x := range list.vals {
			if !finite(x) || (list.key == "delay" && ((x > 0 && x < dt) || x < 0 || JumpDelaySteps(x, dt) > maxJumpDelay)) {
				return buildErr(what, list.key, "synapse %d: %v is not a valid %s (delays: 0, or between dt = %v ms and %d steps)", i, x, list.key, dt, maxJumpDelay)
			}
		}
	}
	return nil
}

// checkDist validates a distribution of weights or delays.
func checkDist(what, key string, d spec.Dist) error {
	bad := func(format string, args ...any) error { return buildErr(what, key, format, args...) }
	switch d.Kind {
	case "uniform":
		if !finite(d.Min) || !finite(d.Max) || d.Min > d.Max {
			return bad("uniform needs finite min <= max, got [%v, %v]", d.Min, d.Max)
		}
	case "normal", "lognormal":
		if !finite(d.Mean) || !finite(d.Std) || d.Std < 0 {
			return bad("%s needs a finite mean and std >= 0, got (%v, %v)", d.Kind, d.Mean, d.Std)
		}
	default:
		return bad("unknown distribution %q (uniform, normal, lognormal)", d.Kind)
	}
	if d.Lo != nil && d.Hi != nil && *d.Lo > *d.Hi {
		return bad("min %v is above max %v", *d.Lo, *d.Hi)
	}
	if d.Lo != nil || d.Hi != nil {
		// The truncated distribution must keep some mass, or redrawing never ends.
		lo, hi := distRange(d)
		if pMass(d, lo, hi) < 1e-6 {
			return bad("the bounds [%v, %v] keep almost none of the %s distribution", lo, hi, d.Kind)
		}
	}
	return nil
}

// distRange is the interval a distribution's draws fall in.
func distRange(d spec.Dist) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	switch d.Kind {
	case "uniform":
		lo, hi = d.Min, d.Max
	case "lognormal":
		lo = 0
	}
	if d.Lo != nil {
		lo = max(lo, *d.Lo)
	}
	if d.Hi != nil {
		hi = min(hi, *d.Hi)
	}
	return lo, hi
}

// pMass is the probability of [lo, hi] under the untruncated distribution.
func pMass(d spec.Dist, lo, hi float64) float64 {
	switch d.Kind {
	case "normal":
		n := distuv.Normal{Mu: d.Mean, Sigma: math.Max(d.Std, 1e-300)}
		return n.CDF(hi) - n.CDF(lo)
	case "lognormal":
		n := distuv.LogNormal{Mu: d.Mean, Sigma: math.Max(d.Std, 1e-300)}
		return n.CDF(hi) - n.CDF(math.Max(lo, 0))
	}
	return 1
}

// drawDist fills dst with independent draws of d from a PCG stream seeded by seed, redrawing
// values outside d's bounds (a truncated distribution, as NEST's redraw).
func drawDist(dst []float64, d spec.Dist, seed uint64) {
	src := rand.NewPCG(seed, 0xd157)
	var dist interface{ Rand() float64 }
	switch d.Kind {
	case "normal":
		dist = distuv.Normal{Mu: d.Mean, Sigma: d.Std, Src: src}
	case "lognormal":
		dist = distuv.LogNormal{Mu: d.Mean, Sigma: d.Std, Src: src}
	default:
		dist = distuv.Uniform{Min: d.Min, Max: d.Max, Src: src}
	}
	lo, hi := distRange(d)
	for i := range dst {
		x := dist.Rand()
		for x < lo || x > hi {
			x = dist.Rand()
		}
		dst[i] = x
	}
}

// jumpEnv fills the weights and delays of delta synapse pi for every replica. Per-synapse values
// are in the graph's compressed order (for connectivity given as pairs, the file's synapse i is
// at the position where the graph lists it). Draws come from streams labelled
// "<projection>/weight" and "<projection>/delay" of each replica's point seed.
func jumpEnv(env *systems.Env, nets []*spec.Network, pi int, g *connect.Graph, dt float64) error {
	R := len(nets)
	base := &nets[0].Projections[pi]
	env.DelaySteps = JumpDelaySteps(base.Delay, dt)
	env.Weight = make([]float64, R)
	for r := range R {
		env.Weight[r] = nets[r].Projections[pi].Weight
	}
	n := g.Len()
	// order[j] is the synapse (in Conn's pair order) at compressed position j.
	var order []int32
	if base.Weights != nil || base.Delays != nil {
		if base.Conn.Kind == "explicit" || base.Conn.Kind == "from_file" {
			g.Full()
			order = g.OutSyn
		}
	}
	permute := func(vals []float64) []float64 {
		if order == nil {
			return vals
		}
		out := make([]float64, n)
		for j, i := range order {
			out[j] = vals[i]
		}
		return out
	}
	if base.WeightDist != nil || base.Weights != nil {
		env.SynWeights = make([][]float64, R)
		var shared []float64
		if base.Weights != nil {
			shared = permute(base.Weights)
		}
		for r := range R {
			if shared != nil {
				env.SynWeights[r] = shared
				continue
			}
			w := make([]float64, n)
			drawDist(w, *nets[r].Projections[pi].WeightDist, connSeed(nets[r].Seed, base.Name+"/weight"))
			env.SynWeights[r] = w
		}
	}
	if base.DelayDist != nil || base.Delays != nil {
		env.SynDelays = make([][]uint16, R)
		toSteps := func(ms []float64) []uint16 {
			out := make([]uint16, len(ms))
			for i, d := range ms {
				out[i] = uint16(JumpDelaySteps(d, dt))
			}
			return out
		}
		var shared []uint16
		if base.Delays != nil {
			shared = toSteps(permute(base.Delays))
		}
		ms := make([]float64, n)
		for r := range R {
			if shared != nil {
				env.SynDelays[r] = shared
				continue
			}
			drawDist(ms, *nets[r].Projections[pi].DelayDist, connSeed(nets[r].Seed, base.Name+"/delay"))
			env.SynDelays[r] = toSteps(ms)
		}
	}
	return nil
}

// checkSpikeTimes validates a population's spike times: only for a model that replays them, one
// list per neuron, finite non-negative times, and no two spikes of one neuron in one step.
func checkSpikeTimes(what string, info *spec.ModelInfo, p *spec.Population, dt float64) error {
	if !info.SpikeTimes {
		if p.SpikeTimes != nil {
			return buildErr(what, "times", "%s does not replay spike times (models that do: SpikeTimes)", info.Name)
		}
		return nil
	}
	if len(p.SpikeTimes) != p.Size {
		return buildErr(what, "times", "%d lists of spike times for %d neurons", len(p.SpikeTimes), p.Size)
	}
	for k, times := range p.SpikeTimes {
		if err := spec.SpikeTimesError(times, dt); err != "" {
			return buildErr(what, "times", "neuron %d: %s", k, err)
		}
	}
	return nil
}

// graphSize checks a projection's connectivity and returns its number of synapses. The random
// fixed-degree rules are checked by their parameters alone: drawing a large graph once more just
// to validate it costs seconds.
func graphSize(n *spec.Network, p *spec.Projection) (int, error) {
	switch k := p.Conn.Kind; k {
	case "fixed_indegree", "fixed_outdegree", "fixed_total":
		includeSelf := p.Conn.IncludeSelf == nil || *p.Conn.IncludeSelf
		return connect.RandomLen(k, size(n, p.Pre), size(n, p.Post), p.Conn.K, p.Conn.N, includeSelf, p.Conn.AllowMultiple)
	}
	g, err := graph(n, p)
	if err != nil {
		return 0, err
	}
	return g.Len(), nil
}
