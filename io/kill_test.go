package parquetio

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// killEnv names the directory the helper process writes into; set only in the helper.
const killEnv = "PARQUETIO_KILL_TEST_DIR"

// TestKilledWriter kills a process while it streams row groups to disk and checks that no file
// appears under a final name: only the hidden temporary file is left, and readers ignore it.
func TestKilledWriter(t *testing.T) {
	if dir := os.Getenv(killEnv); dir != "" {
		writeUntilKilled(dir)
		return
	}
	out := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriter$")
	cmd.Env = append(os.Environ(), killEnv+"="+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "writing" {
				ready <- nil
				return
			}
		}
		ready <- fmt.Errorf("helper ended before writing: %v", sc.Err())
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("helper did not start writing within 30 s")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait() // reports the kill

	dir := filepath.Dir(MonitorPath(out, "v", 0, 0))
	all, pq := files(t, dir)
	if len(pq) != 0 {
		t.Errorf("a killed writer left %v under final names", pq)
	}
	if len(all) != 1 || !strings.HasPrefix(all[0], ".") {
		t.Fatalf("want one hidden temporary file, have %v", all)
	}
	st, err := os.Stat(filepath.Join(dir, all[0]))
	if err != nil || st.Size() == 0 {
		t.Errorf("the temporary file should hold the data written before the kill: %v, %v", st, err)
	}
	if _, err := ReadDir(dir); err == nil {
		t.Error("ReadDir found a dataset after the kill")
	}
}

// writeUntilKilled streams a monitor to out until the process is killed; it announces on stdout
// once several row groups are in the file. It gives up after 60 s so it can never linger.
func writeUntilKilled(out string) {
	w, err := Create(MonitorPath(out, "v", 0, 0), MonitorFields([]string{"v"}, Float64), Options{RowGroupRows: 1 << 12})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	deadline := time.Now().Add(60 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		if err := writeMonitor(w, 1<<16); err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		if i == 2 {
			fmt.Println("writing")
		}
	}
	os.Exit(1)
}
