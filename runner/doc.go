// Package runner runs a sweep: it takes a shard's points, groups neighbouring points that share a
// network structure into worlds of replicas (package sched), streams their monitors and spikes to
// Parquet (package io), and records each finished point in the points table.
//
// # Output directory
//
// The output directory's layout, identity, locking, verification and repair belong to package
// dataset (see there). The runner names a batch's files by its shard index and the id of its
// first point (seq), writes its monitor and spike files, and then asks the dataset to commit the
// batch's points file; a batch killed before that is cleaned up by the next run.
package runner
