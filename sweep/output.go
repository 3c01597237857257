package sweep

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spikesweep/spikesweep/spec"
)

// A projection's output (how its synapses drive the post group) and event-driven propagation.
// The catalog says which models offer them (spec.ModelInfo.Output and .Event): in the engine,
// the kinetic synapses without an output in BrainPy's demos (AMPA, Alpha, Exponential,
// TwoExponentials) take one, scaled by g_max (and, for a conductance, driven towards E), and
// Exponential runs event-driven.

// outputs are the output modes, as written in the file.
var outputs = []string{"current", "conductance"}

// outputOnly are the parameters an output uses: in a model that takes an output, they do nothing
// without one.
var outputOnly = []string{"g_max", "E"}

// buildOutputs reads output and event of every projection, once every population is declared
// (the output's checks look at the post population's model).
func (p *parser) buildOutputs() {
	for i := range p.doc.Projection {
		d := &p.doc.Projection[i]
		path := indexKey("projection", i)
		pr := &p.net.Projections[i]
		o, ok := p.objects[d.Name]
		if !ok || o.path != path || !o.ok {
			continue // name or model errors are reported already
		}
		info := o.info
		if d.Output != "" {
			kp := joinKey(path, "output")
			out := strings.ToLower(strings.TrimSpace(d.Output))
			switch {
			case info.Jump:
				p.jumpOutput(kp, d.Output, out, pr)
			case !slices.Contains(outputs, out):
				p.errorf(kp, "unknown output %q: \"current\" (post input += g_max*s) or \"conductance\" "+
					"(post input -= g_max*s*(V - E))%s", d.Output, didYouMean(out, outputs))
			case !info.Output:
				msg := fmt.Sprintf("model %s takes no output; output is for models %s", info.Name,
					listOrNone(p.modelsWith(func(m *spec.ModelInfo) bool { return m.Output })))
				if c, ok := p.cat.(withModels); ok && c.synapses[normalizeModel(info.Name)] != nil {
					msg += fmt.Sprintf(" (%s acts on its post group through the output of its [[model]] table)", info.Name)
				} else if _, hasG := info.Param("g_max"); hasG {
					msg += fmt.Sprintf(" (%s drives its post group itself, with its own g_max and E)", info.Name)
				}
				p.errorf(kp, "%s", msg)
			default:
				pr.Output = out
				p.checkOutputPost(kp, pr.Post, out)
			}
		}
		if d.Event != nil {
			if *d.Event && !info.Event {
				p.errorf(joinKey(path, "event"), "model %s has no event-driven propagation; event = true is for models %s",
					info.Name, listOrNone(p.modelsWith(func(m *spec.ModelInfo) bool { return m.Event })))
			} else {
				b := *d.Event
				pr.Event = &b
				for _, v := range sortedKeys(pr.InitRandom) {
					if b { // event-driven: no per-synapse column to draw into
						p.errorf(joinKey(joinKey(path, "init"), v), "an event-driven projection (event = true) keeps no "+
							"per-synapse state to draw %s into; give one number, or remove event = true", v)
					}
				}
			}
		}
		// g_max and E of a model that only uses them in an output.
		if info.Output {
			for _, k := range sortedKeys(d.Params) {
				if msg := p.unusedParam(o, k); msg != "" {
					p.errorf(joinKey(joinKey(path, "params"), k), "%s", msg)
				}
			}
		}
	}
}

// checkOutputPost checks that the post population has what the output drives: input, and V for
// a conductance.
func (p *parser) checkOutputPost(at, post, out string) {
	o, ok := p.objects[post]
	if !ok || o.proj || !o.ok {
		return // reported by buildConns
	}
	need := []string{"input"}
	if out == "conductance" {
		need = append(need, "V")
	}
	for _, v := range need {
		if _, has := o.info.Var(v); !has {
			p.errorf(at, "output %q drives the post population's %s, and %s (model %s) has no %s (state: %s)",
				out, strings.Join(need, " and "), post, o.info.Name, v, listOrNone(varNames(o.info)))
			return
		}
	}
}

// unusedParam says why setting parameter k of object o has no effect, or "": g_max and E of a
// model that takes an output are used only by the output (E only by a conductance).
func (p *parser) unusedParam(o *object, k string) string {
	if !o.proj || !o.ok || !o.info.Output || !slices.Contains(outputOnly, k) {
		return ""
	}
	if _, known := o.info.Param(k); !known {
		return "" // reported as an unknown parameter
	}
	// An output given but invalid is reported on its own; judge by what was written.
	switch out := p.net.Projections[o.i].Output; {
	case p.doc.Projection[o.i].Output == "":
		return fmt.Sprintf("%s is used only by an output, and this projection has none: "+
			"set output = \"current\" or \"conductance\"", k)
	case out == "current" && k == "E":
		return "E is the reversal potential of a conductance output; with output = \"current\" it has no effect"
	}
	return ""
}

// modelsWith lists the catalog's models for which has is true, sorted.
func (p *parser) modelsWith(has func(*spec.ModelInfo) bool) []string {
	var out []string
	for _, name := range p.cat.Names() {
		if m, ok := p.cat.Model(name); ok && has(m) {
			out = append(out, m.Name)
		}
	}
	return out
}

// eventDriven reports whether projection o is forced event-driven (event = true). Its
// per-synapse state is then kept summed per post neuron and cannot be recorded per synapse.
func (p *parser) eventDriven(o *object) bool {
	e := p.net.Projections[o.i].Event
	return o.proj && e != nil && *e
}
