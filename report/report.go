package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// ReportOptions choose what Report shows. The zero value gives a useful page for most sweeps.
type ReportOptions struct {
	// Out is the HTML file written; "" means DIR/report.html.
	Out string
	// Metric is the summary number per point: "rate:POP" (spikes per neuron per second),
	// "final:MON.VAR", "mean:MON.VAR", "steady:MON.VAR" (mean over the last 10% of the run), or
	// "wall"; VAR may be a product such as "u*x". "" picks one: the final w of a plastic projection
	// (STDP, Oja, BCM) whose w is recorded, else the rate of the first recorded population whose
	// spike count varies over the points, else the final value of the first recorded variable.
	Metric string
	// X and Y are the heat map's axes (paths such as "syn.tau_d"). "" means the defaults: the
	// last two axes of the sweep, second-to-last along x, so that a sweep listing a condition
	// first (U of sweeps/stp.toml) maps the last two (tau_d × tau_f) and averages the first.
	X, Y string
	// Along is the axis of the line plot; "" means X. Its lines are the values of Y (or of X when
	// Along is Y).
	Along string
	// Fix holds axes that are neither X nor Y at one value each (the nearest of the axis's values
	// is used); every other axis is averaged over.
	Fix map[string]float64
	// Title heads the page; "" means "Sweep report: " and the sweep file's name.
	Title string
	// Figures, if set, is a directory where the heat map and the line plot are also written as
	// heatmap.png and lines.png (for documents that show them outside the page).
	Figures string
}

// HeatmapFrameColor is the colour of the frame around the heat map, a colour used nowhere else
// on the page, so that a screenshot check can find the map (see report/cmd/checkshot).
var HeatmapFrameColor = color.RGBA{0xe6, 0x00, 0x7e, 0xff}

// maxSeries bounds the lines of the line plot; more values are thinned evenly.
const maxSeries = 8

// Report writes one self-contained HTML page about the sweep in dir and returns its path. The
// page has sections with ids grid (the axes), heatmap (the metric over two axes), lines (the metric
// along one axis, and along every axis when there are several), failed (points whose status is not
// ok, and points without a row) and metadata (the manifest and the Parquet key-value metadata).
// Figures are PNG inlined as base64; the page loads nothing from anywhere.
//
// The points table is read whole (it has a row per point). The firing-rate metric reads only it;
// the other metrics stream the monitor's part files one by one and keep a few sums per point, so
// memory stays at one part file, and time is that of reading the monitor dataset once.
func Report(dir string, o ReportOptions) (string, error) {
	m, err := readManifest(dir)
	if err != nil {
		return "", err
	}
	pt, err := readPoints(dir, m)
	if err != nil {
		return "", err
	}
	spec := o.Metric
	if spec == "" {
		spec = defaultMetric(m, pt)
	}
	why := ""
	if o.Metric == "" {
		why = defaultWhy(spec, m, pt)
	}
	mt, err := parseMetric(spec, m, pt)
	if err != nil {
		return "", err
	}
	values, err := mt.compute(dir, m, pt)
	if err != nil {
		return "", err
	}
	sel, err := chooseAxes(m, o)
	if err != nil {
		return "", err
	}
	pg, err := buildPage(dir, m, pt, mt, values, sel, o)
	if err != nil {
		return "", err
	}
	pg.MetricWhy = why
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, pg); err != nil {
		return "", fmt.Errorf("report: render page: %w", err)
	}
	out := o.Out
	if out == "" {
		out = filepath.Join(dir, "report.html")
	}
	if err := writeFile(out, buf.Bytes()); err != nil {
		return "", err
	}
	return out, nil
}

