// Package integrators holds the numerical rules of BrainPy 1.x's odeint (SEMANTICS.md §6): Euler,
// classical RK4 and exponential Euler, with BrainPy's exact floating-point evaluation order.
//
// Every model integrates through these functions instead of re-deriving a method by hand. They are
// scalar and small so that the compiler inlines them into a model's loop over columns. Each product
// that BrainPy rounds separately is wrapped in float64(...), which the Go specification guarantees
// is rounded and so never fused into an FMA (Go fuses x*y+z on arm64 and GOAMD64=v3).
//
// Systems of two variables are integrated with [Step2], which takes the model's derivative as a
// function value and a per-element argument.
package integrators
