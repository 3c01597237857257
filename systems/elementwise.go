package systems

// ElementWise is implemented by neuron models whose every stage updates each neuron from that
// neuron's own data only (its state, input and parameters): the scheduler then sets the stages'
// Elements to the population's table, so that they can share a parallel region (Stage.Elements).
type ElementWise interface {
	ElementWise()
}

// LIF's update reads and writes one neuron's columns per unit.
func (*lif) ElementWise() {}
