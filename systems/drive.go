package systems

// Drive is a constant input that gives every element of a population one value each step:
// input = input + Value, or input = Value when Set (the scheduler's stage for an [[input]] value
// that no point varies).
type Drive struct {
	Value float64
	Set   bool
}

// Apply is the drive's stage on one range of an input column (nothing for a nil drive).
func (d *Drive) Apply(input []float64) {
	if d == nil {
		return
	}
	if d.Set {
		for k := range input {
			input[k] = d.Value
		}
		return
	}
	for k := range input {
		input[k] += d.Value
	}
}

// DriveTaker is a model whose update can apply a constant drive to its "input" column itself,
// right before it reads it, instead of the drive being a pass of its own over the column: the
// same operation at the same point of the step (BrainPy applies an object's inputs just before
// its update), so the same bits, with one pass less.
type DriveTaker interface {
	// TakeDrive reports whether the update will apply d from now on.
	TakeDrive(d *Drive) bool
}
