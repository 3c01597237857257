// Package ecs is spikesweep's entity-component store: a [World] of [Table]s, one table per
// population of neurons or projection of synapses. The entities of a table are its neurons (or
// synapses); each component (V, spike, s, u, ...) is one dense, pointer-free column.
//
// The sweep axis is explicit: a world holds Replicas copies of one network, one per parameter point,
// and every column is laid out replica-major, element (r, i) at index r*Size+i. Systems ask a table
// for whole columns once, when they are built ([Table.Float64], [Table.Bool]), and then loop over
// plain slices; nothing here is touched per element per step.
//
// Work is split over index ranges: [Span] walks a range of global indices replica by replica so that
// a kernel can hoist each replica's parameters out of its inner loop.
package ecs
