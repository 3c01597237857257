package connect

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Graph is the synapse list of one projection, shared by every replica of a world.
//
// Its core is compressed by pre neuron: the targets of pre p are Targets[OutPtr[p]:OutPtr[p+1]],
// ascending, 4 bytes per synapse; that is all event-driven models need. The per-synapse lists
// (Pre, Post, the incoming lists, Dense) are filled by [Graph.Full] for the models that walk
// synapses one by one.
type Graph struct {
	NPre, NPost int
	n           int

	OutPtr  []int32 // len NPre+1
	Targets []int32 // post neuron of each synapse, grouped by pre, ascending within a pre

	// Filled by Full:
	Pre, Post []int32 // synapse i connects Pre[i] -> Post[i]
	// Incoming synapses of post neuron q: InSyn[InPtr[q]:InPtr[q+1]], ascending.
	InPtr []int32
	InSyn []int32
	// Outgoing synapses of pre neuron p: OutSyn[OutPtr[p]:OutPtr[p+1]], ascending.
	OutSyn []int32
	// Dense is true when synapse i is exactly pair (i/NPost, i%NPost) for every pair: the layout
	// of BrainPy's matrix-form models.
	Dense bool

	splits rowSplits // RowSplit's cache
}

// Len is the number of synapses.
func (g *Graph) Len() int { return g.n }

// Full fills the per-synapse lists (Pre, Post, InPtr, InSyn, OutSyn, Dense) if they are not yet,
// and returns g. Synapses are numbered in BrainPy's order: by pre, then post, for every rule but
// Explicit, whose order is the one given.
func (g *Graph) Full() *Graph {
	if g.Pre != nil || g.n == 0 {
		if g.InPtr == nil {
			g.index()
		}
		return g
	}
	g.Pre = make([]int32, g.n)
	g.Post = make([]int32, g.n)
	for p := range g.NPre {
		for i := g.OutPtr[p]; i < g.OutPtr[p+1]; i++ {
			g.Pre[i] = int32(p)
			g.Post[i] = g.Targets[i]
		}
	}
	return g.index()
}

// Matrix returns, for dense-form models on any connectivity, the synapse index of every
// (pre, post) pair in row-major order, or -1 where there is no synapse.
func (g *Graph) Matrix() []int32 {
	g.Full()
	m := make([]int32, g.NPre*g.NPost)
	for i := range m {
		m[i] = -1
	}
	for i := range g.Pre {
		m[int(g.Pre[i])*g.NPost+int(g.Post[i])] = int32(i)
	}
	return m
}

// All2All connects every pre to every post, row-major. Without includeSelf the pairs (k, k) are
// left out, even between two different groups, as BrainPy's All2All(include_self=False) does.
func All2All(nPre, nPost int, includeSelf bool) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	n := nPre * nPost
	if !includeSelf {
		n -= min(nPre, nPost)
	}
	g := newCSR(nPre, nPost, n)
	for p := range nPre {
		for q := range nPost {
			if !includeSelf && p == q {
				continue
			}
			g.Targets = append(g.Targets, int32(q))
		}
		g.OutPtr[p+1] = int32(len(g.Targets))
	}
	return g.done(), nil
}

func newCSR(nPre, nPost, capacity int) *Graph {
	return &Graph{NPre: nPre, NPost: nPost, OutPtr: make([]int32, nPre+1), Targets: make([]int32, 0, capacity)}
}

func (g *Graph) done() *Graph {
	g.n = len(g.Targets)
	return g
}

// OneToOne connects pre k to post k; the two sizes must be equal.
func OneToOne(nPre, nPost int) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	if nPre != nPost {
		return nil, fmt.Errorf("one-to-one needs equal sizes, got pre %d and post %d", nPre, nPost)
	}
	g := newCSR(nPre, nPost, nPre)
	for k := range nPre {
		g.Targets = append(g.Targets, int32(k))
		g.OutPtr[k+1] = int32(k + 1)
	}
	return g.done(), nil
}

// Explicit connects pre[i] to post[i] for every i, in the order given.
func Explicit(nPre, nPost int, pre, post []int) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	if len(pre) != len(post) {
		return nil, fmt.Errorf("explicit connectivity: %d pre indices but %d post indices", len(pre), len(post))
	}
	g := &Graph{NPre: nPre, NPost: nPost, n: len(pre), Pre: make([]int32, len(pre)), Post: make([]int32, len(pre))}
	for i := range pre {
		if pre[i] < 0 || pre[i] >= nPre {
			return nil, fmt.Errorf("explicit connectivity: pre[%d] = %d out of range [0, %d)", i, pre[i], nPre)
		}
		if post[i] < 0 || post[i] >= nPost {
			return nil, fmt.Errorf("explicit connectivity: post[%d] = %d out of range [0, %d)", i, post[i], nPost)
		}
		g.Pre[i], g.Post[i] = int32(pre[i]), int32(post[i])
	}
	g.index()
	// The compressed core, targets ascending within each pre.
	g.Targets = make([]int32, len(pre))
	for p := range nPre {
		seg := g.Targets[g.OutPtr[p]:g.OutPtr[p+1]]
		for k, i := range g.OutSyn[g.OutPtr[p]:g.OutPtr[p+1]] {
			seg[k] = g.Post[i]
		}
		slices.Sort(seg)
	}
	return g, nil
}

