package main

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"

	dset "github.com/spikesweep/spikesweep/dataset"
)

func exitMessage(t *testing.T, err error) (int, string) {
	t.Helper()
	f, err2 := os.CreateTemp(t.TempDir(), "stderr")
	if err2 != nil {
		t.Fatal(err2)
	}
	defer f.Close()
	code := exitCode(err, f)
	data, _ := os.ReadFile(f.Name())
	return code, string(data)
}

// A full disk names the file and says the finished points are safe, also when arrow's error has
// lost the wrapped errno.
func TestFullDiskMessage(t *testing.T) {
	for _, err := range []error{
		fmt.Errorf("parquetio: write out/monitors/syn/part-0000-000004.parquet: %w",
			&os.PathError{Op: "write", Path: "out/monitors/syn/.part-0000-000004.parquet.tmp-1", Err: syscall.ENOSPC}),
		fmt.Errorf("parquetio: close out/monitors/syn/part-0000-000004.parquet: unknown error type: write x: no space left on device"),
	} {
		code, msg := exitMessage(t, err)
		if code != exitFailed || !strings.Contains(msg, "part-0000-000004.parquet") || !strings.Contains(msg, "intact") ||
			!strings.Contains(msg, "resume") || strings.Contains(msg, "unknown error type") {
			t.Errorf("exit %d: %s", code, msg)
		}
	}
	if code, _ := exitMessage(t, &dset.ForeignError{Dir: "out", Why: "x"}); code != exitUsage {
		t.Errorf("a foreign DIR exits %d, want %d", code, exitUsage)
	}
}
