package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// CompactOptions set how Compact groups batches.
type CompactOptions struct {
	// MaxBytes bounds the size of the files one merged batch replaces (all its datasets
	// together); 0 means DefaultCompactBytes.
	MaxBytes int64
	// RowGroupRows is the row-group size of the merged files; 0 means 1M rows.
	RowGroupRows int
	Compression  string // as parquetio.Options; "" is zstd
}

// DefaultCompactBytes is the default bound of one merged batch's input: files of a few hundred
// MB read fast in DuckDB and pandas and still split well over threads.
const DefaultCompactBytes = 512 << 20

// CompactResult says what Compact did.
type CompactResult struct {
	BatchesBefore, BatchesAfter int
	FilesBefore, FilesAfter     int
	Rows                        map[string]int64 // rows per dataset directory ("points", "monitors/syn", ...), unchanged
}

// journal is DIR/.compact.json while a merge is switched in: the merged batch and the batches it
// replaces. [Open] and [Compact] finish or undo an interrupted switch (see recoverCompaction).
type journal struct {
	Shard int      `json:"shard"`
	Seq   int      `json:"seq"`
	Old   []string `json:"old"` // points-file names of the replaced batches
}

func journalPath(dir string) string { return filepath.Join(dir, ".compact.json") }

// Compact merges the finished batches of DIR into few batches of large files: consecutive
// batches (by first point) are grouped up to opts.MaxBytes and each group's files of every
// dataset (points, monitors, spikes, rates) are concatenated into one file. Every row and the
// metadata are kept; a merged batch is an ordinary batch, so resume, status and verification
// work on a compacted DIR as before.
//
// It is safe against kills: the merged files are written and synced first, its points file is
// the switch, and a journal lets the next Open or Compact either finish removing the replaced
// batches or remove the merged files. It refuses a DIR that a live run is using, and leaves
// damaged batches alone (a run repairs them).
func Compact(dir string, opts CompactOptions) (*CompactResult, error) {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultCompactBytes
	}
	if opts.RowGroupRows <= 0 {
		opts.RowGroupRows = 1 << 20
	}
	m, err := parquetio.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := recoverCompaction(dir, m); err != nil {
		return nil, err
	}
	live, err := liveClaims(dir)
	if err != nil {
		return nil, err
	}
	if len(live) > 0 {
		owners := map[string]bool{}
		for _, o := range live {
			owners[o] = true
		}
		return nil, &InUseError{Dir: dir, Owners: sortedKeys(owners)}
	}
	batches := pointsFiles(dir)
	res := &CompactResult{BatchesBefore: len(batches), Rows: map[string]int64{}}
	// Sound batches only, in order of their first point; sizes of all their files.
	type sized struct {
		batchRef
		bytes int64
		files []string
	}
	var sound []sized
	used := map[int]bool{}
	for _, b := range batches {
		used[b.shard] = true
		files := append([]string{filepath.Join(dir, "points", b.name)}, batchFiles(dir, m, b.shard, b.seq)...)
		res.FilesBefore += len(files)
		var n int64
		ok := true
		for _, f := range files {
			meta, err := footer(f)
			if err != nil || meta[MetaHash] != m.SweepHash {
				ok = false
				break
			}
			if st, err := os.Stat(f); err == nil {
				n += st.Size()
			}
		}
		if ok {
			sound = append(sound, sized{b, n, files})
		}
	}
	sort.Slice(sound, func(i, j int) bool { return sound[i].seq < sound[j].seq })
	// The merged batches take a shard label that no batch of DIR has, so their names never meet
	// an existing batch's.
	label := 9999
	for used[label] {
		label++
	}
	var groups [][]sized
	for i := 0; i < len(sound); {
		j, total := i, int64(0)
		for j < len(sound) && (j == i || total+sound[j].bytes <= opts.MaxBytes) {
			total += sound[j].bytes
			j++
		}
		groups = append(groups, sound[i:j])
		i = j
	}
	res.BatchesAfter = len(batches)
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		refs := make([]batchRef, len(g))
		for i, b := range g {
			refs[i] = b.batchRef
		}
		if err := mergeBatches(dir, m, refs, label, opts); err != nil {
			return nil, err
		}
		res.BatchesAfter -= len(g) - 1
	}
	// Count what is there now.
	res.FilesAfter = 0
	for _, b := range pointsFiles(dir) {
		files := append([]string{filepath.Join(dir, "points", b.name)}, batchFiles(dir, m, b.shard, b.seq)...)
		res.FilesAfter += len(files)
		for _, f := range files {
			rel, _ := filepath.Rel(dir, filepath.Dir(f))
			n, err := parquetio.FileRows(f)
			if err != nil {
				return nil, err
			}
			res.Rows[rel] += n
		}
	}
	return res, nil
}

// InUseError says a live run is using DIR.
type InUseError struct {
	Dir    string
	Owners []string
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("%s is in use by %s: compact it after the run ends", e.Dir, strings.Join(e.Owners, ", "))
}

