package runner

import (
	"fmt"
	"math"
	"slices"

	"github.com/spikesweep/spikesweep/analysis"
	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/sweep"
)

// Prefixes of the statistics columns of the points table (package analysis computes them).
const (
	ratePfx = "rate." // rate.<population>, Hz
	cvPfx   = "cv."   // cv.<population>
	syncPfx = "sync." // sync.<population>, Golomb's χ
	meanPfx = "mean." // mean.<monitor>.<var>
	stdPfx  = "std."  // std.<monitor>.<var>
)

// statsPlan is what a sweep's statistics are: which populations and monitors, in which columns.
type statsPlan struct {
	pops     []string // analysed populations, in the order of their columns
	sizes    []int
	monitors []spec.Monitor
	columns  []string
}

// analysedPopulations are the populations with spike statistics: [analysis] populations if the
// file gives them, else the populations whose spikes are recorded.
func analysedPopulations(n *spec.Network) []string {
	if n.Analysis != nil {
		return n.Analysis.Populations
	}
	return n.Spikes
}

func planStats(n *spec.Network) *statsPlan {
	pl := &statsPlan{}
	for _, pop := range analysedPopulations(n) {
		for _, p := range n.Populations {
			if p.Name == pop {
				pl.pops = append(pl.pops, pop)
				pl.sizes = append(pl.sizes, p.Size)
				pl.columns = append(pl.columns, ratePfx+pop, cvPfx+pop, syncPfx+pop)
			}
		}
	}
	for _, m := range n.Monitors {
		name := monitorName(m)
		pl.monitors = append(pl.monitors, m)
		for _, v := range m.Vars {
			pl.columns = append(pl.columns, meanPfx+name+"."+v, stdPfx+name+"."+v)
		}
	}
	return pl
}

func monitorName(m spec.Monitor) string {
	if m.Name != "" {
		return m.Name
	}
	return m.Target
}

// manifestAnalysis describes the statistics for the manifest, at the base network's dt.
func manifestAnalysis(n *spec.Network) *parquetio.ManifestAnalysis {
	pl := planStats(n)
	if len(pl.columns) == 0 {
		return nil
	}
	w := analysis.NewWindow(n.Analysis, n.Dt, n.Duration)
	return &parquetio.ManifestAnalysis{Start: float64(w.Start) * n.Dt, Stop: float64(w.Stop) * n.Dt,
		Bin: float64(w.Bin) * n.Dt, Populations: slices.Clone(pl.pops), Rates: writesRates(n), Columns: pl.columns,
		Table: n.Analysis != nil}
}

// writesRates reports whether the rates dataset is written: when the file asks for an analysis
// ([analysis], unless rates = false). The statistics columns cost a few numbers per point and
// are always there; the dataset is a row per point and bin, a PopulationRateMonitor a user asks for.
func writesRates(n *spec.Network) bool {
	return n.Analysis != nil && n.Analysis.Rates
}

// recordedSpikes is the network as the engine runs it: the analysed populations' spikes are
// recorded too (the sink analyses them and writes only the spikes populations' events).
func recordedSpikes(n *spec.Network) *spec.Network {
	var extra []string
	for _, p := range analysedPopulations(n) {
		if !slices.Contains(n.Spikes, p) {
			extra = append(extra, p)
		}
	}
	if len(extra) == 0 {
		return n
	}
	c := *n
	c.Spikes = append(slices.Clone(n.Spikes), extra...)
	return &c
}

// batchStats computes one batch's statistics on the sink's writer goroutine, as the batches of
// spikes and monitor rows go by: nothing is added to the simulation's steps.
type batchStats struct {
	plan     *statsPlan
	points   []int32
	window   analysis.Window
	spikes   map[string]*analysis.Spikes
	rates    map[string]*rateWriter
	monitors map[string]*analysis.Monitor
}

// rateWriter writes one population's binned rate, a row per replica and bin.
type rateWriter struct {
	w                        *parquetio.Writer
	point, bin, step, counts *parquetio.Int32Column
	t, rate                  *parquetio.Float64Column
	err                      error
}

