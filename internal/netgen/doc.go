// Package netgen makes the synthetic networks that tests and benchmarks share, with fixed seeds.
package netgen
