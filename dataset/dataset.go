package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/sweep"

	"github.com/apache/arrow-go/v18/parquet/file"
)

// ForeignError says DIR holds another sweep's results; nothing was touched. The CLI exits 2.
type ForeignError struct {
	Dir  string
	Why  string   // what names the other sweep
	Diff []string // settings that differ, "key: A here, B in DIR", when known
}

func (e *ForeignError) Error() string {
	msg := fmt.Sprintf("%s holds results of another sweep (%s); use another --out", e.Dir, e.Why)
	if len(e.Diff) > 0 {
		msg += "; the settings that differ:\n  " + strings.Join(e.Diff, "\n  ")
	}
	return msg
}

// Busy is another live run and the points of this run's range it is computing.
type Busy struct {
	Owner  string // "pid N on HOST"
	Points int
}

// Dataset is an output directory opened for one run: the manifest is in place, damaged batches
// are removed, and the points the run may compute are claimed until [Dataset.Close].
type Dataset struct {
	Dir      string
	Manifest *parquetio.Manifest
	// Finished holds every point of the whole sweep (not only of this run's range) that was
	// finished when the dataset was opened, and whether it ran ok. Only that is kept of its row,
	// and [Dataset.Commit] does not add to it: a million points' rows (each with maps of spike
	// counts and statistics) took most of a gigabyte.
	Finished map[int]bool
	// Todo are the points of the asked range that this run claimed: not finished, not claimed
	// by a live run.
	Todo []int
	// Busy lists other live runs computing points of the asked range.
	Busy []Busy
	// Repaired lists points whose files were damaged or missing; they are in Todo (or Busy).
	Repaired []int

	layout    Layout
	meta      map[string]string
	claim     *os.File
	claimPath string
}

// Sweep is what Open needs of a sweep: its identity and its points table's columns.
type Sweep struct {
	Manifest *parquetio.Manifest // written if DIR has none; must hold SweepHash and Settings
	Layout   Layout
	Meta     map[string]string // footer metadata of points files (MetaHash must be set)
}

var partRe = regexp.MustCompile(`^\.?part-(\d+)-(\d+)\.parquet(\.tmp-.*)?$`)

