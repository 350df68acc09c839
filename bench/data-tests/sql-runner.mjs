// The hand-written DuckDB contenders of the data-tests benchmark, each run as its own process so
// its time and peak memory are measured alone:
//   node sql-runner.mjs naive <csv|parquet> <dataDir>   one query per test (20 queries, the naive way)
//   node sql-runner.mjs floor <csv|parquet> <dataDir>   the single best hand-written query
//   node sql-runner.mjs floor-materialized ...          one query reading the file once into a
//                                                       materialized CTE (a second floor candidate)
// Prints {"results": {<test name>: <failing count>}} with the same test names and counting rules
// as the action's JSON report, so the answers can be compared.
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, format, dataDir] = process.argv.slice(2);
const q = (s) => `'${s.replace(/'/g, "''")}'`;
const reader = (name) => (format === 'csv' ? `read_csv(${q(path.join(dataDir, `${name}.csv`))})` : `read_parquet(${q(path.join(dataDir, `${name}.parquet`))})`);
const O = reader('orders');
const C = reader('customers');
const STATUSES = "('placed', 'shipped', 'delivered', 'returned')";
const EMAIL = "'^[^@]+@[^@]+$'";

// name -> [condition of a failing row] for the row-level tests (counted over all rows).
const ROW_TESTS = {
  'expression(amount * quantity >= 0)': 'NOT (amount * quantity >= 0)',
  "expression(quantity <= 20 OR status = 'returned')": "NOT (quantity <= 20 OR status = 'returned')",
  'not_null(id)': 'id IS NULL',
  'length(order_ref)': 'order_ref IS NOT NULL AND length(order_ref) <> 13',
  'not_null(customer_id)': 'customer_id IS NULL',
  'not_null(status)': 'status IS NULL',
  'accepted_values(status)': `status IS NOT NULL AND status NOT IN ${STATUSES}`,
  'range(amount)': 'amount IS NOT NULL AND (amount < 0 OR amount > 1000)',
  'range(quantity)': 'quantity IS NOT NULL AND (quantity < 1 OR quantity > 20)',
  'not_null(email)': 'email IS NULL',
  'regex(email)': `email IS NOT NULL AND NOT regexp_matches(email, ${EMAIL})`,
  'length(email)': 'email IS NOT NULL AND length(email) > 100',
  'range(created_at)': "created_at IS NOT NULL AND created_at < TIMESTAMP '2020-01-01'",
};
const dup = (rel, key) =>
  `SELECT coalesce(sum(n), 0) FROM (SELECT ${key}, count(*) AS n FROM ${rel} WHERE ${key} IS NOT NULL GROUP BY ${key} HAVING count(*) > 1)`;
const orphans = (rel, parent) =>
  `SELECT count(*) FROM ${rel} AS c WHERE c.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} AS p WHERE p.id = c.customer_id)`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run("SET TimeZone = 'UTC'");
const one = async (sql) => Number((await connection.runAndReadAll(sql)).getRowsJS()[0][0]);
const results = {};

if (mode === 'naive') {
  // One query per test, each reading the file again: what a tool with one query per test does.
  results.row_count = await one(`SELECT count(*) FROM ${O}`);
  results['freshness(created_at)'] = (await one(`SELECT epoch(max(created_at)) FROM ${O}`)) > 0 ? 0 : 1;
  results.schema = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${O}`)).getRowsJS().some((r) => r[0] === 'id') ? 0 : 1;
  results['anomaly(row_count)'] = await one(`SELECT count(*) FROM ${O}`);
  for (const [name, cond] of Object.entries(ROW_TESTS)) results[name] = await one(`SELECT count(*) FROM ${O} WHERE ${cond}`);
  results['unique(id)'] = await one(dup(O, 'id'));
  results['unique(order_ref)'] = await one(dup(O, 'order_ref'));
  results['relationships(customer_id)'] = await one(orphans(O, C));
} else if (mode === 'floor' || mode === 'floor-materialized') {
  // Every answer from ONE statement. `floor` lets DuckDB plan the subqueries (each reads what it
  // needs); `floor-materialized` reads the file once into a CTE that all of them share.
  const base = mode === 'floor' ? O : 'base';
  const with_ = mode === 'floor' ? '' : `WITH base AS MATERIALIZED (SELECT * FROM ${O}) `;
  const aggregates = Object.entries(ROW_TESTS).map(([, cond], i) => `count(*) FILTER (WHERE ${cond}) AS r${i}`);
  const sql = `${with_}SELECT a.*, (${dup(base, 'id')}) AS u1, (${dup(base, 'order_ref')}) AS u2, (${orphans(base, C)}) AS rel
    FROM (SELECT count(*) AS n, epoch(max(created_at)) AS latest, ${aggregates.join(', ')} FROM ${base}) AS a`;
  const row = (await connection.runAndReadAll(sql)).getRowObjectsJS()[0];
  results.row_count = Number(row.n);
  results['freshness(created_at)'] = Number(row.latest) > 0 ? 0 : 1;
  results.schema = 0;
  results['anomaly(row_count)'] = Number(row.n);
  Object.keys(ROW_TESTS).forEach((name, i) => (results[name] = Number(row[`r${i}`])));
  results['unique(id)'] = Number(row.u1);
  results['unique(order_ref)'] = Number(row.u2);
  results['relationships(customer_id)'] = Number(row.rel);
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify({ results }));
