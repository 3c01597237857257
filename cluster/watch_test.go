package cluster

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// fakeSched runs a submission's shards at once: each shard's points are done unless the
// shard is listed in fail for that attempt, or in stuck (it never progresses).
type fakeSched struct {
	missing map[int]int   // the state of the output directory
	fail    []map[int]int // per attempt: shard -> points it leaves missing
	stuck   map[int]bool
	subs    [][]int
	polls   int
}

func (f *fakeSched) Submit(_ context.Context, _ string, idx []int, _ int) (string, error) {
	f.subs = append(f.subs, idx)
	a := len(f.subs) - 1
	for _, s := range idx {
		if f.stuck[s] {
			continue
		}
		left := 0
		if a < len(f.fail) {
			left = min(f.fail[a][s], f.missing[s])
		}
		if left > 0 {
			f.missing[s] = left
		} else {
			delete(f.missing, s)
		}
	}
	return fmt.Sprint(100 + a), nil
}

func (f *fakeSched) Active(context.Context, string) (bool, error) {
	f.polls++
	return f.polls%2 == 1, nil // active once, then gone
}

func (f *fakeSched) Limits(context.Context) (Limits, error) { return DefaultLimits, nil }

func newFake(shards, per int) *fakeSched {
	f := &fakeSched{missing: map[int]int{}, stuck: map[int]bool{}}
	for s := range shards {
		f.missing[s] = per
	}
	return f
}

func (f *fakeSched) watch(retries int) *Watch {
	return &Watch{Sched: f, Script: "job.sbatch", Shards: 8, Retries: retries, Poll: time.Millisecond,
		Progress: func() (map[int]int, error) {
			m := map[int]int{}
			for k, v := range f.missing {
				m[k] = v
			}
			return m, nil
		}}
}

func TestWatchResubmitsOnlyMissingShards(t *testing.T) {
	f := newFake(8, 10)
	f.fail = []map[int]int{{2: 4, 5: 10}, {5: 3}}
	out, err := f.watch(3).Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{0, 1, 2, 3, 4, 5, 6, 7}, {2, 5}, {5}}
	if !reflect.DeepEqual(f.subs, want) {
		t.Errorf("submissions %v, want %v", f.subs, want)
	}
	if len(out.Missing) != 0 || len(out.Attempts) != 3 {
		t.Errorf("outcome %+v: want every point done after 3 attempts", out)
	}
	if out.Attempts[1].Job != "101" || out.Attempts[0].Missing[2] != 4 {
		t.Errorf("attempts %+v", out.Attempts)
	}
}

func TestWatchStopsAfterRetries(t *testing.T) {
	f := newFake(4, 5)
	f.stuck[3] = true
	out, err := f.watch(2).Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.subs) != 3 {
		t.Errorf("%d submissions, want 1 + 2 retries", len(f.subs))
	}
	if !reflect.DeepEqual(out.Missing, map[int]int{3: 5}) || !reflect.DeepEqual(out.Stuck, []int{3}) {
		t.Errorf("missing %v stuck %v, want shard 3 missing 5 points and stuck", out.Missing, out.Stuck)
	}
}

func TestWatchSubsetAndCancel(t *testing.T) {
	f := newFake(8, 1)
	out, err := f.watch(0).Run(context.Background(), []int{6})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.subs, [][]int{{6}}) || out.Missing[6] != 0 || len(out.Missing) != 7 {
		t.Errorf("subset run: subs %v missing %v", f.subs, out.Missing)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := newFake(2, 1)
	if _, err := g.watch(0).Run(ctx, nil); err == nil {
		t.Error("a cancelled watch returned no error")
	}
}
