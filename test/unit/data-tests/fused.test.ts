/**
 * The fused statement (text files on DuckDB: one read into a CTE holding only what the tests read)
 * must give exactly the answers of the plan with separate queries: the same data is checked as
 * CSV (fused) and as Parquet written from that CSV (separate queries, same column types), with
 * every test type, `where` filters, shared expressions, NULLs and samples, and the reports must
 * agree test by test. The fused statement itself is also run, so a silent fallback cannot hide a
 * broken one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '#shared/data-tests/config.js';
import { loadDuckDB } from '#shared/data-tests/engines/duckdb-install.js';
import { DuckDBEngine } from '#shared/data-tests/engines/duckdb.js';
import { rowObject } from '#shared/data-tests/engines/engine.js';
import { fileRelation } from '#shared/data-tests/files.js';
import type { DataTestConfig, DatasetReport } from '#shared/data-tests/model.js';
import { planDataset } from '#shared/data-tests/planner.js';
import { runConfig } from '#shared/data-tests/runner.js';
import { DUCKDB_NODE_MODULES } from '../../fixtures/data-tests/data.js';

const ORDERS = [
  'order_id,line,status,amount,email,customer_id,updated_at,note',
  '1,1,placed,10.5,a@x.io,1,2020-01-02 10:00:00,first',
  '1,2,shipped,-3,bad-email,2,2020-01-03 10:00:00,',
  '2,1,lost,2000,,9,2020-01-04 10:00:00,a long note that is rather wide',
  '3,1,,5,b@x.io,9,,x',
  '3,1,test,-1,c@x.io,,2020-01-05 10:00:00,y',
  ',1,returned,7.25,toolong@example.com,3,2020-01-06 10:00:00,z',
  '5,1,placed,,d@x.io,1,2020-01-07 10:00:00,',
  '6,1,lost,0,e@x.io,8,2020-01-08 10:00:00,w',
].join('\n');

const CUSTOMERS = ['id,name', '1,Ann', '2,Bob', '3,Cy'].join('\n');

const TESTS = `
    tests:
      - row_count: { min: 1 }
      - row_count: { name: placed_rows, min: 1, where: "status = 'placed'" }
      - freshness: { column: updated_at, error_after: 24h }
      - freshness: { name: fresh_placed, column: updated_at, error_after: 24h, where: "status = 'placed'" }
      - expression: { expression: "amount >= 0" }
      - expression: { name: non_negative_unless_test, expression: "amount >= 0", where: "status <> 'test'" }
      - unique: { columns: [order_id, line] }
      - unique: { name: unique_placed, columns: [order_id], where: "status <> 'test'" }
      - anomaly: { metric: null_rate, column: email }
      - anomaly: { name: null_rate_placed, metric: null_rate, column: email, where: "status <> 'test'" }
      - anomaly: { metric: distinct_count, column: status }
      - anomaly: { name: distinct_where, metric: distinct_count, column: status, where: "amount > 0" }
      - anomaly: { metric: mean, column: amount }
      - anomaly: { metric: median, column: amount, where: "status <> 'test'" }
      - anomaly: { metric: sum, column: amount }
      - anomaly: { metric: min, column: amount }
      - anomaly: { metric: max, column: amount, where: "status = 'lost'" }
      - anomaly: { metric: freshness_lag, column: updated_at, where: "status <> 'test'" }
      - anomaly: { metric: row_count, where: "status <> 'test'" }
    columns:
      - name: order_id
        tests: [not_null, unique]
      - name: status
        tests: [not_null, { accepted_values: { values: [placed, shipped, returned, test] } }]
      - name: amount
        tests: [{ range: { min: 0, max: 1000 } }, { range: { name: amount_where, min: 0, where: "status <> 'test'" } }]
      - name: email
        tests: [{ regex: { pattern: "^[^@]+@[^@]+$" } }, { length: { max: 12 } }]
      - name: customer_id
        tests: [{ relationships: { to: customers, field: id } }, { relationships: { name: orphans_not_shipped, to: customers, field: id, where: "status <> 'shipped'" } }]
      - name: updated_at
        tests: [{ range: { min: "2020-01-03" } }]`;

let dir: string;
let nodeModules: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dq-fused-'));
  writeFileSync(path.join(dir, 'orders.csv'), `${ORDERS}\n`);
  writeFileSync(path.join(dir, 'customers.csv'), `${CUSTOMERS}\n`);
  nodeModules = DUCKDB_NODE_MODULES;
  // The same rows as Parquet, with the column types DuckDB gave the CSV.
  const api = await loadDuckDB({ nodeModules });
  const instance = await api.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  await connection.run(`COPY (SELECT * FROM read_csv(${q(path.join(dir, 'orders.csv'))})) TO ${q(path.join(dir, 'orders.parquet'))} (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
});

function config(): DataTestConfig {
  const text = `version: 1
datasets:
  - name: as_csv
    path: orders.csv${TESTS}
  - name: as_parquet
    path: orders.parquet${TESTS}
  - name: counted_only
    path: orders.csv
    tests:
      - row_count: { min: 1 }
  - name: customers
    path: customers.csv
`;
  return parseConfig(text, { file: 'checks.yml', baseDir: dir });
}

/** A lag measured against the clock: the two datasets are read moments apart, so in hours. */
const hours = (seconds: unknown) => Math.round(Number(seconds) / 3600);

