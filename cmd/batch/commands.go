package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	dset "github.com/spikesweep/spikesweep/dataset"
	"github.com/spikesweep/spikesweep/equations"
	"github.com/spikesweep/spikesweep/report"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

func planCommand() *cli.Command {
	return &cli.Command{
		Name:      "plan",
		Usage:     "list the points of a sweep, their parameters and their shard, without running",
		ArgsUsage: "FILE",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "shards", Value: 1, Usage: "number of shards to deal the points to"},
			&cli.BoolFlag{Name: "json", Usage: "one JSON object per point"},
		},
		Action: func(c *cli.Context) error {
			sw, err := loadSweep(c)
			if err != nil {
				return err
			}
			n := c.Int("shards")
			if n < 1 || n > sweep.MaxPoints {
				return usage("--shards %d: want 1 to %d", n, sweep.MaxPoints)
			}
			shardOf := make([]int, sw.Len())
			for i := range n {
				for _, p := range sw.ShardPoints(sweep.Shard{Index: i, Count: n}) {
					shardOf[p.ID] = i
				}
			}
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				for _, p := range sw.Points() {
					vals := map[string]float64{}
					for i, a := range sw.Axes {
						vals[a.Path] = p.Values[i]
					}
					if err := enc.Encode(map[string]any{"point": p.ID, "shard": shardOf[p.ID], "repeat": p.Repeat,
						"seed": p.Seed, "params": vals}); err != nil {
						return err
					}
				}
				return nil
			}
			lo, hi := sw.StepRange()
			tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "point\tshard\trepeat\tseed")
			for _, a := range sw.Axes {
				fmt.Fprintf(tw, "\t%s", a.Path)
			}
			if lo != hi {
				fmt.Fprintf(tw, "\tsteps")
			}
			fmt.Fprintln(tw)
			for _, p := range sw.Points() {
				fmt.Fprintf(tw, "%d\t%d\t%d\t%d", p.ID, shardOf[p.ID], p.Repeat, p.Seed)
				for _, v := range p.Values {
					fmt.Fprintf(tw, "\t%g", v)
				}
				if lo != hi {
					fmt.Fprintf(tw, "\t%d", p.Net.Steps())
				}
				fmt.Fprintln(tw)
			}
			fmt.Fprintf(tw, "# %s, %s, %s\n", plural(sw.Len(), "point"), stepsText(sw), plural(n, "shard"))
			if err := tw.Flush(); err != nil {
				return err
			}
			recordsNothing(c, sw)
			return nil
		},
	}
}

// plural writes "1 point", "2 points".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if strings.HasSuffix(what, "ch") || strings.HasSuffix(what, "s") {
		return fmt.Sprintf("%d %ses", n, what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// stepsText says how many steps the points take: "10000 steps each (dt 0.1 ms, 1000 ms)", or the
// range when run.dt or run.duration is swept.
func stepsText(sw *sweep.Sweep) string {
	lo, hi := sw.StepRange()
	if lo == hi {
		return fmt.Sprintf("%s each (dt %g ms, %g ms)", plural(lo, "step"), sw.Base.Dt, sw.Base.Duration)
	}
	return fmt.Sprintf("%d to %d steps per point, as run.dt or run.duration varies", lo, hi)
}

// recordsNothing warns, on stderr, about a sweep that records no monitor and no spikes: its run
// writes only the points table.
func recordsNothing(c *cli.Context, sw *sweep.Sweep) {
	if len(sw.Base.Monitors) == 0 && len(sw.Base.Spikes) == 0 {
		fmt.Fprintf(c.App.ErrWriter, "%s: note: records no monitor and no spikes: a run writes only the points table "+
			"(status, spike counts, wall time); add [[monitor]] or [spikes] to record more\n", sw.File)
	}
}

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check sweep files (syntax, names, values, every point) without running",
		ArgsUsage: "FILE...",
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usage("validate needs at least one sweep file")
			}
			var firstErr error
			for _, f := range c.Args().Slice() {
				sw, err := sweep.Load(f, systems.Catalog())
				if err == nil {
					for _, p := range sw.Points() {
						if err = sched.Validate(p.Net); err != nil {
							err = usage("%s: point %d: %w", f, p.ID, err)
							break
						}
					}
				}
				if err != nil {
					fmt.Fprintln(c.App.ErrWriter, err)
					if firstErr == nil {
						firstErr = err
					}
					continue
				}
				fmt.Fprintf(c.App.Writer, "%s: ok (%s, %s)\n", f, plural(sw.Len(), "point"), stepsText(sw))
				recordsNothing(c, sw)
			}
			if firstErr != nil {
				return usageError{fmt.Errorf("some files are invalid")}
			}
			return nil
		},
	}
}

