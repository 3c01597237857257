// Package systems holds spikesweep's models: the neuron and synapse models of the BrainPy 1.x
// documents, each a [Model] that declares its parameters and state ([spec.ModelInfo]) and builds
// an [Object] whose update is a list of [Stage]s, loops over whole columns of an [ecs.Table].
//
// # Adding a model
//
// Read one model file (exponential.go is the shortest synapse, lif.go the neuron), then:
//
//  1. describe it: name, parameters with defaults and units, state variables with initial values;
//  2. in New, take the columns and per-replica parameters from the [Env], compute derived
//     constants (decay factors) once, and return stages;
//  3. each stage's Run(c, lo, hi) updates the work units [lo, hi) only: units are synapses,
//     neurons or post neurons of all replicas, and the scheduler splits them over workers, so a unit
//     must not write what another unit of the same stage reads or writes;
//  4. Register it in an init function.
//
// Models a sweep file defines from equations ([[model]]) need no Go: user.go and usersyn.go wire
// the kernels package equations compiles to the same columns, spikes and delay [Ring]s ([UserModel],
// [LookupIn]).
//
// A parameter marked [spec.ParamInfo].PerNeuron may be given one value per neuron (a list, or
// drawn from a distribution): New then finds it in [Env].PerNeuron, and [Env.PerNeuronColumn]
// gives every parameter as such a column. Keep the per-replica loops for populations without
// any (LIF, Rate do), and compute derived constants per neuron once, in New.
//
// Outputs to the post group go through a delay [Ring] and the shared [Output] stage, which sums
// per post neuron in increasing synapse order, BrainPy's order, for any worker count.
//
// The numerics follow SEMANTICS.md (docs/ in the repository) to the bit where Go allows: products
// are rounded with float64(...) so the compiler cannot fuse them, and every model integrates
// through package integrators.
package systems
