package sched

import "syscall"

// yieldThread gives the processor to another runnable thread of the machine, if there is one
// (runtime.Gosched only gives it to another goroutine of this process).
func yieldThread() { syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) }
