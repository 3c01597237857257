// Package suggest finds the name a user probably meant: the nearest candidate by edit distance,
// within what is still plausible as a typo. The sweep file's errors, the equation parser and the
// report's command-line checks all use it, so a typo gets the same help everywhere.
package suggest
