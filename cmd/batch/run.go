package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/sweeps"
	"github.com/spikesweep/spikesweep/systems"
)

// loadSweep reads FILE, or the embedded default sweep when there is none.
func loadSweep(c *cli.Context) (*sweep.Sweep, error) {
	if c.NArg() > 1 {
		return nil, usage("run takes one sweep file, got %d arguments", c.NArg())
	}
	if c.NArg() == 0 {
		return sweep.Parse(sweeps.STPName, sweeps.STP, systems.Catalog(), ".")
	}
	return sweep.Load(c.Args().First(), systems.Catalog())
}

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "run every point of a sweep (or of this shard) and write Parquet",
		ArgsUsage: "[FILE]  (default: the embedded sweeps/stp.toml)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "output directory (default results/<sweep name>)"},
			&cli.IntFlag{Name: "workers", Aliases: []string{"j"}, Usage: "worker threads; results are identical for any number",
				DefaultText: "all cores, or SLURM_CPUS_PER_TASK when set"},
			&cli.StringFlag{Name: "shard", Usage: "run shard i of N (`i/N`, 0-based); default from the job array's variables"},
			&cli.IntFlag{Name: "shards", Usage: "number of shards N, with the index from SLURM_ARRAY_TASK_ID (or PBS/SGE/LSF); survives resubmission of single tasks",
				DefaultText: "none"},
			&cli.IntFlag{Name: "replicas", Usage: "at most this many points simulated together in one world",
				DefaultText: "chosen from the network's size"},
			&cli.StringFlag{Name: "compression", Value: "zstd", Usage: "Parquet compression: zstd, snappy, gzip, none"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress output"},
			&cli.StringFlag{Name: "max-memory", Usage: "refuse a run whose estimated memory exceeds this (e.g. 64G; \"off\" to skip the check; default: the machine's memory)"},
		},
		Action: func(c *cli.Context) error {
			sw, err := loadSweep(c)
			if err != nil {
				return err
			}
			shard, err := resolveShard(c, os.Getenv)
			if err != nil {
				return err
			}
			workers, err := resolveWorkers(c, os.Getenv)
			if err != nil {
				return err
			}
			if n := c.Int("replicas"); n < 0 || n > runner.MaxReplicas {
				return usage("--replicas %d: want 1 to %d (or leave it out to pick from the network size)", n, runner.MaxReplicas)
			}
			memLimit, err := parseBytes(c.String("max-memory"))
			if err != nil {
				return usage("--max-memory %q: %v", c.String("max-memory"), err)
			}
			switch c.String("compression") {
			case "zstd", "snappy", "gzip", "none":
			default:
				return usage("--compression %q: want zstd, snappy, gzip or none", c.String("compression"))
			}
			out := c.String("out")
			if out == "" {
				out = filepath.Join("results", strings.TrimSuffix(filepath.Base(sw.File), filepath.Ext(sw.File)))
			}
			if !c.Bool("quiet") {
				recordsNothing(c, sw)
			}
			prog := newProgress(os.Stderr, c.Bool("quiet"), fmt.Sprintf("%s shard %s", filepath.Base(sw.File), shard))
			sum, err := runner.Run(sw, runner.Options{Out: out, Shard: shard, Workers: workers,
				MaxReplicas: c.Int("replicas"), Compression: c.String("compression"), Progress: prog.update,
				PointsProgress: prog.points, MemoryLimit: memLimit, Command: os.Args})
			prog.finish()
			if sum == nil {
				return err
			}
			done := fmt.Sprintf("%d already done", sum.Skipped)
			if sum.PriorFailed > 0 {
				done = fmt.Sprintf("%d already done (%d of them failed)", sum.Skipped, sum.PriorFailed)
			}
			if sum.Repaired > 0 {
				done += fmt.Sprintf(", %d run again because their files were damaged or missing", sum.Repaired)
			}
			fmt.Fprintf(os.Stderr, "batch: %s: %s in shard %s: %d run (%d ok, %d failed), %s; %.2f s; results in %s\n",
				sw.File, plural(sum.Points, "point"), shard, sum.OK+sum.Failed, sum.OK, sum.Failed, done, sum.Wall.Seconds(), out)
			if err != nil {
				return err
			}
			// A resume reports the failures of earlier runs too: a requeued job keeps the signal.
			if n := sum.Failed + sum.PriorFailed; n > 0 {
				return pointsFailed{n: n, of: sum.Points}
			}
			return nil
		},
	}
}

