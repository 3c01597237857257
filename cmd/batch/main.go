// Command batch runs spikesweep sweep files and looks at their results.
//
//	batch run [FILE] --out DIR [--workers N] [--shard i/N]   run a sweep (default: the embedded sweeps/stp.toml)
//	batch plan FILE [--shards N]                             list the points and their shards
//	batch validate FILE...                                   check sweep files without running
//	batch models                                             list models, parameters, defaults, units
//	batch status DIR                                         done, failed and missing points
//	batch plot DIR --monitor syn --vars u,x --point 17       quick-look time series
//	batch report DIR                                         one self-contained HTML report
//	batch help format                                        the sweep-file reference (FORMAT.md)
//	batch version                                            engine version and commit
//	batch submit FILE --out DIR --shards N [--wait]          a job array on SLURM, watched and retried
//	batch compact DIR                                        merge small part files into large ones
//
// Exit codes: 0 every point ok; 1 some points failed, or a runtime error; 2 a usage or sweep-file
// error, or an output directory that holds another sweep (nothing was run or written); 3 an
// internal error (a bug: please report it).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	dset "github.com/spikesweep/spikesweep/dataset"
	"github.com/spikesweep/spikesweep/report"
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
		return fmt.Sprintf("%d of %s not done (%d failed, %d missing)", e.n, plural(e.of, "point"), e.n-e.missing, e.missing)
	}
	return fmt.Sprintf("%d of %s failed", e.n, plural(e.of, "point"))
}

func main() {
	os.Exit(run(newApp(), os.Args, os.Stderr))
}

// run runs the command line and turns a panic into an "internal error" message: a Go stack
// trace never reaches a user. (Limits are checked before a run starts, so a panic is a bug.)
func run(app *cli.App, args []string, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "batch: internal error: %v; please report this, with the command and the sweep file\n", r)
			code = exitBug
		}
	}()
	return exitCode(runApp(app, args), stderr)
}

// runApp runs the app; an unknown command is a usage error (urfave/cli would offer its help
// command's "No help topic" and exit 1).
func runApp(app *cli.App, args []string) error {
	if len(args) > 1 && !strings.HasPrefix(args[1], "-") && app.Command(args[1]) == nil {
		var names []string
		for _, c := range app.Commands {
			names = append(names, c.Name)
		}
		return usage("unknown command %q (commands: %s)", args[1], strings.Join(names, ", "))
	}
	ordered, err := interspersed(app, args)
	if err != nil {
		return usageError{err}
	}
	return app.Run(ordered)
}

// exitCode turns an error into the message and the exit code: the one place that does.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	msg := userMessage(err)
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
	var re *report.UsageError
	var pf pointsFailed
	switch {
	case errors.As(err, &pf):
		return exitFailed
	case errors.As(err, &ue), errors.As(err, &se), errors.As(err, &be), errors.As(err, &re), errors.As(err, &fe), errors.As(err, &me):
		return exitUsage
	}
	return exitFailed
}

// packagePrefix matches the package names that library errors start with ("report: ",
// "parquetio: ", ...), at the start of a message or of a wrapped part of it. Not "sweep": a
// sweep-file error names the file's [sweep] table that way ("f.toml:3:1: sweep: ...").
var packagePrefix = regexp.MustCompile(`(^|: )(report|parquetio|runner|sched): `)

// userMessage is an error's message as a user reads it: about what they did, without the names
// of the Go packages it passed through. The error itself is unchanged, so errors.Is and
// errors.As still see every layer.
func userMessage(err error) string {
	msg := err.Error()
	for {
		next := packagePrefix.ReplaceAllString(msg, "$1")
		if next == msg {
			return msg
		}
		msg = next
	}
}

// versionText is the engine version and the commit the binary was built from, as the Go
// toolchain recorded it (go build in a git checkout; go run records no commit).
func versionText() string {
	v := "spikesweep engine " + runner.Version
	if info, ok := debug.ReadBuildInfo(); ok {
		if mv := info.Main.Version; mv != "" && mv != "(devel)" { // go install ...@version
			v += " (module " + mv + ")"
		}
	}
	b := runner.ReadBuild()
	rev, modified, when := b.Commit, b.Modified, b.Time
	if rev == "" {
		v += ", commit unknown (built without version control information, e.g. by go run)"
	} else {
		v += ", commit " + rev
		if modified {
			v += " with uncommitted changes"
		}
		if when != "" {
			v += " of " + when
		}
	}
	return v + ", " + runtime.Version()
}

func newApp() *cli.App {
	app := &cli.App{
		Name:  "batch",
		Usage: "run BrainPy-faithful spiking-network sweeps and write Parquet",
		Description: "A sweep file (TOML) describes one network and the parameters to vary; `batch run` simulates\n" +
			"every point and writes one tidy Parquet dataset per monitor. `batch help format` prints the\n" +
			"sweep-file reference (every key, default and sweepable path).\n\n" +
			"Exit codes: 0 every point ok; 1 some points failed, or a runtime error; 2 a usage or sweep-file\n" +
			"error (nothing was run or written).",
		Version: versionText(),
		// urfave/cli adds -h only when it adds its own help command; batch has its own.
		Flags:           []cli.Flag{cli.HelpFlag},
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {}, // main turns errors into exit codes
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err}
		},
		Commands: []*cli.Command{runCommand(), planCommand(), validateCommand(), modelsCommand(),
			statusCommand(), plotCommand(), reportCommand(), submitCommand(), compactCommand(), helpCommand(), versionCommand()},
	}
	cli.VersionPrinter = func(c *cli.Context) { fmt.Fprintln(c.App.Writer, "batch:", c.App.Version) }
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	return app
}
