package sweep

import (
	"fmt"
	stdmaps "maps"
	"math"
	"slices"

	"github.com/spikesweep/spikesweep/spec"
)

// Poisson drives ([[input]] poisson = { rate, n, weight }) and parameters given per neuron
// (params = { rate = [..] } or { rate = { uniform = [..] } }). FORMAT.md documents both.

// drive reads a poisson table.
func (p *parser) drive(path string, d *docPoisson) *spec.PoissonDrive {
	out := &spec.PoissonDrive{}
	for _, f := range []struct {
		key string
		v   any
		dst *float64
	}{{"rate", d.Rate, &out.Rate}, {"n", d.N, &out.N}, {"weight", d.Weight, &out.Weight}} {
		kp := joinKey(path, f.key)
		if f.v == nil {
			p.errorf(path, "missing %s (poisson = { rate = 10.0, n = 1000, weight = 0.1 }: rate in Hz, n processes, weight per event)", f.key)
			continue
		}
		x, msg := finiteNumber(f.v)
		if msg == "" {
			msg = driveCheck(f.key, x)
		}
		if msg == "" && f.key == "rate" && x*p.net.Dt*1e-3 > 1 {
			msg = fmt.Sprintf("%v Hz is more than one event per process in a step of %v ms (rate*dt > 1)", x, p.net.Dt)
		}
		if msg != "" {
			p.errorf(kp, "%s", msg)
			continue
		}
		*f.dst = x
	}
	return out
}

// driveCheck says why v is not valid for a drive's key, or "".
func driveCheck(key string, v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "must be a finite number"
	case key == "rate" && v < 0:
		return fmt.Sprintf("must be a non-negative rate in Hz, got %v", v)
	case key == "n" && (v < 0 || v != math.Trunc(v) || v > math.MaxInt32):
		return fmt.Sprintf("must be a whole number of processes >= 0, got %v", v)
	}
	return ""
}

func setDrive(d *spec.PoissonDrive, key string, v float64) {
	switch key {
	case "rate":
		d.Rate = v
	case "n":
		d.N = v
	default:
		d.Weight = v
	}
}

// resolveDrive resolves <target>.<var>.poisson.<key>: the first Poisson drive of target.var.
func (p *parser) resolveDrive(parts []string, fail func(string, ...any) (axisTarget, bool)) (axisTarget, bool) {
	for i, in := range p.net.Inputs {
		if in.Target != parts[0] || in.Var != parts[1] || in.Poisson == nil {
			continue
		}
		if !slices.Contains([]string{"rate", "n", "weight"}, parts[3]) {
			return fail("a Poisson drive has rate, n and weight, not %q%s", parts[3], didYouMean(parts[3], []string{"rate", "n", "weight"}))
		}
		return axisTarget{kind: tDrive, input: i, name: parts[3]}, true
	}
	return fail("%s.%s has no Poisson drive (an [[input]] with poisson = { ... })", parts[0], parts[1])
}

// perNeuronParams takes the parameters given per neuron (an array, or a distribution table) out
// of in, for the parameters that allow it, and returns the rest.
func (p *parser) perNeuronParams(path string, info *spec.ModelInfo, in map[string]any, pop *spec.Population) map[string]any {
	var rest map[string]any
	for _, k := range sortedKeys(in) {
		v := in[k]
		arr, isArr := v.([]any)
		tbl, isTbl := v.(map[string]any)
		if !isArr && !isTbl {
			continue
		}
		if rest == nil {
			rest = stdmaps.Clone(in)
		}
		delete(rest, k)
		kp := joinKey(joinKey(path, "params"), k)
		pi, ok := info.Param(k)
		if !ok {
			rest[k] = v // reported as unknown by params
			continue
		}
		if !pi.PerNeuron {
			p.errorf(kp, "%s of model %s is one number per population (per-neuron values and distributions: %s)",
				k, info.Name, listOrNone(perNeuronNames(info)))
			continue
		}
		if isTbl {
			if d := p.boundedDist(kp, tbl); d != nil {
				if pop.ParamsRandom == nil {
					pop.ParamsRandom = map[string]spec.Dist{}
				}
				pop.ParamsRandom[k] = *d
			}
			continue
		}
		if len(arr) != pop.Size {
			p.errorf(kp, "has %d values; %s has %d neurons", len(arr), pop.Name, pop.Size)
			continue
		}
		vals := make([]float64, len(arr))
		bad := false
		for i, e := range arr {
			x, msg := finiteNumber(e)
			if msg != "" {
				p.errorf(indexKey(kp, i), "%s", msg)
				bad = true
				break
			}
			vals[i] = x
		}
		if !bad {
			if pop.ParamsPerNeuron == nil {
				pop.ParamsPerNeuron = map[string][]float64{}
			}
			pop.ParamsPerNeuron[k] = vals
		}
	}
	if rest == nil {
		return in
	}
	return rest
}

func perNeuronNames(info *spec.ModelInfo) []string {
	var out []string
	for _, q := range info.Params {
		if q.PerNeuron {
			out = append(out, q.Name)
		}
	}
	return out
}
