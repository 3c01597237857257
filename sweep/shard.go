package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard selects one of Count parts of a sweep, by 0-based Index. Shard k of N gets the
// contiguous block of point ids [floor(k*P/N), floor((k+1)*P/N)) of a sweep of P points, so the
// blocks cover every id once, their sizes differ by at most one, and neighbouring grid points
// (which share structure) stay together. With more shards than points, some blocks are empty.
type Shard struct {
	Index int // 0 <= Index < Count
	Count int // >= 1
}

// All is the one shard that holds every point.
var All = Shard{Index: 0, Count: 1}

// Valid reports whether 0 <= Index < Count.
func (sh Shard) Valid() error {
	if sh.Count < 1 || sh.Count > MaxPoints {
		return fmt.Errorf("shard count must be 1 to %d, got %d", MaxPoints, sh.Count)
	}
	if sh.Index < 0 || sh.Index >= sh.Count {
		return fmt.Errorf("shard index %d out of range 0..%d (shards are numbered from 0)", sh.Index, sh.Count-1)
	}
	return nil
}

// String formats the shard as ParseShard reads it: "Index/Count".
func (sh Shard) String() string { return strconv.Itoa(sh.Index) + "/" + strconv.Itoa(sh.Count) }

// Range returns the ids [lo, hi) of this shard of n points.
func (sh Shard) Range(n int) (lo, hi int) {
	return blockStart(sh.Index, sh.Count, n), blockStart(sh.Index+1, sh.Count, n)
}

// blockStart is floor(k*n/count) without overflow for any int k <= count and n.
func blockStart(k, count, n int) int {
	q, r := n/count, n%count
	return k*q + (k*r)/count
}

// ParseShard reads "i/N": shard i (from 0) of N.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want i/N, e.g. 0/10 (shard 0 of 10)", s)
	}
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want i/N with integers i and N, e.g. 0/10", s)
	}
	sh := Shard{Index: i, Count: n}
	if err := sh.Valid(); err != nil {
		return Shard{}, fmt.Errorf("shard %q: %w", s, err)
	}
	return sh, nil
}

// ShardFromEnv finds this process's shard from a batch scheduler's job-array variables, read
// with getenv (os.Getenv). It returns ok = false when no job array is detected. Schedulers are
// tried in this order:
//
//   - Slurm: index = (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP,
//     count = SLURM_ARRAY_TASK_COUNT (MIN defaults to 0, STEP to 1; COUNT, if absent, is
//     (SLURM_ARRAY_TASK_MAX - MIN)/STEP + 1). An array that is not one evenly spaced range
//     (--array=1,3,8) is an error.
//   - SGE: index = (SGE_TASK_ID - SGE_TASK_FIRST) / SGE_TASK_STEPSIZE,
//     count = (SGE_TASK_LAST - SGE_TASK_FIRST) / SGE_TASK_STEPSIZE + 1. SGE sets SGE_TASK_ID to
//     "undefined" outside array jobs.
//   - LSF: LSB_JOBINDEX (0 outside array jobs) with LSB_JOBINDEX_END and LSB_JOBINDEX_STEP
//     (default 1). LSF does not export the first index, so the array is taken to start at 1,
//     LSF's default ("name[1-N]"): index = (LSB_JOBINDEX - 1)/STEP, count = (END - 1)/STEP + 1.
//     For an array starting elsewhere, give the shard explicitly.
//   - PBS Pro (PBS_ARRAY_INDEX) and Torque (PBS_ARRAYID) export only the index, not the size of
//     the array: ShardFromEnv returns an error asking for an explicit shard.
//
// These variables describe the current submission, not the sweep: a task resubmitted on its own
// (sbatch --array=2) sees an array of one task. A one-task array is therefore refused as
// ambiguous, but a resubmitted sub-range (--array=2-4) cannot be told from a whole array. An
// explicit shard (the CLI's --shard i/N, e.g. --shard $SLURM_ARRAY_TASK_ID/64 with
// --array=0-63) survives resubmission and should take precedence over the environment.
func ShardFromEnv(getenv func(string) string) (Shard, bool, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	if id := get("SLURM_ARRAY_TASK_ID"); id != "" {
		sh, err := slurmShard(get, id)
		return sh, err == nil, err
	}
	if id := get("SGE_TASK_ID"); id != "" && id != "undefined" {
		sh, err := rangeShard("SGE", id, get("SGE_TASK_FIRST"), get("SGE_TASK_LAST"), get("SGE_TASK_STEPSIZE"),
			"SGE_TASK_FIRST", "SGE_TASK_LAST", "SGE_TASK_STEPSIZE")
		return sh, err == nil, err
	}
	if id := get("LSB_JOBINDEX"); id != "" && id != "0" {
		end := get("LSB_JOBINDEX_END")
		if end == "" {
			return Shard{}, false, fmt.Errorf("LSF: LSB_JOBINDEX=%s is set but LSB_JOBINDEX_END is not, so the "+
				"size of the array is unknown; give the shard explicitly (--shard i/N)", id)
		}
		sh, err := rangeShard("LSF", id, "1", end, get("LSB_JOBINDEX_STEP"), "first index (assumed 1)", "LSB_JOBINDEX_END", "LSB_JOBINDEX_STEP")
		return sh, err == nil, err
	}
	for _, k := range []string{"PBS_ARRAY_INDEX", "PBS_ARRAYID"} {
		if id := get(k); id != "" {
			return Shard{}, false, fmt.Errorf("PBS: %s=%s is set, but PBS does not tell a job the size of its array; "+
				"give the shard explicitly, e.g. --shard $((%s - FIRST))/N for an array FIRST..FIRST+N-1", k, id, k)
		}
	}
	return Shard{}, false, nil
}

