package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/spikesweep/spikesweep/cluster"
	dset "github.com/spikesweep/spikesweep/dataset"
	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// jobDir is where submit keeps the job script, the binary the tasks run, their logs and the
// list of submissions: inside the output directory, which every compute node sees.
func jobDir(out string) string { return filepath.Join(out, "job") }

func submitCommand() *cli.Command {
	return &cli.Command{
		Name:  "submit",
		Usage: "run a sweep as a job array on a cluster (SLURM; scripts for PBS, SGE, LSF), optionally watched and retried",
		Description: "Writes the array's job script into DIR/job/, copies this batch binary beside it (the tasks run\n" +
			"that copy, so compute nodes need no Go and every task runs the same engine), and submits it with\n" +
			"sbatch. With --wait it watches the job until it leaves the queue, resubmits the shards whose\n" +
			"points are missing (a node failure, preemption or time limit; a diverged point is done, not\n" +
			"retried) at most --retries times, and ends as `batch status` does.",
		ArgsUsage: "FILE",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "output directory, on a file system every compute node sees (required)"},
			&cli.IntFlag{Name: "shards", Usage: "number of array tasks N (required); capped by the cluster's MaxArraySize and MaxJobCount"},
			&cli.StringFlag{Name: "time", Usage: "wall-clock limit per task, e.g. 1:00:00 (default: the partition's)"},
			&cli.IntFlag{Name: "cpus", Value: 1, Usage: "CPUs per task; the run uses as many workers"},
			&cli.StringFlag{Name: "mem", Usage: "memory per task, e.g. 4G (default: the partition's)"},
			&cli.StringFlag{Name: "partition", Usage: "partition (queue)"},
			&cli.StringFlag{Name: "account", Usage: "account (project) to charge"},
			&cli.IntFlag{Name: "max-parallel", Usage: "at most this many tasks at once (SLURM's %K); default no limit"},
			&cli.StringSliceFlag{Name: "extra", Usage: "a directive line added verbatim, e.g. \"#SBATCH --qos=long\"; repeatable"},
			&cli.StringFlag{Name: "scheduler", Value: "slurm", Usage: "slurm, pbs, sge or lsf (only SLURM is submitted to; the others get the script)"},
			&cli.BoolFlag{Name: "dry-run", Usage: "print the job script and submit nothing"},
			&cli.BoolFlag{Name: "wait", Usage: "watch the job, resubmit missing shards, end with the dataset's status"},
			&cli.IntFlag{Name: "retries", Value: 3, Usage: "with --wait: resubmissions of shards with missing points"},
			&cli.DurationFlag{Name: "poll", Value: 30 * time.Second, Usage: "with --wait: how often to ask the scheduler"},
			&cli.StringFlag{Name: "batch", Usage: "the batch binary the tasks run (default: a copy of this one in DIR/job/)"},
			&cli.IntFlag{Name: "replicas", Usage: "passed to `batch run`: at most this many points per world"},
			&cli.StringFlag{Name: "compression", Usage: "passed to `batch run`: zstd, snappy, gzip, none"},
		},
		Action: submit,
	}
}

