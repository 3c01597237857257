package sched

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/equations"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/systems"
)

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Validate checks a network before anything is built or written. Every error is a *BuildError
// naming the object and the parameter.
func Validate(n *spec.Network) error {
	if !(n.Dt > 0) || !finite(n.Dt) {
		return buildErr("run", "dt", "must be a positive number of ms, got %v", n.Dt)
	}
	if !(n.Duration > 0) || !finite(n.Duration) {
		return buildErr("run", "duration", "must be a positive number of ms, got %v", n.Duration)
	}
	objs := map[string]*spec.ModelInfo{}
	sizes := map[string]int{}
	for _, p := range n.Populations {
		what := "population " + p.Name
		if p.Name == "" {
			return buildErr("population", "name", "missing")
		}
		if _, dup := objs[p.Name]; dup {
			return buildErr(what, "name", "used twice")
		}
		info, err := model(n, what, p.Model, spec.NeuronModel)
		if err != nil {
			return err
		}
		if p.Size < 1 {
			return buildErr(what, "size", "must be positive, got %d", p.Size)
		}
		if err := checkValues(what, info, p.Params, p.Init); err != nil {
			return err
		}
		if _, err := systems.ResolveMethod(info, p.Method); err != nil {
			return buildErr(what, "method", "%v", err)
		}
		if err := checkSpikeTimes(what, info, &p, n.Dt); err != nil {
			return err
		}
		for k, vals := range p.ParamsPerNeuron {
			pi, ok := info.Param(k)
			if !ok || !pi.PerNeuron || len(vals) != p.Size {
				return buildErr(what, "params."+k, "per-neuron values need a parameter that allows them and one value per neuron (%d)", p.Size)
			}
			for _, x := range vals {
				if !finite(x) || pi.Refuse(x) != "" {
					return buildErr(what, "params."+k, "value %v is not valid", x)
				}
			}
		}
		if err := checkParamDists(what, info, p.ParamsRandom); err != nil {
			return err
		}
		if err := checkInitDists(what, info, p.InitRandom); err != nil {
			return err
		}
		objs[p.Name], sizes[p.Name] = info, p.Size
	}
	for _, p := range n.Projections {
		what := "projection " + p.Name
		if p.Name == "" {
			return buildErr("projection", "name", "missing")
		}
		if _, dup := objs[p.Name]; dup {
			return buildErr(what, "name", "used twice")
		}
		info, err := model(n, what, p.Model, spec.SynapseModel)
		if err != nil {
			return err
		}
		for _, end := range []struct{ key, name string }{{"pre", p.Pre}, {"post", p.Post}} {
			if _, ok := sizes[end.name]; !ok {
				return buildErr(what, end.key, "no population named %q", end.name)
			}
		}
		if !(p.Delay >= 0) || !finite(p.Delay) {
			return buildErr(what, "delay", "must be a non-negative number of ms, got %v", p.Delay)
		}
		if err := checkValues(what, info, p.Params, p.Init); err != nil {
			return err
		}
		if err := checkInitDists(what, info, p.InitRandom); err != nil {
			return err
		}
		if len(p.InitRandom) > 0 && (jumps(info, &p) || p.Event != nil && *p.Event) {
			return buildErr(what, "init", "%s keeps no per-synapse state here (event-driven, or a jump with an output); its initial values cannot be drawn", info.Name)
		}
		if _, err := systems.ResolveMethod(info, p.Method); err != nil {
			return buildErr(what, "method", "%v", err)
		}
		nSyn, err := graphSize(n, &p)
		if err != nil {
			return buildErr(what, "conn", "%v", err)
		}
		if info.Jump && p.Output != "" {
			if p.Output != "voltage" && p.Output != "current" {
				return buildErr(what, "output", "%s takes output \"voltage\" (post V += weight) or \"current\" (post input += weight), got %q", info.Name, p.Output)
			}
			if err := checkJump(what, &p, n.Dt, nSyn); err != nil {
				return err
			}
			objs[p.Name] = info
			continue
		}
		switch {
		case p.Output != "" && p.Output != "current" && p.Output != "conductance":
			return buildErr(what, "output", "must be \"current\" or \"conductance\", got %q", p.Output)
		case p.Output != "" && !info.Output:
			return buildErr(what, "output", "%s has no selectable output (models with one: %s)", info.Name, modelsWith(func(m *spec.ModelInfo) bool { return m.Output }))
		case p.Event != nil && *p.Event && !info.Event:
			return buildErr(what, "event", "%s has no event-driven mode (models with one: %s)", info.Name, modelsWith(func(m *spec.ModelInfo) bool { return m.Event }))
		}
		objs[p.Name] = info
	}
	if len(n.Order) > 0 {
		seen := map[string]bool{}
		for _, name := range n.Order {
			if _, ok := objs[name]; !ok {
				return buildErr("run", "order", "no population or projection named %q", name)
			}
			if seen[name] {
				return buildErr("run", "order", "%q listed twice", name)
			}
			seen[name] = true
		}
		if len(seen) != len(objs) {
			var missing []string
			for name := range objs {
				if !seen[name] {
					missing = append(missing, name)
				}
			}
			return buildErr("run", "order", "must list every population and projection; missing %s", strings.Join(missing, ", "))
		}
	}
	targets := map[string]int{}
	for _, p := range n.Populations {
		targets[p.Name] = p.Size
	}
	for _, p := range n.Projections {
		if size, err := graphSize(n, &p); err == nil {
			targets[p.Name] = size
		}
	}
	seenInput := map[string]bool{}
	for _, in := range n.Inputs {
		what := fmt.Sprintf("input %s.%s", in.Target, in.Var)
		info, ok := objs[in.Target]
		if !ok {
			return buildErr(what, "target", "no population or projection named %q", in.Target)
		}
		if v, ok := info.Var(in.Var); (!ok || v.Bool || v.PerPost || v.SharedBy != "") && !slices.Contains(info.Inputs, in.Var) {
			return buildErr(what, "var", "%s has no real-valued variable %q (variables: %s)", info.Name, in.Var, varNames(info))
		}
		if in.Poisson != nil {
			// Drives add events; several may drive one variable, beside one other input.
			if err := checkDrive(what, in.Poisson, n.Dt); err != nil {
				return err
			}
			continue
		}
		if seenInput[in.Target+"."+in.Var] {
			// BrainPy crashes on this (Q12); we refuse it up front.
			return buildErr(what, "var", "two inputs to the same variable; combine them into one")
		}
		seenInput[in.Target+"."+in.Var] = true
		if in.Op != "" && in.Op != "+" && in.Op != "=" {
			return buildErr(what, "op", "must be \"+\" or \"=\", got %q", in.Op)
		}
		set := 0
		for _, b := range []bool{in.Value != nil, in.Pieces != nil, in.Series != nil} {
			if b {
				set++
			}
		}
		if set != 1 {
			return buildErr(what, "value", "give exactly one of value, pieces and series")
		}
		size := targets[in.Target]
		checkLen := func(key string, v []float64) error {
			if len(v) != 1 && len(v) != size {
				return buildErr(what, key, "has %d values; want 1 or %d (the size of %s)", len(v), size, in.Target)
			}
			for _, x := range v {
				if !finite(x) {
					return buildErr(what, key, "value %v is not finite", x)
				}
			}
			return nil
		}
		if err := checkLen("value", in.Value); in.Value != nil && err != nil {
			return err
		}
		for k, seg := range in.Pieces {
			if err := checkLen(fmt.Sprintf("pieces[%d]", k), seg.Value); err != nil {
				return err
			}
			if !(seg.Duration >= 0) || !finite(seg.Duration) {
				return buildErr(what, fmt.Sprintf("pieces[%d]", k), "duration %v must be non-negative", seg.Duration)
			}
		}
		for k, row := range in.Series {
			if err := checkLen(fmt.Sprintf("series row %d", k), row); err != nil {
				return err
			}
		}
	}
	monNames := map[string]bool{}
	for _, m := range n.Monitors {
		name := m.Name
		if name == "" {
			name = m.Target
		}
		what := "monitor " + name
		if monNames[name] {
			return buildErr(what, "name", "used twice")
		}
		monNames[name] = true
		info, ok := objs[m.Target]
		if !ok {
			return buildErr(what, "target", "no population or projection named %q", m.Target)
		}
		if len(m.Vars) == 0 {
			return buildErr(what, "vars", "lists no variable")
		}
		perPost := 0
		for _, p := range n.Projections {
			if p.Name == m.Target && jumps(info, &p) {
				return buildErr(what, "vars", "projection %s is a delta synapse (output = %q): it keeps no per-synapse state; record the post group's V or input", p.Name, p.Output)
			}
			if p.Name == m.Target && p.Event != nil && *p.Event {
				for _, v := range m.Vars {
					if v == "s" {
						return buildErr(what, "vars", "projection %s is event-driven: s is summed per post neuron, not kept per synapse; record the post group's input instead, or set event = false", p.Name)
					}
				}
			}
		}
		for _, v := range m.Vars {
			vi, ok := info.Var(v)
			if !ok {
				return buildErr(what, "vars", "%s has no variable %q (variables: %s)", info.Name, v, varNames(info))
			}
			if vi.PerPost {
				perPost++
			}
		}
		if perPost != 0 && perPost != len(m.Vars) {
			return buildErr(what, "vars", "mixes per-synapse and per-post-neuron variables; use two monitors")
		}
		size := targets[m.Target]
		if perPost > 0 {
			for _, p := range n.Projections {
				if p.Name == m.Target {
					size = targets[p.Post]
				}
			}
		}
		for _, i := range m.Indices {
			if i < 0 || i >= size {
				return buildErr(what, "indices", "index %d out of range [0, %d)", i, size)
			}
		}
		if m.Every < 0 {
			return buildErr(what, "every", "must be at least 1 step, got %d", m.Every)
		}
		if m.Dtype != "" && m.Dtype != "float64" && m.Dtype != "float32" {
			return buildErr(what, "dtype", "must be float64 or float32, got %q", m.Dtype)
		}
	}
	for _, name := range n.Spikes {
		info, ok := objs[name]
		if !ok {
			return buildErr("spikes", name, "no population named %q", name)
		}
		if _, ok := info.Var(string(components.Spike)); !ok || info.Kind != spec.NeuronModel {
			return buildErr("spikes", name, "%s has no spikes", info.Name)
		}
	}
	return nil
}

