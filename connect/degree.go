package connect

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// Connectivity with fixed degrees or a fixed total (NEST's fixed_indegree, fixed_outdegree and
// fixed_total_number). Each row (a post neuron for in-degrees, a pre neuron for out-degrees) draws
// from its own PCG stream seeded by (seed, row), so a graph does not depend on how rows are split
// over goroutines. Synapses are ordered by pre, then post, as every other rule's are; with
// allowMultiple a pair may repeat (a multapse), its copies adjacent.

// Salts keep the row streams of different rules apart.
const (
	saltInDegree  = 0x6a09e667f3bcc908
	saltOutDegree = 0xbb67ae8584caa73b
	saltTotal     = 0x3c6ef372fe94f82b
)

// candidates is how many neurons row r of a side of size n may pick from.
func candidates(n, r int, includeSelf bool) int {
	if !includeSelf && r < n {
		return n - 1
	}
	return n
}

// pickRow appends k neurons of [0, n) for row r, ascending: uniform with replacement
// (allowMultiple) or a uniform k-subset (Floyd's algorithm); without includeSelf, never r.
// mark is scratch of length n, all false on entry and on return.
func pickRow(dst []int32, rng *rand.Rand, n, r, k int, includeSelf, allowMultiple bool, mark []bool) []int32 {
	m := candidates(n, r, includeSelf)
	skip := func(x int) int32 { // map [0, m) onto [0, n) without r
		if m < n && x >= r {
			x++
		}
		return int32(x)
	}
	start := len(dst)
	if allowMultiple {
		for range k {
			dst = append(dst, skip(rng.IntN(m)))
		}
	} else {
		for j := m - k; j < m; j++ {
			t := rng.IntN(j + 1)
			if mark[t] {
				t = j
			}
			mark[t] = true
			dst = append(dst, skip(t))
		}
		for _, x := range dst[start:] {
			i := int(x)
			if m < n && i > r {
				i--
			}
			mark[i] = false
		}
	}
	slices.Sort(dst[start:])
	return dst
}

func checkDegree(rule string, k, other, n int, includeSelf, allowMultiple bool) error {
	if k < 0 {
		return fmt.Errorf("%s: k = %d must be >= 0", rule, k)
	}
	if int64(k)*int64(n) > math.MaxInt32 {
		return fmt.Errorf("%s: %d x %d synapses exceed the int32 synapse index", rule, k, n)
	}
	if !allowMultiple {
		m := other
		if !includeSelf {
			m = other - 1 // the tightest row (when the two groups are one)
		}
		if k > m {
			return fmt.Errorf("%s: k = %d is more than the %d distinct neurons a row can pick from; set allow_multiple = true for repeated pairs", rule, k, max(m, 0))
		}
	}
	return nil
}

// rows draws k neurons of [0, other) for each of n rows in parallel blocks.
func rows(n, other, k int, includeSelf, allowMultiple bool, seed, salt uint64) [][]int32 {
	out := make([][]int32, n)
	blocks := min(runtime.GOMAXPROCS(0), max(1, n/256))
	var wg sync.WaitGroup
	for b := range blocks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := b*n/blocks, (b+1)*n/blocks
			flat := make([]int32, 0, (hi-lo)*k)
			mark := make([]bool, other)
			for r := lo; r < hi; r++ {
				rng := rand.New(rand.NewPCG(seed, Mix(uint64(r)^salt)))
				at := len(flat)
				flat = pickRow(flat, rng, other, r, k, includeSelf, allowMultiple, mark)
				out[r] = flat[at:len(flat):len(flat)]
			}
		}()
	}
	wg.Wait()
	return out
}

// FixedInDegree gives every post neuron exactly k pre neurons (Brunel's network: C_E = ε N_E).
// Without includeSelf a post neuron never gets the pre neuron of its own index; without
// allowMultiple its k pre neurons are distinct (k may not exceed the candidates).
func FixedInDegree(nPre, nPost, k int, includeSelf, allowMultiple bool, seed uint64) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	if err := checkDegree("fixed_indegree", k, nPre, nPost, includeSelf, allowMultiple); err != nil {
		return nil, err
	}
	in := rows(nPost, nPre, k, includeSelf, allowMultiple, seed, saltInDegree)
	// Transpose: posts are visited in increasing order, so each pre's targets come out ascending.
	g := &Graph{NPre: nPre, NPost: nPost, OutPtr: make([]int32, nPre+1), Targets: make([]int32, nPost*k)}
	for _, srcs := range in {
		for _, p := range srcs {
			g.OutPtr[p+1]++
		}
	}
	for p := range nPre {
		g.OutPtr[p+1] += g.OutPtr[p]
	}
	next := slices.Clone(g.OutPtr[:nPre])
	for q, srcs := range in {
		for _, p := range srcs {
			g.Targets[next[p]] = int32(q)
			next[p]++
		}
	}
	return g.done(), nil
}

