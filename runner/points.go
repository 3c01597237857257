package runner

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// Points-table columns besides the swept paths.
const (
	colPoint  = "point"
	colRepeat = "repeat"
	colSeed   = "seed"
	colStatus = "status"
	colWall   = "wall_s"
	colPart   = "part"
	spikesPfx = "spikes."
)

// PointsPath is OUT/points/part-<shard>.parquet.
func PointsPath(out string, shard int) string {
	return filepath.Join(out, "points", fmt.Sprintf("part-%04d.parquet", shard))
}

// spikingPopulations are the populations whose spike counts the points table holds.
func spikingPopulations(sw *sweep.Sweep) []string {
	var out []string
	for _, p := range sw.Base.Populations {
		if info, ok := systems.CatalogWith(sw.Base.Models).Model(p.Model); ok {
			if _, ok := info.Var("spike"); ok {
				out = append(out, p.Name)
			}
		}
	}
	return out
}

// writePoints replaces this shard's points file with every finished point of the shard.
func writePoints(out string, shard int, sw *sweep.Sweep, rows map[int]PointRow) error {
	fields := []parquetio.Field{{Name: colPoint, Type: parquetio.Int32}}
	for _, a := range sw.Axes {
		fields = append(fields, parquetio.Field{Name: a.Path, Type: parquetio.Float64})
	}
	fields = append(fields, parquetio.Field{Name: colRepeat, Type: parquetio.Int32},
		parquetio.Field{Name: colSeed, Type: parquetio.Int64}, parquetio.Field{Name: colStatus, Type: parquetio.String})
	pops := spikingPopulations(sw)
	for _, p := range pops {
		fields = append(fields, parquetio.Field{Name: spikesPfx + p, Type: parquetio.Int64})
	}
	fields = append(fields, parquetio.Field{Name: colWall, Type: parquetio.Float64}, parquetio.Field{Name: colPart, Type: parquetio.Int32})
	w, err := parquetio.Create(PointsPath(out, shard), fields, parquetio.Options{Metadata: map[string]string{
		"spikesweep.engine_version": Version, "spikesweep.sweep_file": sw.File, "spikesweep.sweep_hash": sw.Hash}})
	if err != nil {
		return err
	}
	defer w.Abort()
	ids := make([]int, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		r := rows[id]
		w.Int32(colPoint).Append(int32(r.Point))
		for i, a := range sw.Axes {
			w.Float64(a.Path).Append(r.Values[i])
		}
		w.Int32(colRepeat).Append(int32(r.Repeat))
		w.Int64(colSeed).Append(int64(r.Seed))
		w.String(colStatus).Append(r.Status)
		for _, p := range pops {
			w.Int64(spikesPfx + p).Append(r.Spikes[p])
		}
		w.Float64(colWall).Append(r.WallS)
		w.Int32(colPart).Append(int32(r.Part))
		if err := w.Commit(); err != nil {
			return err
		}
	}
	return w.Close()
}

// readPoints reads every shard's points files: the points already finished.
func readPoints(out string) (map[int]PointRow, error) {
	rows := map[int]PointRow{}
	dir := filepath.Join(out, "points")
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return rows, nil
	}
	entries, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil || len(entries) == 0 {
		return rows, err
	}
	for _, path := range entries {
		t, err := parquetio.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("runner: points table: %w", err)
		}
		for i := range t.NumRows {
			r := PointRow{Point: int(t.Int32[colPoint][i]), Repeat: int(t.Int32[colRepeat][i]),
				Seed: uint64(t.Int64[colSeed][i]), Status: t.String[colStatus][i], WallS: t.Float64[colWall][i],
				Part: int(t.Int32[colPart][i]), Spikes: map[string]int64{}}
			for _, f := range t.Fields {
				if strings.HasPrefix(f.Name, spikesPfx) {
					r.Spikes[strings.TrimPrefix(f.Name, spikesPfx)] = t.Int64[f.Name][i]
				}
			}
			for _, f := range t.Fields {
				switch f.Name {
				case colPoint, colRepeat, colSeed, colStatus, colWall, colPart:
				default:
					if f.Type == parquetio.Float64 {
						r.Values = append(r.Values, t.Float64[f.Name][i])
					}
				}
			}
			if old, dup := rows[r.Point]; dup && old.Part != r.Part {
				return nil, fmt.Errorf("runner: point %d appears in two points files", r.Point)
			}
			rows[r.Point] = r
		}
	}
	return rows, nil
}

var partRe = regexp.MustCompile(`^part-(\d+)-(\d+)\.parquet$`)

// cleanOrphans removes this shard's part files that no finished point refers to (a batch killed
// after some of its files were renamed) and temporary files of killed writers.
func cleanOrphans(out string, shard int, mine map[int]PointRow) error {
	parts := map[int]bool{}
	for _, r := range mine {
		parts[r.Part] = true
	}
	var dirs []string
	for _, kind := range []string{"monitors", "spikes"} {
		sub, _ := filepath.Glob(filepath.Join(out, kind, "*"))
		dirs = append(dirs, sub...)
	}
	dirs = append(dirs, filepath.Join(out, "points"), out)
	// ".part-0001-" (monitor and spike files) and ".part-0001." (the points file), never a bare
	// ".part-1000" prefix, which would also match shard 10000's ".part-10000-...".
	tmpPrefix := fmt.Sprintf(".part-%04d", shard)
	ownTemp := func(name string) bool {
		return strings.Contains(name, ".tmp-") &&
			(strings.HasPrefix(name, tmpPrefix+"-") || strings.HasPrefix(name, tmpPrefix+"."))
	}
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			// A manifest temp file may be another task's, being written right now: removing it
			// makes that task's rename fail. prepare copes with that (see there); a file already
			// removed by another task is not an error.
			if ownTemp(name) || dir == out && strings.HasPrefix(name, ".sweep.json.tmp-") {
				if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
					return fmt.Errorf("runner: clean up %s: %w", name, err)
				}
				continue
			}
			m := partRe.FindStringSubmatch(name)
			if m == nil {
				continue
			}
			sh, _ := strconv.Atoi(m[1])
			seq, _ := strconv.Atoi(m[2])
			if sh == shard && !parts[seq] {
				if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
					return fmt.Errorf("runner: remove unfinished %s: %w", name, err)
				}
			}
		}
	}
	return nil
}

// StatusReport counts a dataset's points.
type StatusReport struct {
	Manifest *Manifest
	Total    int
	Done     int
	Failed   []PointRow
	Missing  []int
}

// Status reads OUT's manifest and points table.
func Status(out string) (*StatusReport, error) {
	m, err := parquetio.ReadManifest(out)
	if err != nil {
		return nil, err
	}
	rows, err := readPoints(out)
	if err != nil {
		return nil, err
	}
	st := &StatusReport{Manifest: m, Total: m.Points}
	for id := range m.Points {
		r, ok := rows[id]
		switch {
		case !ok:
			st.Missing = append(st.Missing, id)
		case r.Status != "ok":
			st.Failed = append(st.Failed, r)
		default:
			st.Done++
		}
	}
	return st, nil
}