// mergeBatches replaces the batches g by one batch (label, first point of g).
func mergeBatches(dir string, m *parquetio.Manifest, g []batchRef, label int, opts CompactOptions) error {
	seq := g[0].seq
	j := journal{Shard: label, Seq: seq}
	for _, b := range g {
		j.Old = append(j.Old, b.name)
	}
	data, _ := json.Marshal(j)
	if err := parquetio.WriteFileAtomic(journalPath(dir), data); err != nil {
		return err
	}
	// Data files first, under their final names: until the points file names them they are
	// orphans, which an interrupted merge's recovery (or a run's cleanup) removes.
	for _, f := range batchFiles(dir, m, label, seq) {
		var srcs []string
		for _, b := range g {
			srcs = append(srcs, filepath.Join(filepath.Dir(f), parquetio.PartName(b.shard, b.seq)))
		}
		meta, err := mergedMetadata(srcs)
		if err != nil {
			return err
		}
		if _, err := parquetio.Concat(f, srcs, parquetio.Options{Compression: opts.Compression,
			RowGroupRows: opts.RowGroupRows, Metadata: meta}); err != nil {
			return err
		}
	}
	// The points file: the rows of every batch, their part now the merged batch's seq.
	var rows []Row
	var meta map[string]string
	var layout Layout
	for i, b := range g {
		path := filepath.Join(dir, "points", b.name)
		if i == 0 {
			l, err := layoutOf(path, m)
			if err != nil {
				return err
			}
			layout = l
		}
		rs, md, err := readRows(path, layout.Axes)
		if err != nil {
			return err
		}
		if meta == nil {
			meta = md
		}
		for _, r := range rs {
			r.Part = seq
			rows = append(rows, r)
		}
	}
	if err := writePoints(PointsPath(dir, label, seq), &layout, meta, rows); err != nil {
		return err
	}
	return finishMerge(dir, m, j)
}

// finishMerge removes the replaced batches (points file first) and then the journal.
func finishMerge(dir string, m *parquetio.Manifest, j journal) error {
	merged := parquetio.PartName(j.Shard, j.Seq)
	for _, name := range j.Old {
		if name == merged {
			continue
		}
		if mm := partRe.FindStringSubmatch(name); mm != nil {
			shard, _ := strconv.Atoi(mm[1])
			seq, _ := strconv.Atoi(mm[2])
			if err := removeBatch(dir, m, batchRef{shard, seq, name}); err != nil {
				return err
			}
		}
	}
	if err := os.Remove(journalPath(dir)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("compact: %w", err)
	}
	return nil
}

// recoverCompaction finishes or undoes a merge that was interrupted: if the merged batch's
// points file is in place, the merge happened and the replaced batches go; otherwise the merged
// data files go. Either way every point keeps exactly one complete batch.
func recoverCompaction(dir string, m *parquetio.Manifest) error {
	data, err := os.ReadFile(journalPath(dir))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("compact journal: %w", err)
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil {
		// Written atomically, so a journal that does not parse was never one of ours.
		return fmt.Errorf("%s: not a compaction journal: %w", journalPath(dir), err)
	}
	if _, err := os.Stat(PointsPath(dir, j.Shard, j.Seq)); err == nil {
		return finishMerge(dir, m, j)
	}
	for _, f := range batchFiles(dir, m, j.Shard, j.Seq) {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("undo an interrupted compaction: %w", err)
		}
	}
	return os.Remove(journalPath(dir))
}

// layoutOf reads the points table's columns from a points file: the manifest's axes, then the
// spike counts and the float64 statistics columns in file order.
func layoutOf(path string, m *parquetio.Manifest) (Layout, error) {
	fields, err := parquetio.ReadSchema(path)
	if err != nil {
		return Layout{}, err
	}
	var l Layout
	isAxis := map[string]bool{}
	for _, a := range m.Axes {
		l.Axes = append(l.Axes, a.Path)
		isAxis[a.Path] = true
	}
	for _, f := range fields {
		switch {
		case strings.HasPrefix(f.Name, SpikesPfx) && f.Type == parquetio.Int64:
			l.Spiking = append(l.Spiking, strings.TrimPrefix(f.Name, SpikesPfx))
		case f.Type == parquetio.Float64 && !isAxis[f.Name] && f.Name != ColWall:
			l.Extra = append(l.Extra, f.Name)
		}
	}
	return l, nil
}

// mergedMetadata is the key-value metadata of the merged file: values every source shares are
// kept; per-batch JSON objects (spikesweep.points, spikesweep.seeds: keyed by point id) are
// merged; other values that differ are listed, in order, separated by " | ".
func mergedMetadata(srcs []string) (map[string]string, error) {
	out := map[string]string{}
	objs := map[string]map[string]json.RawMessage{}
	for _, src := range srcs {
		meta, err := footer(src)
		if err != nil {
			return nil, fmt.Errorf("compact: %s: %w", src, err)
		}
		for k, v := range meta {
			var obj map[string]json.RawMessage
			if strings.HasPrefix(v, "{") && json.Unmarshal([]byte(v), &obj) == nil && (k == "spikesweep.points" || k == "spikesweep.seeds") {
				if objs[k] == nil {
					objs[k] = map[string]json.RawMessage{}
				}
				for id, x := range obj {
					objs[k][id] = x
				}
				continue
			}
			old, seen := out[k]
			if !seen {
				out[k] = v
			} else if old != v && !strings.Contains(" | "+old+" | ", " | "+v+" | ") {
				out[k] = old + " | " + v
			}
		}
	}
	for k, obj := range objs {
		b, err := json.Marshal(obj)
		if err != nil {
			return nil, err
		}
		out[k] = string(b)
	}
	return out, nil
}
