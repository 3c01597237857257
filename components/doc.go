// Package components names the state that spikesweep's models keep, one dense column per name in
// an [ecs.Table]. The names are BrainPy's, so that a BrainPy user finds V, spike, s, u, x, w where
// they expect them; units are those of the BrainPy documents (ms, mV, dimensionless).
package components
