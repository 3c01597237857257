// Runs one SQL statement with DuckDB and prints the result rows as a JSON array of objects.
//
//   node tools/duckdb/query.mjs "SELECT count(*) AS n FROM read_parquet('out/spikes/E/*.parquet')"
//
// The SQL comes from the first argument, or from standard input when there is none. Tests use
// this to check the Parquet output as a user's DuckDB reads it. DuckDB comes from the npm package
// @duckdb/node-api: run `npm install` at the repository root first.
//
// BIGINT and HUGEINT values (count(*), sum of integers) are printed as strings, as
// getRowObjectsJson does, because JSON numbers would lose precision; cast to DOUBLE in SQL to get
// numbers.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv.length > 2 ? process.argv[2] : readFileSync(0, 'utf8');
if (sql.trim() === '') {
  console.error('usage: node query.mjs SQL   (or SQL on standard input)');
  process.exit(2);
}

try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  process.stdout.write(JSON.stringify(reader.getRowObjectsJson()) + '\n');
  connection.closeSync();
  instance.closeSync();
} catch (err) {
  console.error(`duckdb: ${err.message}`);
  process.exit(1);
}
