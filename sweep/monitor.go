package sweep

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/spikesweep/spikesweep/spec"
)

var dtypes = []string{"float64", "float32"}

func (p *parser) buildMonitors() {
	names := map[string]string{}
	for i := range p.doc.Monitor {
		d := &p.doc.Monitor[i]
		path := indexKey("monitor", i)
		m := spec.Monitor{Name: cmp.Or(d.Name, d.Target), Target: d.Target, Vars: slices.Clone(d.Vars),
			Indices: slices.Clone(d.Indices), Every: 1, Dtype: cmp.Or(d.Dtype, "float64")}
		everyMs := 0.0
		everyKey := joinKey(path, "every")

		if !slices.Contains(dtypes, m.Dtype) {
			p.errorf(joinKey(path, "dtype"), "unknown dtype %q (dtypes: float64, float32)%s", d.Dtype, didYouMean(d.Dtype, dtypes))
		}
		switch {
		case d.Every != nil && d.EveryMs != nil:
			p.errorf(joinKey(path, "every_ms"), "give every (steps) or every_ms, not both")
		case d.Every != nil:
			if m.Every = *d.Every; m.Every < 1 {
				p.errorf(everyKey, "must be at least 1 step, got %d", m.Every)
				m.Every = 1
			}
		case d.EveryMs != nil:
			everyKey = joinKey(path, "every_ms")
			everyMs = *d.EveryMs
			if !(everyMs > 0) || math.IsInf(everyMs, 0) {
				p.errorf(everyKey, "must be a positive number of milliseconds, got %v", everyMs)
				everyMs = 0
			} else if k, msg := everySteps(everyMs, p.net.Dt); msg != "" {
				if p.net.Dt > 0 {
					p.errorf(everyKey, "%s", msg)
				}
			} else {
				m.Every = k
			}
		}
		p.everyMs = append(p.everyMs, everyMs)
		p.monitorKey = append(p.monitorKey, everyKey)

		if m.Name != "" {
			if !monitorNameRE.MatchString(m.Name) {
				p.errorf(joinKey(path, "name"), "%q is not a valid dataset name (use letters, digits, _, - and .)", m.Name)
			} else if len(m.Name) > MaxNameLen {
				p.errorf(joinKey(path, "name"), "name is %d bytes long; at most %d (it names an output directory)", len(m.Name), MaxNameLen)
			} else if first, dup := names[m.Name]; dup {
				p.errorf(cmp.Or(pathIf(p.idx, joinKey(path, "name")), joinKey(path, "target")),
					"a second monitor named %q (the first is at line %d); give one of them a name", m.Name, p.idx.at(first).Line)
			} else {
				names[m.Name] = path
			}
		}
		p.net.Monitors = append(p.net.Monitors, m)
		p.monitorTarget(path, d)
	}
}

// pathIf returns path if the document has it, else "".
func pathIf(ix *posIndex, path string) string {
	if ix.has(path) {
		return path
	}
	return ""
}

var monitorNameRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