func envInt(sched, name, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %s=%q is not an integer", sched, name, v)
	}
	return n, nil
}

func slurmShard(get func(string) string, id string) (Shard, error) {
	const s = "Slurm"
	task, err := envInt(s, "SLURM_ARRAY_TASK_ID", id)
	if err != nil {
		return Shard{}, err
	}
	lo, step, count, hi := 0, 1, -1, -1
	for _, f := range []struct {
		name string
		dst  *int
	}{{"SLURM_ARRAY_TASK_MIN", &lo}, {"SLURM_ARRAY_TASK_STEP", &step}, {"SLURM_ARRAY_TASK_COUNT", &count}, {"SLURM_ARRAY_TASK_MAX", &hi}} {
		if v := get(f.name); v != "" {
			if *f.dst, err = envInt(s, f.name, v); err != nil {
				return Shard{}, err
			}
		}
	}
	if step < 1 {
		return Shard{}, fmt.Errorf("%s: SLURM_ARRAY_TASK_STEP=%d must be at least 1", s, step)
	}
	if count < 0 {
		if hi < 0 {
			return Shard{}, fmt.Errorf("%s: SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor "+
				"SLURM_ARRAY_TASK_MAX; give the shard explicitly (--shard i/N)", s)
		}
		count = (hi-lo)/step + 1
	}
	if count == 1 {
		return Shard{}, oneTask(s, task)
	}
	if hi >= 0 && (hi-lo)%step == 0 && (hi-lo)/step+1 != count {
		return Shard{}, fmt.Errorf("%s: the array (min %d, max %d, step %d) has %d tasks, not one evenly spaced range; "+
			"use --array=a-b or a-b:s, or give the shard explicitly (--shard i/N)", s, lo, hi, step, count)
	}
	return arrayShard(s, task, lo, step, count)
}

// rangeShard handles schedulers that export first, last and step.
func rangeShard(sched, id, first, last, step, firstName, lastName, stepName string) (Shard, error) {
	task, err := envInt(sched, "task id", id)
	if err != nil {
		return Shard{}, err
	}
	if first == "" || last == "" {
		return Shard{}, fmt.Errorf("%s: the task id is set but %s or %s is not; give the shard explicitly (--shard i/N)", sched, firstName, lastName)
	}
	lo, err := envInt(sched, firstName, first)
	if err != nil {
		return Shard{}, err
	}
	hi, err := envInt(sched, lastName, last)
	if err != nil {
		return Shard{}, err
	}
	st := 1
	if step != "" {
		if st, err = envInt(sched, stepName, step); err != nil {
			return Shard{}, err
		}
	}
	if st < 1 || hi < lo {
		return Shard{}, fmt.Errorf("%s: bad array range %d..%d step %d", sched, lo, hi, st)
	}
	if hi-lo < st {
		return Shard{}, oneTask(sched, task)
	}
	return arrayShard(sched, task, lo, st, (hi-lo)/st+1)
}

// oneTask explains why a job array of one task gets no shard from the environment.
func oneTask(sched string, task int) error {
	return fmt.Errorf("%s: a job array of one task (index %d) may be one task of a larger array resubmitted "+
		"on its own; give the shard explicitly (--shard %d/N for an array numbered from 0), or run without an array", sched, task, task)
}

func arrayShard(sched string, task, lo, step, count int) (Shard, error) {
	off := task - lo
	if off < 0 || off%step != 0 || off/step >= count {
		return Shard{}, fmt.Errorf("%s: task %d is not in the array (first %d, step %d, %d tasks); give the shard explicitly (--shard i/N)",
			sched, task, lo, step, count)
	}
	return Shard{Index: off / step, Count: count}, nil
}
