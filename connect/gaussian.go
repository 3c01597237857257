package connect

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// Distance-dependent connectivity with a Gaussian kernel (NEST's spatial connections with
// nest.spatial_distributions.gaussian, without a mask): pre and post populations of equal size
// are laid out on the same periodic grid, a ring of nx sites or an nx × ny torus, neuron i at
// column i mod nx and row i div nx; each pair (p, q) is connected independently with probability
//
//	(pMax · exp(−dy²/(2σ²))) · exp(−dx²/(2σ²))
//
// where dx, dy are the shortest distances around the ring or torus, in grid units. As in
// FixedProb, pre neuron p draws from its own stream seeded by (seed, p), so the graph does not
// depend on how rows are split; the cost is one draw per pair.

// saltGaussian keeps Gaussian's row streams apart from the other rules'.
const saltGaussian = 0xa54ff53a5f1d36f1

// GaussianGrid is the layout of a Gaussian rule: Nx sites along x and Ny along y (1 for a ring).
type GaussianGrid struct{ Nx, Ny int }

// CheckGaussian reports what is wrong with a Gaussian rule's parameters for populations of nPre
// and nPost neurons, or nil.
func CheckGaussian(nPre, nPost int, grid GaussianGrid, sigma, pMax float64) error {
	if err := checkSizes(nPre, nPost); err != nil {
		return err
	}
	switch {
	case grid.Nx < 1 || grid.Ny < 1:
		return fmt.Errorf("gaussian: grid %d x %d must have at least one site per side", grid.Nx, grid.Ny)
	case nPre != nPost:
		return fmt.Errorf("gaussian: pre (%d neurons) and post (%d) must have equal sizes: both are laid out on one grid", nPre, nPost)
	case grid.Nx*grid.Ny != nPre:
		return fmt.Errorf("gaussian: grid %d x %d has %d sites for %d neurons", grid.Nx, grid.Ny, grid.Nx*grid.Ny, nPre)
	case !(sigma > 0) || math.IsInf(sigma, 0):
		return fmt.Errorf("gaussian: sigma %v must be positive", sigma)
	case !(pMax >= 0 && pMax <= 1):
		return fmt.Errorf("gaussian: p_max %v must be in [0, 1]", pMax)
	}
	return nil
}

// gaussianKernel is exp(−d²/(2σ²)) for the ring distances d = 0 .. n/2 of a side of n sites.
func gaussianKernel(n int, sigma float64) []float64 {
	k := make([]float64, n/2+1)
	for d := range k {
		k[d] = math.Exp(-float64(d*d) / (2 * sigma * sigma))
	}
	return k
}

// ringDistance is the shortest distance between sites a and b of a ring of n sites.
func ringDistance(a, b, n int) int {
	d := a - b
	if d < 0 {
		d = -d
	}
	return min(d, n-d)
}

// GaussianProb is the probability that Gaussian connects pre neuron p to post neuron q.
func GaussianProb(p, q int, grid GaussianGrid, sigma, pMax float64) float64 {
	dx := ringDistance(p%grid.Nx, q%grid.Nx, grid.Nx)
	dy := ringDistance(p/grid.Nx, q/grid.Nx, grid.Ny)
	return (pMax * math.Exp(-float64(dy*dy)/(2*sigma*sigma))) * math.Exp(-float64(dx*dx)/(2*sigma*sigma))
}

// GaussianExpectedLen is the expected number of synapses of a Gaussian rule (for memory
// estimates before the graph is drawn).
func GaussianExpectedLen(n int, grid GaussianGrid, sigma, pMax float64, includeSelf bool) float64 {
	if grid.Nx < 1 || grid.Ny < 1 || !(sigma > 0) {
		return 0
	}
	sum := func(side int) float64 {
		k := gaussianKernel(side, sigma)
		s := 0.0
		for x := range side {
			s += k[ringDistance(0, x, side)]
		}
		return s
	}
	per := pMax * sum(grid.Nx) * sum(grid.Ny)
	if !includeSelf {
		per -= pMax
	}
	return float64(n) * per
}

// Gaussian draws the distance-dependent graph described above; pre and post have n neurons each.
// Without includeSelf the pairs (k, k) are left out. Synapses are ordered by pre, then post.
func Gaussian(n int, grid GaussianGrid, sigma, pMax float64, includeSelf bool, seed uint64) (*Graph, error) {
	if err := CheckGaussian(n, n, grid, sigma, pMax); err != nil {
		return nil, err
	}
	kx, ky := gaussianKernel(grid.Nx, sigma), gaussianKernel(grid.Ny, sigma)
	blocks := min(runtime.GOMAXPROCS(0), max(1, n/256))
	parts := make([][]int32, blocks)
	counts := make([]int32, n)
	var wg sync.WaitGroup
	for b := range blocks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := b*n/blocks, (b+1)*n/blocks
			var targets []int32
			row := make([]float64, grid.Nx) // the x kernel seen from the pre neuron's column
			for p := lo; p < hi; p++ {
				before := len(targets)
				rng := rand.New(rand.NewPCG(seed, Mix(uint64(p)^saltGaussian)))
				px, py := p%grid.Nx, p/grid.Nx
				for qx := range row {
					row[qx] = kx[ringDistance(px, qx, grid.Nx)]
				}
				q := 0
				for qy := range grid.Ny {
					wy := pMax * ky[ringDistance(py, qy, grid.Ny)]
					for _, wx := range row {
						// One draw per pair, also for the pair left out, so that include_self
						// changes no other pair.
						u := rng.Float64()
						if u < wy*wx && (includeSelf || p != q) {
							targets = append(targets, int32(q))
						}
						q++
					}
				}
				counts[p] = int32(len(targets) - before)
			}
			parts[b] = targets
		}()
	}
	wg.Wait()
	total := 0
	for _, part := range parts {
		total += len(part)
	}
	g := &Graph{NPre: n, NPost: n, OutPtr: make([]int32, n+1), Targets: make([]int32, 0, total)}
	for _, part := range parts {
		g.Targets = append(g.Targets, part...)
	}
	for p := range n {
		g.OutPtr[p+1] = g.OutPtr[p] + counts[p]
	}
	return g.done(), nil
}
