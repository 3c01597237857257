package sweep

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/spikesweep/spikesweep/spec"
)

// Mode says how axes combine into points.
type Mode string

const (
	// Grid is the cartesian product of the axes, row-major: the first axis varies slowest, the
	// last fastest.
	Grid Mode = "grid"
	// Zip takes the i-th value of every axis together; the axes must have equal lengths.
	Zip Mode = "zip"
)

// Axis is one swept path and its values, in order.
type Axis struct {
	Path   string    // e.g. "syn.U", "run.dt", "neu1.input.value"
	Values []float64 // at least one
	// Source says how the values were given: "values", "linspace", "logspace",
	// "random:uniform", "random:loguniform" or "random:normal".
	Source string
	// Also lists the further paths set to the same values (the axis's also = [...]).
	Also []string
}

// Sweep is a validated sweep file: one base network and the axes that vary it.
type Sweep struct {
	File string // the path given to Load (or the name given to Parse)
	// Hash is the sweep's identity: the hex SHA-256 of Settings. Two files that compute the same
	// points (whatever their comments, layout, key order or written-out defaults) share it; a
	// changed CSV input changes it.
	Hash string
	// Settings is what the sweep computes as flat "key: value" pairs ("syn.params.tau": "200",
	// "axis[syn.U].values": "[0.1 0.2]", "input[0].series": "1000 rows, sha256 ..."), kept in a
	// dataset's manifest so that a refusal can say which settings differ (see [DiffSettings]).
	Settings map[string]string
	// Text is the sweep file as written, kept for provenance (sweep.json and every file's
	// metadata record it).
	Text string

	// Base is the network as written, without any axis applied. Base.Seed is the master seed
	// (run.seed); Base.Order is always filled (file order unless run.order says otherwise).
	Base    spec.Network
	Axes    []Axis
	Mode    Mode
	Repeats int // each parameter combination runs this many times, each with its own seed

	targets  []axisTarget // per axis
	pieceLen []int        // per input: pieces listed before `repeat`
	everyMs  []float64    // per monitor: every_ms, or 0
	// timesFile marks the SpikeTimes populations whose times were read from a file: the identity
	// keeps a digest of those times rather than the list.
	timesFile map[string]bool
}

// Point is one simulation of a sweep.
type Point struct {
	// ID numbers the points 0..Len()-1: id = repeat*C + c, where c is the index of the parameter
	// combination (0..C-1, grid row-major or zip order) and C = Len()/Repeats. So the points of
	// repeat 0 keep their ids, values and seeds when repeats is raised.
	ID     int
	Repeat int       // 0..Repeats-1
	Seed   uint64    // PointSeed(master, ID, Repeat); also Net.Seed
	Values []float64 // one per axis, in axis order
	// Net is a deep copy of Base with the values applied, Seed set to the point's seed, and
	// monitor intervals given in ms converted with the point's dt. Inputs' Series (CSV data) are
	// shared between points and must not be modified.
	Net *spec.Network
}

// Load reads, parses and validates a sweep file. CSV inputs are read relative to the file's
// directory. Problems in the file are returned as *Error values (see [Errors]).
func Load(path string, cat spec.Catalog) (*Sweep, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	return Parse(path, data, cat, filepath.Dir(path))
}

// Parse parses and validates a sweep file's contents against the models of cat. name is used in
// messages and as Sweep.File; relative CSV paths are read from baseDir.
func Parse(name string, data []byte, cat spec.Catalog, baseDir string) (*Sweep, error) {
	// A UTF-8 byte-order mark (some Windows editors write one) is not part of the TOML.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	p := &parser{file: name, baseDir: baseDir, cat: cat}
	p.idx, _ = indexPositions(data) // on a syntax error, go-toml's decoder reports it below
	if p.singleTables() {
		return nil, joinErrors(p.errs)
	}
	err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&p.doc)
	if err != nil {
		p.fromTOML(err)
		var strict *toml.StrictMissingError
		if !errors.As(err, &strict) {
			return nil, joinErrors(p.errs) // the document is incomplete: stop here
		}
	}
	p.build()
	if len(p.errs) > 0 {
		return nil, joinErrors(p.errs)
	}
	sw := &Sweep{
		File:      name,
		Base:      p.net,
		Axes:      p.axes,
		Mode:      p.mode,
		Repeats:   p.repeats,
		targets:   p.targets,
		pieceLen:  p.pieceLen,
		everyMs:   p.everyMs,
		timesFile: p.timesFile,
		Text:      string(data),
	}
	sw.Settings = settings(sw, cat)
	sw.Hash = identityHash(sw.Settings)
	return sw, nil
}

// singleTables reports [population] written for [[population]] (go-toml would take it as a
// list of one, and positions inside it would be lost).
func (p *parser) singleTables() bool {
	for _, k := range []string{"population", "projection", "input", "monitor", "sweep.axis", "model"} {
		if at, ok := p.idx.tables[k]; ok {
			p.errs = append(p.errs, &Error{File: p.file, Line: at.Line, Col: at.Col, Key: k,
				Msg: fmt.Sprintf("[%s] must be written [[%s]] (double brackets): one such table per %s", k, k,
					strings.TrimPrefix(k, "sweep."))})
		}
	}
	return len(p.errs) > 0
}

// Combinations is the number of parameter combinations: the product of the axes' lengths (grid),
// their common length (zip), or 1 without axes.
func (s *Sweep) Combinations() int {
	if len(s.Axes) == 0 {
		return 1
	}
	if s.Mode == Zip {
		return len(s.Axes[0].Values)
	}
	n := 1
	for _, a := range s.Axes {
		n *= len(a.Values)
	}
	return n
}

