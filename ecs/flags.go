package ecs

import "unsafe"

// Fired appends to dst the indices i (plus offset) where flags[i] is true, in increasing order.
// Spikes are rare, so it reads eight flags at a time and skips runs of 32 that are all false.
func Fired(dst []int32, flags []bool, offset int) []int32 {
	n := len(flags)
	i := 0
	if n >= 8 {
		words := unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(flags))), n/8)
		for w := 0; w < len(words); w++ {
			// Skip 32 flags at a time while they are all false.
			for w+4 <= len(words) && words[w]|words[w+1]|words[w+2]|words[w+3] == 0 {
				w += 4
			}
			if w >= len(words) {
				break
			}
			if words[w] == 0 {
				continue
			}
			for j := w * 8; j < w*8+8; j++ {
				if flags[j] {
					dst = append(dst, int32(j+offset))
				}
			}
		}
		i = n / 8 * 8
	}
	for ; i < n; i++ {
		if flags[i] {
			dst = append(dst, int32(i+offset))
		}
	}
	return dst
}

// NextFired is the index of the first set flag at or after i, or len(flags) if there is none.
// It skips eight unset flags at a time, so a loop over the few set flags of a long column,
//
//	for i := NextFired(flags, 0); i < len(flags); i = NextFired(flags, i+1) { ... }
//
// costs about len(flags)/8 word tests plus one call per set flag, and needs no list.
func NextFired(flags []bool, i int) int {
	n := len(flags)
	for ; i < n && i&7 != 0; i++ {
		if flags[i] {
			return i
		}
	}
	if i+8 <= n {
		words := unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(flags))), n/8)
		w := i / 8
		for w < len(words) && words[w] == 0 {
			w++
		}
		i = w * 8
	}
	for ; i < n; i++ {
		if flags[i] {
			return i
		}
	}
	return n
}
