// Command batch runs spikesweep sweep files and looks at their results.
//
//	batch run [FILE] --out DIR [--workers N] [--shard i/N]   run a sweep (default: the embedded sweeps/stp.toml)
//	batch plan FILE [--shards N]                             list the points and their shards
//	batch validate FILE...                                   check sweep files without running
//	batch models                                             list models, parameters, defaults, units
//	batch status DIR                                         done, failed and missing points
//	batch plot DIR --monitor syn --vars u,x --point 17       quick-look time series
//	batch report DIR                                         one self-contained HTML report
//
// Exit codes: 0 every point ok; 1 some points failed, or a runtime error; 2 a usage or sweep-file
// error, or an output directory that holds another sweep (nothing was run or written); 3 an
// internal error (a bug: please report it).
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	dset "github.com/spikesweep/spikesweep/dataset"
	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/sweep"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
	exitBug    = 3
)

// usageError marks an error as the user's input: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usage(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// pointsFailed is returned when a run finished but some points failed, or by status when some
// points failed or are missing (n counts both): exit code 1.
type pointsFailed struct{ n, of, missing int }

func (e pointsFailed) Error() string {
	if e.missing > 0 {
		return fmt.Sprintf("%d of %d points not done (%d failed, %d missing)", e.n, e.of, e.n-e.missing, e.missing)
	}
	return fmt.Sprintf("%d of %d points failed", e.n, e.of)
}

func main() {
	os.Exit(run(os.Args, os.Stderr))
}

// run runs the command line and turns a panic into an "internal error" message: a Go stack
// trace never reaches a user. (Limits are checked before a run starts, so a panic is a bug.)
func run(args []string, stderr *os.File) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "batch: internal error: %v; please report this, with the command and the sweep file\n", r)
			code = exitBug
		}
	}()
	app := newApp()
	err := app.Run(interspersed(app, args))
	return exitCode(err, stderr)
}

// exitCode turns an error into the message and the exit code: the one place that does.
func exitCode(err error, stderr *os.File) int {
	if err == nil {
		return exitOK
	}
	msg := err.Error()
	low := strings.ToLower(msg)
	// Some of arrow's errors lose the wrapped ENOSPC ("unknown error type: write ...: no space
	// left on device"): recognise the words too.
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		strings.Contains(low, "no space left on device") || strings.Contains(low, "disk quota exceeded") {
		msg = strings.ReplaceAll(msg, "unknown error type: ", "")
		msg += "\n(the disk or quota is full: the points finished before are intact; free space and run the same command again to resume)"
	}
	fmt.Fprintln(stderr, "batch:", msg)
	var ue usageError
	var fe *dset.ForeignError
	var me *runner.MemoryError
	var se *sweep.Error
	var be *sched.BuildError
	var pf pointsFailed
	switch {
	case errors.As(err, &pf):
		return exitFailed
	case errors.As(err, &ue), errors.As(err, &se), errors.As(err, &be), errors.As(err, &fe), errors.As(err, &me):
		return exitUsage
	}
	return exitFailed
}

func newApp() *cli.App {
	app := &cli.App{
		Name:  "batch",
		Usage: "run BrainPy-faithful spiking-network sweeps and write Parquet",
		Description: "A sweep file (TOML) describes one network and the parameters to vary; `batch run` simulates\n" +
			"every point and writes one tidy Parquet dataset per monitor. See the README for the format.",
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {}, // main turns errors into exit codes
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err}
		},
		Commands: []*cli.Command{runCommand(), planCommand(), validateCommand(), modelsCommand(),
			statusCommand(), plotCommand(), reportCommand()},
	}
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	return app
}
