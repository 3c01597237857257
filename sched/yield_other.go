//go:build !linux

package sched

import "runtime"

// yieldThread lets others run; without sched_yield, another goroutine of this process.
func yieldThread() { runtime.Gosched() }
