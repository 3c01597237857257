package duckdbtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// script is the query runner, relative to the repository root.
const script = "tools/duckdb/query.mjs"

// Query runs sql and returns the result rows. Numbers decode as json.Number; DuckDB's BIGINT and
// HUGEINT values (count(*), integer sums) arrive as strings, so cast in SQL or use Int and Float.
func Query(tb testing.TB, sql string) []map[string]any {
	tb.Helper()
	node, root, err := find()
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("duckdbtest: %v (CI is set, so this check may not be skipped)", err)
		}
		tb.Skipf("duckdbtest: %v; skipping the DuckDB check", err)
	}
	cmd := exec.Command(node, filepath.Join(root, script), sql)
	cmd.Dir = root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("duckdbtest: %v\nSQL: %s\n%s", err, sql, stderr.String())
	}
	dec := json.NewDecoder(&stdout)
	dec.UseNumber()
	var rows []map[string]any
	if err := dec.Decode(&rows); err != nil {
		tb.Fatalf("duckdbtest: decode output of %s: %v\n%s", script, err, stdout.String())
	}
	return rows
}

// find returns node's path and the repository root, the first directory above the working
// directory (a package directory under go test) with go.mod, and checks the npm package is there.
func find() (node, root string, err error) {
	node, err = exec.LookPath("node")
	if err != nil {
		return "", "", errors.New("node is not on PATH")
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api", "package.json")); err != nil {
		return "", "", errors.New("node_modules/@duckdb/node-api is missing: run `npm install` at the repository root")
	}
	return node, dir, nil
}

// Quote returns s as an SQL string literal, e.g. for a path in read_parquet.
func Quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// Int returns v, a value from a Query row, as an int64; it fails the test if v is not an integer.
func Int(tb testing.TB, v any) int64 {
	tb.Helper()
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case json.Number:
		s = v.String()
	default:
		tb.Fatalf("duckdbtest: %v (%T) is not an integer", v, v)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		tb.Fatalf("duckdbtest: %q is not an integer: %v", s, err)
	}
	return n
}

// Float returns v, a value from a Query row, as a float64; it fails the test if v is not a number.
func Float(tb testing.TB, v any) float64 {
	tb.Helper()
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case json.Number:
		s = v.String()
	default:
		tb.Fatalf("duckdbtest: %v (%T) is not a number", v, v)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		tb.Fatalf("duckdbtest: %q is not a number: %v", s, err)
	}
	return x
}
