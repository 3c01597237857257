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
