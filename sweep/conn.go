package sweep

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spikesweep/spikesweep/spec"
)

func (p *parser) buildConns() {
	for i := range p.doc.Projection {
		d := &p.doc.Projection[i]
		path := indexKey("projection", i)
		pr := &p.net.Projections[i]
		okPre := p.endpoint(joinKey(path, "pre"), d.Pre)
		okPost := p.endpoint(joinKey(path, "post"), d.Post)
		pr.Conn = p.conn(joinKey(path, "conn"), d.Conn, okPre && okPost, pr)
	}
}

// endpoint checks that name is a population.
func (p *parser) endpoint(path, name string) bool {
	key := path[strings.LastIndexByte(path, '.')+1:]
	if name == "" {
		p.errorf(path, "missing %s (the name of a population)", key)
		return false
	}
	o, ok := p.objects[name]
	if !ok {
		p.errorf(path, "no population named %q (populations: %s)%s", name,
			listOrNone(p.populationNames()), didYouMean(name, p.populationNames()))
		return false
	}
	if o.proj {
		p.errorf(path, "%q is a projection; %s must be a population", name, key)
		return false
	}
	return true
}

func (p *parser) populationNames() []string {
	var out []string
	for name, o := range p.objects {
		if !o.proj {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (p *parser) objectNames() []string {
	return sortedKeys(p.objects)
}

var connKinds = []string{"all2all", "one2one", "fixed_prob", "explicit", "fixed_indegree", "fixed_outdegree", "fixed_total", "from_file", "gaussian"}

func normConnKind(k string) string {
	s := strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(k))
	switch s {
	case "all2all", "alltoall":
		return "all2all"
	case "one2one", "onetoone":
		return "one2one"
	case "fixedprob", "fixedprobability":
		return "fixed_prob"
	case "explicit", "ij":
		return "explicit"
	case "fixedindegree":
		return "fixed_indegree"
	case "fixedoutdegree":
		return "fixed_outdegree"
	case "fixedtotal", "fixedtotalnumber":
		return "fixed_total"
	case "fromfile", "file":
		return "from_file"
	case "gaussian", "gauss":
		return "gaussian"
	}
	return ""
}

// conn reads a projection's connectivity: a kind name, or a table.
func (p *parser) conn(path string, v any, sizesKnown bool, pr *spec.Projection) spec.Conn {
	c := spec.Conn{Kind: "all2all"}
	var table map[string]any
	kindPath := path
	switch x := v.(type) {
	case nil:
		return c
	case string:
		c.Kind = normConnKind(x)
		if c.Kind == "" {
			p.errorf(path, "unknown connection kind %q (kinds: %s)%s", x, strings.Join(connKinds, ", "), didYouMean(x, connKinds))
			return spec.Conn{Kind: "all2all"}
		}
		switch c.Kind {
		case "fixed_prob":
			p.errorf(path, `fixed_prob needs a probability: conn = { kind = "fixed_prob", prob = 0.1 }`)
		case "explicit":
			p.errorf(path, `explicit needs index lists: conn = { kind = "explicit", pre = [0, 1], post = [1, 0] }`)
		case "fixed_indegree", "fixed_outdegree":
			p.errorf(path, `%s needs a degree: conn = { kind = "%s", k = 100 }`, c.Kind, c.Kind)
		case "fixed_total":
			p.errorf(path, `fixed_total needs a number of synapses: conn = { kind = "fixed_total", n = 5000 }`)
		case "from_file":
			p.errorf(path, `from_file needs a file: conn = { kind = "from_file", file = "pairs.csv" }`)
		case "gaussian":
			p.errorf(path, `gaussian needs a width, a peak probability and a grid: conn = { kind = "gaussian", sigma = 2.0, p_max = 0.5, grid = [40, 25] }`)
		}
	case map[string]any:
		table = x
		kindPath = joinKey(path, "kind")
		for _, k := range sortedKeys(x) {
			if !slices.Contains(schemaKeys["projection.conn"], k) {
				p.errorf(joinKey(path, k), "unknown key in conn (keys: %s)%s",
					strings.Join(schemaKeys["projection.conn"], ", "), didYouMean(k, schemaKeys["projection.conn"]))
			}
		}
		if kv, ok := x["kind"]; ok {
			ks, isStr := kv.(string)
			if !isStr {
				p.errorf(kindPath, "expected a string, found %s", tomlKind(kv))
				return spec.Conn{Kind: "all2all"}
			}
			c.Kind = normConnKind(ks)
			if c.Kind == "" {
				p.errorf(kindPath, "unknown connection kind %q (kinds: %s)%s", ks, strings.Join(connKinds, ", "), didYouMean(ks, connKinds))
				return spec.Conn{Kind: "all2all"}
			}
		}
	default:
		p.errorf(path, `expected a kind ("all2all") or a table ({ kind = "fixed_prob", prob = 0.1 }), found %s`, tomlKind(v))
		return c
	}

	only := func(key string, kinds ...string) bool {
		if _, ok := table[key]; ok && !slices.Contains(kinds, c.Kind) {
			p.errorf(joinKey(path, key), "%s applies only to kind %s, not %s", key, strings.Join(kinds, " and "), c.Kind)
			return false
		}
		_, ok := table[key]
		return ok
	}
	if only("include_self", "all2all", "fixed_prob", "fixed_indegree", "fixed_outdegree", "fixed_total", "gaussian") {
		b, ok := table["include_self"].(bool)
		if !ok {
			p.errorf(joinKey(path, "include_self"), "expected true or false, found %s", tomlKind(table["include_self"]))
		} else {
			c.IncludeSelf = &b
		}
	}
	hasProb := only("prob", "fixed_prob")
	if hasProb {
		x, msg := finiteNumber(table["prob"])
		if msg == "" && (x < 0 || x > 1) {
			msg = fmt.Sprintf("must be between 0 and 1, got %v", x)
		}
		if msg != "" {
			p.errorf(joinKey(path, "prob"), "%s", msg)
		}
		c.Prob = x
	} else if c.Kind == "fixed_prob" && table != nil {
		p.errorf(joinKey(path, "prob"), "missing prob (the probability of each pre-post pair)")
	}
	p.degreeConn(path, table, &c, sizesKnown, pr, only)
	p.gaussianConn(path, table, &c, sizesKnown, pr, only)
	if only("seed", "fixed_prob", "fixed_indegree", "fixed_outdegree", "fixed_total", "gaussian") {
		s, ok := table["seed"].(int64)
		if !ok || s < 0 {
			p.errorf(joinKey(path, "seed"), "expected a non-negative integer")
		} else {
			u := uint64(s)
			c.Seed = &u
		}
	}
	hasPre, hasPost := only("pre", "explicit"), only("post", "explicit")
	if c.Kind == "explicit" && table != nil {
		var npre, npost int = -1, -1
		if sizesKnown {
			npre = p.net.Populations[p.objects[pr.Pre].i].Size
			npost = p.net.Populations[p.objects[pr.Post].i].Size
		}
		if !hasPre || !hasPost {
			p.errorf(path, "explicit needs both pre and post index lists")
		} else {
			c.Pre = p.indexList(joinKey(path, "pre"), table["pre"], npre, pr.Pre)
			c.Post = p.indexList(joinKey(path, "post"), table["post"], npost, pr.Post)
			if c.Pre != nil && c.Post != nil && len(c.Pre) != len(c.Post) {
				p.errorf(joinKey(path, "post"), "has %d indices but pre has %d; they are pairs", len(c.Post), len(c.Pre))
			}
		}
	}
	if c.Kind == "one2one" && sizesKnown {
		np := p.net.Populations[p.objects[pr.Pre].i].Size
		nq := p.net.Populations[p.objects[pr.Post].i].Size
		if np != nq {
			p.errorf(kindPath, "one2one needs populations of equal size; %s has %d, %s has %d", pr.Pre, np, pr.Post, nq)
		}
	}
	return c
}

// indexList reads a non-empty array of element indices below n (n < 0: unknown).
func (p *parser) indexList(path string, v any, n int, of string) []int {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		p.errorf(path, "expected a non-empty array of indices")
		return nil
	}
	out := make([]int, len(arr))
	for i, e := range arr {
		k, ok := e.(int64)
		switch {
		case !ok:
			p.errorf(indexKey(path, i), "expected an integer index, found %s", tomlKind(e))
			return nil
		case k < 0 || (n >= 0 && k >= int64(n)):
			p.errorf(indexKey(path, i), "index %d out of range: %s has %s (0..%d)", k, of, plural(n, "neuron"), n-1)
			return nil
		}
		out[i] = int(k)
	}
	return out
}