// Open opens dir for the sweep sw and claims the points of want that need computing. It takes
// DIR/.lock while it checks identity, creates the manifest (exclusively), verifies the finished
// batches (footers), removes damaged batches and files of killed runs, and claims.
func Open(dir string, sw *Sweep, want []int) (*Dataset, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	d := &Dataset{Dir: dir, layout: sw.Layout, meta: sw.Meta, Finished: map[int]bool{}}
	if err := d.identity(sw.Manifest); err != nil {
		return nil, err
	}
	if err := recoverCompaction(dir, d.Manifest); err != nil {
		return nil, err
	}
	live, err := liveClaims(dir)
	if err != nil {
		return nil, err
	}
	if err := d.verify(want); err != nil {
		return nil, err
	}
	if err := d.cleanOrphans(live); err != nil {
		return nil, err
	}
	busy := map[string]int{}
	for _, id := range want {
		if _, ok := d.Finished[id]; ok {
			continue
		}
		if owner, ok := live[id]; ok {
			busy[owner]++
			continue
		}
		d.Todo = append(d.Todo, id)
	}
	for _, o := range sortedKeys(busy) {
		d.Busy = append(d.Busy, Busy{Owner: o, Points: busy[o]})
	}
	if len(d.Todo) > 0 {
		if err := d.claimPoints(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// lockDir takes DIR/.lock, waiting for another run's short check to end.
func lockDir(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if _, err := lockFile(f, true); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return func() { unlockFile(f); f.Close() }, nil
}

// identity checks that DIR is this sweep's, by its manifest or, without one, by the sweep hash in
// its files; then it writes the manifest if there is none.
func (d *Dataset) identity(want *parquetio.Manifest) error {
	old, err := parquetio.ReadManifest(d.Dir)
	if err == nil {
		if old.SweepHash != want.SweepHash {
			why := fmt.Sprintf("sweep.json names %s, hash %.12s; this is %s, hash %.12s", old.SweepFile, old.SweepHash,
				want.SweepFile, want.SweepHash)
			var diff []string
			if old.Settings != nil {
				diff = sweep.DiffSettings(want.Settings, old.Settings, "DIR", 12)
			} else {
				why += "; it was written by engine " + old.EngineVersion + ", which does not record its settings"
			}
			return &ForeignError{Dir: d.Dir, Why: why, Diff: diff}
		}
		d.Manifest = old
		return nil
	}
	if _, serr := os.Stat(parquetio.ManifestPath(d.Dir)); !errors.Is(serr, os.ErrNotExist) {
		return err // there is a manifest, but it does not read
	}
	// No manifest: the files may still name their sweep.
	for _, path := range d.allParts() {
		meta, err := footer(path)
		if err != nil {
			continue // a damaged file is handled by verify
		}
		if h := meta[MetaHash]; h != want.SweepHash {
			return &ForeignError{Dir: d.Dir, Why: fmt.Sprintf("sweep.json is missing, and %s names %s, hash %.12s; this is %s, hash %.12s",
				path, meta[MetaFile], h, want.SweepFile, want.SweepHash)}
		}
	}
	if err := createManifest(d.Dir, want); err != nil {
		return err
	}
	d.Manifest = want
	return nil
}

// createManifest writes sweep.json exclusively: a complete temporary file linked to its name,
// which fails if another run's is there.
func createManifest(dir string, m *parquetio.Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	// 0666 and the umask, as for the Parquet files: colleagues on a shared file system read it.
	tmp := filepath.Join(dir, fmt.Sprintf(".sweep.json.tmp-%08x", rand.Uint32()))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	defer os.Remove(tmp)
	_, werr := f.Write(append(data, '\n'))
	serr := f.Sync()
	if err := errors.Join(werr, serr, f.Close()); err != nil {
		return fmt.Errorf("write %s: %w", parquetio.ManifestPath(dir), err)
	}
	if err := os.Link(tmp, parquetio.ManifestPath(dir)); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s: another run created sweep.json at the same time without taking %s", dir, filepath.Join(dir, ".lock"))
		}
		return fmt.Errorf("manifest: %w", err)
	}
	if d, err := os.Open(dir); err == nil { // the new name survives a crash
		d.Sync()
		d.Close()
	}
	return nil
}

// allParts lists every part file of DIR: points, monitors and spikes.
func (d *Dataset) allParts() []string {
	var out []string
	for _, sub := range d.partDirs() {
		entries, _ := os.ReadDir(sub)
		for _, e := range entries {
			if m := partRe.FindStringSubmatch(e.Name()); m != nil && m[3] == "" && !strings.HasPrefix(e.Name(), ".") {
				out = append(out, filepath.Join(sub, e.Name()))
			}
		}
	}
	return out
}

func (d *Dataset) partDirs() []string {
	dirs := []string{filepath.Join(d.Dir, "points")}
	for _, kind := range []string{"monitors", "spikes", "rates"} {
		entries, _ := os.ReadDir(filepath.Join(d.Dir, kind))
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join(d.Dir, kind, e.Name()))
			}
		}
	}
	return dirs
}

// footer reads a Parquet file's key-value metadata: cheap, and it proves the footer is intact.
func footer(path string) (map[string]string, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	meta := map[string]string{}
	kv := pf.MetaData().KeyValueMetadata()
	for i, k := range kv.Keys() {
		meta[k] = kv.Values()[i]
	}
	return meta, nil
}

