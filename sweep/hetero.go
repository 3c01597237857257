package sweep

import (
	"fmt"
	"math"
	"slices"

	"github.com/spikesweep/spikesweep/spec"
)

// Delta synapses (VoltageJump with output = "voltage" or "current"): a weight and a delay per
// synapse, as one number, a distribution, or columns of a connectivity file. FORMAT.md,
// "Delta synapses".

var jumpOutputs = []string{"current", "voltage"}

// jumpOutput reads the output of a model that jumps.
func (p *parser) jumpOutput(at, given, out string, pr *spec.Projection) {
	if !slices.Contains(jumpOutputs, out) {
		p.errorf(at, "unknown output %q for a delta synapse: \"voltage\" (post V += weight on each spike) or \"current\" (post input += weight)%s",
			given, didYouMean(out, jumpOutputs))
		return
	}
	pr.Output = out
	post, ok := p.objects[pr.Post]
	if !ok || post.proj || !post.ok {
		return
	}
	v := map[string]string{"voltage": "V", "current": "input"}[out]
	if _, has := post.info.Var(v); !has {
		p.errorf(at, "output %q adds to the post population's %s, and %s (model %s) has none (state: %s)",
			out, v, pr.Post, post.info.Name, listOrNone(varNames(post.info)))
	}
}

func isBool(v any) bool { _, ok := v.(bool); return ok }

// weight reads a projection's weight: a number or a distribution, for delta synapses only.
func (p *parser) weight(path string, d *docProj, pr *spec.Projection) {
	jump := false
	if o, ok := p.objects[d.Name]; ok && o.ok && o.info.Jump && d.Output != "" {
		jump = true
	}
	kp := joinKey(path, "weight")
	if d.Weight == nil {
		pr.Weight = 1
		return
	}
	if !jump {
		p.errorf(kp, "weight is for delta synapses (a model such as VoltageJump with output = \"voltage\" or \"current\"); other models scale their output by params.g_max")
		return
	}
	if tbl, isTable := d.Weight.(map[string]any); isTable {
		pr.WeightDist = p.boundedDist(kp, tbl)
		return
	}
	x, msg := finiteNumber(d.Weight)
	if msg == "" && isBool(d.Weight) {
		msg = "expected a number or a distribution, found a boolean"
	}
	if msg != "" {
		p.errorf(kp, "%s", msg)
		return
	}
	pr.Weight = x
}

// boundedDist reads { uniform = [min, max] }, { normal = [mean, std] } or
// { lognormal = [mu, sigma] }, with optional min and max bounds (draws outside are redrawn).
func (p *parser) boundedDist(path string, tbl map[string]any) *spec.Dist {
	rest := map[string]any{}
	var lo, hi *float64
	for k, v := range tbl {
		switch k {
		case "min", "max":
			x, msg := finiteNumber(v)
			if msg != "" {
				p.errorf(joinKey(path, k), "%s", msg)
				return nil
			}
			if k == "min" {
				lo = &x
			} else {
				hi = &x
			}
		default:
			rest[k] = v
		}
	}
	d, ok := p.distOf(path, rest, boundedKinds, boundedForms)
	if !ok {
		return nil
	}
	if lo != nil && hi != nil && *lo > *hi {
		p.errorf(joinKey(path, "max"), "max (%v) is below min (%v)", *hi, *lo)
		return nil
	}
	if d.Kind == "uniform" && (lo != nil || hi != nil) {
		p.errorf(path, "a uniform distribution is bounded by its own [min, max]; min and max keys are for normal and lognormal")
		return nil
	}
	d.Lo, d.Hi = lo, hi
	if !p.checkTruncation(path, &d) {
		return nil
	}
	return &d
}

// checkJumpDelays checks delta synapses' delays against dt: a delay is 0 or at least one step,
// and a delay distribution stays at or above dt (give min for a normal or lognormal).
func (p *parser) checkJumpDelays() {
	for i := range p.net.Projections {
		pr := &p.net.Projections[i]
		o, ok := p.objects[pr.Name]
		if !ok || !o.ok {
			continue
		}
		if (pr.Weights != nil || pr.Delays != nil) && (!o.info.Jump || pr.Output == "") {
			p.errorf(joinKey(indexKey("projection", i), "conn.file"), "the file's weight and delay columns are for delta synapses (VoltageJump with output = \"voltage\" or \"current\")")
			continue
		}
		kp := joinKey(indexKey("projection", i), "delay")
		if pr.Output == "" || !o.info.Jump {
			// Other synapses delay their output through one delay line: a distribution would be
			// silently ignored, so it is refused.
			if pr.DelayDist != nil {
				p.errorf(kp, "a delay per synapse (a distribution) is only for delta synapses (VoltageJump with output = \"voltage\" or \"current\"); %s has one delay for all its synapses: give a number in ms", pr.Model)
			}
			continue
		}
		for k, x := range pr.Delays {
			if x > 0 && x < p.net.Dt {
				p.errorf(joinKey(indexKey("projection", i), "conn.file"), "synapse %d (data row %d) has delay %v ms, below dt = %v ms (0 or at least one step)", k, k+1, x, p.net.Dt)
				break
			}
		}
		if pr.Delay > 0 && pr.Delay < p.net.Dt {
			p.errorf(kp, "%v ms is below dt = %v ms; a delta synapse's delay is 0 or at least one step (delays round to the nearest step)", pr.Delay, p.net.Dt)
		}
		if d := pr.DelayDist; d != nil {
			lo := math.Inf(-1)
			switch {
			case d.Kind == "uniform":
				lo = d.Min
			case d.Lo != nil:
				lo = *d.Lo
			}
			if lo < p.net.Dt {
				what := fmt.Sprintf("its lowest value is %v", lo)
				if math.IsInf(lo, -1) {
					what = "give min = ... (draws below min are redrawn)"
				}
				p.errorf(kp, "a delay distribution must stay at or above dt = %v ms: %s", p.net.Dt, what)
			}
		}
	}
}
