package dataset

import (
	"fmt"
	"testing"
)

// scaleDir writes a dataset of points points in shards shards of one batch each (with a monitor
// and a spike dataset, so a batch is three files), as a job array of that size leaves it.
func scaleDir(b *testing.B, points, shards int) (string, *Sweep) {
	b.Helper()
	dir := b.TempDir()
	sw := testSweep("h", nil)
	sw.Manifest.Points = points
	t := &testing.T{}
	for k := range shards {
		lo, hi := k*points/shards, (k+1)*points/shards
		d, err := Open(dir, sw, ids(lo, hi))
		if err != nil {
			b.Fatal(err)
		}
		runBatch(t, d, sw, k, ids(lo, hi))
		d.Close()
	}
	if t.Failed() {
		b.Fatal("writing the dataset failed")
	}
	return dir, sw
}

// BenchmarkScale measures `batch status` (ReadStatus) and the start of a resumed task (Open of
// one shard's range) on datasets of 10,000 and 100,000 points written by 100 and 1,000 shards.
// Each task's start reads every points file (the points table) but verifies only its own
// batches' data files, so a task costs O(shards) and a whole array O(shards²) small reads.
//
//	go test -run '^$' -bench Scale -benchtime 3x ./dataset
func BenchmarkScale(b *testing.B) {
	for _, c := range []struct{ points, shards int }{{10_000, 100}, {100_000, 1000}} {
		dir, sw := scaleDir(b, c.points, c.shards)
		name := fmt.Sprintf("points=%d/shards=%d", c.points, c.shards)
		b.Run(name+"/status", func(b *testing.B) {
			for b.Loop() {
				st, err := ReadStatus(dir, false)
				if err != nil || st.Done != c.points {
					b.Fatalf("status: %v, %+v", err, st)
				}
			}
		})
		b.Run(name+"/resume-task", func(b *testing.B) {
			k := c.shards / 2
			want := ids(k*c.points/c.shards, (k+1)*c.points/c.shards)
			for b.Loop() {
				d, err := Open(dir, sw, want)
				if err != nil || len(d.Todo) != 0 {
					b.Fatalf("open: %v, todo %d", err, len(d.Todo))
				}
				d.Close()
			}
		})
	}
}
