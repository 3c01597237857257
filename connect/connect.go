package connect

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Graph is the synapse list of one projection, shared by every replica of a world.
type Graph struct {
	NPre, NPost int
	Pre, Post   []int32 // synapse i connects Pre[i] -> Post[i]

	// Incoming synapses of post neuron q: InSyn[InPtr[q]:InPtr[q+1]], ascending.
	InPtr []int32
	InSyn []int32
	// Outgoing synapses of pre neuron p: OutSyn[OutPtr[p]:OutPtr[p+1]], ascending.
	OutPtr []int32
	OutSyn []int32

	// Dense is true when synapse i is exactly pair (i/NPost, i%NPost) for every pair: the layout
	// of BrainPy's matrix-form models.
	Dense bool
}

// Len is the number of synapses.
func (g *Graph) Len() int { return len(g.Pre) }

// Matrix returns, for dense-form models on any connectivity, the synapse index of every
// (pre, post) pair in row-major order, or -1 where there is no synapse.
func (g *Graph) Matrix() []int32 {
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
	g := &Graph{NPre: nPre, NPost: nPost, Pre: make([]int32, 0, n), Post: make([]int32, 0, n)}
	for p := range nPre {
		for q := range nPost {
			if !includeSelf && p == q {
				continue
			}
			g.Pre = append(g.Pre, int32(p))
			g.Post = append(g.Post, int32(q))
		}
	}
	return g.index(), nil
}

// OneToOne connects pre k to post k; the two sizes must be equal.
func OneToOne(nPre, nPost int) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	if nPre != nPost {
		return nil, fmt.Errorf("one-to-one needs equal sizes, got pre %d and post %d", nPre, nPost)
	}
	g := &Graph{NPre: nPre, NPost: nPost, Pre: make([]int32, nPre), Post: make([]int32, nPre)}
	for k := range nPre {
		g.Pre[k], g.Post[k] = int32(k), int32(k)
	}
	return g.index(), nil
}

// Explicit connects pre[i] to post[i] for every i, in the order given.
func Explicit(nPre, nPost int, pre, post []int) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	if len(pre) != len(post) {
		return nil, fmt.Errorf("explicit connectivity: %d pre indices but %d post indices", len(pre), len(post))
	}
	g := &Graph{NPre: nPre, NPost: nPost, Pre: make([]int32, len(pre)), Post: make([]int32, len(pre))}
	for i := range pre {
		if pre[i] < 0 || pre[i] >= nPre {
			return nil, fmt.Errorf("explicit connectivity: pre[%d] = %d out of range [0, %d)", i, pre[i], nPre)
		}
		if post[i] < 0 || post[i] >= nPost {
			return nil, fmt.Errorf("explicit connectivity: post[%d] = %d out of range [0, %d)", i, post[i], nPost)
		}
		g.Pre[i], g.Post[i] = int32(pre[i]), int32(post[i])
	}
	return g.index(), nil
}

// FixedProb connects each (pre, post) pair independently with probability prob. The draws of pre
// neuron p come from their own stream, seeded by (seed, p), so the graph does not depend on how
// the work is split. Gaps between connections are drawn from the geometric distribution, so the
// cost is proportional to the number of synapses, not of pairs. Synapses are ordered by pre, then
// post, as All2All's are.
func FixedProb(nPre, nPost int, prob float64, includeSelf bool, seed uint64) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	if !(prob >= 0 && prob <= 1) {
		return nil, fmt.Errorf("fixed_prob: prob %v must be in [0, 1]", prob)
	}
	expect := int(float64(nPre)*float64(nPost)*prob*1.01) + 16
	g := &Graph{NPre: nPre, NPost: nPost, Pre: make([]int32, 0, expect), Post: make([]int32, 0, expect)}
	logq := math.Log1p(-prob)
	for p := range nPre {
		rng := rand.New(rand.NewPCG(seed, Mix(uint64(p)+0x9e3779b97f4a7c15)))
		for q := -1; ; {
			if prob == 0 {
				break
			}
			if prob == 1 {
				q++
			} else {
				// Failures before the next success of a Bernoulli(prob) sequence.
				u := 1 - rng.Float64() // in (0, 1]
				q += 1 + int(math.Floor(math.Log(u)/logq))
			}
			if q >= nPost || q < 0 {
				break
			}
			if !includeSelf && p == q {
				continue
			}
			g.Pre = append(g.Pre, int32(p))
			g.Post = append(g.Post, int32(q))
		}
	}
	return g.index(), nil
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
