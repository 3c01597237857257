// Package sweeps holds the sweep files shipped with spikesweep. stp.toml is embedded so that
// `batch run` with no file runs it.
package sweeps

import _ "embed"

// STP is sweeps/stp.toml, the default sweep.
//
//go:embed stp.toml
var STP []byte

// STPName is the name the embedded default sweep reports in messages and manifests.
const STPName = "sweeps/stp.toml"
