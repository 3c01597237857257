// Package duckdbtest lets tests check Parquet output the way users read it: with DuckDB. It runs
// SQL through the repository's tools/duckdb/query.mjs with node, which needs `npm install` at the
// repository root (the npm package @duckdb/node-api).
//
// When node or the package is missing, Query fails the test if the environment variable CI is
// set (CI must not pass without the check) and skips it otherwise.
package duckdbtest
