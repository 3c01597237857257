package sweep

import (
	"fmt"

	"github.com/spikesweep/spikesweep/spec"
)

// gaussianConn reads the keys of the Gaussian distance-dependent rule: sigma (grid units, > 0),
// p_max (in [0, 1]) and grid ([nx] for a ring, [nx, ny] for a torus, nx·ny neurons in both
// populations).
func (p *parser) gaussianConn(path string, table map[string]any, c *spec.Conn, sizesKnown bool, pr *spec.Projection,
	only func(key string, kinds ...string) bool) {
	if only("sigma", "gaussian") {
		x, msg := finiteNumber(table["sigma"])
		if msg == "" && !(x > 0) {
			msg = fmt.Sprintf("must be positive (the kernel's width in grid units), got %v", x)
		}
		if msg != "" {
			p.errorf(joinKey(path, "sigma"), "%s", msg)
		}
		c.Sigma = x
	} else if c.Kind == "gaussian" && table != nil {
		p.errorf(joinKey(path, "sigma"), "missing sigma (the Gaussian kernel's standard deviation, in grid units)")
	}
	if only("p_max", "gaussian") {
		x, msg := finiteNumber(table["p_max"])
		if msg == "" && (x < 0 || x > 1) {
			msg = fmt.Sprintf("must be between 0 and 1 (the probability at distance 0), got %v", x)
		}
		if msg != "" {
			p.errorf(joinKey(path, "p_max"), "%s", msg)
		}
		c.PMax = x
	} else if c.Kind == "gaussian" && table != nil {
		p.errorf(joinKey(path, "p_max"), "missing p_max (the connection probability at distance 0)")
	}
	if only("grid", "gaussian") {
		key := joinKey(path, "grid")
		arr, ok := table["grid"].([]any)
		if !ok || len(arr) < 1 || len(arr) > 2 {
			p.errorf(key, "expected [nx] (a ring) or [nx, ny] (a torus), found %s", describeLen(table["grid"]))
			return
		}
		grid := make([]int, len(arr))
		for i, v := range arr {
			n, ok := v.(int64)
			if !ok || n < 1 || n > 1<<31-1 {
				p.errorf(indexKey(key, i), "expected a whole number of sites >= 1, found %s", describeValue(v))
				return
			}
			grid[i] = int(n)
		}
		c.Grid = grid
		if !sizesKnown {
			return
		}
		npre := p.net.Populations[p.objects[pr.Pre].i].Size
		npost := p.net.Populations[p.objects[pr.Post].i].Size
		sites := grid[0]
		shape := fmt.Sprintf("a ring of %d sites", grid[0])
		if len(grid) == 2 {
			sites *= grid[1]
			shape = fmt.Sprintf("%d x %d = %d sites", grid[0], grid[1], sites)
		}
		switch {
		case npre != npost:
			p.errorf(key, "pre %s (%d neurons) and post %s (%d) are laid out on one grid and must have equal sizes", pr.Pre, npre, pr.Post, npost)
		case sites != npre:
			p.errorf(key, "%s for %d neurons (%s and %s must fill the grid)", shape, npre, pr.Pre, pr.Post)
		}
	} else if c.Kind == "gaussian" && table != nil {
		p.errorf(joinKey(path, "grid"), "missing grid ([nx] for a ring, [nx, ny] for a torus)")
	}
}