func model(n *spec.Network, what, name string, kind spec.Kind) (*spec.ModelInfo, error) {
	cat := systems.CatalogWith(n.Models)
	m, ok, err := systems.LookupIn(n.Models, name)
	if err != nil {
		return nil, buildErr(what, "model", "model %s defined with errors: %v", name, err)
	}
	var info *spec.ModelInfo
	if ok {
		info = m.Info()
	}
	if !ok {
		return nil, buildErr(what, "model", "unknown model %q (models: %s)", name, strings.Join(cat.Names(), ", "))
	}
	if info.Kind != kind {
		return nil, buildErr(what, "model", "%s is a %s model, not a %s model", info.Name, info.Kind, kind)
	}
	return info, nil
}

// checkParamDists checks the distributions of per-neuron parameters: a parameter that allows
// them, valid arguments, and draws within the parameter's range (a lognormal is positive; a
// normal needs a min bound).
func checkParamDists(what string, info *spec.ModelInfo, dists map[string]spec.Dist) error {
	for k, d := range dists {
		pi, ok := info.Param(k)
		if !ok || !pi.PerNeuron {
			return buildErr(what, "params."+k, "%s takes one value per population", k)
		}
		if err := checkDist(what, "params."+k, d); err != nil {
			return err
		}
		if lo, _ := distRange(d); pi.Bounded() && d.Kind != "lognormal" && pi.Refuse(lo) != "" {
			return buildErr(what, "params."+k, "%s %s at every neuron; the distribution reaches %v", k, pi.Refuse(lo), lo)
		}
	}
	return nil
}

