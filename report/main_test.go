package report

import (
	"fmt"
	"os"
	"testing"

	"github.com/spikesweep/spikesweep/report/internal/fixture"
)

// fixtures holds the sweeps the tests share: writing one costs a second or two of fsyncs.
var fixtures *fixture.Cache

func TestMain(m *testing.M) {
	root, err := os.MkdirTemp("", "report-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtures = fixture.NewCache(root)
	code := m.Run()
	os.RemoveAll(root)
	os.Exit(code)
}

// SweepDir returns the shared fixture sweep called name ("stp", "stp2", "stdp"; see
// fixture.Cache), for this package's tests and, being in a _test.go file, for report_test's too.
// A test may write its outputs into it but must not change its data.
func SweepDir(t testing.TB, name string) string {
	t.Helper()
	dir, err := fixtures.Dir(name)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
