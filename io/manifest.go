package parquetio

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Manifest is OUT/sweep.json: what a dataset holds, written by the runner when a run starts and
// read by the report, the status command and users' scripts. Unknown keys are ignored when
// reading, so an older reader reads a newer manifest.
type Manifest struct {
	EngineVersion string               `json:"engine_version"`
	SweepFile     string               `json:"sweep_file"`
	SweepHash     string               `json:"sweep_hash"`
	Dt            float64              `json:"dt"`
	Duration      float64              `json:"duration"`
	Steps         int                  `json:"steps"`
	Mode          string               `json:"mode"`
	Repeats       int                  `json:"repeats"`
	Points        int                  `json:"points"`
	Axes          []ManifestAxis       `json:"axes"`
	Monitors      []ManifestMonitor    `json:"monitors"`
	Spikes        []ManifestSpikes     `json:"spikes"`
	Populations   []ManifestPopulation `json:"populations"`
	Projections   []ManifestProjection `json:"projections"`
	// Fixed lists every setting of the network that no axis sweeps (run settings, model
	// parameters with their defaults, initial values, connectivity, inputs), for readers of the
	// dataset: the report shows them. Manifests of older engines have none.
	Fixed []ManifestSetting `json:"fixed,omitempty"`
	// Settings is what the sweep computes, as flat "key": "value" pairs (sweep.Sweep.Settings);
	// SweepHash is their digest. A run refused because DIR holds another sweep lists the
	// settings that differ.
	Settings map[string]string `json:"settings,omitempty"`
	// Provenance says where the dataset comes from, as the run that created DIR recorded it:
	// engine commit, command line, host, scheduler job, and the sweep file's text (the same
	// spikesweep.* keys as every Parquet file's metadata, where each batch records its own).
	Provenance map[string]string `json:"provenance,omitempty"`
	Analysis   *ManifestAnalysis `json:"analysis,omitempty"`
}

// ManifestSetting is one fixed setting of the network: a path in the sweep file's terms
// ("syn.U", "syn.init.w", "neu1.input.value") and its value as text.
type ManifestSetting struct {
	Path    string `json:"path"`
	Value   string `json:"value"`
	Unit    string `json:"unit,omitempty"`
	Default bool   `json:"default,omitempty"` // the model's default, not set in the file
}

// ManifestAxis is one swept path, its values and unit.
type ManifestAxis struct {
	Path   string    `json:"path"`
	Values []float64 `json:"values"`
	Unit   string    `json:"unit"`
	Source string    `json:"source,omitempty"` // "values", "linspace", "logspace", "random:..."
	// Also lists the further paths the axis sets to the same values (the sweep file's also).
	Also []string `json:"also,omitempty"`
}

// ManifestMonitor describes one monitor dataset (OUT/monitors/<Name>).
type ManifestMonitor struct {
	Name       string            `json:"name"`
	Target     string            `json:"target"`
	Vars       []string          `json:"vars"`
	Every      int               `json:"every"`
	Dtype      string            `json:"dtype"`
	Projection bool              `json:"projection"`
	Units      map[string]string `json:"units"`
}

// ManifestSpikes describes one spike dataset (OUT/spikes/<Population>).
type ManifestSpikes struct {
	Population string `json:"population"`
	Size       int    `json:"size"`
}

// ManifestPopulation is one population of the network.
type ManifestPopulation struct {
	Name  string `json:"name"`
	Model string `json:"model"`
	Size  int    `json:"size"`
}

// ManifestProjection is one projection of the network.
type ManifestProjection struct {
	Name  string `json:"name"`
	Model string `json:"model"`
	Pre   string `json:"pre"`
	Post  string `json:"post"`
}

// ManifestPath is OUT/sweep.json.
func ManifestPath(out string) string { return filepath.Join(out, "sweep.json") }

// ReadManifest reads OUT/sweep.json.
func ReadManifest(out string) (*Manifest, error) {
	data, err := os.ReadFile(ManifestPath(out))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("parquetio: %s is not a spikesweep output directory (no sweep.json)", out)
		}
		return nil, fmt.Errorf("parquetio: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("parquetio: %s: %w", ManifestPath(out), err)
	}
	return &m, nil
}

// WriteManifest writes OUT/sweep.json atomically (temporary file, fsync, rename).
func WriteManifest(out string, m *Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("parquetio: manifest: %w", err)
	}
	return WriteFileAtomic(ManifestPath(out), append(data, '\n'))
}

// WriteFileAtomic writes data under a hidden temporary name in path's directory, syncs it,
// renames it to path and syncs the directory: path only ever names a complete file.
func WriteFileAtomic(path string, data []byte) error { return WriteFileAtomicMode(path, data, 0o666) }

// WriteFileAtomicMode is WriteFileAtomic with the file created with perm (less the umask), e.g.
// 0o777 for a script or a program.
func WriteFileAtomicMode(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("parquetio: %w", err)
	}
	// Not os.CreateTemp, whose files are 0600: a manifest in a shared project directory must be
	// readable by the group like the Parquet files, so 0666 and the umask decides.
	var f *os.File
	var err error
	for range 100 {
		f, err = os.OpenFile(filepath.Join(dir, fmt.Sprintf(".%s.tmp-%08x", filepath.Base(path), rand.Uint32())),
			os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, os.ErrExist) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("parquetio: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("parquetio: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("parquetio: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