func modelsCommand() *cli.Command {
	return &cli.Command{
		Name:      "models",
		Usage:     "list every model (or the NAMEd ones) with its parameters, defaults, units and state",
		ArgsUsage: "[NAME...] [FILE.toml...]  (a sweep file adds the models its [[model]] tables define)",
		Action: func(c *cli.Context) error {
			var defs []*equations.Def
			var asked []string
			for _, a := range c.Args().Slice() {
				if !strings.HasSuffix(a, ".toml") {
					asked = append(asked, a)
					continue
				}
				sw, err := sweep.Load(a, systems.Catalog())
				if err != nil {
					return err
				}
				defs = append(defs, sw.Base.Models...)
			}
			cat := systems.CatalogWith(defs)
			names := cat.Names()
			if len(asked) > 0 {
				names = nil
				for _, a := range asked {
					m, ok := cat.Model(a)
					if !ok {
						return usage("no model named %q (models: %s)", a, strings.Join(cat.Names(), ", "))
					}
					names = append(names, m.Name)
				}
			}
			if len(asked) == 0 {
				fmt.Fprintln(c.App.Writer, unitsNote)
			}
			for _, name := range names {
				m, _ := cat.Model(name)
				fmt.Fprintf(c.App.Writer, "%s (%s): %s\n", m.Name, m.Kind, m.Doc)
				fmt.Fprintf(c.App.Writer, "  methods: %s (default %s)\n", strings.Join(m.Methods, ", "), m.Methods[0])
				tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
				for _, p := range m.Params {
					fmt.Fprintf(tw, "  param\t%s\t= %g\t%s\t%s%s\n", p.Name, p.Default, p.Unit, p.Doc, paramNotes(p))
				}
				for _, v := range m.State {
					init := strconv.FormatFloat(v.Init, 'g', -1, 64)
					if v.Bool {
						init = "false"
					}
					fmt.Fprintf(tw, "  state\t%s\t= %s\t%s\t%s\n", v.Name, init, v.Unit, v.Doc)
				}
				tw.Flush()
			}
			return nil
		},
	}
}

// unitsNote heads `batch models`: the units every model uses.
const unitsNote = `Units are BrainPy's, nominal (nothing converts them): time in ms, voltages in mV,
conductances in nS, concentrations in mM or uM, firing rates in Hz. A unit "1" is dimensionless:
LIF's input (tau dV/dt = -(V - V_rest) + R*input) is a current scaled so that R*input is in mV,
with R a dimensionless gain (default 1); a Rate unit's r and input are dimensionless activities.`

// outputDir checks that the one argument names an output directory of batch run: a missing
// directory or one without sweep.json is the user's mistake (exit 2), not a failed read.
func outputDir(c *cli.Context, what string) (string, error) {
	if c.NArg() != 1 {
		return "", usage("%s needs one output directory (written by batch run), got %d arguments", what, c.NArg())
	}
	dir := c.Args().First()
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", usage("%s: no such directory", dir)
	case err != nil:
		return "", err
	case !fi.IsDir():
		return "", usage("%s is a file; %s needs an output directory of batch run", dir, what)
	}
	if _, err := os.Stat(filepath.Join(dir, "sweep.json")); errors.Is(err, os.ErrNotExist) {
		return "", usage("%s is not an output directory of batch run (it has no sweep.json)", dir)
	}
	return dir, nil
}

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:      "status",
		Usage:     "count done, failed and missing points of an output directory",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{&cli.BoolFlag{Name: "list", Usage: "list the failed and missing point ids"},
			&cli.BoolFlag{Name: "verify", Usage: "read every data file completely and list the points whose files are damaged"}},
		Action: func(c *cli.Context) error {
			dir, err := outputDir(c, "status")
			if err != nil {
				return err
			}
			return printStatus(c.App.Writer, dir, c.Bool("list"), c.Bool("verify"))
		},
	}
}

