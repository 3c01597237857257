package sweep

import (
	"fmt"

	"github.com/spikesweep/spikesweep/spec"
)

// degreeConn reads the keys of the fixed-degree rules (k, n, allow_multiple) and from_file's
// file, and checks a degree against the population it draws from.
func (p *parser) degreeConn(path string, table map[string]any, c *spec.Conn, sizesKnown bool, pr *spec.Projection,
	only func(key string, kinds ...string) bool) {
	if only("allow_multiple", "fixed_indegree", "fixed_outdegree", "fixed_total") {
		b, ok := table["allow_multiple"].(bool)
		if !ok {
			p.errorf(joinKey(path, "allow_multiple"), "expected true or false, found %s", tomlKind(table["allow_multiple"]))
		}
		c.AllowMultiple = b
	}
	count := func(key string) (int, bool) {
		v, ok := table[key].(int64)
		if !ok || v < 0 || v > 1<<31-1 {
			p.errorf(joinKey(path, key), "expected a whole number >= 0, found %s", describeValue(table[key]))
			return 0, false
		}
		return int(v), true
	}
	var npre, npost int = -1, -1
	if sizesKnown {
		npre = p.net.Populations[p.objects[pr.Pre].i].Size
		npost = p.net.Populations[p.objects[pr.Post].i].Size
	}
	self := c.IncludeSelf == nil || *c.IncludeSelf
	if only("k", "fixed_indegree", "fixed_outdegree") {
		k, ok := count("k")
		c.K = k
		from, of, side := npre, pr.Pre, "pre"
		if c.Kind == "fixed_outdegree" {
			from, of, side = npost, pr.Post, "post"
		}
		if ok && from >= 0 && !c.AllowMultiple {
			m := from
			if !self && pr.Pre == pr.Post {
				m--
			}
			if k > m {
				p.errorf(joinKey(path, "k"), "k = %d is more than the %d distinct %s neurons a neuron can be connected with (%s has %d%s); set allow_multiple = true for repeated pairs",
					k, m, side, of, from, map[bool]string{true: ", without itself", false: ""}[m < from])
			}
		}
	} else if (c.Kind == "fixed_indegree" || c.Kind == "fixed_outdegree") && table != nil {
		p.errorf(joinKey(path, "k"), "missing k (the number of synapses per %s neuron)", map[bool]string{true: "post", false: "pre"}[c.Kind == "fixed_indegree"])
	}
	if only("n", "fixed_total") {
		n, ok := count("n")
		c.N = n
		if ok && sizesKnown && !c.AllowMultiple {
			pairs := npre * npost
			if !self {
				pairs -= min(npre, npost)
			}
			if n > pairs {
				p.errorf(joinKey(path, "n"), "n = %d is more than the %d distinct pairs; set allow_multiple = true for repeated pairs", n, pairs)
			}
		}
	} else if c.Kind == "fixed_total" && table != nil {
		p.errorf(joinKey(path, "n"), "missing n (the number of synapses)")
	}
	if only("file", "from_file") {
		f, ok := table["file"].(string)
		if !ok || f == "" {
			p.errorf(joinKey(path, "file"), "expected a file name, found %s", describeValue(table["file"]))
			return
		}
		c.File = f
		p.connFile(joinKey(path, "file"), c, npre, npost, pr)
	} else if c.Kind == "from_file" && table != nil {
		p.errorf(joinKey(path, "file"), "missing file (a CSV or Parquet file of pre,post[,weight][,delay])")
	}
}

func describeValue(v any) string {
	switch x := v.(type) {
	case int64, float64:
		return fmt.Sprint(x)
	}
	return tomlKind(v)
}