func checkValues(what string, info *spec.ModelInfo, params, init map[string]float64) error {
	for k, v := range params {
		pi, ok := info.Param(k)
		if !ok {
			return buildErr(what, "params."+k, "%s has no parameter %q (parameters: %s)", info.Name, k, paramNames(info))
		}
		if !finite(v) {
			return buildErr(what, "params."+k, "value %v is not finite", v)
		}
		// One value per population: a rate or refractory period must be >= 0. A time constant
		// <= 0 is accepted, as it always was: it diverges, and the divergence is reported per
		// replica. Values per neuron are checked in full (Validate).
		if pi.NonNegative && v < 0 {
			return buildErr(what, "params."+k, "must be >= 0, got %v", v)
		}
	}
	for k, v := range init {
		vi, ok := info.Var(k)
		if !ok {
			return buildErr(what, "init."+k, "%s has no state variable %q (variables: %s)", info.Name, k, varNames(info))
		}
		if vi.Bool {
			return buildErr(what, "init."+k, "%q is a flag and cannot be initialised", k)
		}
		if !finite(v) {
			return buildErr(what, "init."+k, "value %v is not finite", v)
		}
	}
	return nil
}

// ValidateValues checks what may differ between replicas of one structure: parameter, initial
// and input values. Validate checks everything.
func ValidateValues(n *spec.Network) error {
	for _, p := range n.Populations {
		info, ok := systems.CatalogWith(n.Models).Model(p.Model)
		if !ok {
			return Validate(n)
		}
		if err := checkValues("population "+p.Name, info, p.Params, p.Init); err != nil {
			return err
		}
		if err := checkParamDists("population "+p.Name, info, p.ParamsRandom); err != nil {
			return err
		}
		if err := checkInitDists("population "+p.Name, info, p.InitRandom); err != nil {
			return err
		}
	}
	for _, p := range n.Projections {
		info, ok := systems.CatalogWith(n.Models).Model(p.Model)
		if !ok {
			return Validate(n)
		}
		if err := checkValues("projection "+p.Name, info, p.Params, p.Init); err != nil {
			return err
		}
		if err := checkInitDists("projection "+p.Name, info, p.InitRandom); err != nil {
			return err
		}
		if jumps(info, &p) && !finite(p.Weight) {
			return buildErr("projection "+p.Name, "weight", "must be a finite number, got %v", p.Weight)
		}
	}
	for _, in := range n.Inputs {
		if in.Poisson != nil {
			if err := checkDrive(fmt.Sprintf("input %s.%s", in.Target, in.Var), in.Poisson, n.Dt); err != nil {
				return err
			}
		}
		for _, x := range in.Value {
			if !finite(x) {
				return buildErr(fmt.Sprintf("input %s.%s", in.Target, in.Var), "value", "value %v is not finite", x)
			}
		}
	}
	return nil
}