// printStatus writes a dataset's status line (with list, the failed and missing points; with
// verify, after reading every file completely, the damaged ones) and returns pointsFailed when
// any point is not done.
func printStatus(w io.Writer, dir string, list, verify bool) error {
	st, err := dset.ReadStatus(dir, verify)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s (hash %.12s): %s: %d done, %d failed, %d missing\n",
		dir, st.Manifest.SweepFile, st.Manifest.SweepHash, plural(st.Total, "point"), st.Done, len(st.Failed), len(st.Missing))
	if len(st.Damaged) > 0 {
		fmt.Fprintf(w, "damaged: %s (counted as missing; `batch run` runs them again): %v\n", plural(len(st.Damaged), "point"), st.Damaged)
		for _, p := range st.Problems {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	if list {
		for _, f := range st.Failed {
			fmt.Fprintf(w, "failed %d: %s\n", f.Point, f.Status)
		}
		if len(st.Missing) > 0 {
			fmt.Fprintf(w, "missing: %v\n", st.Missing)
		}
	}
	if len(st.Failed) > 0 || len(st.Missing) > 0 {
		return pointsFailed{len(st.Failed) + len(st.Missing), st.Total, len(st.Missing)}
	}
	return nil
}

func intList(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		i, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, usage("%q is not an index", f)
		}
		out = append(out, i)
	}
	return out, nil
}

func stringList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(f))
	}
	return out
}

func plotCommand() *cli.Command {
	return &cli.Command{
		Name:      "plot",
		Usage:     "plot the recorded variables of one point (PNG and SVG)",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "monitor", Aliases: []string{"m"}, Usage: "monitor name (default: the first)"},
			&cli.StringFlag{Name: "vars", Usage: "comma-separated variables (default: all the monitor records)"},
			&cli.IntFlag{Name: "point", Aliases: []string{"p"}, Usage: "point id"},
			&cli.StringFlag{Name: "index", Usage: "comma-separated element indices (default: all, up to 50)"},
			&cli.StringFlag{Name: "spikes", Usage: "comma-separated populations for rasters (default: every recorded one; \"none\" for none)"},
			&cli.StringFlag{Name: "rates", Usage: "comma-separated populations whose population rate (rates/<population>, written with [analysis]) is drawn (default: every one there is; \"none\" for none)"},
			&cli.Float64Flag{Name: "smooth", Usage: "width in ms of the flat window smoothing a rate panel; 0 for the raw bins alone",
				DefaultText: "1 ms when the bins are narrower"},
			&cli.Float64Flag{Name: "tmin", Usage: "start of the time window shown by every panel, in ms", DefaultText: "0"},
			&cli.Float64Flag{Name: "tmax", Usage: "end of the time window shown by every panel, in ms", DefaultText: "the end of the run"},
			&cli.StringFlag{Name: "o", Usage: "output file, .png or .svg (default DIR/plots/<monitor>-point<N>.png and .svg)"},
		},
		Action: func(c *cli.Context) error {
			dir, err := outputDir(c, "plot")
			if err != nil {
				return err
			}
			idx, err := intList(c.String("index"))
			if err != nil {
				return err
			}
			o := report.PlotOptions{Monitor: c.String("monitor"), Vars: stringList(c.String("vars")),
				Point: c.Int("point"), Index: idx, Out: c.String("o")}
			if s := c.String("spikes"); s == "none" {
				o.Spikes = []string{}
			} else if s != "" {
				o.Spikes = stringList(s)
			}
			if s := c.String("rates"); s == "none" {
				o.Rates = []string{}
			} else if s != "" {
				o.Rates = stringList(s)
			}
			if c.IsSet("smooth") {
				if o.Smooth = c.Float64("smooth"); o.Smooth < 0 {
					return usage("--smooth %v: want a width in ms, or 0 for no smoothing", o.Smooth)
				} else if o.Smooth == 0 {
					o.Smooth = -1 // the raw bins alone
				}
			}
			o.TMin, o.TMax = c.Float64("tmin"), c.Float64("tmax")
			if c.IsSet("tmax") && o.TMax <= o.TMin {
				// TMax 0 would mean the end of the run to report.Plot.
				return usage("--tmax %v ms: want a time after --tmin (%v ms)", o.TMax, o.TMin)
			}
			files, err := report.Plot(dir, o)
			if err != nil {
				return err
			}
			for _, f := range files {
				fmt.Fprintln(c.App.Writer, f)
			}
			return nil
		},
	}
}