// FixedProb connects each (pre, post) pair independently with probability prob. The draws of pre
// neuron p come from their own stream, seeded by (seed, p), so the graph does not depend on how
// the work is split: rows are generated in parallel blocks. Gaps between connections are drawn
// from the geometric distribution, so the cost is proportional to the number of synapses, not of
// pairs. Synapses are ordered by pre, then post, as All2All's are.
func FixedProb(nPre, nPost int, prob float64, includeSelf bool, seed uint64) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	if !(prob >= 0 && prob <= 1) {
		return nil, fmt.Errorf("fixed_prob: prob %v must be in [0, 1]", prob)
	}
	blocks := min(runtime.GOMAXPROCS(0), max(1, nPre/256))
	parts := make([][]int32, blocks)
	counts := make([]int32, nPre)
	var wg sync.WaitGroup
	for b := range blocks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := b*nPre/blocks, (b+1)*nPre/blocks
			expect := int(float64(hi-lo)*float64(nPost)*prob*1.01) + 16
			targets := make([]int32, 0, expect)
			for p := lo; p < hi; p++ {
				before := len(targets)
				targets = row(targets, p, nPost, prob, includeSelf, seed)
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
	if total > math.MaxInt32 {
		return nil, fmt.Errorf("fixed_prob: %d synapses exceed the int32 synapse index", total)
	}
	g := &Graph{NPre: nPre, NPost: nPost, OutPtr: make([]int32, nPre+1), Targets: make([]int32, 0, total)}
	for _, part := range parts {
		g.Targets = append(g.Targets, part...)
	}
	for p := range nPre {
		g.OutPtr[p+1] = g.OutPtr[p] + counts[p]
	}
	return g.done(), nil
}

// row appends the targets of pre neuron p.
func row(targets []int32, p, nPost int, prob float64, includeSelf bool, seed uint64) []int32 {
	if prob == 0 {
		return targets
	}
	rng := rand.New(rand.NewPCG(seed, Mix(uint64(p)+0x9e3779b97f4a7c15)))
	logq := math.Log1p(-prob)
	for q := -1; ; {
		if prob == 1 {
			q++
		} else {
			// Failures before the next success of a Bernoulli(prob) sequence.
			u := 1 - rng.Float64() // in (0, 1]
			q += 1 + int(math.Floor(math.Log(u)/logq))
		}
		if q >= nPost || q < 0 {
			return targets
		}
		if !includeSelf && p == q {
			continue
		}
		targets = append(targets, int32(q))
	}
}

// Mix is splitmix64's finaliser: a cheap, well-spread hash for deriving independent seeds.
func Mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func checkSizes(nPre, nPost int) error {
	if nPre < 1 || nPost < 1 {
		return fmt.Errorf("connectivity needs positive sizes, got pre %d and post %d", nPre, nPost)
	}
	if int64(nPre)*int64(nPost) > math.MaxInt32 {
		// Synapse indices are int32; beyond that a projection needs splitting.
		return fmt.Errorf("connectivity: %d x %d pairs exceed the int32 synapse index", nPre, nPost)
	}
	return nil
}

// index fills the incoming and outgoing lists with a counting sort (stable, so ascending).
func (g *Graph) index() *Graph {
	g.InPtr, g.InSyn = csr(g.Post, g.NPost)
	g.OutPtr, g.OutSyn = csr(g.Pre, g.NPre)
	g.Dense = len(g.Pre) == g.NPre*g.NPost
	if g.Dense {
		for i := range g.Pre {
			if int(g.Pre[i]) != i/g.NPost || int(g.Post[i]) != i%g.NPost {
				g.Dense = false
				break
			}
		}
	}
	return g
}

func csr(key []int32, n int) (ptr, idx []int32) {
	ptr = make([]int32, n+1)
	for _, k := range key {
		ptr[k+1]++
	}
	for i := range n {
		ptr[i+1] += ptr[i]
	}
	idx = make([]int32, len(key))
	next := append([]int32(nil), ptr[:n]...)
	for i, k := range key {
		idx[next[k]] = int32(i)
		next[k]++
	}
	return ptr, idx
}
