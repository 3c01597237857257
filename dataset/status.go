package dataset

import (
	"fmt"
	"path/filepath"
	"sort"

	parquetio "github.com/spikesweep/spikesweep/io"
)

// Status counts a dataset's points.
type Status struct {
	Manifest *parquetio.Manifest
	Total    int
	Done     int
	Failed   []Row
	Missing  []int
	// Damaged lists points whose files are missing or unreadable (they also count as missing);
	// Problems says what is wrong with each damaged batch.
	Damaged  []int
	Problems []string
}

// ReadStatus reads DIR's manifest and points files without changing anything. With full set it
// reads every data file of every finished batch completely (`batch status --verify`); otherwise
// it checks that they exist and their footers read.
func ReadStatus(dir string, full bool) (*Status, error) {
	m, err := parquetio.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	axes := make([]string, len(m.Axes))
	for i, a := range m.Axes {
		axes[i] = a.Path
	}
	st := &Status{Manifest: m, Total: m.Points}
	rows := map[int]Row{}
	for _, b := range pointsFiles(dir) {
		path := filepath.Join(dir, "points", b.name)
		bad := ""
		rs, meta, err := readRows(path, axes)
		if err != nil {
			bad = err.Error()
		} else if meta[MetaHash] == "" {
			bad = fmt.Sprintf("%s has no spikesweep metadata (rewritten by another tool?)", path)
		} else if meta[MetaHash] != m.SweepHash {
			bad = fmt.Sprintf("%s names another sweep (hash %.12s)", path, meta[MetaHash])
		}
		for _, f := range batchFiles(dir, m, b.shard, b.seq) {
			if bad != "" {
				break
			}
			fm, err := footer(f)
			if err == nil && full {
				_, err = parquetio.ReadFile(f)
			}
			switch {
			case err != nil:
				bad = fmt.Sprintf("%s: %v", f, err)
			case fm[MetaHash] == "":
				bad = fmt.Sprintf("%s has no spikesweep metadata (rewritten by another tool?)", f)
			case fm[MetaHash] != m.SweepHash:
				bad = fmt.Sprintf("%s names another sweep (hash %.12s)", f, fm[MetaHash])
			}
		}
		for _, r := range rs {
			if _, dup := rows[r.Point]; dup && bad == "" {
				bad = fmt.Sprintf("%s lists point %d, which another points file lists too", path, r.Point)
			}
		}
		if bad != "" {
			st.Problems = append(st.Problems, bad)
			for _, r := range rs {
				if _, dup := rows[r.Point]; !dup {
					st.Damaged = append(st.Damaged, r.Point)
				}
			}
			continue
		}
		for _, r := range rs {
			rows[r.Point] = r
		}
	}
	sort.Ints(st.Damaged)
	for id := range m.Points {
		r, ok := rows[id]
		switch {
		case !ok:
			st.Missing = append(st.Missing, id)
		case !r.OK():
			st.Failed = append(st.Failed, r)
		default:
			st.Done++
		}
	}
	return st, nil
}