// othersNote says what happened to the axes not shown: "syn.U averaged over its 2 values (0.1,
// 0.5)"; shown lists the axes the figure does show.
func othersNote(m *manifest, s selection, shown ...int) string {
	var parts []string
	for a, ax := range m.Axes {
		if slices.Contains(shown, a) {
			continue
		}
		if f := s.fixed[a]; f >= 0 {
			parts = append(parts, fmt.Sprintf("%s fixed at %s", ax.Path, withUnitValue(fmtAxisValue(ax.Values[f]), ax.Unit)))
			continue
		}
		if m.Mode == "zip" {
			parts = append(parts, ax.Path+" moves with it (a zip sweep)")
			continue
		}
		vals := make([]string, len(ax.Values))
		for i, v := range ax.Values {
			vals[i] = fmtAxisValue(v)
		}
		parts = append(parts, fmt.Sprintf("%s averaged over its %d values (%s%s)", ax.Path, len(ax.Values),
			strings.Join(vals, ", "), unitSuffix(ax.Unit)))
	}
	return strings.Join(parts, "; ")
}

func unitSuffix(u string) string {
	if u == "" || u == "1" {
		return ""
	}
	return " " + u
}

// page is what the template shows.
type page struct {
	figures         string // ReportOptions.Figures
	Title, Subtitle string
	FrameColor      template.CSS
	Font            template.CSS
	Metric          *metric
	MetricWhy       string // why the default metric, when none was asked for
	Summary         string

	// Stats is the statistics section (stats.go): empty Heading when not shown.
	Stats struct {
		Heading, Intro, Empty string
		Figures               []statsFigure
	}
	Heat struct {
		Img       template.URL
		W, H      int // pixels
		Alt, Note string
		Empty     string // why there is no map
		Cols      []string
		Rows      []heatRow
		XName     string
		YName     string
	}
	Along alongFigure // instead of the heat map, when there is none (along.go)
	Lines struct {
		Img, Marginals template.URL
		Alt, Note      string
		MarginalsNote  string
		Empty          string
	}
	Grid struct {
		Mode, Points string
		Repeats      int
		Axes         []axisRow
		Fixed        []fixedRow
		NoFixed      string // why there is no table of fixed settings
	}
	Failed struct {
		Dir     string // for the plot command shown
		Summary string
		Rows    []failedRow
		AxisCol []string
		NoData  string
	}
	Meta     [][2]string
	Monitors []monitorInfo
	Objects  [][4]string // kind, name, model, detail
	FileMeta [][2]string
}

type heatRow struct {
	Label string
	Cells []heatCell
}

type heatCell struct{ Value, Title string }

type axisRow struct {
	Path, Unit, Values string
	N                  int
	Role               string
}

type fixedRow struct {
	Path, Value, Unit string
	Default           bool
}

type failedRow struct {
	Point  int32
	Params []string
	Repeat int32
	Seed   uint64
	Status string
}

