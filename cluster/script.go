package cluster

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Kind names a batch scheduler.
type Kind string

// The schedulers a script can be written for. Only SLURM is submitted to and watched.
const (
	Slurm Kind = "slurm"
	PBS   Kind = "pbs" // PBS Pro (qsub -J); Torque's -t arrays differ
	SGE   Kind = "sge"
	LSF   Kind = "lsf"
)

// Kinds lists the schedulers in the order help text shows them.
var Kinds = []Kind{Slurm, PBS, SGE, LSF}

// ParseKind reads a scheduler name.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if strings.EqualFold(s, string(k)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("scheduler %q: want one of slurm, pbs, sge, lsf", s)
}

// Ext is the script file's extension for the scheduler.
func (k Kind) Ext() string {
	switch k {
	case PBS:
		return ".pbs"
	case SGE:
		return ".sge"
	case LSF:
		return ".lsf"
	}
	return ".sbatch"
}

// SubmitCommand is the command that submits a script by hand.
func (k Kind) SubmitCommand() string {
	switch k {
	case PBS, SGE:
		return "qsub"
	case LSF:
		return "bsub <"
	}
	return "sbatch"
}

// JobSpec describes an array job over the shards of one sweep.
type JobSpec struct {
	Name        string   // job name
	Shards      int      // N: task i runs shard i of N
	MaxParallel int      // at most this many tasks at once; 0: no limit
	Time        string   // wall-clock limit per task, scheduler syntax (SLURM: 1:00:00, 2-00:00:00)
	CPUs        int      // CPUs per task; the run's workers follow SLURM_CPUS_PER_TASK
	Mem         string   // memory per task, e.g. 4G
	Partition   string   // partition or queue
	Account     string   // account or project
	Extra       []string // verbatim directive lines, e.g. "#SBATCH --qos=long"
	Batch       string   // absolute path of the batch binary the tasks run
	Sweep       string   // absolute path of the sweep file
	Out         string   // absolute path of the output directory
	LogDir      string   // absolute path of the tasks' log directory
	Path        string   // where the script is written (named in its comments); optional
	RunArgs     []string // further arguments of `batch run`, e.g. --replicas 64
}

// Check reports what a spec lacks or gets wrong, before anything is written.
func (s *JobSpec) Check() error {
	switch {
	case s.Shards < 1:
		return fmt.Errorf("shards %d: want at least 1", s.Shards)
	case s.MaxParallel < 0:
		return fmt.Errorf("max-parallel %d: want 0 (no limit) or more", s.MaxParallel)
	case s.CPUs < 0:
		return fmt.Errorf("cpus %d: want at least 1", s.CPUs)
	case s.Batch == "" || s.Sweep == "" || s.Out == "" || s.LogDir == "":
		return fmt.Errorf("cluster: job spec without binary, sweep, output or log directory")
	}
	for _, f := range []struct{ name, v string }{{"time", s.Time}, {"mem", s.Mem}, {"partition", s.Partition},
		{"account", s.Account}, {"name", s.Name}} {
		if strings.ContainsAny(f.v, "\n\r \t'\"\\$`") {
			return fmt.Errorf("%s %q: no spaces, quotes or line breaks", f.name, f.v)
		}
	}
	for _, e := range s.Extra {
		if strings.ContainsAny(e, "\n\r") || !strings.HasPrefix(strings.TrimSpace(e), "#") {
			return fmt.Errorf("extra %q: want one directive line starting with # (e.g. \"#SBATCH --qos=long\")", e)
		}
	}
	return nil
}

