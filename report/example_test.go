package report_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/spikesweep/spikesweep/report"
	"github.com/spikesweep/spikesweep/report/internal/fixture"
)

// A report and a quick-look plot of an STDP-window sweep: one axis (when the post neuron fires
// relative to the pre neuron), two repeats per value. With no options the report maps the final
// weight w of the STDP projection along that axis.
func Example() {
	dir, err := os.MkdirTemp("", "sweep-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// `batch run` writes such a directory; here a small fixture stands in for it.
	if err := fixture.WriteSTDP(dir, fixture.STDPWindow()); err != nil {
		log.Fatal(err)
	}

	page, err := report.Report(dir, report.ReportOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(page))

	// Point 8: the post spike 5 ms after the pre spike, so w grows at every pairing.
	files, err := report.Plot(dir, report.PlotOptions{Monitor: "syn", Vars: []string{"w"}, Point: 8})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		fmt.Println(filepath.ToSlash(rel))
	}
	// Output:
	// report.html
	// plots/syn-point8.png
	// plots/syn-point8.svg
}
