package sweep

import _ "embed"

// Format is FORMAT.md, the reference of the sweep-file format, embedded so that a user with only
// the binary has it (`batch help format`).
//
//go:embed FORMAT.md
var Format string
