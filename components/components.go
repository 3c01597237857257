package components

import "github.com/spikesweep/spikesweep/ecs"

// Neuron state.
const (
	V          ecs.Component = "V"            // membrane potential, mV
	Input      ecs.Component = "input"        // summed input current of this step; zeroed by the update
	Spike      ecs.Component = "spike"        // bool: fired at this step
	Refractory ecs.Component = "refractory"   // bool: refractory at this step (or just fired)
	TLastSpike ecs.Component = "t_last_spike" // ms, time of the last spike (-1e7 before any)
	Rate       ecs.Component = "r"            // firing rate of a rate unit
)

// Synapse state.
const (
	S             ecs.Component = "s"                // gating variable / synaptic trace
	X             ecs.Component = "x"                // second kinetic variable (NMDA, alpha, two-exp); STP resources
	U             ecs.Component = "u"                // STP utilisation
	W             ecs.Component = "w"                // weight
	AS            ecs.Component = "A_s"              // STDP presynaptic trace
	AT            ecs.Component = "A_t"              // STDP postsynaptic trace
	R             ecs.Component = "R"                // GABA_B receptor fraction
	G             ecs.Component = "G"                // GABA_B G-protein concentration
	TLastPreSpike ecs.Component = "t_last_pre_spike" // ms, last spike of this synapse's pre neuron
	SumPostR      ecs.Component = "sum_post_r"       // BCM running sum of the post rate (per post neuron)
	RTh           ecs.Component = "r_th"             // BCM sliding threshold (per post neuron)
)