/** A report's tests without what differs by dataset (id, location, the clock). */
function comparable(report: DatasetReport) {
  return report.tests.map(({ id: _id, location: _location, ...rest }) =>
    rest.name === 'anomaly(freshness_lag(updated_at))'
      ? { ...rest, message: undefined, anomaly: { ...rest.anomaly, value: hours(rest.anomaly?.value) } }
      : rest,
  );
}

function comparableMetrics(report: DatasetReport) {
  return { ...report.metrics, 'freshness_lag:updated_at': hours(report.metrics['freshness_lag:updated_at']) };
}

test.each([3, 0])('fused CSV and separate-query Parquet give the same counts, messages and samples (sample size %d)', async (sampleSize) => {
  const report = await runConfig(config(), { duckdb: { nodeModules }, sampleSize });
  const [csv, parquet, counted] = report.datasets;
  expect(csv.error).toBeUndefined();
  expect(csv.tests.filter((t) => t.status === 'error')).toEqual([]);
  expect(comparable(csv)).toEqual(comparable(parquet));
  expect(comparableMetrics(csv)).toEqual(comparableMetrics(parquet));
  expect(Object.keys(csv.metrics)).toHaveLength(9);
  expect(csv.rowCount).toBe(8);
  expect(counted.rowCount).toBe(8);
  // The data has planted failures of every kind, so the comparison is not of empty results.
  const failing = Object.fromEntries(csv.tests.map((t) => [t.name, t.failing]));
  expect(failing).toMatchObject({
    'expression(amount >= 0)': 2,
    non_negative_unless_test: 1,
    'unique(order_id, line)': 2,
    'unique(order_id)': 4,
    unique_placed: 2,
    'not_null(status)': 1,
    'accepted_values(status)': 2,
    'range(amount)': 3,
    amount_where: 1,
    'regex(email)': 1,
    'length(email)': 1,
    'relationships(customer_id)': 3,
    orphans_not_shipped: 2,
  });
  if (sampleSize > 0) {
    const byName = Object.fromEntries(csv.tests.map((t) => [t.name, t]));
    expect(byName['expression(amount >= 0)'].sample).toEqual({
      columns: ['order_id', 'line', 'status', 'amount', 'email', 'customer_id', 'updated_at', 'note'],
      rows: [
        [1, 2, 'shipped', -3, 'bad-email', 2, '2020-01-03T10:00:00.000Z', null],
        [3, 1, 'test', -1, 'c@x.io', null, '2020-01-05T10:00:00.000Z', 'y'],
      ],
    });
    expect(byName['accepted_values(status)'].sample).toEqual({ columns: ['value', 'rows'], rows: [['lost', 2]] });
  } else {
    expect(csv.tests.every((t) => t.sample === undefined)).toBe(true);
  }
});

test('the fused statement runs as one statement (no fallback), also when the tests only count rows', async () => {
  const cfg = config();
  const engine = await DuckDBEngine.open(await loadDuckDB({ nodeModules }));
  try {
    for (const name of ['as_csv', 'counted_only']) {
      const ds = cfg.datasets.find((d) => d.name === name)!;
      const relation = await fileRelation(dir, ds.relation as Parameters<typeof fileRelation>[1]);
      const parent = await fileRelation(dir, cfg.datasets.find((d) => d.name === 'customers')!.relation as Parameters<typeof fileRelation>[1]);
      const parentColumns = await engine.describe(parent);
      const plan = planDataset({
        dataset: ds,
        relation,
        columns: await engine.describe(relation),
        parent: () => ({ relation: parent, columns: parentColumns }),
        sampleSize: 3,
        inlineSamples: true,
        fused: { source: relation },
      });
      const runnable = plan.tests.filter((p) => !p.error && p.read);
      expect(runnable.length).toBe(plan.tests.filter((p) => p.read).length);
      const { query, read } = plan.fused(runnable);
      const { scan } = read(rowObject(await engine.run(query)));
      expect(Number(scan.row_count)).toBe(8);
    }
  } finally {
    await engine.close();
  }
});