func buildPage(dir string, m *manifest, pt *pointsTable, mt *metric, values []float64, s selection,
	o ReportOptions) (*page, error) {
	pg := &page{figures: o.Figures, Metric: mt, FrameColor: template.CSS(fmt.Sprintf("#%02x%02x%02x",
		HeatmapFrameColor.R, HeatmapFrameColor.G, HeatmapFrameColor.B))}
	pg.Font = template.CSS(pageFont)
	pg.Title = o.Title
	if pg.Title == "" {
		pg.Title = "Sweep report: " + cmpOr(displayFile(m.SweepFile), filepath.Base(dir))
	}
	nOK, nFailed := 0, 0
	for _, r := range pt.rows {
		if r.ok() {
			nOK++
		} else {
			nFailed++
		}
	}
	pg.Summary = fmt.Sprintf("%s in the points table (%d ok, %d failed) of %d in the sweep; metric: %s.",
		plural(len(pt.rows), "point"), nOK, nFailed, m.Points, mt.title())

	if nOK == 0 && len(pt.rows) > 0 {
		why := fmt.Sprintf("Every point in the points table failed, so there is no value to show: see Failed points below "+
			"for each one's error, and %s to look at one.", "batch plot "+filepath.Base(filepath.Clean(dir))+" --point N")
		pg.Heat.Empty, pg.Lines.Empty = why, why
	} else if s.noMap {
		if err := statsSection(pg, dir, m, pt, s, o); err != nil {
			return nil, err
		}
		if err := alongSection(pg, m, pt, mt, values, s); err != nil {
			return nil, err
		}
	} else {
		if err := statsSection(pg, dir, m, pt, s, o); err != nil {
			return nil, err
		}
		if err := heatSection(pg, m, pt, mt, values, s); err != nil {
			return nil, err
		}
		if err := linesSection(pg, m, pt, mt, values, s); err != nil {
			return nil, err
		}
	}
	gridSection(pg, m, s)
	failedSection(pg, m, pt, values, filepath.Base(filepath.Clean(dir)))
	metaSection(pg, m, pt, dir)
	return pg, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func dataURL(png []byte) template.URL {
	// The page builds this URL itself from PNG bytes; html/template would otherwise refuse a data:
	// URL in src.
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
}

func heatSection(pg *page, m *manifest, pt *pointsTable, mt *metric, values []float64, s selection) error {
	if s.x < 0 {
		pg.Heat.Empty = "The sweep has no axes: it ran a single configuration, so there is no map."
		if len(values) == 1 && !math.IsNaN(values[0]) {
			pg.Heat.Empty += fmt.Sprintf(" Its %s is %s.", mt.Label, withUnitValue(fmtNum(values[0]), mt.Unit))
		}
		return nil
	}
	xa := m.Axes[s.x]
	dims := []int{s.x}
	g := grid{nx: len(xa.Values), ny: 1}
	if s.y >= 0 {
		dims = []int{s.y, s.x}
		g.ny = len(m.Axes[s.y].Values)
	}
	cells := aggregate(m, pt, values, view{dims: dims, fixed: s.fixed})
	g.z = make([]float64, len(cells))
	g.short = make([]bool, len(cells))
	g.failed = make([]bool, len(cells))
	g.nan = make([]bool, len(cells))
	nShort := 0
	for i, c := range cells {
		g.z[i] = c.mean()
		g.failed[i] = c.n == 0 && c.failed > 0 && c.missing == 0
		g.nan[i] = c.n == 0 && c.missing > 0
		if c.failed+c.missing > 0 && c.n > 0 {
			g.short[i] = true
			nShort++
		}
	}
	note := "Each cell is the mean of the metric over its ok points"
	if other := othersNote(m, s, dims...); other != "" {
		note += "; " + other
	}
	if m.Repeats > 1 {
		note += fmt.Sprintf("; the %d repeats of each combination averaged", m.Repeats)
	}
	note += ". Failed points are left out. " + emptyCellNote(g)
	if nShort > 0 {
		note += fmt.Sprintf(" %s marked * lost some of their points to failures or missing data, "+
			"so their mean covers fewer points than the others.", plural(nShort, "cell"))
	}
	pg.Heat.Note = note
	pg.Heat.XName = withUnit(xa.Path, xa.Unit)
	for _, v := range xa.Values {
		pg.Heat.Cols = append(pg.Heat.Cols, fmtAxisValue(v))
	}
	// Table rows top to bottom as in the picture: the greatest y first.
	for r := g.ny - 1; r >= 0; r-- {
		row := heatRow{Label: "–"}
		if s.y >= 0 {
			pg.Heat.YName = withUnit(m.Axes[s.y].Path, m.Axes[s.y].Unit)
			row.Label = fmtAxisValue(m.Axes[s.y].Values[r])
		}
		for c := range g.nx {
			cl := cells[r*g.nx+c]
			title := fmt.Sprintf("%d ok", cl.n)
			if cl.n > 1 {
				title += ", sd " + fmtNum(cl.sd())
			}
			if cl.failed > 0 {
				title += fmt.Sprintf(", %d failed", cl.failed)
			}
			if cl.missing > 0 {
				title += fmt.Sprintf(", %d without data", cl.missing)
			}
			row.Cells = append(row.Cells, heatCell{Value: cellValue(cl), Title: title})
		}
		pg.Heat.Rows = append(pg.Heat.Rows, row)
	}
	if math.IsNaN(g.Min()) {
		pg.Heat.Empty = "No ok point has a value of this metric, so the map would be empty."
		return nil
	}
	img, err := heatmapFigure("png", m, s.x, s.y, g, mt)
	if err != nil {
		pg.Heat.Empty = err.Error()
		return nil
	}
	pg.Heat.Img = dataURL(img)
	if err := pg.saveFigure("heatmap.png", img); err != nil {
		return err
	}
	w, h := heatmapSize(s.y)
	pg.Heat.W, pg.Heat.H = int(float64(w/vg.Inch)*pngDPI), int(float64(h/vg.Inch)*pngDPI)
	pg.Heat.Alt = "Heat map of " + mt.title() + " over " + xa.Path
	if s.y >= 0 {
		pg.Heat.Alt += " and " + m.Axes[s.y].Path
	}
	return nil
}

func linesSection(pg *page, m *manifest, pt *pointsTable, mt *metric, values []float64, s selection) error {
	if s.along < 0 {
		pg.Lines.Empty = "The sweep has no axes, so there is nothing to plot along."
		return nil
	}
	xa := m.Axes[s.along]
	var ss []series
	var title string
	if s.series >= 0 {
		sa := m.Axes[s.series]
		cells := aggregate(m, pt, values, view{dims: []int{s.series, s.along}, fixed: s.fixed})
		idx := thin(len(sa.Values), maxSeries)
		for k, si := range idx {
			sr := series{name: sa.Path + " = " + withUnitValue(fmtAxisValue(sa.Values[si]), sa.Unit),
				x: xa.Values, color: seriesColor(k, len(idx))}
			for ai := range xa.Values {
				c := cells[si*len(xa.Values)+ai]
				sr.y = append(sr.y, c.mean())
				sr.failed = append(sr.failed, c.n == 0 && c.failed > 0)
			}
			ss = append(ss, sr)
		}
		title = fmt.Sprintf("%s along %s, one line per %s", mt.Label, xa.Path, sa.Path)
		pg.Lines.Note = fmt.Sprintf("One line per value of %s", sa.Path)
		if len(idx) < len(sa.Values) {
			pg.Lines.Note += fmt.Sprintf(" (%d of its %d values, evenly spaced)", len(idx), len(sa.Values))
		}
		if other := othersNote(m, s, s.along, s.series); other != "" {
			pg.Lines.Note += "; " + other
		}
		if nv := noValueSeries(ss); len(nv) > 0 {
			pg.Lines.Note += "; no line for " + strings.Join(nv, ", ") + ": the points there ran, but the metric has no value (NaN)"
		}
	} else {
		cells := aggregate(m, pt, values, view{dims: []int{s.along}, fixed: s.fixed})
		ss = append(ss, spreadSeries(xa, cells))
		title = fmt.Sprintf("%s along %s", mt.Label, xa.Path)
		pg.Lines.Note = "Mean over the ok points at each value; error bars: " + spreadNote
		if m.Repeats > 1 {
			pg.Lines.Note += fmt.Sprintf(" (over the %d repeats", m.Repeats)
			if othersNote(m, s, s.along) != "" {
				pg.Lines.Note += " and the other axes"
			}
			pg.Lines.Note += ")"
		}
		if other := othersNote(m, s, s.along); other != "" {
			pg.Lines.Note += "; " + other
		}
	}
	pg.Lines.Note += "."
	if len(xa.Values) < denseValues {
		pg.Lines.Note += fmt.Sprintf(" With %d values the points are not joined: what happens between them was not computed.", len(xa.Values))
	}
	if logScaleFor(xa.Values) {
		pg.Lines.Note += " The x axis is logarithmic."
	}
	img, err := linesFigure("png", xa, mt.title(), title, ss, mt.Kind == "rate")
	if err != nil {
		pg.Lines.Empty = err.Error()
		return nil
	}
	pg.Lines.Img = dataURL(img)
	if err := pg.saveFigure("lines.png", img); err != nil {
		return err
	}
	pg.Lines.Alt = "Line plot of " + title

	// Marginals: the metric along every axis, the others averaged (or fixed as chosen).
	if len(m.Axes) < 2 {
		return nil
	}
	var panels []*plot.Plot
	anyFailed := false
	for a, ax := range m.Axes {
		cells := aggregate(m, pt, values, view{dims: []int{a}, fixed: s.fixed})
		sr := spreadSeries(ax, cells)
		p, _, err := linePlot(ax, withUnit(mt.Label, mt.Unit), []series{sr}, 4)
		if err != nil {
			return err
		}
		if mt.Kind == "rate" {
			zeroBase(p, []series{sr})
		}
		anyFailed = anyFailed || slices.Contains(sr.failed, true)
		p.Y.Label.Text = mt.Unit
		if mt.Unit == "1" {
			p.Y.Label.Text = ""
		}
		panels = append(panels, p)
	}
	img, err = panelsFigure("png", panels)
	if err != nil {
		pg.Lines.MarginalsNote = err.Error()
		return nil
	}
	pg.Lines.Marginals = dataURL(img)
	pg.Lines.MarginalsNote = fmt.Sprintf("%s along each axis in turn: the mean over the other axes' "+
		"values (dots); error bars: %s", mt.title(), spreadNote)
	if anyFailed {
		pg.Lines.MarginalsNote += "; a red cross on the x axis: every point at that value failed"
	}
	if len(s.fixNotes) > 0 {
		pg.Lines.MarginalsNote += "; " + strings.Join(s.fixNotes, "; ")
	}
	pg.Lines.MarginalsNote += "."
	return nil
}

// spreadNote says what the error bars of spreadSeries show.
const spreadNote = "the 25th to 75th percentile of the ok points at that value (the middle half; " +
	"unlike mean ± standard deviation it stays within the values, so a rate's bar never goes below 0)"

// spreadSeries is the mean of each cell with its interquartile range as error bars.
func spreadSeries(ax axis, cells []cell) series {
	sr := series{x: ax.Values, color: seriesColor(0, 1)}
	for _, c := range cells {
		sr.y = append(sr.y, c.mean())
		sr.failed = append(sr.failed, c.n == 0 && c.failed > 0)
		lo, hi := math.NaN(), math.NaN()
		if c.n > 1 {
			lo, hi = c.quantile(0.25), c.quantile(0.75)
		}
		sr.lo, sr.hi = append(sr.lo, lo), append(sr.hi, hi)
	}
	return sr
}

// thin returns up to k indices of 0..n-1, evenly spaced, first and last included.
func thin(n, k int) []int {
	if n <= k {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, k)
	for i := range out {
		out[i] = int(math.Round(float64(i) * float64(n-1) / float64(k-1)))
	}
	return out
}

func gridSection(pg *page, m *manifest, s selection) {
	pg.Grid.Mode = cmpOr(m.Mode, "grid")
	pg.Grid.Repeats = max(m.Repeats, 1)
	pg.Grid.Points = plural(m.Points, "point")
	for a, ax := range m.Axes {
		vals := make([]string, len(ax.Values))
		for i, v := range ax.Values {
			vals[i] = fmtAxisValue(v)
		}
		role := "averaged"
		switch {
		case a == s.x:
			role = "heat map x"
		case a == s.y:
			role = "heat map y"
		case s.fixed[a] >= 0:
			role = "fixed at " + fmtAxisValue(ax.Values[s.fixed[a]])
		}
		if a == s.along {
			role += ", line plot x"
			if s.noMap {
				role = "line plot x"
			}
		} else if s.zip {
			role = "advances with " + m.Axes[s.along].Path
		}
		if len(ax.Also) > 0 {
			role += "; also sets " + strings.Join(ax.Also, ", ")
		}
		pg.Grid.Axes = append(pg.Grid.Axes, axisRow{Path: ax.Path, Unit: cmpOr(ax.Unit, "1"),
			Values: strings.Join(vals, ", "), N: len(ax.Values), Role: role})
	}
	for _, f := range m.Fixed {
		pg.Grid.Fixed = append(pg.Grid.Fixed, fixedRow{Path: f.Path, Value: f.Value, Unit: f.Unit, Default: f.Default})
	}
	if len(m.Fixed) == 0 {
		pg.Grid.NoFixed = "This dataset's sweep.json does not list the fixed settings (written by an older engine); see the sweep file."
	}
}

func failedSection(pg *page, m *manifest, pt *pointsTable, values []float64, dir string) {
	pg.Failed.Dir = dir
	for _, ax := range m.Axes {
		pg.Failed.AxisCol = append(pg.Failed.AxisCol, withUnit(ax.Path, ax.Unit))
	}
	var noData []string
	for i, r := range pt.rows {
		if r.ok() {
			if math.IsNaN(values[i]) {
				noData = append(noData, fmt.Sprint(r.ID))
			}
			continue
		}
		fr := failedRow{Point: r.ID, Repeat: r.Repeat, Seed: r.Seed, Status: r.Status}
		for _, v := range r.Params {
			fr.Params = append(fr.Params, fmtAxisValue(v))
		}
		pg.Failed.Rows = append(pg.Failed.Rows, fr)
	}
	missing := m.Points - len(pt.rows)
	switch {
	case len(pg.Failed.Rows) == 0 && missing <= 0:
		pg.Failed.Summary = fmt.Sprintf("No failed points: all %d finished with status ok.", len(pt.rows))
		if len(pt.rows) == 1 {
			pg.Failed.Summary = "No failed points: the one point finished with status ok."
		}
	default:
		pg.Failed.Summary = fmt.Sprintf("%d of %s failed.", len(pg.Failed.Rows), plural(len(pt.rows), "point"))
		if missing > 0 {
			pg.Failed.Summary += fmt.Sprintf(" %d of the sweep's %d points have no row in the points table "+
				"(not run yet, or their shard has not finished).", missing, m.Points)
		}
	}
	if len(noData) > 0 {
		if len(noData) > 20 {
			noData = append(noData[:20], "…")
		}
		verb, ids := "have", "points"
		if len(noData) == 1 {
			verb, ids = "has", "point"
		}
		pg.Failed.NoData = fmt.Sprintf("%s %s no data for the metric (%s %s).",
			plural(len(noData), "ok point"), verb, ids, strings.Join(noData, ", "))
	}
}

func metaSection(pg *page, m *manifest, pt *pointsTable, dir string) {
	wall := 0.0
	for _, r := range pt.rows {
		if !math.IsNaN(r.Wall) {
			wall += r.Wall
		}
	}
	pg.Meta = [][2]string{
		{"sweep file", displayFile(m.SweepFile)},
		{"sweep hash (sha256)", m.SweepHash},
		{"engine version", m.EngineVersion},
		{"dt", withUnitValue(fmtAxisValue(m.Dt), "ms")},
		{"duration", withUnitValue(fmtAxisValue(m.Duration), "ms")},
		{"mode", cmpOr(m.Mode, "grid")},
		{"repeats", fmt.Sprint(max(m.Repeats, 1))},
		{"points", fmt.Sprint(m.Points)},
		{"wall time, summed over points", withUnitValue(fmtNum(wall), "s")},
		{"metric", pg.Metric.Spec + ": " + pg.Metric.How},
		{"output directory", filepath.Base(filepath.Clean(dir))},
	}
	pg.Monitors = m.Monitors
	for _, p := range m.Populations {
		pg.Objects = append(pg.Objects, [4]string{"population", p.Name, p.Model, plural(p.Size, "neuron")})
	}
	for _, p := range m.Projections {
		pg.Objects = append(pg.Objects, [4]string{"projection", p.Name, p.Model, p.Pre + " → " + p.Post})
	}
	for _, s := range m.Spikes {
		pg.Objects = append(pg.Objects, [4]string{"spikes recorded", s.Population, "", plural(s.Size, "neuron")})
	}
	keys := make([]string, 0, len(pt.meta))
	for k := range pt.meta {
		if strings.HasPrefix(k, "ARROW:") {
			continue // arrow's own schema, base64: nothing for a reader
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := pt.meta[k]
		if len(v) > 300 {
			v = v[:300] + "…"
		}
		pg.FileMeta = append(pg.FileMeta, [2]string{k, v})
	}
}

// saveFigure writes a figure of the page to ReportOptions.Figures, if set.
func (pg *page) saveFigure(name string, png []byte) error {
	if pg.figures == "" {
		return nil
	}
	return writeFile(filepath.Join(pg.figures, name), png)
}
