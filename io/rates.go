package parquetio

// Columns of a population-rate dataset besides point, step and t.
const (
	ColBin    = "bin"     // int32: bin number in the analysis window, 0-based
	ColCount  = "count"   // int32: spikes of the population in the bin
	ColRateHz = "rate_hz" // float64: count / (neurons × bin width in s)
)

// RateFields returns the columns of a population-rate dataset (Brian2's PopulationRateMonitor,
// binned): one row per point and bin, with the bin's first step and its time in ms.
func RateFields() []Field {
	return []Field{{ColPoint, Int32}, {ColBin, Int32}, {ColStep, Int32}, {ColT, Float64}, {ColCount, Int32}, {ColRateHz, Float64}}
}

// RatePath returns out/rates/<population>/part-<shard>-<seq>.parquet.
// It panics on a population name that is not a plain name, like MonitorPath.
func RatePath(out, population string, shard, seq int) string {
	return datasetPath(out, "rates", population, shard, seq)
}

// ManifestAnalysis describes the statistics of a dataset: the analysis window and bin, the
// analysed populations (each with a rates dataset OUT/rates/<population> if Rates), and the
// statistics columns of the points table.
type ManifestAnalysis struct {
	Start       float64  `json:"start"` // ms
	Stop        float64  `json:"stop"`  // ms
	Bin         float64  `json:"bin"`   // ms
	Populations []string `json:"populations"`
	Rates       bool     `json:"rates"`
	Columns     []string `json:"columns"`
	// Table is true when the sweep file has an [analysis] table: its author asked for the
	// statistics (the report then shows them first: a phase diagram, or a response curve).
	Table bool `json:"table,omitempty"`
}
