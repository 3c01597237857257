package sweep

import (
	"fmt"
	"math"
	"slices"

	"github.com/spikesweep/spikesweep/spec"
)

// Poisson drives ([[input]] poisson = { rate, n, weight }), FORMAT.md "[[input]]".

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