// batchFiles are the data files of the batch (shard, seq), as the manifest lists them.
func batchFiles(dir string, m *parquetio.Manifest, shard, seq int) []string {
	var out []string
	for _, mon := range m.Monitors {
		out = append(out, parquetio.MonitorPath(dir, mon.Name, shard, seq))
	}
	for _, s := range m.Spikes {
		out = append(out, parquetio.SpikePath(dir, s.Population, shard, seq))
	}
	if a := m.Analysis; a != nil && a.Rates {
		for _, pop := range a.Populations {
			out = append(out, parquetio.RatePath(dir, pop, shard, seq))
		}
	}
	return out
}

type batchRef struct {
	shard, seq int
	name       string
}

// pointsFiles lists DIR/points/part-*.parquet in name order.
func pointsFiles(dir string) []batchRef {
	entries, _ := os.ReadDir(filepath.Join(dir, "points"))
	var out []batchRef
	for _, e := range entries {
		m := partRe.FindStringSubmatch(e.Name())
		if m == nil || m[3] != "" || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		shard, _ := strconv.Atoi(m[1])
		seq, _ := strconv.Atoi(m[2])
		out = append(out, batchRef{shard, seq, e.Name()})
	}
	return out
}

// verify reads every finished batch's points file and, for the batches holding points of want,
// checks that its data files exist, their footers read and name this sweep (the other batches
// are another shard's to check: a job array's tasks do not each open every file). Damaged
// batches are removed, the points file first, so that their points run again. A point listed
// twice keeps its first batch.
func (d *Dataset) verify(want []int) error {
	// A sorted copy, not a set: a map of a million ids takes five times the bytes.
	mine := slices.Sorted(slices.Values(want))
	for _, b := range pointsFiles(d.Dir) {
		path := filepath.Join(d.Dir, "points", b.name)
		rows, meta, err := readRows(path, d.layout.Axes)
		// A file without spikesweep's metadata (rewritten by another tool) is damaged, as a
		// truncated one is; only a file that names another sweep is foreign.
		damaged := err != nil || meta[MetaHash] == ""
		if !damaged && meta[MetaHash] != d.Manifest.SweepHash {
			return &ForeignError{Dir: d.Dir, Why: fmt.Sprintf("%s names %s, hash %.12s; this is %s, hash %.12s",
				path, meta[MetaFile], meta[MetaHash], d.Manifest.SweepFile, d.Manifest.SweepHash)}
		}
		overlaps := false
		for _, r := range rows {
			if _, dup := d.Finished[r.Point]; dup {
				damaged = true
			}
			if !overlaps {
				_, overlaps = slices.BinarySearch(mine, r.Point)
			}
		}
		for _, f := range batchFiles(d.Dir, d.Manifest, b.shard, b.seq) {
			if damaged || !overlaps {
				break
			}
			meta, err := footer(f)
			if err != nil || meta[MetaHash] == "" {
				damaged = true
			} else if meta[MetaHash] != d.Manifest.SweepHash {
				return &ForeignError{Dir: d.Dir, Why: fmt.Sprintf("%s names %s, hash %.12s; this is %s, hash %.12s",
					f, meta[MetaFile], meta[MetaHash], d.Manifest.SweepFile, d.Manifest.SweepHash)}
			}
		}
		if !damaged {
			for _, r := range rows {
				d.Finished[r.Point] = r.OK()
			}
			continue
		}
		for _, r := range rows {
			if _, dup := d.Finished[r.Point]; !dup {
				d.Repaired = append(d.Repaired, r.Point)
			}
		}
		if err := removeBatch(d.Dir, d.Manifest, b); err != nil {
			return err
		}
	}
	sort.Ints(d.Repaired)
	return nil
}

// removeBatch deletes a batch's points file, then its data files.
func removeBatch(dir string, m *parquetio.Manifest, b batchRef) error {
	files := append([]string{filepath.Join(dir, "points", b.name)}, batchFiles(dir, m, b.shard, b.seq)...)
	for _, f := range files {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove damaged %s: %w", f, err)
		}
	}
	return nil
}

