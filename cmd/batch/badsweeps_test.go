package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBadSweepCorpus runs every file of testdata/badsweeps, each a small valid sweep with one
// thing broken. The file's header names the line and key the message must point at; `run` must
// exit 2 with "FILE:LINE:COL:" and the key in its message and leave no output directory
// (TestBadSweepFiles checks that `validate` agrees).
func TestBadSweepCorpus(t *testing.T) {
	files, err := filepath.Glob(repo("testdata", "badsweeps", "*.toml"))
	if err != nil || len(files) < 60 {
		t.Fatalf("want at least 60 bad sweep files, found %d (%v)", len(files), err)
	}
	lineRe := regexp.MustCompile(`(?m)^# want-line: (\d+)$`)
	keyRe := regexp.MustCompile(`(?m)^# want-key: (.*)$`)
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".toml"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			line, key := lineRe.FindSubmatch(data), keyRe.FindSubmatch(data)
			if line == nil || key == nil {
				t.Fatal("the file's header lacks # want-line: or # want-key:")
			}
			out := filepath.Join(t.TempDir(), "out")
			r := batch(t, nil, "run", f, "--out", out, "-q")
			if r.code != 2 {
				t.Fatalf("exit %d, want 2: %s", r.code, r.stderr)
			}
			at := regexp.MustCompile(regexp.QuoteMeta(f+":"+string(line[1])+":") + `\d+:`)
			if !at.MatchString(r.stderr) {
				t.Errorf("message does not point at line %s with a column: %s", line[1], r.stderr)
			}
			if !strings.Contains(r.stderr, string(key[1])) {
				t.Errorf("message lacks the key %q: %s", key[1], r.stderr)
			}
			if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "internal error") {
				t.Errorf("a crash, not a refusal: %s", r.stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("the output directory was created")
			}
		})
	}
}
