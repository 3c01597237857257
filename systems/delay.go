package systems

// Ring is a constant delay of whole columns: BrainPy's register_constant_delay (SEMANTICS.md §7).
// It has K = steps+1 slots of Size values; a value pushed at step n is pulled at step n+steps,
// and with steps = 0 a pull returns what was pushed earlier in the same step.
//
// BrainPy rotates its write index (starting at K-1) and read index (starting at 0) by one slot
// after each update; here both are functions of the step number, so the ring has no state to
// rotate and replicas can advance through their steps independently.
type Ring struct {
	Size int
	K    int
	buf  []float64
}

// NewRing returns a zeroed ring delaying by steps.
func NewRing(size, steps int) *Ring {
	if steps < 0 || size < 1 {
		panic("systems: bad delay ring")
	}
	k := steps + 1
	return &Ring{Size: size, K: k, buf: make([]float64, size*k)}
}

// In is the slot that step pushes into: (K-1+step) mod K.
func (d *Ring) In(step int) []float64 { return d.slot((d.K - 1 + step) % d.K) }

// Out is the slot that step pulls from: step mod K.
func (d *Ring) Out(step int) []float64 { return d.slot(step % d.K) }

func (d *Ring) slot(i int) []float64 { o := i * d.Size; return d.buf[o : o+d.Size : o+d.Size] }