func (p *parser) monitorTarget(path string, d *docMonitor) {
	if d.Target == "" {
		p.errorf(joinKey(path, "target"), "missing target (a population or projection name)")
		return
	}
	o, ok := p.objects[d.Target]
	if !ok {
		p.errorf(joinKey(path, "target"), "no population or projection named %q (names: %s)%s", d.Target,
			listOrNone(p.objectNames()), didYouMean(d.Target, p.objectNames()))
		return
	}
	if !o.ok {
		return
	}
	names := varNames(o.info)
	if len(d.Vars) == 0 {
		p.errorf(joinKey(path, "vars"), "missing vars: which state variables to record (state of %s: %s)", o.info.Name, listOrNone(names))
	}
	seen := map[string]bool{}
	var perPost, perElem []string // variables kept per post neuron / per element
	for i, v := range d.Vars {
		vp := indexKey(joinKey(path, "vars"), i)
		if vi, ok := o.info.Var(v); ok && vi.PerPost {
			perPost = append(perPost, v)
		} else if ok {
			perElem = append(perElem, v)
		}
		if _, ok := o.info.Var(v); !ok {
			hint := didYouMean(v, names)
			if _, isParam := o.info.Param(v); isParam {
				hint = fmt.Sprintf("; %s is a parameter, constant during the run", v)
			}
			p.errorf(vp, "%q is not a state variable of %s (model %s; state: %s)%s", v, d.Target, o.info.Name, listOrNone(names), hint)
		} else if seen[v] {
			p.errorf(vp, "%s is listed twice", v)
		} else if o.proj && o.info.Jump && p.net.Projections[o.i].Output != "" {
			p.errorf(vp, "projection %s is a delta synapse (output = %q): it keeps no per-synapse state; record the post population's V or input",
				d.Target, p.net.Projections[o.i].Output)
		} else if vi, _ := o.info.Var(v); o.proj && !vi.PerPost && p.eventDriven(o) {
			p.errorf(vp, "projection %s is event-driven (event = true, line %d): %s is summed per post neuron, not kept per synapse; "+
				"record the post population's input instead, or set event = false", d.Target,
				p.idx.at(joinKey(o.path, "event")).Line, v)
		}
		seen[v] = true
	}
	if len(perPost) > 0 && len(perElem) > 0 {
		p.errorf(joinKey(path, "vars"), "%s keep one value per post neuron, %s one per synapse: record them with two monitors",
			strings.Join(perPost, ", "), strings.Join(perElem, ", "))
		return
	}
	if d.Indices != nil {
		n := p.size(o)
		of := d.Target + " has " + plural(n, "element")
		if len(perPost) > 0 {
			postName := p.net.Projections[o.i].Post
			if post, ok := p.objects[postName]; ok && !post.proj {
				n = p.net.Populations[post.i].Size
				of = fmt.Sprintf("%s has one value per neuron of %s, which has %s", strings.Join(perPost, ", "), postName, plural(n, "neuron"))
			}
		}
		if len(d.Indices) == 0 {
			p.errorf(joinKey(path, "indices"), "empty; leave indices out to record every element")
		}
		seenIdx := map[int]bool{}
		for i, k := range d.Indices {
			ip := indexKey(joinKey(path, "indices"), i)
			switch {
			case k < 0 || (n >= 0 && k >= n):
				p.errorf(ip, "index %d out of range: %s (0..%d)", k, of, n-1)
			case seenIdx[k]:
				p.errorf(ip, "index %d is listed twice", k)
			}
			seenIdx[k] = true
		}
	}
}

// everySteps converts a recording interval in ms to whole steps of dt. It accepts a quotient
// within 1e-9 (relative) of an integer, so 0.3 ms at dt 0.1 is 3 steps although 0.3/0.1 is
// 2.9999999999999996 in floating point.
func everySteps(ms, dt float64) (int, string) {
	q := ms / dt
	k := math.Round(q)
	if k < 1 || math.Abs(q-k) > 1e-9*k {
		return 0, fmt.Sprintf("%v ms is not a whole number of steps of dt = %v ms (%v steps)", ms, dt, q)
	}
	return int(k), ""
}

func (p *parser) buildSpikes() {
	var list []any
	base := "spikes"
	switch x := p.doc.Spikes.(type) {
	case nil:
		return
	case []any:
		list = x
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if k != "populations" {
				p.errorf(joinKey("spikes", k), "unknown key in [spikes] (keys: populations)%s", didYouMean(k, []string{"populations"}))
			}
		}
		base = "spikes.populations"
		v, ok := x["populations"]
		if !ok {
			p.errorf(base, "missing populations (names of populations whose spikes are recorded)")
			return
		}
		if list, ok = v.([]any); !ok {
			p.errorf(base, "expected an array of population names, found %s", tomlKind(v))
			return
		}
	default:
		p.errorf(base, "expected an array of population names, found %s", tomlKind(x))
		return
	}
	seen := map[string]bool{}
	for i, e := range list {
		ep := indexKey(base, i)
		name, ok := e.(string)
		if !ok {
			p.errorf(ep, "expected a population name, found %s", tomlKind(e))
			continue
		}
		o, ok := p.objects[name]
		switch {
		case !ok:
			p.errorf(ep, "no population named %q (populations: %s)%s", name,
				listOrNone(p.populationNames()), didYouMean(name, p.populationNames()))
			continue
		case o.proj:
			p.errorf(ep, "%q is a projection; only populations spike", name)
			continue
		case seen[name]:
			p.errorf(ep, "%q is listed twice", name)
			continue
		}
		seen[name] = true
		if o.ok {
			if _, has := o.info.Var("spike"); !has {
				p.errorf(ep, "%q (model %s) does not spike: it has no spike variable", name, o.info.Name)
				continue
			}
		}
		p.net.Spikes = append(p.net.Spikes, name)
	}
}