func newBatchStats(sw *sweep.Sweep, batch []sweep.Point, points []int32, opts Options, shard, seq int,
	meta func(map[string]string) map[string]string) (*batchStats, error) {
	base := batch[0].Net
	bs := &batchStats{plan: planStats(base), points: points, window: analysis.NewWindow(base.Analysis, base.Dt, base.Duration),
		spikes: map[string]*analysis.Spikes{}, rates: map[string]*rateWriter{}, monitors: map[string]*analysis.Monitor{}}
	w := bs.window
	for i, pop := range bs.plan.pops {
		n := bs.plan.sizes[i]
		if !writesRates(base) {
			bs.spikes[pop] = analysis.NewSpikes(n, len(points), w, nil)
			continue
		}
		pOpts := parquetio.Options{Compression: opts.Compression, Metadata: meta(map[string]string{
			"spikesweep.population": pop, "spikesweep.bin_ms": fmt.Sprint(float64(w.Bin) * w.Dt),
			"spikesweep.window_ms": fmt.Sprintf("[%v, %v)", float64(w.Start)*w.Dt, float64(w.Stop)*w.Dt)})}
		pw, err := parquetio.Create(parquetio.RatePath(opts.Out, pop, shard, seq), parquetio.RateFields(), pOpts)
		if err != nil {
			bs.abort()
			return nil, err
		}
		rw := &rateWriter{w: pw, point: pw.Int32(parquetio.ColPoint), bin: pw.Int32(parquetio.ColBin),
			step: pw.Int32(parquetio.ColStep), t: pw.Float64(parquetio.ColT), counts: pw.Int32(parquetio.ColCount),
			rate: pw.Float64(parquetio.ColRateHz)}
		bs.rates[pop] = rw
		bs.spikes[pop] = analysis.NewSpikes(n, len(points), w, func(b int, counts []int32) {
			if rw.err != nil {
				return
			}
			first := w.Start + b*w.Bin
			scale := 1000 / (float64(n) * float64(w.BinSteps(b)) * w.Dt) // Hz per spike
			for r, c := range counts {
				rw.point.Append(points[r])
				rw.bin.Append(int32(b))
				rw.step.Append(int32(first))
				rw.t.Append(float64(first) * w.Dt)
				rw.counts.Append(c)
				rw.rate.Append(float64(c) * scale)
			}
			rw.err = rw.w.Commit()
		})
	}
	for _, m := range bs.plan.monitors {
		bs.monitors[monitorName(m)] = analysis.NewMonitor(len(m.Vars), len(points), w)
	}
	return bs, nil
}

func (bs *batchStats) addSpikes(b *sched.SpikeBatch) error {
	s := bs.spikes[b.Population]
	if s == nil {
		return nil
	}
	s.Add(b.Replica, b.Step, b.Index)
	if rw := bs.rates[b.Population]; rw != nil {
		return rw.err
	}
	return nil
}

func (bs *batchStats) addMonitor(b *sched.MonitorBatch) {
	if m := bs.monitors[b.Monitor]; m != nil {
		m.Add(b.Replica, b.Step, b.Values)
	}
}

// finish closes the last bins and the rate files.
func (bs *batchStats) finish() error {
	var first error
	for _, pop := range bs.plan.pops {
		bs.spikes[pop].Finish()
		rw := bs.rates[pop]
		if rw == nil {
			continue
		}
		if first == nil && rw.err != nil {
			first = rw.err
		}
		if first != nil {
			rw.w.Abort()
		} else {
			rw.w.SetMetadata(MetaBatchEnd, now())
			first = rw.w.Close()
		}
	}
	return first
}

func (bs *batchStats) abort() {
	for _, rw := range bs.rates {
		rw.w.Abort()
	}
}

// row returns replica r's statistics by column name; NaN for every column of a failed point,
// whose recordings stop being meaningful where its state diverged.
func (bs *batchStats) row(r int, failed bool) map[string]float64 {
	out := make(map[string]float64, len(bs.plan.columns))
	nan := math.NaN()
	for _, pop := range bs.plan.pops {
		s := bs.spikes[pop]
		rate, cv, sync := s.Rate(r), s.CV(r), s.Sync(r)
		if failed {
			rate, cv, sync = nan, nan, nan
		}
		out[ratePfx+pop], out[cvPfx+pop], out[syncPfx+pop] = rate, cv, sync
	}
	for _, m := range bs.plan.monitors {
		name := monitorName(m)
		acc := bs.monitors[name]
		for v, vn := range m.Vars {
			mean, std := acc.Mean(r, v), acc.Std(r, v)
			if failed {
				mean, std = nan, nan
			}
			out[meanPfx+name+"."+vn], out[stdPfx+name+"."+vn] = mean, std
		}
	}
	return out
}
