// Package dataset is the on-disk life of a sweep's output directory (DIR): its identity, the lock
// that lets several runs share it, the points table, verification, repair and the cleanup of what
// killed runs leave behind. Package runner turns points into worlds and asks this package which
// points to run and to record the ones it finished.
//
// # Layout
//
//	DIR/sweep.json                                      manifest (identity, settings, axes, monitors)
//	DIR/points/part-<shard>-<seq>.parquet               one row per finished point of one batch
//	DIR/monitors/<monitor>/part-<shard>-<seq>.parquet   a batch's monitor rows
//	DIR/spikes/<population>/part-<shard>-<seq>.parquet  a batch's spikes
//	DIR/.lock                                           flock: one run at a time opens or repairs DIR
//	DIR/.claims/<host>-<pid>-<rand>.json                points a live run is computing (flock held)
//
// A batch is the points that ran as replicas of one world; seq is the id of its first point, and
// its files share one name in every dataset directory. The points file is written last: a batch
// is finished exactly when its points file exists, and then every point it lists is finished.
//
// # Promises
//
//   - Points, not shards, are the unit: any sharding (or none) resumes any other. A finished
//     point is never run again unless its files are damaged, and never appears in two rows.
//   - [Open] takes DIR/.lock for the short time it checks and repairs DIR: it creates the
//     manifest exclusively (a second, different sweep is refused with a [*ForeignError]), checks the
//     sweep hash written in the files of finished batches (so a DIR whose manifest was deleted
//     still knows its sweep), verifies that every finished batch's files exist and their footers
//     read (a damaged batch is removed and its points run again), and removes files of killed runs.
//   - A run claims the points it will compute in a claim file it holds locked while it lives;
//     concurrent runs never compute the same point, and the files of a live run are never
//     cleaned up by another. The lock of a killed run is released by the kernel, so a stale claim
//     is recognised without timeouts.
//   - [VerifyFull] reads every file completely, for `batch status --verify`.
package dataset
