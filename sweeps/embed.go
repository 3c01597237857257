package sweeps

import _ "embed"

// STP is sweeps/stp.toml, the default sweep.
//
//go:embed stp.toml
var STP []byte

// STPName is the name the embedded default sweep reports in messages and manifests.
const STPName = "sweeps/stp.toml"
