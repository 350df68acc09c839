/**
 * History in a PostgreSQL table (history: table), through the bundle and a real PostgreSQL server
 * (test/services/postgres.ts): the table created on the first run in a source of the check file,
 * one row per run and dataset, learning then an anomaly once enough runs exist (the flagged run
 * recorded as such), a pull request starting from main's rows and comparing with main's latest
 * run, wrong inputs refused before anything is touched, an unusable database only a warning, and
 * the CLI's --history-table.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../../services/postgres.js';
import { pullRequestEvent, pushEvent } from '../../harness/events.js';
import { repoRoot } from '../../harness/paths.js';
import { createRunnerDirs } from '../../harness/run-action.js';
import { csv, ORDERS_HEADER, ordersRows } from '../../fixtures/data-tests/data.js';
import { runDataTestsAction, type DataTestsRunOptions } from './helpers.js';

let server: PostgresServer;
let admin: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client(server.url);
  await admin.connect();
  await admin.query('CREATE SCHEMA quality');
}, 300_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

const CHECK = `version: 1
sources:
  warehouse: { type: postgres, url: \${PG_URL} }
datasets:
  - name: orders
    path: data/current.csv
    tests:
      - anomaly: { metric: row_count, min_history: 5 }
      - change_vs_baseline: { metric: row_count, max_drop: 10% }
  - name: customers
    path: data/customers.csv
    tests: [{ row_count: { min: 1 } }]
`;

/** `copies` times the 20 orders rows, as this run's dataset. */
const ordersCsv = (copies: number) => csv(ORDERS_HEADER, Array.from({ length: copies }, () => ordersRows()).flat());

const withDefaultBranch = <T extends Record<string, unknown>>(event: T): T => {
  (event.repository as { default_branch: string }).default_branch = 'main';
  return event;
};

function run(table: string, copies: number, options: DataTestsRunOptions = {}) {
  return runDataTestsAction(CHECK, {
    eventName: 'push',
    event: withDefaultBranch(pushEvent()),
    ...options,
    env: { PG_URL: server.url, ...options.env },
    files: { 'data/current.csv': ordersCsv(copies) },
    inputs: options.inputs ?? { history: 'table', 'history-table': table },
  });
}

interface Row {
  check_file: string;
  dataset: string;
  run_id: string | null;
  sha: string | null;
  ref: string | null;
  metrics: Record<string, number>;
  anomalies: string[];
}

const rows = async (table: string, dataset = 'orders'): Promise<Row[]> =>
  (await admin.query(`SELECT check_file, dataset, run_id, sha, ref, metrics, anomalies FROM ${table} WHERE dataset = $1 ORDER BY at, id`, [dataset])).rows;

