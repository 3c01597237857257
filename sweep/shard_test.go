package sweep

import (
	"strings"
	"testing"
)

// The shards of any sweep cover every id once, in contiguous blocks whose sizes differ by at
// most one, including more shards than points (SLURM caps arrays near 1000 tasks; a sweep may
// have fewer or many more points).
func TestShardRangesPartition(t *testing.T) {
	for _, p := range []int{0, 1, 2, 7, 512, 1000, 1001, 100003} {
		for _, n := range []int{1, 2, 3, 10, 512, 1000, 1001, 4096} {
			next := 0
			small, large := p, 0
			for k := range n {
				lo, hi := Shard{Index: k, Count: n}.Range(p)
				if lo != next || hi < lo {
					t.Fatalf("P=%d N=%d shard %d: [%d,%d), want start %d", p, n, k, lo, hi, next)
				}
				if lo != k*p/n {
					t.Fatalf("P=%d N=%d shard %d starts at %d, want floor(k*P/N) = %d", p, n, k, lo, k*p/n)
				}
				small, large = min(small, hi-lo), max(large, hi-lo)
				next = hi
			}
			if next != p || large-small > 1 {
				t.Fatalf("P=%d N=%d: ends at %d, block sizes %d..%d", p, n, next, small, large)
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	for in, want := range map[string]Shard{"0/1": All, "3/10": {3, 10}, " 9 / 10 ": {9, 10}} {
		got, err := ParseShard(in)
		if err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v", in, got, err)
		}
		if again, _ := ParseShard(got.String()); again != got {
			t.Errorf("String %q does not round-trip", got.String())
		}
	}
	for _, in := range []string{"", "3", "10/10", "-1/4", "a/b", "1/0", "2/3/4"} {
		if _, err := ParseShard(in); err == nil {
			t.Errorf("ParseShard(%q) accepted", in)
		}
	}
	if _, err := ParseShard("4/4"); err == nil || !strings.Contains(err.Error(), "numbered from 0") {
		t.Errorf("4/4: %v", err)
	}
}

func TestShardPointsPanicsOnBadShard(t *testing.T) {
	s := mustParse(t, validBase)
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	s.ShardPoints(Shard{Index: 2, Count: 2})
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestShardFromEnv(t *testing.T) {
	cases := []struct {
		name  string
		env   func(string) string
		want  Shard
		ok    bool
		errIs string
	}{
		{name: "nothing", env: env(), ok: false},
		{name: "slurm 0-9", env: env("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "9",
			"SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "10"), want: Shard{4, 10}, ok: true},
		{name: "slurm 1-1000", env: env("SLURM_ARRAY_TASK_ID", "1000", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "1000",
			"SLURM_ARRAY_TASK_COUNT", "1000"), want: Shard{999, 1000}, ok: true},
		{name: "slurm step", env: env("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "7",
			"SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "4"), want: Shard{3, 4}, ok: true},
		{name: "slurm count from max", env: env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_MIN", "5", "SLURM_ARRAY_TASK_MAX", "8"),
			want: Shard{0, 4}, ok: true},
		{name: "slurm list", env: env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "8",
			"SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "3"), errIs: "not one evenly spaced range"},
		{name: "slurm no size", env: env("SLURM_ARRAY_TASK_ID", "3"), errIs: "--shard"},
		{name: "slurm resubmitted task", env: env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "2", "SLURM_ARRAY_TASK_MAX", "2",
			"SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "1"), errIs: "--shard 2/N"},
		{name: "slurm one task 0", env: env("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "1"), errIs: "one task"},
		{name: "sge one task", env: env("SGE_TASK_ID", "4", "SGE_TASK_FIRST", "4", "SGE_TASK_LAST", "4", "SGE_TASK_STEPSIZE", "1"),
			errIs: "one task"},
		{name: "slurm garbage", env: env("SLURM_ARRAY_TASK_ID", "x"), errIs: "not an integer"},
		{name: "sge undefined", env: env("SGE_TASK_ID", "undefined"), ok: false},
		{name: "sge 1-100:10", env: env("SGE_TASK_ID", "31", "SGE_TASK_FIRST", "1", "SGE_TASK_LAST", "100", "SGE_TASK_STEPSIZE", "10"),
			want: Shard{3, 10}, ok: true},
		{name: "sge off grid", env: env("SGE_TASK_ID", "32", "SGE_TASK_FIRST", "1", "SGE_TASK_LAST", "100", "SGE_TASK_STEPSIZE", "10"),
			errIs: "not in the array"},
		{name: "lsf not an array", env: env("LSB_JOBINDEX", "0"), ok: false},
		{name: "lsf 1-50", env: env("LSB_JOBINDEX", "50", "LSB_JOBINDEX_END", "50", "LSB_JOBINDEX_STEP", "1"), want: Shard{49, 50}, ok: true},
		{name: "lsf step", env: env("LSB_JOBINDEX", "5", "LSB_JOBINDEX_END", "9", "LSB_JOBINDEX_STEP", "2"), want: Shard{2, 5}, ok: true},
		{name: "lsf one task", env: env("LSB_JOBINDEX", "1", "LSB_JOBINDEX_END", "1"), errIs: "one task"},
		{name: "lsf no end", env: env("LSB_JOBINDEX", "5"), errIs: "LSB_JOBINDEX_END"},
		{name: "pbs pro", env: env("PBS_ARRAY_INDEX", "3"), errIs: "--shard"},
		{name: "torque", env: env("PBS_ARRAYID", "3"), errIs: "PBS_ARRAYID"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok, err := ShardFromEnv(c.env)
			if c.errIs != "" {
				if err == nil || !strings.Contains(err.Error(), c.errIs) || ok {
					t.Fatalf("got %v %v %v, want an error mentioning %q", got, ok, err, c.errIs)
				}
				return
			}
			if err != nil || ok != c.ok || got != c.want {
				t.Fatalf("got %v %v %v, want %v %v", got, ok, err, c.want, c.ok)
			}
			if ok && got.Valid() != nil {
				t.Fatalf("invalid shard %v", got)
			}
		})
	}
}