// resolveShard: --shard i/N, else --shards N with the array index, else the job-array
// variables, else the whole sweep.
func resolveShard(c *cli.Context, getenv func(string) string) (sweep.Shard, error) {
	if s := c.String("shard"); s != "" {
		if c.IsSet("shards") {
			return sweep.Shard{}, usage("give --shard or --shards, not both")
		}
		sh, err := sweep.ParseShard(s)
		if err != nil {
			return sweep.Shard{}, usage("--shard: %v", err)
		}
		return sh, nil
	}
	if n := c.Int("shards"); c.IsSet("shards") {
		if n < 1 || n > sweep.MaxPoints {
			return sweep.Shard{}, usage("--shards %d: want 1 to %d", n, sweep.MaxPoints)
		}
		for _, v := range []string{"SLURM_ARRAY_TASK_ID", "PBS_ARRAY_INDEX", "PBS_ARRAYID", "SGE_TASK_ID", "LSB_JOBINDEX"} {
			if s := getenv(v); s != "" && s != "undefined" {
				i, err := strconv.Atoi(s)
				if err != nil {
					return sweep.Shard{}, usage("%s=%q is not an index", v, s)
				}
				if v == "SGE_TASK_ID" || v == "LSB_JOBINDEX" {
					i-- // these count from 1
				}
				sh := sweep.Shard{Index: i, Count: n}
				if err := sh.Valid(); err != nil {
					return sweep.Shard{}, usage("--shards %d with %s=%s: %v", n, v, s, err)
				}
				return sh, nil
			}
		}
		return sweep.Shard{}, usage("--shards needs a job-array index (SLURM_ARRAY_TASK_ID, PBS_ARRAY_INDEX, SGE_TASK_ID or LSB_JOBINDEX); use --shard i/N outside a job array")
	}
	sh, ok, err := sweep.ShardFromEnv(getenv)
	if err != nil {
		return sweep.Shard{}, usage("%v", err)
	}
	if ok {
		return sh, nil
	}
	return sweep.All, nil
}

// maxWorkers bounds --workers: each worker has its own buffers, and more workers than cores
// only cost memory.
func maxWorkers() int { return max(1024, 4*runtime.NumCPU()) }

func resolveWorkers(c *cli.Context, getenv func(string) string) (int, error) {
	if c.IsSet("workers") {
		if n := c.Int("workers"); n < 1 || n > maxWorkers() {
			return 0, usage("--workers %d: want 1 to %d", n, maxWorkers())
		}
		return c.Int("workers"), nil
	}
	if s := getenv("SLURM_CPUS_PER_TASK"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxWorkers() {
			return 0, usage("SLURM_CPUS_PER_TASK=%q is not a number of workers from 1 to %d", s, maxWorkers())
		}
		return n, nil
	}
	return runtime.GOMAXPROCS(0), nil
}

// progress shows a bar on a terminal and periodic log lines otherwise (job logs), counting points:
// "312/512 points". Points run together in batches, so between the ends of batches the count is
// the points' worth of steps done (points × the fraction of their steps), which moves smoothly.
type progress struct {
	mu          sync.Mutex
	bar         *progressbar.ProgressBar
	w           io.Writer
	label       string
	quiet       bool
	last        time.Time
	start       time.Time
	pointsDone  int // points whose batch has finished
	pointsTotal int // points this run computes
	stepsDone   int64
	stepsTotal  int64
	printedAll  bool // the log line for the last point is out
}

func newProgress(w *os.File, quiet bool, label string) *progress {
	p := &progress{w: w, label: label, quiet: quiet, start: time.Now(), last: time.Now()}
	if !quiet && term.IsTerminal(int(w.Fd())) {
		p.bar = progressbar.NewOptions64(1, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(label),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("points"),
			progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionFullWidth(), progressbar.OptionClearOnFinish())
	}
	return p
}

// points is runner.Options.PointsProgress.
func (p *progress) points(done, total int) {
	p.mu.Lock()
	p.pointsDone, p.pointsTotal = done, total
	p.mu.Unlock()
	p.show()
}

// update is runner.Options.Progress.
func (p *progress) update(done, total int64) {
	p.mu.Lock()
	p.stepsDone, p.stepsTotal = done, total
	p.mu.Unlock()
	p.show()
}

// count is the points done, whole batches and the running batch's share of its steps.
func (p *progress) count() int {
	n := p.pointsDone
	if p.stepsTotal > 0 {
		n = max(n, int(int64(p.pointsTotal)*p.stepsDone/p.stepsTotal))
	}
	return min(n, p.pointsTotal)
}

func (p *progress) show() {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pointsTotal == 0 {
		return
	}
	done, total := p.count(), p.pointsTotal
	if p.bar != nil {
		p.bar.ChangeMax(total)
		p.bar.Set(done)
		return
	}
	if (time.Since(p.last) < 10*time.Second && done < total) || (done == total && p.printedAll) {
		return
	}
	p.last = time.Now()
	p.printedAll = done == total
	el := time.Since(p.start).Seconds()
	eta := "?"
	if p.stepsDone > 0 {
		eta = fmt.Sprintf("%.0fs", el*float64(p.stepsTotal-p.stepsDone)/float64(p.stepsDone))
	}
	fmt.Fprintf(p.w, "batch: %s: %d/%d points (%.1f%%, %.3g points/s, ETA %s)\n", p.label, done, total,
		100*float64(p.stepsDone)/float64(max(p.stepsTotal, 1)), float64(done)/max(el, 1e-9), eta)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

// parseBytes reads a size such as "512M", "64G" or "1.5T" (powers of 1024); "" is 0 (the
// machine's memory) and "off" is -1 (no check).
func parseBytes(s string) (int64, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return 0, nil
	case "off", "none":
		return -1, nil
	}
	mult := 1.0
	num := strings.TrimSpace(s)
	if i := strings.IndexAny(strings.ToUpper(num), "KMGT"); i >= 0 {
		mult = map[byte]float64{'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30, 'T': 1 << 40}[strings.ToUpper(num)[i]]
		if rest := strings.ToUpper(num[i+1:]); rest != "" && rest != "B" && rest != "IB" {
			return 0, fmt.Errorf("want a size such as 512M or 64G")
		}
		num = num[:i]
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || !(x > 0) || x*mult > 1<<62 {
		return 0, fmt.Errorf("want a size such as 512M or 64G")
	}
	return int64(x * mult), nil
}
