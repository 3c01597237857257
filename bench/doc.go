// Package bench holds spikesweep's benchmarks: per-kernel figures (ns per neuron-step and per
// synapse-step), the scheduler's scaling over workers, and the workloads compared with Brian2 in
// compare.sh. Run them with
//
//	go test -run '^$' -bench . -benchtime 3x ./bench
//
// Every benchmark has a fixed seed and reports a metric a modeller understands
// (neuron-steps/s, synapse-steps/s, values/s).
package bench