describe('history: table', () => {
  test('the first run creates the table and learns; with enough runs a jump is an anomaly, recorded as one', async () => {
    const first = await run('warehouse.quality.dq_history', 2);
    expect(first.exitCode).toBe(0);
    expect(first.tests['orders/anomaly(row_count)']).toMatchObject({ status: 'pass', message: 'row_count = 40; learning (0 of 5 runs of history needed)' });
    expect(first.tests['orders/change_vs_baseline(row_count)'].message).toBe('row_count = 40; no baseline run yet');
    expect(first.log).toContain('History in table warehouse.quality.dq_history: branch main');
    expect(first.log).toContain('History saved for 2 dataset(s) in table warehouse.quality.dq_history');
    expect(first.warnings).toEqual([]);
    expect(await rows('quality.dq_history')).toEqual([
      { check_file: 'dataops-tests.yml', dataset: 'orders', run_id: '4242', sha: 'c'.repeat(40), ref: 'main', metrics: { row_count: 40 }, anomalies: [] },
    ]);
    expect(await rows('quality.dq_history', 'customers')).toHaveLength(1);

    // Five older runs of main, as earlier runs would have left them.
    for (const [i, n] of [40, 38, 42, 40, 41].entries())
      await admin.query(`INSERT INTO quality.dq_history (check_file, dataset, at, ref, metrics) VALUES ('dataops-tests.yml', 'orders', $1, 'main', $2)`, [
        `2025-06-0${i + 1}T08:00:00Z`,
        { row_count: n },
      ]);

    const jump = await run('warehouse.quality.dq_history', 10);
    const anomaly = jump.tests['orders/anomaly(row_count)'];
    expect(anomaly).toMatchObject({ status: 'fail', failing: 1, threshold: '|robust z| > 3' });
    expect(anomaly.message).toMatch(/^row_count = 200 vs median 40 of 6 runs \(robust z [\d,.]+\)$/);
    expect(jump.tests['orders/change_vs_baseline(row_count)'].message).toBe('row_count = 200 vs 40 on main (+400%)');
    expect(jump.exitCode).toBe(1);
    const history = await rows('quality.dq_history');
    expect(history.map((r) => r.metrics.row_count)).toEqual([40, 38, 42, 40, 41, 40, 200]);
    expect(history[6]).toMatchObject({ ref: 'main', anomalies: ['row_count'] });
  });

  test("a pull request starts from main's rows, compares with main's latest run, and keeps its own rows", async () => {
    const table = 'warehouse.quality.PR history';
    const main = await run(table, 2);
    expect(main.exitCode).toBe(0);

    const prEvent = withDefaultBranch(pullRequestEvent());
    const pr = await run(table, 1, { eventName: 'pull_request', event: prEvent });
    expect(pr.log).toContain('History in table warehouse.quality.PR history: branch feature/orders (starting from main), baselines from main');
    expect(pr.tests['orders/anomaly(row_count)'].message).toBe('row_count = 20; learning (1 of 5 runs of history needed)');
    expect(pr.tests['orders/change_vs_baseline(row_count)']).toMatchObject({
      status: 'fail',
      message: 'row_count = 20 vs 40 on main (-50%)',
      baseline: { baseline: 40, baselineRef: 'main' },
    });
    expect(pr.exitCode).toBe(1);

    const again = await run(table, 1, { eventName: 'pull_request', event: prEvent, env: { GITHUB_RUN_ID: '4243' } });
    expect(again.tests['orders/anomaly(row_count)'].message).toBe('row_count = 20; learning (2 of 5 runs of history needed)');
    expect(again.tests['orders/change_vs_baseline(row_count)'].message).toBe('row_count = 20 vs 40 on main (-50%)');
    expect((await rows('quality."PR history"')).map((r) => [r.ref, r.metrics.row_count])).toEqual([
      ['main', 40],
      ['feature/orders', 20],
      ['feature/orders', 20],
    ]);

    // main's next run does not see the pull request's rows.
    const next = await run(table, 2);
    expect(next.tests['orders/anomaly(row_count)'].message).toBe('row_count = 40; learning (1 of 5 runs of history needed)');
  });

  test.each([
    [{ history: 'table' }, "Input 'history-table' is required when 'history' is table"],
    [{ history: 'table', 'history-table': 'quality.dq' }, `Input 'history-table' has invalid value "quality.dq": source 'quality' is not a PostgreSQL source`],
    [
      { history: 'table', 'history-table': 'warehouse' },
      `Input 'history-table' has invalid value "warehouse": expected <source>.<schema>.<table> or <source>.<table>`,
    ],
    [{ history: 'table', 'history-table': 'wherehouse.quality.refused' }, '(declared PostgreSQL sources: warehouse)'],
    [
      { history: 'cache', 'history-table': 'warehouse.quality.refused' },
      `Input 'history' has invalid value "cache": expected table when 'history-table' is set`,
    ],
  ])('%j fails before anything is touched', async (inputs, message) => {
    const result = await run('', 2, { inputs });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain(message);
    expect(result.log).not.toContain('Testing orders');
    expect((await admin.query(`SELECT to_regclass('quality.refused') IS NULL AS absent`)).rows[0].absent).toBe(true);
  });

  test('a database it cannot use is a warning: the tests run and pass, nothing is recorded', async () => {
    const result = await run('warehouse.quality.unreachable', 2, { env: { PG_URL: server.urlFor(server.database, { password: 'not-the-password' }) } });
    expect(result.exitCode).toBe(0);
    expect(result.report?.result).toBe('pass');
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Could not read the history table warehouse\.quality\.unreachable: cannot connect to PostgreSQL: /),
    ]);
    expect(result.log).not.toContain('not-the-password');
    expect(result.log).not.toContain('History saved');
  });
});

describe('dataops-test --history-table', () => {
  function runCli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'run-data-tests', 'cli', 'index.js'), ...args], {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: mkdtempSync(path.join(os.tmpdir(), 'dq-cli-home-')), PG_URL: server.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
  }

  test('two runs from a laptop: rows without a branch, the second run compared with the first', async () => {
    const dirs = createRunnerDirs();
    const check = `version: 1
sources:
  warehouse: { type: postgres, url: \${PG_URL} }
datasets:
  - name: orders
    path: orders.csv
    tests: [{ change_vs_baseline: { metric: row_count, max_increase: 10% } }]
`;
    writeFileSync(path.join(dirs.workspace, 'dataops-tests.yml'), check);
    writeFileSync(path.join(dirs.workspace, 'orders.csv'), ordersCsv(1));
    const first = await runCli(['--history-table', 'warehouse.quality.cli_history'], dirs.workspace);
    expect(first.stderr).not.toContain('warning');
    expect(first.code).toBe(0);
    writeFileSync(path.join(dirs.workspace, 'orders.csv'), ordersCsv(2));
    const second = await runCli(['--history-table', 'warehouse.quality.cli_history'], dirs.workspace);
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('row_count = 40 vs 20 in the previous run (+100%)');
    expect((await rows('quality.cli_history')).map((r) => [r.ref, r.run_id, r.metrics.row_count])).toEqual([
      [null, null, 20],
      [null, null, 40],
    ]);

    const wrong = await runCli(['--history-table', 'nowhere.t'], dirs.workspace);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `--history-table has invalid value "nowhere.t": source 'nowhere' is not a PostgreSQL source of dataops-tests.yml (declared PostgreSQL sources: warehouse)`,
    );
    const usage = await runCli(['--history-table', 'warehouse.t', '--no-history'], dirs.workspace);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--history-table and --no-history together');
  });
});
