package dataset

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/spikesweep/spikesweep/io/duckdbtest"
)

// Seeds are one number everywhere: the points table's seed column is UINT64, which DuckDB reads
// as UBIGINT with the value `batch plan` prints, also above 2^63.
func TestSeedIsUnsignedInDuckDB(t *testing.T) {
	dir := t.TempDir()
	sw := testSweep("aaaa", nil)
	d, err := Open(dir, sw, ids(0, 20))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	runBatch(t, d, sw, 0, ids(0, 3)) // seeds MaxUint64, MaxUint64-1, MaxUint64-2
	rows := duckdbtest.Query(t, fmt.Sprintf(`SELECT point, typeof(seed) AS type, seed::VARCHAR AS seed
		FROM read_parquet(%s) ORDER BY point`, duckdbtest.Quote(filepath.Join(dir, "points", "*.parquet"))))
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		if want := fmt.Sprint(uint64(math.MaxUint64) - uint64(i)); r["type"] != "UBIGINT" || r["seed"] != want {
			t.Errorf("row %d: %v, want UBIGINT %s", i, r, want)
		}
	}
}
