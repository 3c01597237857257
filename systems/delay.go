package systems

// Ring is a constant delay of whole columns: BrainPy's register_constant_delay (SEMANTICS.md §7).
// It has K = steps+1 slots of Size values; a value pushed at step n is pulled at step n+steps,
// and with steps = 0 a pull returns what was pushed earlier in the same step.
type Ring struct {
	Size  int
	K     int
	buf   []float64
	write int // slot pushed to this step
	read  int // slot pulled from this step
}

// NewRing returns a zeroed ring delaying by steps.
func NewRing(size, steps int) *Ring {
	if steps < 0 || size < 1 {
		panic("systems: bad delay ring")
	}
	k := steps + 1
	return &Ring{Size: size, K: k, buf: make([]float64, size*k), write: k - 1, read: 0}
}

// In is the slot that pushes write into this step.
func (d *Ring) In() []float64 { o := d.write * d.Size; return d.buf[o : o+d.Size : o+d.Size] }

// Out is the slot that pulls read from this step.
func (d *Ring) Out() []float64 { o := d.read * d.Size; return d.buf[o : o+d.Size : o+d.Size] }

// Rotate advances both indices by one slot, once per step after the owner's update.
func (d *Ring) Rotate() {
	d.write++
	if d.write == d.K {
		d.write = 0
	}
	d.read++
	if d.read == d.K {
		d.read = 0
	}
}