// FixedOutDegree gives every pre neuron exactly k post neurons.
func FixedOutDegree(nPre, nPost, k int, includeSelf, allowMultiple bool, seed uint64) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	if err := checkDegree("fixed_outdegree", k, nPost, nPre, includeSelf, allowMultiple); err != nil {
		return nil, err
	}
	out := rows(nPre, nPost, k, includeSelf, allowMultiple, seed, saltOutDegree)
	g := &Graph{NPre: nPre, NPost: nPost, OutPtr: make([]int32, nPre+1), Targets: make([]int32, 0, nPre*k)}
	for p, tg := range out {
		g.Targets = append(g.Targets, tg...)
		g.OutPtr[p+1] = int32(len(g.Targets))
	}
	return g.done(), nil
}

// FixedTotal makes exactly n synapses. With allowMultiple each is an independent uniform pair
// (the row counts are multinomial, drawn from the seed's stream, then each row draws its posts
// from its own stream); without, the pairs are a uniform n-subset of the allowed pairs.
func FixedTotal(nPre, nPost, n int, includeSelf, allowMultiple bool, seed uint64) (*Graph, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return nil, err
	}
	pairs := nPre * nPost
	if !includeSelf {
		pairs -= min(nPre, nPost)
	}
	switch {
	case n < 0:
		return nil, fmt.Errorf("fixed_total: n = %d must be >= 0", n)
	case n > math.MaxInt32:
		return nil, fmt.Errorf("fixed_total: %d synapses exceed the int32 synapse index", n)
	case !allowMultiple && n > pairs:
		return nil, fmt.Errorf("fixed_total: n = %d is more than the %d distinct pairs; set allow_multiple = true for repeated pairs", n, pairs)
	case includeSelf == false && allowMultiple && pairs == 0 && n > 0:
		return nil, fmt.Errorf("fixed_total: no pair is allowed")
	}
	g := &Graph{NPre: nPre, NPost: nPost, OutPtr: make([]int32, nPre+1), Targets: make([]int32, 0, n)}
	src := rand.NewPCG(seed, saltTotal)
	if allowMultiple {
		// Multinomial row counts, weighted by each row's candidates.
		counts := make([]int, nPre)
		left, weight := n, float64(pairs)
		for p := range nPre {
			w := float64(candidates(nPost, p, includeSelf))
			if left > 0 && w > 0 {
				prob := min(1, w/weight)
				counts[p] = int(distuv.Binomial{N: float64(left), P: prob, Src: src}.Rand())
			}
			left -= counts[p]
			weight -= w
		}
		for p := range nPre {
			rng := rand.New(rand.NewPCG(seed, Mix(uint64(p)^saltTotal)))
			g.Targets = pickRow(g.Targets, rng, nPost, p, counts[p], includeSelf, true, nil)
			g.OutPtr[p+1] = int32(len(g.Targets))
		}
		return g.done(), nil
	}
	// A uniform n-subset of the allowed pairs: Floyd's algorithm over their enumeration.
	rng := rand.New(src)
	chosen := make(map[int]struct{}, n)
	for j := pairs - n; j < pairs; j++ {
		t := rng.IntN(j + 1)
		if _, dup := chosen[t]; dup {
			t = j
		}
		chosen[t] = struct{}{}
	}
	idx := make([]int, 0, n)
	for t := range chosen {
		idx = append(idx, t)
	}
	slices.Sort(idx)
	// Enumerate allowed pairs row by row; row p has candidates(nPost, p) of them.
	p, rowStart := 0, 0
	for _, t := range idx {
		for t >= rowStart+candidates(nPost, p, includeSelf) {
			rowStart += candidates(nPost, p, includeSelf)
			g.OutPtr[p+1] = int32(len(g.Targets))
			p++
		}
		q := t - rowStart
		if !includeSelf && p < nPost && q >= p {
			q++
		}
		g.Targets = append(g.Targets, int32(q))
	}
	for ; p < nPre; p++ {
		g.OutPtr[p+1] = int32(len(g.Targets))
	}
	return g.done(), nil
}

// RandomLen checks the parameters of a fixed_indegree, fixed_outdegree or fixed_total rule as
// the constructors do, and returns its number of synapses without drawing the graph.
func RandomLen(kind string, nPre, nPost, k, n int, includeSelf, allowMultiple bool) (int, error) {
	if err := checkSizes(nPre, nPost); err != nil {
		return 0, err
	}
	switch kind {
	case "fixed_indegree":
		return nPost * k, checkDegree("fixed_indegree", k, nPre, nPost, includeSelf, allowMultiple)
	case "fixed_outdegree":
		return nPre * k, checkDegree("fixed_outdegree", k, nPost, nPre, includeSelf, allowMultiple)
	case "fixed_total":
		pairs := nPre * nPost
		if !includeSelf {
			pairs -= min(nPre, nPost)
		}
		if n < 0 || n > math.MaxInt32 || (!allowMultiple && n > pairs) {
			return 0, fmt.Errorf("fixed_total: n = %d is not between 0 and the %d distinct pairs (allow_multiple = true lifts the upper bound)", n, pairs)
		}
		return n, nil
	}
	return 0, fmt.Errorf("%s is not a fixed-degree rule", kind)
}
