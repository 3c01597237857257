// Package report draws quick-look plots of one point of a sweep and writes a self-contained HTML
// report of a whole sweep, from the output directory the CLI writes (sweep.json, points/,
// monitors/<name>/, spikes/<population>/). It reads the Parquet files with package parquetio
// and draws with gonum's plot; nothing in the engine depends on it.
//
// # Plots
//
// [Plot] draws, for one point, one panel per variable of a monitor (a line per recorded element,
// their mean in black) and a spike raster per population, on a shared time axis in ms, titled with
// the sweep file, the point's repeat and seed, its parameter values with units, and its status if
// it failed. A spike is drawn at least one device pixel tall and wide, so a raster is visible from
// one neuron to 100,000; a population with more neurons than the panel has pixel rows is drawn
// every k-th neuron, and the panel's title says so. A diverged trace breaks where its values stop
// being finite. Each population with a rates dataset (rates/<population>, which [analysis] writes:
// Brian2's PopulationRateMonitor) gets a panel of its binned rate after its raster, smoothed over
// a flat window of 1 ms when the bins are narrower. [PlotOptions] choose the monitor, variables,
// elements, rasters and rates, a time window (TMin, TMax: every panel's time axis, checked against
// the run) and the output: by default DIR/plots/<monitor>-point<N>.png and .svg
// (<monitor>-point<N>-t<TMin>-<TMax> with a window), else one file whose extension (.png or .svg)
// picks the format.
//
// # Report
//
// [Report] writes one HTML page (DIR/report.html by default) that opens with no network: figures
// are PNG inlined as base64, the style sheet is inline, nothing is loaded. Its sections, by id:
//
//   - stats (when the sweep file has an [analysis] table and no metric was asked for): the
//     statistics columns of the points table. Over two axes of a grid, the phase diagram: per
//     analysed population of two or more neurons, its rate, ISI CV and synchrony χ as three heat
//     maps side by side (sweeps/brunel.toml: over g·J and η·ν_thr). Along one axis (a one-axis
//     sweep, or a zip sweep), a panel per statistic: the populations' rate, CV and χ, and the mean
//     of each monitored variable with a line per monitor (sweeps/stp_frequency.toml: the steady
//     state of depressing and facilitating synapses against the presynaptic rate). --figures
//     writes them as phase-<population>.png and stats.png.
//   - heatmap: the metric over two axes, a cell per pair of values (each cell the mean over its
//     ok points; other axes averaged, or fixed at a value by [ReportOptions].Fix; the page says
//     which), with a colour bar and a table of the values; a strip for a one-axis sweep. A cell
//     without a value says why: hatched red on grey, "failed", when every point there failed;
//     grey, "NaN", when its points ran but the metric has no value (the CV of a silent
//     population); white when no point there has run yet; a legend beside the colour bar names
//     the kinds the map has. It comes first, framed in [HeatmapFrameColor], for a reader and for
//     the screenshot check.
//   - along: instead of the heat map when there is no grid to map: a zip sweep, whose axes
//     advance together (the metric along X, the first axis by default, the other axes' values
//     named in the caption), or a grid that [ReportOptions].Fix leaves with fewer than two free
//     axes (the slice along the free one). A fixed axis is never a figure's axis: the heat map
//     takes two of the free axes. It is framed in [AlongFrameColor].
//   - lines: the metric along one axis, a line per value of the other map axis (at most 8; the
//     note names those without any value), then along every axis in turn with error bars (the 25th to 75th percentile, which stays within
//     the values: a rate's bar never goes below 0). Points are joined only when the axis has 12
//     or more values; a red cross marks a value where every point failed.
//   - grid: the axes, their units and values, and what the report does with each; then every
//     fixed setting of the network (the manifest's "fixed" list), model defaults in grey.
//   - failed: the points whose status is not "ok", with parameters, seed and message, and the
//     points that have no row yet.
//   - metadata: the manifest (engine version, sweep file and hash, dt, duration, network,
//     monitors) and the points table's Parquet key-value metadata.
//
// The metric is one number per point ([ReportOptions].Metric):
//
//	rate[:POP]        spikes of POP / its neurons / the run's duration, in Hz (points table)
//	final:MON.VAR     VAR at the last recorded step, averaged over recorded elements
//	mean:MON.VAR      VAR averaged over all recorded steps and elements
//	steady:MON.VAR    VAR averaged over the last 10% of the run's time and the elements
//	wall              the point's wall-clock seconds
//
// VAR may be a product such as u*x, taken per element and sample before averaging, so
// steady:syn.u*x is the steady-state release u·x of STP. Without a metric the report takes the
// final w of a plastic projection (STDP, Oja, BCM) whose w is recorded, else the rate of the first
// recorded population whose spike count varies over the points (else the first that spiked). The
// heat map's axes default to the last two axes of the sweep (second-to-last along x; for a zip
// sweep, whose axes advance together, the last axis alone, as a strip): for
// sweeps/stp.toml, whose axes are U, tau_d, tau_f, that is the rate of neu2 (neu1 fires alike in
// every point) over tau_d × tau_f with U averaged; an STDP-window sweep with one axis gets the final
// w along the swept time difference.
//
// Numeric axes are shown in increasing order everywhere, whatever the order of the file's values.
// A report renders whatever the dataset holds: failed points, every point failed, one point, no
// spikes, a metric that is the same everywhere. Errors in what the caller asked for (an axis,
// metric, monitor or point the dataset lacks) are [UsageError]s. Output files are created 0666
// less the umask, like any file.
//
// # Cost
//
// The points table is read whole (a row per point). Monitor and spike datasets are read one part
// file at a time with [parquetio.ReadFile], which reads every column and row of the file: the
// report keeps a few running sums per point, a plot keeps only its point's rows, so memory stays at
// one part file plus that. Time is that of reading the dataset's parts once, even for a plot of
// one point; parquetio offers no row-group filter by point yet.
//
// # Screenshot check
//
// scripts/report-screenshot.sh renders a report in headless Chromium and runs
// report/cmd/checkshot on the screenshot, which finds the frame of the page's first figure and
// checks its inside: a heat map coloured in many colours, or, on a page whose first section is
// "along", a line plot with axes and data marks in colour.
package report