func submit(c *cli.Context) error {
	if c.NArg() != 1 {
		return usage("submit needs one sweep file (got %d arguments)", c.NArg())
	}
	kind, err := cluster.ParseKind(c.String("scheduler"))
	if err != nil {
		return usage("--scheduler: %v", err)
	}
	if !c.IsSet("out") {
		return usage("submit needs --out DIR: the output directory, on a file system every compute node sees")
	}
	if !c.IsSet("shards") || c.Int("shards") < 1 {
		return usage("submit needs --shards N (at least 1): the number of array tasks; each runs about points/N neighbouring points")
	}
	if c.Bool("wait") && kind != cluster.Slurm {
		return usage("--wait watches SLURM jobs only; for %s, submit DIR/job/array%s by hand", kind, kind.Ext())
	}
	if c.Int("retries") < 0 {
		return usage("--retries %d: want 0 or more", c.Int("retries"))
	}
	if c.Duration("poll") < 100*time.Millisecond {
		return usage("--poll %s: want at least 100ms", c.Duration("poll"))
	}
	file, err := filepath.Abs(c.Args().First())
	if err != nil {
		return err
	}
	sw, err := sweep.Load(c.Args().First(), systems.Catalog())
	if err != nil {
		return err
	}
	for _, p := range sw.Points() {
		if err := sched.Validate(p.Net); err != nil {
			return usage("%s: point %d: %w", sw.File, p.ID, err)
		}
	}
	out, err := filepath.Abs(c.String("out"))
	if err != nil {
		return err
	}
	if err := checkOwnDir(sw, out); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	slurm := cluster.SlurmClient{}
	shards := min(c.Int("shards"), max(sw.Len(), 1))
	if kind == cluster.Slurm {
		limits, lerr := slurm.Limits(ctx)
		if lerr != nil && !c.Bool("dry-run") {
			return fmt.Errorf("reading the cluster's limits: %w", lerr)
		}
		if m := limits.MaxTasks(); shards > m {
			fmt.Fprintf(c.App.ErrWriter, "batch: the cluster allows %d array tasks (MaxArraySize %d, MaxJobCount %d): %d shards of about %d points instead of %d\n",
				m, limits.MaxArraySize, limits.MaxJobCount, m, (sw.Len()+m-1)/m, c.Int("shards"))
			shards = m
		}
	}
	if shards < c.Int("shards") && shards == sw.Len() {
		fmt.Fprintf(c.App.ErrWriter, "batch: %s has %s: %s\n", sw.File, plural(sw.Len(), "point"), plural(shards, "shard"))
	}
	jd := jobDir(out)
	spec := &cluster.JobSpec{Name: jobName(sw.File), Shards: shards, MaxParallel: c.Int("max-parallel"),
		Time: c.String("time"), CPUs: c.Int("cpus"), Mem: c.String("mem"), Partition: c.String("partition"),
		Account: c.String("account"), Extra: c.StringSlice("extra"), Batch: filepath.Join(jd, "batch"),
		Sweep: file, Out: out, LogDir: filepath.Join(jd, "logs"), Path: filepath.Join(jd, "array"+kind.Ext())}
	if b := c.String("batch"); b != "" {
		if spec.Batch, err = filepath.Abs(b); err != nil {
			return err
		}
	}
	if c.IsSet("replicas") {
		spec.RunArgs = append(spec.RunArgs, "--replicas", fmt.Sprint(c.Int("replicas")))
	}
	if c.IsSet("compression") {
		spec.RunArgs = append(spec.RunArgs, "--compression", c.String("compression"))
	}
	text, err := cluster.Script(kind, spec)
	if err != nil {
		return usage("%v", err)
	}
	if c.Bool("dry-run") {
		_, err := io.WriteString(c.App.Writer, text)
		return err
	}
	if err := os.MkdirAll(spec.LogDir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", spec.LogDir, err)
	}
	if c.String("batch") == "" {
		if err := copySelf(spec.Batch); err != nil {
			return err
		}
	}
	script := spec.Path
	if err := parquetio.WriteFileAtomicMode(script, []byte(text), 0o777); err != nil {
		return err
	}
	if kind != cluster.Slurm {
		fmt.Fprintf(c.App.Writer, "wrote %s; submit it with: %s %s\n", script, kind.SubmitCommand(), script)
		return nil
	}
	w := &cluster.Watch{Sched: slurm, Script: script, Shards: shards, MaxParallel: spec.MaxParallel,
		Retries: c.Int("retries"), Poll: c.Duration("poll"),
		Progress: func() (map[int]int, error) { return missingByShard(out, sw.Len(), shards) },
		Log: func(format string, args ...any) {
			fmt.Fprintf(c.App.ErrWriter, "batch: %s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
		},
		Submitted: func(job string, idx []int) { recordSubmission(jd, job, idx) },
	}
	if !c.Bool("wait") {
		job, err := slurm.Submit(ctx, script, allShards(shards), spec.MaxParallel)
		if err != nil {
			return err
		}
		recordSubmission(jd, job, allShards(shards))
		fmt.Fprintf(c.App.Writer, "submitted job %s: %s of %s (%s)\n", job, plural(shards, "task"), sw.File, plural(sw.Len(), "point"))
		fmt.Fprintf(c.App.Writer, "watch it:  squeue -j %s      results so far:  batch status %s\n", job, out)
		fmt.Fprintf(c.App.Writer, "when it ends: batch submit %s --out %s --shards %d --wait   resubmits only what is missing\n", c.Args().First(), c.String("out"), shards)
		return nil
	}
	res, err := w.Run(ctx, nil)
	if err != nil {
		return err
	}
	for _, s := range res.Stuck {
		fmt.Fprintf(c.App.ErrWriter, "batch: shard %d finished no point in its last attempt: raise --time or --mem, or read its log in %s\n", s, spec.LogDir)
	}
	return printStatus(c.App.Writer, out, false, false)
}

// checkOwnDir refuses, before anything is submitted, an output directory that holds another
// sweep's results.
func checkOwnDir(sw *sweep.Sweep, out string) error {
	if _, err := os.Stat(parquetio.ManifestPath(out)); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	m, err := parquetio.ReadManifest(out)
	if err != nil {
		return err
	}
	if m.SweepHash != sw.Hash {
		fe := &dset.ForeignError{Dir: out, Why: fmt.Sprintf("sweep.json names %s, hash %.12s; this is %s, hash %.12s",
			m.SweepFile, m.SweepHash, sw.File, sw.Hash)}
		if m.Settings != nil {
			fe.Diff = sweep.DiffSettings(sw.Settings, m.Settings, "DIR", 12)
		}
		return fe
	}
	return nil
}

// missingByShard counts, per shard of n, the points of the dataset that no task has finished.
func missingByShard(out string, points, n int) (map[int]int, error) {
	missing := allShards(points) // before any task has started, every point is missing
	if _, err := os.Stat(parquetio.ManifestPath(out)); err == nil {
		st, err := dset.ReadStatus(out, false)
		if err != nil {
			return nil, err
		}
		missing = st.Missing
	}
	sort.Ints(missing)
	counts := map[int]int{}
	for k := range n {
		lo, hi := sweep.Shard{Index: k, Count: n}.Range(points)
		a, b := sort.SearchInts(missing, lo), sort.SearchInts(missing, hi)
		if b > a {
			counts[k] = b - a
		}
	}
	return counts, nil
}

func allShards(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// jobName is the sweep file's base name, as a scheduler accepts it.
func jobName(file string) string {
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	name = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == '.' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, name)
	if name == "" {
		return "sweep"
	}
	return name
}

// copySelf copies the running binary to dst (atomically: running tasks keep the old file).
func copySelf(dst string) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this binary to copy for the tasks: %w (give --batch PATH)", err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		return fmt.Errorf("copying this binary for the tasks: %w (give --batch PATH)", err)
	}
	return parquetio.WriteFileAtomicMode(dst, data, 0o777)
}

// recordSubmission appends "time job indices" to DIR/job/submissions.tsv: which job ran which
// shards, for provenance and for finding a task's log.
func recordSubmission(jd, job string, idx []int) {
	f, err := os.OpenFile(filepath.Join(jd, "submissions.tsv"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return // provenance only: the submission itself stands
	}
	defer f.Close()
	fmt.Fprintf(f, "%s\t%s\t%s\n", time.Now().UTC().Format(time.RFC3339), job, cluster.ArraySpec(idx, 0))
}
