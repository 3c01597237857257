package runner

import (
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spikesweep/spikesweep/sweep"
)

// Build is the commit the running binary was built from, as the Go toolchain recorded it
// (go build in a git checkout records it; go run and -buildvcs=false do not).
type Build struct {
	Commit   string // "" when not recorded
	Modified bool   // built with uncommitted changes
	Time     string // the commit's time
}

// ReadBuild reads the binary's build information.
func ReadBuild() Build {
	var b Build
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			case "vcs.time":
				b.Time = s.Value
			}
		}
	}
	return b
}

// String is the commit as provenance records it: "abc123", "abc123+modified" or "unknown".
func (b Build) String() string {
	switch {
	case b.Commit == "":
		return "unknown"
	case b.Modified:
		return b.Commit + "+modified"
	}
	return b.Commit
}

// Provenance keys of sweep.json and of every Parquet file's metadata.
const (
	MetaCommit     = "spikesweep.engine_commit"
	MetaCommand    = "spikesweep.command"
	MetaHost       = "spikesweep.host"
	MetaJob        = "spikesweep.job"
	MetaSweepText  = "spikesweep.sweep_text"
	MetaBatchStart = "spikesweep.batch_start"
	MetaBatchEnd   = "spikesweep.batch_end"
)

// provenance says where a run's outputs come from: the engine's commit, the command line, the
// host, the scheduler's job and task ids when there are any, and the sweep file's text.
func provenance(sw *sweep.Sweep, command []string) map[string]string {
	host, _ := os.Hostname()
	p := map[string]string{MetaCommit: ReadBuild().String(), MetaHost: host, MetaSweepText: sw.Text}
	if len(command) > 0 {
		p[MetaCommand] = strings.Join(command, " ")
	}
	if job := schedulerJob(os.Getenv); job != "" {
		p[MetaJob] = job
	}
	return p
}

// schedulerJob names the batch-scheduler job and array task this process runs in, e.g.
// "slurm job 1234, array job 1230 task 4".
func schedulerJob(getenv func(string) string) string {
	var parts []string
	add := func(label, key string) {
		if v := getenv(key); v != "" && v != "undefined" {
			parts = append(parts, label+" "+v)
		}
	}
	switch {
	case getenv("SLURM_JOB_ID") != "":
		add("slurm job", "SLURM_JOB_ID")
		add("array job", "SLURM_ARRAY_JOB_ID")
		add("task", "SLURM_ARRAY_TASK_ID")
	case getenv("PBS_JOBID") != "":
		add("pbs job", "PBS_JOBID")
		add("task", "PBS_ARRAY_INDEX")
		add("task", "PBS_ARRAYID")
	case getenv("LSB_JOBID") != "":
		add("lsf job", "LSB_JOBID")
		add("task", "LSB_JOBINDEX")
	case getenv("JOB_ID") != "" && getenv("SGE_TASK_ID") != "":
		add("sge job", "JOB_ID")
		add("task", "SGE_TASK_ID")
	}
	return strings.Join(parts, ", ")
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }
