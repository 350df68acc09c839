/**
 * History and anomalies without a cloud, through the bundle: a history folder (history: path) that
 * grows by one JSON line per run and dataset, robust z-score anomalies once min_history runs exist
 * (the flagged run kept out of later training), and the Actions cache (the fake results service):
 * a push to main saves per branch and dataset, a pull request starts from main's history and
 * compares change_vs_baseline with main's latest run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeActionsResults } from '../../fakes/actions-results/server.js';
import { pullRequestEvent, pushEvent } from '../../harness/events.js';
import { createRunnerDirs } from '../../harness/run-action.js';
import { historyFileName } from '#shared/data-tests/history.js';
import { csv, ORDERS_HEADER, ordersRows } from '../../fixtures/data-tests/data.js';
import { runDataTestsAction } from './helpers.js';

const ANOMALY = `version: 1
datasets:
  - name: orders
    path: data/current.csv
    tests:
      - anomaly: { metric: row_count, min_history: 5 }
      - anomaly: { metric: null_rate, column: email, min_history: 5 }
`;

/** `rows` copies of the orders rows (20 each), as the dataset of this run. */
const ordersCsv = (copies: number) => csv(ORDERS_HEADER, Array.from({ length: copies }, () => ordersRows()).flat());

function seed(dir: string, values: number[]): void {
  mkdirSync(dir, { recursive: true });
  const lines = values.map((v, i) =>
    JSON.stringify({ at: `2025-06-0${i + 1}T08:00:00.000Z`, metrics: { row_count: v, 'null_rate:email': 0.1 }, anomalies: [] }),
  );
  writeFileSync(path.join(dir, historyFileName('orders')), `${lines.join('\n')}\n`);
}

const historyLines = (dir: string) =>
  readFileSync(path.join(dir, historyFileName('orders')), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('history and anomalies', () => {
  test('history: path — learning, then a jump is an anomaly with a chart, and is left out of later training', async () => {
    const dirs = createRunnerDirs();
    const historyDir = path.join(dirs.workspace, 'dq-history');
    seed(historyDir, [40, 40, 38, 42, 40, 41]);

    const normal = await runDataTestsAction(ANOMALY, {
      dirs,
      files: { 'data/current.csv': ordersCsv(2) },
      inputs: { history: 'path', 'history-path': 'dq-history' },
    });
    expect(normal.tests['orders/anomaly(row_count)']).toMatchObject({ status: 'pass', message: 'row_count = 40 vs median 40 of 6 runs (robust z 0)' });
    expect(historyLines(historyDir)).toHaveLength(7);
    expect(historyLines(historyDir)[6]).toMatchObject({
      metrics: { row_count: 40, 'null_rate:email': 0.1 },
      anomalies: [],
      runId: '4242',
      sha: 'c'.repeat(40),
      ref: 'main',
    });

    const jump = await runDataTestsAction(ANOMALY, {
      dirs,
      files: { 'data/current.csv': ordersCsv(10) },
      inputs: { history: 'path', 'history-path': 'dq-history' },
    });
    const anomaly = jump.tests['orders/anomaly(row_count)'];
    expect(anomaly).toMatchObject({ status: 'fail', failing: 1, threshold: '|robust z| > 3' });
    expect(anomaly.message).toMatch(/^row_count = 200 vs median 40 of 7 runs \(robust z [\d,.]+\)$/);
    expect(anomaly.anomaly).toMatchObject({ metric: 'row_count', value: 200, median: 40, historyUsed: 7, minHistory: 5 });
    expect(jump.tests['orders/anomaly(null_rate(email))'].status).toBe('pass');
    expect(jump.exitCode).toBe(1);
    expect(jump.summary).toContain('```mermaid\nxychart-beta\n  title "orders: row_count (z ');
    expect(jump.summary).toContain('  line [40, 40, 38, 42, 40, 41, 40, 200]');
    expect(historyLines(historyDir)[7]).toMatchObject({ metrics: { row_count: 200 }, anomalies: ['row_count'] });

    // Back to normal: the flagged 200 is not part of the training set, so the median stays 40.
    const back = await runDataTestsAction(ANOMALY, {
      dirs,
      files: { 'data/current.csv': ordersCsv(2) },
      inputs: { history: 'path', 'history-path': 'dq-history' },
    });
    expect(back.tests['orders/anomaly(row_count)']).toMatchObject({ status: 'pass', message: 'row_count = 40 vs median 40 of 7 runs (robust z 0)' });
    expect(back.summary).toMatch(/x-axis \[.*\(!\)", "▶ now"\]/);
  });

  test('freshness_lag: the age of the newest row is a metric too; data three hours old after runs a minute behind is an anomaly', async () => {
    const dirs = createRunnerDirs();
    const historyDir = path.join(dirs.workspace, 'dq-history');
    mkdirSync(historyDir, { recursive: true });
    const lags = [60, 62, 58, 61, 59, 60];
    const lines = lags.map((lag, i) => JSON.stringify({ at: `2025-06-0${i + 1}T08:00:00.000Z`, metrics: { 'freshness_lag:updated_at': lag }, anomalies: [] }));
    writeFileSync(path.join(historyDir, historyFileName('orders')), `${lines.join('\n')}\n`);
    const check = `version: 1
datasets:
  - name: orders
    path: data/current.csv
    tests:
      - anomaly: { metric: freshness_lag, column: updated_at, min_history: 5 }
`;
    const run = await runDataTestsAction(check, {
      dirs,
      files: { 'data/current.csv': ordersCsv(1) },
      inputs: { history: 'path', 'history-path': 'dq-history' },
    });
    const test = run.tests['orders/anomaly(freshness_lag(updated_at))'];
    expect(test?.status).toBe('fail');
    const recorded = historyLines(historyDir)[6].metrics['freshness_lag:updated_at'];
    // The fixture's newest row is three hours old when the files are written.
    expect(recorded).toBeGreaterThanOrEqual(3 * 3600 - 5);
    expect(recorded).toBeLessThan(3 * 3600 + 600);
  });

  test('min_history: an anomaly test cannot fail before enough runs exist', async () => {
    const dirs = createRunnerDirs();
    seed(path.join(dirs.workspace, 'h'), [40, 40]);
    const run = await runDataTestsAction(ANOMALY, { dirs, files: { 'data/current.csv': ordersCsv(50) }, inputs: { history: 'path', 'history-path': 'h' } });
    expect(run.tests['orders/anomaly(row_count)']).toMatchObject({ status: 'pass', message: 'row_count = 1,000; learning (2 of 5 runs of history needed)' });
    expect(run.exitCode).toBe(0);
  });

  test('history: cache — main saves per branch and dataset; a pull request starts from it and compares with main', async () => {
    const check = `version: 1
datasets:
  - name: orders
    path: data/current.csv
    tests:
      - change_vs_baseline: { metric: row_count, max_drop: 10% }
      - anomaly: { metric: row_count }
  - name: customers
    path: data/customers.csv
    tests: [{ row_count: { min: 1 } }]
`;
    const main = await startFakeActionsResults({ ref: 'refs/heads/main' });
    try {
      const first = await runDataTestsAction(check, {
        eventName: 'push',
        event: pushEvent(),
        env: main.env,
        files: { 'data/current.csv': ordersCsv(2) },
        inputs: { history: 'cache' },
      });
      expect(first.exitCode).toBe(0);
      expect(first.tests['orders/change_vs_baseline(row_count)'].message).toBe('row_count = 40; no baseline run yet');
      expect(first.log).toContain('History restored for 0 of 2 dataset(s)');
      expect(first.log).toContain('History saved for 2 dataset(s)');
      expect(main.caches.map((c) => [c.key.replace(/-[0-9a-f]{16}-/, '-<id>-'), c.scope])).toEqual([
        ['dataops-tests-history-v1-<id>-main-4242-1', 'refs/heads/main'],
        ['dataops-tests-history-v1-<id>-main-4242-1', 'refs/heads/main'],
      ]);
      const metrics = JSON.parse(first.outputs.metrics);
      expect(metrics.phases.map((p: { name: string }) => p.name)).toEqual(['load-config', 'history', 'history', 'scan', 'history', 'history', 'report']);

      // A pull request from feature/orders into main: its job may read main's caches, and saves its own.
      const prEnv = main.envFor({ ref: 'refs/pull/7/merge', restoreScopes: ['refs/heads/main'] });
      const prEvent = pullRequestEvent();
      prEvent.repository.default_branch = 'main';
      const pr = await runDataTestsAction(check, {
        eventName: 'pull_request',
        event: prEvent,
        env: prEnv,
        files: { 'data/current.csv': ordersCsv(1) },
        inputs: { history: 'cache' },
      });
      expect(pr.log).toContain('History restored for 2 of 2 dataset(s); base branch main baselines for 2');
      expect(pr.tests['orders/change_vs_baseline(row_count)']).toMatchObject({
        status: 'fail',
        message: 'row_count = 20 vs 40 on main (-50%)',
        threshold: 'drop ≤ 10%',
        baseline: { metric: 'row_count', value: 20, baseline: 40, changePercent: -50, baselineRef: 'main' },
      });
      expect(pr.exitCode).toBe(1);
      const prCaches = main.caches.filter((c) => c.scope === 'refs/pull/7/merge').map((c) => c.key.replace(/-[0-9a-f]{16}-/, '-<id>-'));
      expect(prCaches).toEqual(['dataops-tests-history-v1-<id>-feature/orders-4242-1', 'dataops-tests-history-v1-<id>-feature/orders-4242-1']);

      // The next push to the pull request continues from its own history (two runs now).
      const again = await runDataTestsAction(check, {
        eventName: 'pull_request',
        event: prEvent,
        env: { ...prEnv, GITHUB_RUN_ID: '4243' },
        files: { 'data/current.csv': ordersCsv(1) },
        inputs: { history: 'cache' },
      });
      expect(again.tests['orders/anomaly(row_count)'].message).toBe('row_count = 20; learning (2 of 7 runs of history needed)');
      expect(again.tests['orders/change_vs_baseline(row_count)'].message).toBe('row_count = 20 vs 40 on main (-50%)');
    } finally {
      await main.close();
    }
  });
});
