// Package cluster turns a sweep into a batch-scheduler job array and sees it through: it writes
// the array's job script (SLURM, PBS Pro, SGE or LSF), submits it to SLURM, watches it until it
// leaves the queue, and resubmits only the shards whose points are still missing (a task killed
// by a node failure, preemption or its time limit), a bounded number of times.
//
// It knows nothing of simulation: a shard's progress is whatever the caller's Progress function
// reads from the output directory, which is the one record that outlives the scheduler's own
// (sacct may be absent, scontrol forgets finished jobs after MinJobAge). A point that finished
// with an error (a diverged simulation) is done, not missing, and is never retried: running it
// again would diverge again.
//
// Script generation is pure (Script); talking to the scheduler goes through the Scheduler
// interface, whose SLURM implementation runs sbatch, squeue and scontrol, so that the watch and
// retry logic is tested without a cluster and end to end on the one-node test cluster of
// scripts/slurm.
package cluster
