//go:build !race

package equations

const raceEnabled = false
