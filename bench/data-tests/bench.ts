/**
 * data-tests benchmark (not a test: it prints ratios, it never fails on timing).
 *
 * Generates 10M orders × 8 columns (deterministic: hash-based, the same files on every machine) as
 * CSV and Parquet with a few planted problems, plus 100k customers, and runs the same 20 tests
 * (not_null ×4, unique ×2, accepted_values, range ×3, regex, relationships, row_count, freshness,
 * schema, length ×2, expression ×2, anomaly) three ways, side by side in one run:
 *   ours    the dataops-test CLI bundle under Node 24 (what the action runs): one metadata query,
 *           one aggregate scan, a GROUP BY per uniqueness key, an anti-join, samples on failure;
 *   naive   hand-written DuckDB SQL, one query per test (each reads the file again);
 *   floor   the single best hand-written DuckDB statement computing every answer (the fastest of
 *           two formulations: subqueries DuckDB plans itself, or one read into a materialized CTE).
 * All three must give the same failing counts. Targets: ours within 1.3x of the floor on both
 * formats; on CSV at least 3x faster than naive; our peak memory (max RSS) under 1 GiB.
 *
 * Ours also runs with --memory-limit (default 700MB) to show the cost of bounding DuckDB's memory.
 *
 *   npx tsx bench/data-tests/bench.ts [--rows 10000000] [--runs 1] [--data <dir>] [--formats csv,parquet] [--bounded 700MB]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { node24, repoRoot } from '../../test/harness/paths.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const ROWS = Number(opt('rows', '10000000'));
const RUNS = Number(opt('runs', '1'));
const DATA = path.resolve(opt('data', path.join(os.tmpdir(), `dataops-bench-data-tests-${ROWS}`)));
const FORMATS = opt('formats', 'csv,parquet').split(',') as Array<'csv' | 'parquet'>;
const TIME = '/usr/bin/time';
/** The DuckDB memory limit of the bounded-memory run of ours. */
const BOUNDED = opt('bounded', '700MB');
const here = path.join(repoRoot, 'bench', 'data-tests');

if (spawnSync(TIME, ['--version']).error) {
  console.error('GNU time is needed for peak memory: apt-get install time');
  process.exit(2);
}

