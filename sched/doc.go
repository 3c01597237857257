// Package sched builds a world from network specs and steps it.
//
// [Build] turns one or more [spec.Network]s of the same structure into a [Sim]: one [ecs.World]
// whose tables hold a replica per network (per sweep point), the model objects of package systems,
// the inputs and the monitors. [Sim.Run] steps it on a [Pool] of workers.
//
// # The step
//
// The order of one step is BrainPy's (SEMANTICS.md §2) and is written in one place, [Sim.step]:
//
//	for each object, in the network's order:
//	    1. its external inputs, in the order given
//	    2. its update: the model's stages, each split over workers by disjoint index ranges
//	    3. its delay rotation
//	    4. its monitors (and spike recording)
//
// Stages are split into contiguous ranges of independent units (neurons, synapses, post neurons of
// every replica); sums into one post neuron run inside one unit in increasing synapse order, so
// results are bit-identical for any worker count. Consecutive stages that declare their elements
// (systems.Stage.Elements) run in one parallel region, with one barrier at its end instead of
// one per stage ([Sim.BarriersPerStep]); sweeps of small networks run in replica groups, many
// steps per group (temporal blocking).
package sched
