package main

import (
	"encoding/json"
	"fmt"
	"github.com/spikesweep/spikesweep/equations"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/spikesweep/spikesweep/report"
	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sched"
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
			if n < 1 {
				return usage("--shards %d: want at least 1", n)
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
			tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "point\tshard\trepeat\tseed")
			for _, a := range sw.Axes {
				fmt.Fprintf(tw, "\t%s", a.Path)
			}
			fmt.Fprintln(tw)
			for _, p := range sw.Points() {
				fmt.Fprintf(tw, "%d\t%d\t%d\t%d", p.ID, shardOf[p.ID], p.Repeat, p.Seed)
				for _, v := range p.Values {
					fmt.Fprintf(tw, "\t%g", v)
				}
				fmt.Fprintln(tw)
			}
			fmt.Fprintf(tw, "# %d points, %d steps each (dt %g ms, %g ms), %d shard(s)\n", sw.Len(), sw.Base.Steps(), sw.Base.Dt, sw.Base.Duration, n)
			return tw.Flush()
		},
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
				fmt.Fprintf(c.App.Writer, "%s: ok (%d points, %d steps each)\n", f, sw.Len(), sw.Base.Steps())
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
		Usage:     "list every model with its parameters, defaults, units and state",
		ArgsUsage: "[FILE...] (also the models these sweep files define in [[model]] tables)",
		Action: func(c *cli.Context) error {
			var defs []*equations.Def
			for _, f := range c.Args().Slice() {
				sw, err := sweep.Load(f, systems.Catalog())
				if err != nil {
					return usage("%w", err)
				}
				defs = append(defs, sw.Base.Models...)
			}
			cat := systems.CatalogWith(defs)
			for _, name := range cat.Names() {
				m, _ := cat.Model(name)
				fmt.Fprintf(c.App.Writer, "%s (%s): %s\n", m.Name, m.Kind, m.Doc)
				fmt.Fprintf(c.App.Writer, "  methods: %s (default %s)\n", strings.Join(m.Methods, ", "), m.Methods[0])
				tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
				for _, p := range m.Params {
					fmt.Fprintf(tw, "  param\t%s\t= %g\t%s\t%s\n", p.Name, p.Default, p.Unit, p.Doc)
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

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:      "status",
		Usage:     "count done, failed and missing points of an output directory",
		ArgsUsage: "DIR",
		Flags:     []cli.Flag{&cli.BoolFlag{Name: "list", Usage: "list the failed and missing point ids"}},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usage("status needs one output directory")
			}
			st, err := runner.Status(c.Args().First())
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "%s: %s (hash %.12s): %d points: %d done, %d failed, %d missing\n",
				c.Args().First(), st.Manifest.SweepFile, st.Manifest.SweepHash, st.Total, st.Done, len(st.Failed), len(st.Missing))
			if c.Bool("list") {
				for _, f := range st.Failed {
					fmt.Fprintf(c.App.Writer, "failed %d: %s\n", f.Point, f.Status)
				}
				if len(st.Missing) > 0 {
					fmt.Fprintf(c.App.Writer, "missing: %v\n", st.Missing)
				}
			}
			if len(st.Failed) > 0 || len(st.Missing) > 0 {
				return pointsFailed{len(st.Failed) + len(st.Missing), st.Total, len(st.Missing)}
			}
			return nil
		},
	}
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
			&cli.StringFlag{Name: "o", Usage: "output file, .png or .svg (default DIR/plots/<monitor>-point<N>.png and .svg)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usage("plot needs one output directory")
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
			files, err := report.Plot(c.Args().First(), o)
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
			&cli.StringFlag{Name: "metric", Usage: "rate[:POP], final:MON.VAR, mean:MON.VAR, steady:MON.VAR (VAR may be u*x), wall"},
			&cli.StringFlag{Name: "x", Usage: "heat map x axis (a swept path)"},
			&cli.StringFlag{Name: "y", Usage: "heat map y axis"},
			&cli.StringFlag{Name: "along", Usage: "axis of the line plot (default: x)"},
			&cli.StringSliceFlag{Name: "fix", Usage: "fix an axis at a value, `path=value` (others are averaged); repeatable"},
			&cli.StringFlag{Name: "title", Usage: "page title"},
			&cli.StringFlag{Name: "figures", Usage: "also write the heat map and line plot as PNG files into this directory"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usage("report needs one output directory")
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
			path, err := report.Report(c.Args().First(), report.ReportOptions{Out: c.String("o"), Metric: c.String("metric"),
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
