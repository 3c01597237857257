// Package connect builds the synapses of a projection: which pre neuron feeds which post neuron,
// in BrainPy's synapse order, plus the index structures that kernels need to walk them.
//
// A [Graph] lists synapse i as (Pre[i], Post[i]). All2All numbers synapses row-major,
// i = pre*nPost + post, as BrainPy does (SEMANTICS.md §8); the other rules ([OneToOne],
// [FixedProb], [Explicit]) keep the order they are given or generated in. Every graph also carries
// its incoming lists by post neuron ([Graph.InPtr], [Graph.InSyn], ascending synapse index within
// each post), which lets a reduction into post.input run per post neuron in BrainPy's order, in
// parallel and with the same floating-point result for any worker count.
package connect