// Len is the number of points: Combinations() * Repeats.
func (s *Sweep) Len() int { return s.Combinations() * s.Repeats }

// Point builds the point with the given id (0 <= id < Len()).
func (s *Sweep) Point(id int) Point {
	c := s.Combinations()
	if id < 0 || id >= c*s.Repeats {
		panic("sweep: point id out of range")
	}
	rep, combo := id/c, id%c
	pt := Point{ID: id, Repeat: rep, Seed: PointSeed(s.Base.Seed, id, rep), Values: make([]float64, len(s.Axes))}
	// Row-major: the last axis varies fastest.
	for k := len(s.Axes) - 1; k >= 0; k-- {
		vals := s.Axes[k].Values
		if s.Mode == Zip {
			pt.Values[k] = vals[combo]
			continue
		}
		pt.Values[k] = vals[combo%len(vals)]
		combo /= len(vals)
	}
	net := cloneNetwork(&s.Base)
	net.Seed = pt.Seed
	for k := range s.targets {
		s.targets[k].apply(net, pt.Values[k], s.pieceLen)
	}
	for i, ms := range s.everyMs {
		if ms > 0 {
			net.Monitors[i].Every, _ = everySteps(ms, net.Dt) // validated for every dt at Parse
		}
	}
	pt.Net = net
	return pt
}

// Points builds every point, in id order.
func (s *Sweep) Points() []Point { return s.pointRange(0, s.Len()) }

// ShardPoints builds the points of one shard: the contiguous block of ids sh.Range(Len()).
// It panics if sh is not valid (see Shard.Valid).
func (s *Sweep) ShardPoints(sh Shard) []Point {
	if sh.Valid() != nil {
		panic("sweep: invalid shard")
	}
	lo, hi := sh.Range(s.Len())
	return s.pointRange(lo, hi)
}

func (s *Sweep) pointRange(lo, hi int) []Point {
	out := make([]Point, 0, hi-lo)
	for id := lo; id < hi; id++ {
		out = append(out, s.Point(id))
	}
	return out
}

// splitmix64 is Steele, Lea and Flood's SplitMix64 output function applied to x + γ.
func splitmix64(x uint64) uint64 {
	z := x + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// PointSeed is the seed of point id, repeat rep, of a sweep whose run.seed is master:
//
//	splitmix64(splitmix64(splitmix64(master) ^ id) ^ rep)
//
// where splitmix64(x) is SplitMix64's output for the state x + 0x9e3779b97f4a7c15. It depends on
// nothing else (not on shards, workers or the order points run in).
func PointSeed(master uint64, id, rep int) uint64 {
	return splitmix64(splitmix64(splitmix64(master)^uint64(id)) ^ uint64(rep))
}

// cloneNetwork deep-copies n, except inputs' Series rows, which are shared.
func cloneNetwork(n *spec.Network) *spec.Network {
	c := *n
	c.Populations = slices.Clone(n.Populations)
	for i := range c.Populations {
		c.Populations[i].Params = maps.Clone(c.Populations[i].Params)
		c.Populations[i].Init = maps.Clone(c.Populations[i].Init)
		c.Populations[i].InitRandom = maps.Clone(c.Populations[i].InitRandom)
		c.Populations[i].ParamsRandom = maps.Clone(c.Populations[i].ParamsRandom)
		c.Populations[i].ParamsPerNeuron = maps.Clone(c.Populations[i].ParamsPerNeuron) // lists are not swept: shared
	}
	c.Projections = slices.Clone(n.Projections)
	for i := range c.Projections {
		pr := &c.Projections[i]
		pr.Params = maps.Clone(pr.Params)
		pr.Init = maps.Clone(pr.Init)
		pr.InitRandom = maps.Clone(pr.InitRandom)
		if pr.Conn.IncludeSelf != nil {
			b := *pr.Conn.IncludeSelf
			pr.Conn.IncludeSelf = &b
		}
		if pr.Event != nil {
			b := *pr.Event
			pr.Event = &b
		}
		if pr.Conn.Seed != nil {
			s := *pr.Conn.Seed
			pr.Conn.Seed = &s
		}
		pr.Conn.Pre = slices.Clone(pr.Conn.Pre)
		pr.Conn.Post = slices.Clone(pr.Conn.Post)
	}
	c.Order = slices.Clone(n.Order)
	c.Inputs = slices.Clone(n.Inputs)
	for i := range c.Inputs {
		in := &c.Inputs[i]
		in.Value = slices.Clone(in.Value)
		in.Pieces = slices.Clone(in.Pieces)
		for k := range in.Pieces {
			in.Pieces[k].Value = slices.Clone(in.Pieces[k].Value)
		}
		in.Series = slices.Clip(in.Series) // shared rows; appending reallocates
		if in.Poisson != nil {
			d := *in.Poisson
			in.Poisson = &d
		}
	}
	c.Monitors = slices.Clone(n.Monitors)
	for i := range c.Monitors {
		c.Monitors[i].Vars = slices.Clone(c.Monitors[i].Vars)
		c.Monitors[i].Indices = slices.Clone(c.Monitors[i].Indices)
	}
	c.Spikes = slices.Clone(n.Spikes)
	if n.Analysis != nil {
		a := *n.Analysis
		a.Populations = slices.Clone(a.Populations)
		c.Analysis = &a
	}
	return &c
}
