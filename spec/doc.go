// Package spec holds the plain-data description of a simulation: populations, projections,
// connectivity, inputs and monitors of one parameter point ([Network]), and the description of the
// models an engine offers ([ModelInfo], [Catalog]).
//
// Data flows one way: the sweep package reads TOML into a [Network] per point; package sched builds
// and runs worlds from them; nothing in spec knows about either.
package spec
