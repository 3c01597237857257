// Package sweeps holds the sweep files shipped with spikesweep. stp.toml is embedded so that
// `batch run` with no file runs it.
package sweeps