// cleanOrphans removes data files of batches that never finished and temporary files of killed
// writers, except those of batches a live run is computing (its claimed first point).
func (d *Dataset) cleanOrphans(live map[int]string) error {
	finished := map[string]bool{}
	for _, b := range pointsFiles(d.Dir) {
		finished[b.name] = true
	}
	for _, sub := range d.partDirs() {
		entries, err := os.ReadDir(sub)
		if err != nil {
			continue
		}
		for _, e := range entries {
			m := partRe.FindStringSubmatch(e.Name())
			if m == nil {
				continue
			}
			seq, _ := strconv.Atoi(m[2])
			if _, running := live[seq]; running {
				continue
			}
			if m[3] == "" && finished[e.Name()] {
				continue
			}
			if err := os.Remove(filepath.Join(sub, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("remove unfinished %s: %w", e.Name(), err)
			}
		}
	}
	// Manifest temporaries of killed runs (manifests are only written under the lock).
	entries, _ := os.ReadDir(d.Dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "sweep.json.tmp-") {
			os.Remove(filepath.Join(d.Dir, e.Name()))
		}
	}
	return nil
}

// claimFile is the content of DIR/.claims/<name>.json.
type claimFile struct {
	PID    int      `json:"pid"`
	Host   string   `json:"host"`
	Points [][2]int `json:"points"` // ranges [lo, hi)
}

// liveClaims reads the claims of live runs (point -> "pid N on HOST") and removes stale ones.
func liveClaims(dir string) (map[int]string, error) {
	live := map[int]string{}
	cdir := filepath.Join(dir, ".claims")
	entries, err := os.ReadDir(cdir)
	if err != nil {
		return live, nil
	}
	for _, e := range entries {
		path := filepath.Join(cdir, e.Name())
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		got, err := lockFile(f, false)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("claims: %w", err)
		}
		if got { // its run is gone: the kernel released its lock
			os.Remove(path)
			f.Close()
			continue
		}
		var c claimFile
		data, _ := os.ReadFile(path)
		f.Close()
		if json.Unmarshal(data, &c) != nil {
			continue // being written: it was created and locked before the data went in
		}
		owner := fmt.Sprintf("pid %d on %s", c.PID, c.Host)
		for _, r := range c.Points {
			for id := r[0]; id < r[1]; id++ {
				live[id] = owner
			}
		}
	}
	return live, nil
}

// claimPoints writes this run's claim file and keeps it locked until Close.
func (d *Dataset) claimPoints() error {
	host, _ := os.Hostname()
	cdir := filepath.Join(d.Dir, ".claims")
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		return fmt.Errorf("claims: %w", err)
	}
	path := filepath.Join(cdir, fmt.Sprintf("%s-%d-%08x.json", host, os.Getpid(), rand.Uint32()))
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return fmt.Errorf("claims: %w", err)
	}
	if _, err := lockFile(f, true); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("claims: %w", err)
	}
	c := claimFile{PID: os.Getpid(), Host: host}
	for _, id := range d.Todo {
		if n := len(c.Points); n > 0 && c.Points[n-1][1] == id {
			c.Points[n-1][1] = id + 1
		} else {
			c.Points = append(c.Points, [2]int{id, id + 1})
		}
	}
	data, _ := json.Marshal(c)
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("claims: %w", err)
	}
	d.claim, d.claimPath = f, path
	return nil
}

// Commit records a finished batch: its data files are in place; its points file makes its
// points finished. The rows are not kept (see Finished).
func (d *Dataset) Commit(shard, seq int, rows []Row) error {
	return writePoints(PointsPath(d.Dir, shard, seq), &d.layout, d.meta, rows)
}

// Close releases this run's claim.
func (d *Dataset) Close() error {
	if d.claim == nil {
		return nil
	}
	os.Remove(d.claimPath)
	unlockFile(d.claim)
	err := d.claim.Close()
	d.claim = nil
	return err
}

func sortedKeys[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