func paramNames(info *spec.ModelInfo) string {
	var out []string
	for _, p := range info.Params {
		out = append(out, p.Name)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

func varNames(info *spec.ModelInfo) string {
	var out []string
	for _, v := range info.State {
		out = append(out, v.Name)
	}
	return strings.Join(out, ", ")
}

// StructureKey is equal for two networks that can be replicas of one world: everything but
// parameter values, initial values and constant input values must agree.
func StructureKey(n *spec.Network) string {
	c := *n
	c.Populations = append([]spec.Population(nil), n.Populations...)
	for i := range c.Populations {
		c.Populations[i].Params = nil
		if r := c.Populations[i].InitRandom; r != nil {
			c.Populations[i].InitRandom = map[string]spec.Dist{}
			for k, d := range r {
				c.Populations[i].InitRandom[k] = spec.Dist{Kind: d.Kind}
			}
		}
		c.Populations[i].Init = zeroed(c.Populations[i].Init)
		// Per-neuron parameters are columns of each replica: which parameters, not their values.
		if r := c.Populations[i].ParamsRandom; r != nil {
			c.Populations[i].ParamsRandom = map[string]spec.Dist{}
			for k, d := range r {
				c.Populations[i].ParamsRandom[k] = spec.Dist{Kind: d.Kind}
			}
		}
		if r := c.Populations[i].ParamsPerNeuron; r != nil {
			c.Populations[i].ParamsPerNeuron = map[string][]float64{}
			for k := range r {
				c.Populations[i].ParamsPerNeuron[k] = nil
			}
		}
	}
	c.Projections = append([]spec.Projection(nil), n.Projections...)
	usesSeed := false
	for i := range c.Projections {
		c.Projections[i].Weight = 0 // per replica
		c.Projections[i].Params = nil
		c.Projections[i].Init = zeroed(c.Projections[i].Init)
		c.Projections[i].InitRandom = distKinds(c.Projections[i].InitRandom)
		if c.Projections[i].Conn.Random() && c.Projections[i].Conn.Seed == nil {
			usesSeed = true
		}
	}
	if !usesSeed {
		c.Seed = 0
	}
	c.Inputs = append([]spec.Input(nil), n.Inputs...)
	for i := range c.Inputs {
		if c.Inputs[i].Value != nil {
			c.Inputs[i].Value = make([]float64, len(c.Inputs[i].Value))
		}
		if c.Inputs[i].Poisson != nil {
			c.Inputs[i].Poisson = &spec.PoissonDrive{} // rate, n and weight are per replica
		}
	}
	// The models' definitions by their text, each marshalled once: the points of a sweep share
	// them, and their text is most of a small network's key.
	c.Models = nil
	b, err := json.Marshal(c)
	if err != nil {
		panic("sched: network not serialisable: " + err.Error())
	}
	for _, d := range n.Models {
		b = append(b, '\n')
		b = append(b, modelKey(d)...)
	}
	return string(b)
}

// modelKeys caches modelKey by definition; it is emptied when it grows past modelKeysMax, so that
// a program making definitions without end does not keep them all.
var modelKeys struct {
	sync.Mutex
	m map[*equations.Def]string
}

const modelKeysMax = 256

// modelKey is a definition's text as JSON, from the cache when the same definition was keyed
// before (definitions are not changed once made: package systems caches them the same way).
func modelKey(d *equations.Def) string {
	modelKeys.Lock()
	defer modelKeys.Unlock()
	if k, ok := modelKeys.m[d]; ok {
		return k
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic("sched: model definition not serialisable: " + err.Error())
	}
	if modelKeys.m == nil || len(modelKeys.m) >= modelKeysMax {
		modelKeys.m = map[*equations.Def]string{}
	}
	modelKeys.m[d] = string(b)
	return string(b)
}

func zeroed(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k := range m {
		out[k] = 0
	}
	return out
}

func modelsWith(ok func(*spec.ModelInfo) bool) string {
	cat := systems.Catalog()
	var out []string
	for _, name := range cat.Names() {
		if m, _ := cat.Model(name); ok(m) {
			out = append(out, name)
		}
	}
	return strings.Join(out, ", ")
}

// checkInitDists checks initial values drawn from distributions (per neuron or per synapse).
func checkInitDists(what string, info *spec.ModelInfo, m map[string]spec.Dist) error {
	for v, d := range m {
		key := "init." + v
		if vi, ok := info.Var(v); !ok || vi.Bool {
			return buildErr(what, key, "%s has no real-valued state variable %q (variables: %s)", info.Name, v, varNames(info))
		}
		switch {
		case d.Kind == "uniform" && (!finite(d.Min) || !finite(d.Max) || d.Min > d.Max):
			return buildErr(what, key, "uniform needs finite min <= max, got [%v, %v]", d.Min, d.Max)
		case d.Kind == "normal" && (!finite(d.Mean) || !finite(d.Std) || d.Std < 0):
			return buildErr(what, key, "normal needs a finite mean and std >= 0, got (%v, %v)", d.Mean, d.Std)
		case d.Kind != "uniform" && d.Kind != "normal":
			return buildErr(what, key, "unknown distribution %q (uniform, normal)", d.Kind)
		}
	}
	return nil
}

// distKinds keeps only the kinds of m's distributions: which variables are drawn is structure,
// their arguments are values of each replica.
func distKinds(m map[string]spec.Dist) map[string]spec.Dist {
	if m == nil {
		return nil
	}
	out := map[string]spec.Dist{}
	for k, d := range m {
		out[k] = spec.Dist{Kind: d.Kind}
	}
	return out
}
