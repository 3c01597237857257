// Command demo writes the test fixture's STP sweep (sweeps/stp.toml's shape: U × tau_d × tau_f,
// one failed point) into DIR and its report to DIR/report.html, and prints the report's path. It
// gives the screenshot script a report to check where no real sweep is at hand (CI):
//
//	go run ./report/internal/demo DIR
package main

import (
	"fmt"
	"os"

	"github.com/spikesweep/spikesweep/report"
	"github.com/spikesweep/spikesweep/report/internal/fixture"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: demo DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := fixture.WriteSTP(dir, fixture.STPGrid()); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
	out, err := report.Report(dir, report.ReportOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
	fmt.Println(out)
}
