package suggest

import (
	"slices"
	"strings"
)

// Nearest returns the candidate nearest to word by edit distance, if it is near enough to be a
// plausible typo, or "".
func Nearest(word string, candidates []string) string {
	best, d := Closest(word, candidates)
	if best == "" || d > TypoLimit(word) || best == word {
		return ""
	}
	return best
}

// TypoLimit is the largest edit distance still taken for a typo of word.
func TypoLimit(word string) int {
	switch n := len(word); {
	case n > 8:
		return 3
	case n > 3:
		return 2
	}
	return 1
}

// Closest returns the candidate with the smallest edit distance to word (ignoring case); ties go
// to the longer common prefix, then to the earlier candidate. A candidate that differs from word
// only in case and underscores (V_c for Vc) comes first: it is what a user meant.
func Closest(word string, candidates []string) (string, int) {
	lw := strings.ToLower(word)
	bare := strings.ReplaceAll(lw, "_", "")
	if slices.Contains(candidates, word) {
		return word, 0
	}
	for _, c := range candidates {
		if lc := strings.ToLower(c); c != word && strings.ReplaceAll(lc, "_", "") == bare {
			return c, editDistance(lw, lc)
		}
	}
	best, bestD, bestP := "", 1<<30, -1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(lw, lc)
		pre := 0
		for pre < len(lw) && pre < len(lc) && lw[pre] == lc[pre] {
			pre++
		}
		if d < bestD || (d == bestD && pre > bestP) {
			best, bestD, bestP = c, d, pre
		}
	}
	return best, bestD
}

// DidYouMean formats Nearest's answer as a message suffix: "; did you mean X?", or "".
func DidYouMean(word string, candidates []string) string {
	if s := Nearest(word, candidates); s != "" {
		return "; did you mean " + s + "?"
	}
	return ""
}

// editDistance is the optimal-string-alignment distance: insertions, deletions, substitutions and
// transpositions of neighbours each cost 1.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
