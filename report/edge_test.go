package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/report"
	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// runSweep runs a small sweep file through the engine into a temporary directory: the datasets
// the report must render are real ones, failed points and all.
func runSweep(t *testing.T, name, toml string) string {
	t.Helper()
	dir := t.TempDir()
	sw, err := sweep.Parse(name, []byte(toml), systems.Catalog(), dir)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := filepath.Join(dir, "out")
	if _, err := runner.Run(sw, runner.Options{Out: out, Workers: 1}); err != nil {
		t.Fatalf("%s: run: %v", name, err)
	}
	return out
}

// rateDt is a leaky rate unit (tau 0.1 ms) over run.dt: forward Euler diverges for dt > 2*tau.
func rateDt(values string) string {
	return `
[run]
dt = 0.01
duration = 400.0

[[population]]
name = "neu"
model = "Rate"
size = 2
params = { tau = 0.1 }

[[input]]
target = "neu"
var = "input"
value = 1.0

[[monitor]]
target = "neu"
vars = ["r"]
every = 10

[sweep]
[[sweep.axis]]
path = "run.dt"
values = ` + values + "\n"
}

// silentLIF is a LIF population with no input, swept over tau: it never fires, so every rate is 0.
const silentLIF = `
[run]
dt = 0.1
duration = 50.0

[[population]]
name = "neu"
model = "LIF"
size = 3

[[monitor]]
target = "neu"
vars = ["V"]

[spikes]
populations = ["neu"]

[sweep]
[[sweep.axis]]
path = "neu.tau"
values = [1.0, 10.0, 100.0]
`

// A report renders whatever the dataset holds (issue: a failed point on a log axis panicked in
// gonum), and so does a plot of each point, failed ones included.
func TestReportRendersEveryDataset(t *testing.T) {
	cases := []struct {
		name, toml string
		metrics    []string
		want       []string
	}{
		// dt 0.01 and 0.5 span a factor 50: a log axis with one ok value.
		{"one ok point on a log axis", rateDt("[0.01, 0.5]"), []string{"", "mean:neu.r", "steady:neu.r", "wall"},
			[]string{"1 of 2 points failed.", "state diverged"}},
		{"every point failed", rateDt("[0.5, 1.0]"), []string{"", "wall"},
			[]string{"Every point in the points table failed", "2 of 2 points failed."}},
		{"one point", rateDt("[0.05]"), []string{""}, []string{"1 point in the points table (1 ok, 0 failed)"}},
		{"no axes", strings.Split(rateDt("[0.05]"), "[sweep]")[0], []string{""}, []string{"No axes: a single configuration.", "Its final neu.r is 0.1.", "the one point finished"}},
		{"zero spikes, metric 0 everywhere on a log axis", silentLIF, []string{"", "rate:neu", "final:neu.V"},
			[]string{"mean firing rate of neu", "No failed points"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := runSweep(t, "edge.toml", c.toml)
			for _, metric := range c.metrics {
				out := filepath.Join(t.TempDir(), "r.html")
				if _, err := report.Report(dir, report.ReportOptions{Out: out, Metric: metric}); err != nil {
					t.Fatalf("metric %q: %v", metric, err)
				}
				p := readPage(t, out)
				if metric == "" {
					wantText(t, p, c.want...)
				}
				if strings.Contains(p.text, "cannot draw") {
					t.Errorf("metric %q: a figure could not be drawn", metric)
				}
			}
			for _, point := range []int{0, 1} {
				if point == 1 && c.name == "one point" || point == 1 && c.name == "no axes" {
					continue
				}
				if _, err := report.Plot(dir, report.PlotOptions{Point: point, Out: filepath.Join(t.TempDir(), "p.png")}); err != nil {
					t.Errorf("plot point %d: %v", point, err)
				}
			}
		})
	}
}

// Numeric axes read in increasing order in the heat map and its table, whatever the file's order.
func TestHeatmapSortsNumericAxes(t *testing.T) {
	toml := strings.Replace(silentLIF, "values = [1.0, 10.0, 100.0]", "values = [-6.0, -9.0, -12.0]", 1)
	toml = strings.Replace(toml, `path = "neu.tau"`, `path = "neu.V_rest"`, 1)
	toml = strings.Replace(toml, "[sweep]\n", "[sweep]\n[[sweep.axis]]\npath = \"neu.tau\"\nvalues = [20.0, 5.0]\n", 1)
	dir := runSweep(t, "order.toml", toml)
	out := filepath.Join(t.TempDir(), "r.html")
	if _, err := report.Report(dir, report.ReportOptions{Out: out, Metric: "final:neu.V", X: "neu.V_rest", Y: "neu.tau"}); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	table := s[strings.Index(s, "Values of the map"):]
	i12, i9, i6 := strings.Index(table, "<th>-12</th>"), strings.Index(table, "<th>-9</th>"), strings.Index(table, "<th>-6</th>")
	if i12 < 0 || !(i12 < i9 && i9 < i6) {
		t.Errorf("heat map columns not in increasing order: -12 at %d, -9 at %d, -6 at %d", i12, i9, i6)
	}
	// Rows top to bottom: the greatest y first, as in the picture.
	if a, b := strings.Index(table, "<th>20</th>"), strings.Index(table, "<th>5</th>"); a < 0 || a > b {
		t.Errorf("heat map rows not from the greatest y down: 20 at %d, 5 at %d", a, b)
	}
	if !strings.Contains(s, "-12, -9, -6") {
		t.Error("the grid table does not list V_rest's values in increasing order")
	}
}

// The report lists the network's fixed settings (STP's w = 200, the input 28) with units, and
// the model's defaults marked.
func TestReportShowsFixedSettings(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "sweeps", "stp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	toml := strings.Replace(string(data), "duration = 1000.0", "duration = 20.0", 1)
	for _, n := range []string{"num = 8 }", "num = 8 }", "num = 8 }"} {
		toml = strings.Replace(toml, n, "num = 2 }", 1)
	}
	dir := runSweep(t, "stp.toml", toml)
	out, err := report.Report(dir, report.ReportOptions{Out: filepath.Join(t.TempDir(), "r.html")})
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	for _, row := range []string{
		"<td><code>syn.init.w</code></td><td>200</td>",
		"<td><code>neu1.input.value</code></td><td>28 (op ",
		`<tr class="default"><td><code>neu1.tau</code></td><td>10</td><td>ms</td></tr>`,
		"<td><code>run.duration</code></td><td>20</td><td>ms</td>",
		"<td><code>syn.conn</code></td><td>all2all</td>",
	} {
		if !strings.Contains(s, row) {
			t.Errorf("the fixed settings lack %s", row)
		}
	}
	for _, swept := range []string{"<code>syn.U</code></td><td>0.15", "<code>syn.tau_d</code></td><td>200"} {
		if strings.Contains(s, swept) {
			t.Errorf("a swept path is listed as fixed: %s", swept)
		}
	}
}
