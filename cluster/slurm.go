package cluster

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// Limits are the cluster's caps on array jobs.
type Limits struct {
	MaxArraySize int // array indices must be below it (SLURM's default: 1001)
	MaxJobCount  int // jobs the controller holds at once; every array task counts
}

// DefaultLimits are SLURM's defaults, assumed when the configuration cannot be read.
var DefaultLimits = Limits{MaxArraySize: 1001, MaxJobCount: 10000}

// MaxTasks is the largest number of array tasks the limits allow: indices 0..MaxArraySize-1,
// and no more tasks than the controller holds.
func (l Limits) MaxTasks() int {
	n := l.MaxArraySize
	if l.MaxJobCount > 0 && l.MaxJobCount < n {
		n = l.MaxJobCount
	}
	return max(n, 1)
}

// ParseLimits reads MaxArraySize and MaxJobCount from `scontrol show config`; a key that is
// absent keeps SLURM's default.
func ParseLimits(config []byte) Limits {
	l := DefaultLimits
	sc := bufio.NewScanner(bytes.NewReader(config))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 {
			continue
		}
		switch strings.TrimSpace(k) {
		case "MaxArraySize":
			l.MaxArraySize = n
		case "MaxJobCount":
			l.MaxJobCount = n
		}
	}
	return l
}

// Scheduler submits array jobs and tells whether one still has tasks queued or running.
type Scheduler interface {
	// Submit submits the script as an array of the given task indices and returns the job id.
	Submit(ctx context.Context, script string, indices []int, maxParallel int) (string, error)
	// Active reports whether any task of the job is still pending or running.
	Active(ctx context.Context, job string) (bool, error)
	// Limits reads the cluster's array limits.
	Limits(ctx context.Context) (Limits, error)
}

// SlurmClient talks to SLURM through its commands (sbatch, squeue, scontrol) on PATH.
type SlurmClient struct{}

func run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("%s not found: is this a SLURM login node? (use --dry-run to only write the script)", name)
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s: %s", name, msg)
	}
	return out, nil
}

// Submit runs `sbatch --parsable --array=SPEC script`; --array on the command line overrides
// the script's own, which is how a subset of shards is resubmitted.
func (SlurmClient) Submit(ctx context.Context, script string, indices []int, maxParallel int) (string, error) {
	out, err := run(ctx, "sbatch", "--parsable", "--array="+ArraySpec(indices, maxParallel), script)
	if err != nil {
		return "", err
	}
	id, _, _ := strings.Cut(strings.TrimSpace(string(out)), ";") // "jobid;cluster" on federations
	if _, err := strconv.Atoi(id); err != nil {
		return "", fmt.Errorf("sbatch printed %q, not a job id", strings.TrimSpace(string(out)))
	}
	return id, nil
}

// Active asks squeue for the job's tasks that are not finished.
func (SlurmClient) Active(ctx context.Context, job string) (bool, error) {
	out, err := run(ctx, "squeue", "--noheader", "--jobs="+job, "--format=%i %T")
	if err != nil {
		// squeue refuses a job id the controller has already forgotten: nothing is queued.
		if strings.Contains(err.Error(), "Invalid job id") {
			return false, nil
		}
		return false, err
	}
	return len(bytes.TrimSpace(out)) > 0, nil
}

// Limits reads `scontrol show config`.
func (SlurmClient) Limits(ctx context.Context) (Limits, error) {
	out, err := run(ctx, "scontrol", "show", "config")
	if err != nil {
		return DefaultLimits, err
	}
	return ParseLimits(out), nil
}
