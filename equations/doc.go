// Package equations turns a model written as text — parameters, state variables, differential
// equations in BrainPy's or Brian2's notation, sub-expressions, threshold, reset and refractory
// period — into column kernels.
//
// The path of a model:
//
//   - [Def] is the model as written (plain data; the sweep file's [[model]] table fills it).
//   - [Parse] checks it: every name resolved (unknown names get a did-you-mean), every
//     differential equation for a declared variable, reset statements assigning state only, the
//     integration method allowed by the equations (exp_euler needs equations linear in their
//     variable; the linear coefficient is found symbolically, as BrainPy does with sympy).
//     Problems are [*Error] values carrying the field and the byte offset in its text, so a
//     caller can point at the file's line and column.
//   - [Model.CompileNeuron] generates a [Neuron] kernel for one integration method: a small
//     register bytecode whose every instruction runs over a block of elements (a []float64
//     loop), with no allocation, interface call or map lookup per element. Expressions of
//     parameters and constants only run once per block. Evaluation follows the written order of
//     operations, so a model written as BrainPy writes it gives BrainPy's floats to the bit
//     (Euler: y + dy*dt; RK4: SEMANTICS.md §6.3's stage and final-sum order).
//
// Neurons follow the built-in LIF's step (SEMANTICS.md §5): refractory while
// (t - t_last_spike) <= refractory; variables integrate (all of them, or, when any equation is
// marked "(unless refractory)", the others); outside the refractory period the threshold is
// tested on the new values, and the reset statements run, in order, for the neurons that fired.
// Every neuron model has the columns input (zeroed after each update, where synapses and inputs
// add), spike, refractory and t_last_spike.
package equations
