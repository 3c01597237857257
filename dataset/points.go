package dataset

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// Points-table columns besides the swept paths, the spike counts and the extra columns.
const (
	ColPoint   = "point"   // int32
	ColRepeat  = "repeat"  // int32
	ColSeed    = "seed"    // uint64 (DuckDB UBIGINT, pandas uint64)
	ColStatus  = "status"  // string: "ok" or the error
	ColWall    = "wall_s"  // float64
	ColPart    = "part"    // int32: seq of the batch's files
	SpikesPfx  = "spikes." // int64 spike count per spiking population
	MetaHash   = "spikesweep.sweep_hash"
	MetaFile   = "spikesweep.sweep_file"
	MetaEngine = "spikesweep.engine_version"
)

// Layout is the columns of a sweep's points table.
type Layout struct {
	Axes    []string // swept paths, float64, in axis order
	Spiking []string // populations with a spikes.<pop> count
	// Extra names further float64 columns (per-point statistics), in order; a Row carries their
	// values in Row.Extra.
	Extra []string
}

// Row is one row of the points table.
type Row struct {
	Point  int
	Values []float64 // one per axis
	Repeat int
	Seed   uint64
	Status string // "ok" or the error
	Spikes map[string]int64
	Extra  map[string]float64 // one per Layout.Extra; missing ones are written as NaN
	WallS  float64
	Part   int // seq of the batch's files
}

// OK reports whether the point finished without error.
func (r *Row) OK() bool { return r.Status == "ok" }

func (l *Layout) fields() []parquetio.Field {
	fs := []parquetio.Field{{Name: ColPoint, Type: parquetio.Int32}}
	for _, a := range l.Axes {
		fs = append(fs, parquetio.Field{Name: a, Type: parquetio.Float64})
	}
	fs = append(fs, parquetio.Field{Name: ColRepeat, Type: parquetio.Int32},
		parquetio.Field{Name: ColSeed, Type: parquetio.Uint64}, parquetio.Field{Name: ColStatus, Type: parquetio.String})
	for _, p := range l.Spiking {
		fs = append(fs, parquetio.Field{Name: SpikesPfx + p, Type: parquetio.Int64})
	}
	for _, e := range l.Extra {
		fs = append(fs, parquetio.Field{Name: e, Type: parquetio.Float64})
	}
	return append(fs, parquetio.Field{Name: ColWall, Type: parquetio.Float64}, parquetio.Field{Name: ColPart, Type: parquetio.Int32})
}

// PointsPath is DIR/points/part-<shard>-<seq>.parquet, the points file of one batch.
func PointsPath(dir string, shard, seq int) string {
	return filepath.Join(dir, "points", parquetio.PartName(shard, seq))
}

// writePoints writes one batch's rows as its points file (atomically: temporary file, rename).
func writePoints(path string, l *Layout, meta map[string]string, rows []Row) error {
	w, err := parquetio.Create(path, l.fields(), parquetio.Options{Metadata: meta})
	if err != nil {
		return err
	}
	defer w.Abort()
	rows = slices.Clone(rows)
	slices.SortFunc(rows, func(a, b Row) int { return a.Point - b.Point })
	for _, r := range rows {
		w.Int32(ColPoint).Append(int32(r.Point))
		for i, a := range l.Axes {
			w.Float64(a).Append(r.Values[i])
		}
		w.Int32(ColRepeat).Append(int32(r.Repeat))
		w.Uint64(ColSeed).Append(r.Seed)
		w.String(ColStatus).Append(r.Status)
		for _, p := range l.Spiking {
			w.Int64(SpikesPfx + p).Append(r.Spikes[p])
		}
		for _, e := range l.Extra {
			v, ok := r.Extra[e]
			if !ok {
				v = math.NaN()
			}
			w.Float64(e).Append(v)
		}
		w.Float64(ColWall).Append(r.WallS)
		w.Int32(ColPart).Append(int32(r.Part))
		if err := w.Commit(); err != nil {
			return err
		}
	}
	return w.Close()
}

// readRows reads a points file. Float64 columns that are neither axes nor wall_s go to Extra.
func readRows(path string, axes []string) ([]Row, map[string]string, error) {
	t, err := parquetio.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return tableRows(t, axes)
}

func tableRows(t *parquetio.Table, axes []string) ([]Row, map[string]string, error) {
	ids, ok := t.Int32[ColPoint]
	if !ok {
		return nil, nil, fmt.Errorf("no int32 column %q", ColPoint)
	}
	status, ok := t.String[ColStatus]
	if !ok {
		return nil, nil, fmt.Errorf("no string column %q", ColStatus)
	}
	seeds := t.Uint64[ColSeed]
	if seeds == nil { // written before seeds were UINT64
		for _, s := range t.Int64[ColSeed] {
			seeds = append(seeds, uint64(s))
		}
	}
	if len(seeds) != len(ids) {
		return nil, nil, fmt.Errorf("no seed column")
	}
	isAxis := map[string]bool{}
	for _, a := range axes {
		isAxis[a] = true
	}
	rows := make([]Row, t.NumRows)
	for i := range rows {
		r := Row{Point: int(ids[i]), Seed: seeds[i], Status: status[i], Spikes: map[string]int64{}}
		if v := t.Int32[ColRepeat]; v != nil {
			r.Repeat = int(v[i])
		}
		if v := t.Int32[ColPart]; v != nil {
			r.Part = int(v[i])
		}
		if v := t.Float64[ColWall]; v != nil {
			r.WallS = v[i]
		}
		for _, a := range axes {
			v, ok := t.Float64[a]
			if !ok {
				return nil, nil, fmt.Errorf("no float64 column %q for the swept path", a)
			}
			r.Values = append(r.Values, v[i])
		}
		for _, f := range t.Fields {
			switch {
			case strings.HasPrefix(f.Name, SpikesPfx) && f.Type == parquetio.Int64:
				r.Spikes[strings.TrimPrefix(f.Name, SpikesPfx)] = t.Int64[f.Name][i]
			case f.Type == parquetio.Float64 && !isAxis[f.Name] && f.Name != ColWall:
				if r.Extra == nil {
					r.Extra = map[string]float64{}
				}
				r.Extra[f.Name] = t.Float64[f.Name][i]
			}
		}
		rows[i] = r
	}
	return rows, t.Metadata, nil
}