/** Deterministic data with planted problems (every `n % prime == k` is a known bad row). */
async function generate(): Promise<void> {
  const marker = path.join(DATA, 'complete');
  if (existsSync(marker)) return;
  rmSync(DATA, { recursive: true, force: true });
  mkdirSync(DATA, { recursive: true });
  console.log(`Generating ${ROWS.toLocaleString('en-US')} orders in ${DATA} …`);
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const started = Date.now();
  await c.run(`CREATE TABLE orders AS SELECT
      CASE WHEN n % 1000003 = 7 THEN n ELSE n + 1 END AS id,
      CASE WHEN n % 2000003 = 11 THEN 'ORD-DUPLICATE' ELSE 'ORD-' || lpad(CAST(n + 1 AS VARCHAR), 9, '0') END AS order_ref,
      CASE WHEN n % 500009 = 3 THEN 100500 ELSE CAST(hash(n * 7) % 100000 AS BIGINT) + 1 END AS customer_id,
      CASE WHEN n % 700001 = 5 THEN 'lost' WHEN n % 900001 = 9 THEN NULL ELSE ['placed', 'shipped', 'delivered', 'returned'][CAST(hash(n * 11) % 4 AS BIGINT) + 1] END AS status,
      CASE WHEN n % 800011 = 13 THEN -1.0 ELSE round(CAST(hash(n * 13) % 100000 AS DOUBLE) / 100.0, 2) END AS amount,
      CASE WHEN n % 600007 = 17 THEN 0 ELSE CAST(hash(n * 17) % 20 AS INTEGER) + 1 END AS quantity,
      CASE WHEN n % 750019 = 19 THEN 'not-an-email' WHEN n % 650011 = 23 THEN NULL ELSE 'user' || (hash(n * 19) % 1000000) || '@example.com' END AS email,
      TIMESTAMP '2024-01-01' + to_seconds(CAST(hash(n * 23) % 31536000 AS BIGINT)) AS created_at
    FROM (SELECT range AS n FROM range(${ROWS}))`);
  await c.run(`CREATE TABLE customers AS SELECT range + 1 AS id, 'Customer ' || (range + 1) AS name FROM range(100000)`);
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  for (const table of ['orders', 'customers']) {
    await c.run(`COPY (SELECT * FROM ${table} ORDER BY 1) TO ${q(path.join(DATA, `${table}.csv`))} (HEADER)`);
    await c.run(`COPY (SELECT * FROM ${table} ORDER BY 1) TO ${q(path.join(DATA, `${table}.parquet`))} (FORMAT parquet)`);
  }
  c.closeSync();
  db.closeSync();
  writeFileSync(marker, '');
  console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function checkFile(format: string): string {
  const file = path.join(DATA, `checks-${format}.yml`);
  writeFileSync(
    file,
    `version: 1
datasets:
  - name: orders
    path: orders.${format}
    tests:
      - row_count: { min: 1000 }
      - freshness: { column: created_at, error_after: { count: 36500, period: day } }
      - schema: { required: [id, order_ref, customer_id, status] }
      - anomaly: { metric: row_count }
      - expression: { expression: "amount * quantity >= 0" }
      - expression: { expression: "quantity <= 20 OR status = 'returned'" }
    columns:
      - name: id
        tests: [not_null, unique]
      - name: order_ref
        tests: [unique, { length: { equals: 13 } }]
      - name: customer_id
        tests: [not_null, { relationships: { to: customers, field: id } }]
      - name: status
        tests: [not_null, { accepted_values: { values: [placed, shipped, delivered, returned] } }]
      - name: amount
        tests: [{ range: { min: 0, max: 1000 } }]
      - name: quantity
        tests: [{ range: { min: 1, max: 20 } }]
      - name: email
        tests: [not_null, { regex: { pattern: "^[^@]+@[^@]+$" } }, { length: { max: 100 } }]
      - name: created_at
        tests: [{ range: { min: "2020-01-01" } }]
  - name: customers
    path: customers.${format}
`,
  );
  return file;
}

interface Measured {
  seconds: number;
  maxRssMiB: number;
  results: Record<string, number>;
}

function measure(command: string[], read: (stdout: string) => Record<string, number>): Measured {
  const run = spawnSync(TIME, ['-f', '%e %M', ...command], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DATAOPS_DUCKDB_NODE_MODULES: path.join(repoRoot, 'node_modules') },
  });
  const timeLine = run.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kb] = timeLine.split(' ').map(Number);
  if (!Number.isFinite(seconds)) throw new Error(`${command.join(' ')} failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
  return { seconds, maxRssMiB: kb / 1024, results: read(run.stdout) };
}

function ours(format: string, memoryLimit?: string): Measured {
  const report = path.join(DATA, `report-${format}.json`);
  const limit = memoryLimit ? ['--memory-limit', memoryLimit] : [];
  return measure(
    [
      node24,
      path.join(repoRoot, 'dist', 'run-data-tests', 'cli', 'index.js'),
      checkFile(format),
      '--no-history',
      '--fail-on',
      'never',
      '--json',
      report,
      ...limit,
    ],
    () => {
      const json = JSON.parse(readFileSync(report, 'utf8')) as {
        datasets: Array<{ rowCount?: number; tests: Array<{ name: string; failing?: number; status: string; message: string }> }>;
      };
      const orders = json.datasets[0];
      const results: Record<string, number> = {};
      for (const t of orders.tests) {
        if (t.status === 'error') throw new Error(`ours: ${t.name} errored: ${t.message}`);
        results[t.name] = t.name === 'row_count' || t.name === 'anomaly(row_count)' ? orders.rowCount! : t.failing!;
      }
      return results;
    },
  );
}

function handWritten(mode: string, format: string): Measured {
  return measure(
    [node24, path.join(here, 'sql-runner.mjs'), mode, format, DATA],
    (stdout) => (JSON.parse(stdout) as { results: Record<string, number> }).results,
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await generate();
const rows: string[] = [];
const verdicts: string[] = [];
for (const format of FORMATS) {
  const samples: Record<string, Measured[]> = { ours: [], [`ours --memory-limit ${BOUNDED}`]: [], naive: [], floor: [], 'floor-materialized': [] };
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so a busy machine slows every contender alike.
    samples.ours.push(ours(format));
    samples[`ours --memory-limit ${BOUNDED}`].push(ours(format, BOUNDED));
    samples.floor.push(handWritten('floor', format));
    samples['floor-materialized'].push(handWritten('floor-materialized', format));
    samples.naive.push(handWritten('naive', format));
  }
  const reference = samples.naive[0].results;
  for (const [name, runs] of Object.entries(samples)) {
    for (const [test, value] of Object.entries(reference)) {
      if (runs[0].results[test] !== value) throw new Error(`${format}: ${name} says ${test} = ${runs[0].results[test]}, naive says ${value}`);
    }
  }
  const time = (name: string) => median(samples[name].map((s) => s.seconds));
  const rss = (name: string) => Math.max(...samples[name].map((s) => s.maxRssMiB));
  const floorName = time('floor') <= time('floor-materialized') ? 'floor' : 'floor-materialized';
  const floor = time(floorName);
  for (const name of Object.keys(samples)) {
    rows.push(
      `| ${format} | ${name}${name === floorName ? ' (floor)' : ''} | ${time(name).toFixed(1)} s | ${(time(name) / floor).toFixed(2)}x | ${rss(name).toFixed(0)} MiB |`,
    );
  }
  verdicts.push(`${format}: ours / floor = ${(time('ours') / floor).toFixed(2)} (target ≤ 1.30) ${time('ours') / floor <= 1.3 ? 'met' : 'MISSED'}`);
  verdicts.push(
    `${format}: naive / ours = ${(time('naive') / time('ours')).toFixed(2)}${format === 'csv' ? ` (target ≥ 3.00) ${time('naive') / time('ours') >= 3 ? 'met' : 'MISSED'}` : ''}`,
  );
  verdicts.push(`${format}: our peak memory ${rss('ours').toFixed(0)} MiB (target < 1024) ${rss('ours') < 1024 ? 'met' : 'MISSED'}`);
  verdicts.push(
    `${format}: with --memory-limit ${BOUNDED}: ${rss(`ours --memory-limit ${BOUNDED}`).toFixed(0)} MiB peak, ${(time(`ours --memory-limit ${BOUNDED}`) / floor).toFixed(2)}x the floor`,
  );
  verdicts.push(
    `${format}: all contenders agree on ${Object.keys(reference).length} results (${Object.entries(reference).filter(([k, v]) => v > 0 && !k.startsWith('row_count') && !k.startsWith('anomaly')).length} tests with planted failures)`,
  );
}

console.log(
  `\n${ROWS.toLocaleString('en-US')} rows × 8 columns, 20 tests, ${RUNS} run(s) each, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}\n`,
);
console.log('| Format | Contender | Time (median) | vs floor | Peak RSS |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
console.log('');
for (const v of verdicts) console.log(v);
