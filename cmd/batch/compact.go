package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	dset "github.com/spikesweep/spikesweep/dataset"
)

func compactCommand() *cli.Command {
	return &cli.Command{
		Name:  "compact",
		Usage: "merge a finished sweep's many small part files into few large ones (every row and the metadata kept)",
		Description: "A sweep run in many shards or small batches ends as thousands of small Parquet files, which\n" +
			"DuckDB and pandas read slowly. compact merges consecutive batches into files of large row groups,\n" +
			"atomically: the old files go only once the merged ones are complete and in place, and a kill at\n" +
			"any moment leaves a valid DIR. Resume, status and report work on a compacted DIR as before.\n" +
			"It refuses a DIR a run is still writing into.",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "max-size", Value: "512M", Usage: "at most this much input per merged file (e.g. 2G)"},
			&cli.StringFlag{Name: "compression", Value: "zstd", Usage: "Parquet compression of the merged files: zstd, snappy, gzip, none"},
		},
		Action: func(c *cli.Context) error {
			dir, err := outputDir(c, "compact")
			if err != nil {
				return err
			}
			size, err := parseBytes(c.String("max-size"))
			if err != nil || size < 1 {
				return usage("--max-size %q: want a size such as 512M or 2G", c.String("max-size"))
			}
			switch c.String("compression") {
			case "zstd", "snappy", "gzip", "none":
			default:
				return usage("--compression %q: want zstd, snappy, gzip or none", c.String("compression"))
			}
			res, err := dset.Compact(dir, dset.CompactOptions{MaxBytes: size, Compression: c.String("compression")})
			if err != nil {
				return err
			}
			var parts []string
			for _, k := range sortedKeys(res.Rows) {
				parts = append(parts, fmt.Sprintf("%s %d", k, res.Rows[k]))
			}
			fmt.Fprintf(c.App.Writer, "%s: %s in %s before, %s in %s now; rows: %s\n", dir,
				plural(res.BatchesBefore, "batch"), plural(res.FilesBefore, "file"), plural(res.BatchesAfter, "batch"),
				plural(res.FilesAfter, "file"), strings.Join(parts, ", "))
			return nil
		},
	}
}

func sortedKeys[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