// Script writes the array job's script. Task i runs `batch run --shards N`, which takes i from
// the scheduler's array variable, so the same script serves a resubmission of any subset of the
// indices: the shard of a task is its index, not its position in a submission.
func Script(k Kind, s *JobSpec) (string, error) {
	if err := s.Check(); err != nil {
		return "", err
	}
	var b strings.Builder
	d := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	d("#!/bin/bash")
	d("# Written by `batch submit`: a job array over the %d shards of %s.", s.Shards, s.Sweep)
	d("# Task i runs shard i of %d; resubmitting any subset of the indices resumes those shards.", s.Shards)
	last := s.Shards - 1
	throttle := ""
	self := s.Path
	if self == "" {
		self = "THIS_FILE"
	}
	switch k {
	case Slurm:
		if s.MaxParallel > 0 {
			throttle = "%" + strconv.Itoa(s.MaxParallel)
		}
		d("# Resubmit shards by hand: sbatch --array=3,7 %s", quote(self))
		d("#SBATCH --job-name=%s", s.Name)
		d("#SBATCH --array=0-%d%s", last, throttle)
		d("#SBATCH --output=%s/%%A_%%a.out", s.LogDir)
		d("#SBATCH --open-mode=append")
		d("#SBATCH --requeue")
		if s.CPUs > 0 {
			d("#SBATCH --cpus-per-task=%d", s.CPUs)
		}
		opt(d, "#SBATCH --time=%s", s.Time)
		opt(d, "#SBATCH --mem=%s", s.Mem)
		opt(d, "#SBATCH --partition=%s", s.Partition)
		opt(d, "#SBATCH --account=%s", s.Account)
	case PBS:
		d("# PBS Pro array: PBS_ARRAY_INDEX runs 0..%d. Resubmit shards by hand: qsub -J 3-4 %s", last, quote(self))
		d("#PBS -N %s", s.Name)
		if s.Shards > 1 {
			d("#PBS -J 0-%d", last)
		}
		d("#PBS -j oe")
		d("#PBS -o %s/", s.LogDir)
		d("#PBS -r y")
		sel := "select=1"
		if s.CPUs > 0 {
			sel += ":ncpus=" + strconv.Itoa(s.CPUs)
		}
		if s.Mem != "" {
			sel += ":mem=" + pbsMem(s.Mem)
		}
		d("#PBS -l %s", sel)
		opt(d, "#PBS -l walltime=%s", s.Time)
		opt(d, "#PBS -q %s", s.Partition)
		opt(d, "#PBS -A %s", s.Account)
		if s.MaxParallel > 0 {
			d("# PBS Pro has no per-array throttle in qsub; ask the site for max_run limits if needed (max-parallel %d)", s.MaxParallel)
		}
	case SGE:
		d("# SGE array: SGE_TASK_ID runs 1..%d (shard = SGE_TASK_ID - 1). Resubmit by hand: qsub -t 4-4 %s", s.Shards, quote(self))
		d("#$ -N %s", s.Name)
		d("#$ -t 1-%d", s.Shards)
		if s.MaxParallel > 0 {
			d("#$ -tc %d", s.MaxParallel)
		}
		d("#$ -cwd")
		d("#$ -j y")
		d("#$ -o %s/", s.LogDir)
		d("#$ -r y")
		if s.CPUs > 0 {
			d("#$ -pe smp %d", s.CPUs)
		}
		opt(d, "#$ -l h_rt=%s", s.Time)
		opt(d, "#$ -l h_vmem=%s", s.Mem)
		opt(d, "#$ -q %s", s.Partition)
		opt(d, "#$ -P %s", s.Account)
	case LSF:
		if s.MaxParallel > 0 {
			throttle = "%" + strconv.Itoa(s.MaxParallel)
		}
		d("# LSF array: LSB_JOBINDEX runs 1..%d (shard = LSB_JOBINDEX - 1). Submit: bsub < %s", s.Shards, quote(self))
		d("#BSUB -J \"%s[1-%d]%s\"", s.Name, s.Shards, throttle)
		d("#BSUB -o %s/%%J_%%I.out", s.LogDir)
		d("#BSUB -r")
		if s.CPUs > 0 {
			d("#BSUB -n %d", s.CPUs)
			d("#BSUB -R \"span[hosts=1]\"")
		}
		opt(d, "#BSUB -W %s", s.Time)
		opt(d, "#BSUB -M %s", s.Mem)
		opt(d, "#BSUB -q %s", s.Partition)
		opt(d, "#BSUB -P %s", s.Account)
	default:
		return "", fmt.Errorf("cluster: unknown scheduler %q", k)
	}
	for _, e := range s.Extra {
		d("%s", strings.TrimSpace(e))
	}
	d("set -euo pipefail")
	args := []string{quote(s.Batch), "run", quote(s.Sweep), "--out", quote(s.Out), "--shards", strconv.Itoa(s.Shards)}
	if k != Slurm && s.CPUs > 0 {
		// The run sizes its worker pool from SLURM_CPUS_PER_TASK, else from every core of the
		// node: elsewhere, say how many this task was given.
		args = append(args, "--workers", strconv.Itoa(s.CPUs))
	}
	for _, a := range s.RunArgs {
		args = append(args, quote(a))
	}
	d("exec %s", strings.Join(args, " "))
	return b.String(), nil
}

func opt(d func(string, ...any), format, v string) {
	if v != "" {
		d(format, v)
	}
}

// pbsMem writes a size as PBS wants it: 4G is 4gb.
func pbsMem(m string) string {
	m = strings.ToLower(m)
	if !strings.HasSuffix(m, "b") {
		m += "b"
	}
	return m
}

var plainWord = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+,-]+$`)

// quote makes a word safe for bash.
func quote(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ArraySpec writes task indices as SLURM's --array value: "1-3,7".
func ArraySpec(indices []int, maxParallel int) string {
	idx := append([]int(nil), indices...)
	sort.Ints(idx)
	var parts []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", idx[i], idx[j]))
		} else {
			parts = append(parts, strconv.Itoa(idx[i]))
		}
		i = j + 1
	}
	s := strings.Join(parts, ",")
	if maxParallel > 0 {
		s += "%" + strconv.Itoa(maxParallel)
	}
	return s
}
