// Package oracle reads BrainPy reference traces (testdata/brainpy) and compares recorded runs with
// them, for the fidelity tests of several packages.
package oracle