func reportCommand() *cli.Command {
	return &cli.Command{
		Name:      "report",
		Usage:     "write one self-contained HTML page summarising a sweep",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "o", Usage: "output file (default DIR/report.html)"},
			&cli.StringFlag{Name: "metric", Usage: "rate[:POP], final:MON.VAR, mean:MON.VAR, steady:MON.VAR (VAR may be u*x), wall, or a statistics column: rate.POP, cv.POP, sync.POP, mean.MON.VAR, std.MON.VAR (without it, a sweep with an [analysis] table also gets its phase diagram or statistics along its axis)"},
			&cli.StringFlag{Name: "x", Usage: "heat map x axis (a swept path); of a zip sweep, which has no heat map, the axis its line plot is drawn along (default: the last)"},
			&cli.StringFlag{Name: "y", Usage: "heat map y axis"},
			&cli.StringFlag{Name: "along", Usage: "axis of the line plot (default: x)"},
			&cli.StringSliceFlag{Name: "fix", Usage: "fix an axis at a value, `path=value`: the slice; the heat map takes two of the other axes (with one left, the page shows the line plot along it); axes neither shown nor fixed are averaged; repeatable"},
			&cli.StringFlag{Name: "title", Usage: "page title"},
			&cli.StringFlag{Name: "figures", Usage: "also write the figures as PNG files into this directory (heatmap.png, lines.png, phase-POP.png or stats.png)"},
		},
		Action: func(c *cli.Context) error {
			dir, err := outputDir(c, "report")
			if err != nil {
				return err
			}
			fix := map[string]float64{}
			for _, f := range c.StringSlice("fix") {
				k, v, ok := strings.Cut(f, "=")
				x, err := strconv.ParseFloat(v, 64)
				if !ok || err != nil {
					return usage("--fix %q: want path=value", f)
				}
				fix[k] = x
			}
			path, err := report.Report(dir, report.ReportOptions{Out: c.String("o"), Metric: c.String("metric"),
				X: c.String("x"), Y: c.String("y"), Along: c.String("along"), Fix: fix, Title: c.String("title"),
				Figures: c.String("figures")})
			if err != nil {
				return err
			}
			fmt.Fprintln(c.App.Writer, path)
			return nil
		},
	}
}

func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Aliases:   []string{"h"},
		Usage:     "show help for batch or a command; `batch help format` prints the sweep-file reference",
		ArgsUsage: "[COMMAND | format]",
		Action: func(c *cli.Context) error {
			switch arg := c.Args().First(); {
			case c.NArg() > 1:
				return usage("help takes one topic, got %d", c.NArg())
			case arg == "":
				return cli.ShowAppHelp(c)
			case arg == "format":
				_, err := fmt.Fprint(c.App.Writer, sweep.Format)
				return err
			case c.App.Command(arg) != nil:
				// Not cli.ShowCommandHelp: from inside a command it looks among that command's
				// subcommands.
				cmd := c.App.Command(arg)
				if cmd.HelpName == "" {
					cmd.HelpName = c.App.Name + " " + cmd.Name
				}
				cli.HelpPrinter(c.App.Writer, cli.CommandHelpTemplate, cmd)
				return nil
			default:
				var names []string
				for _, cmd := range c.App.Commands {
					names = append(names, cmd.Name)
				}
				return usage("no help topic %q (topics: format, %s)", arg, strings.Join(names, ", "))
			}
		},
	}
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the engine version and the commit this binary was built from",
		Action: func(c *cli.Context) error {
			_, err := fmt.Fprintln(c.App.Writer, "batch:", c.App.Version)
			return err
		},
	}
}

// paramNotes says how a parameter may be given beyond one number: per neuron, and its bounds.
func paramNotes(p spec.ParamInfo) string {
	switch {
	case p.PerNeuron && p.Positive:
		return " [per neuron, each > 0]"
	case p.PerNeuron && p.NonNegative:
		return " [per neuron; >= 0]"
	case p.PerNeuron:
		return " [per neuron]"
	case p.NonNegative:
		return " [>= 0]"
	}
	return ""
}
