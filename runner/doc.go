// Package runner runs a sweep: it takes a shard's points, groups neighbouring points that share a
// network structure into worlds of replicas (package sched), streams their monitors and spikes to
// Parquet (package io), and records each finished point in the points table.
//
// # Output directory
//
//	OUT/sweep.json                                    manifest: sweep file, hash, axes, monitors
//	OUT/points/part-<shard>.parquet                   one row per finished point
//	OUT/monitors/<monitor>/part-<shard>-<seq>.parquet long format: point, step, t, index, [pre, post], vars
//	OUT/spikes/<population>/part-<shard>-<seq>.parquet point, step, t, index
//
// seq is the id of the first point of the batch (world) that wrote the file.
//
// # Resume
//
// A batch's files are written under temporary names and renamed into place when complete; only
// then is the points table, itself replaced atomically, extended with the batch's points. A rerun
// into the same OUT skips the points in the points table, deletes this shard's part files that no
// finished point refers to (left by a killed batch), and redoes the rest. The dataset of a run
// killed at any moment and resumed equals that of an uninterrupted run. An OUT made from a
// different sweep file (another hash) is refused.
package runner
