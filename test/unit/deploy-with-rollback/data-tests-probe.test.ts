/**
 * The data-tests health check through the shared engine (DuckDB over CSV): failing tests are a
 * failure, tests that cannot run are an error (nothing measured), and a passing run is healthy.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataTestsHealthCheck } from '../../../shared/src/deploy/data-tests-probe.js';
import { repoRoot } from '../../harness/paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dwr-data-tests-'));
const config = path.join(dir, 'checks.yml');
writeFileSync(
  config,
  `version: 1
datasets:
  - name: orders
    path: \${DATA_DIR}/orders-\${DEPLOY_SHA}.csv
    columns:
      - name: order_id
        tests: [not_null, unique]
`,
);
writeFileSync(path.join(dir, 'orders-good.csv'), 'order_id\n1\n2\n');
writeFileSync(path.join(dir, 'orders-bad.csv'), 'order_id\n1\n1\n');

beforeAll(() => {
  process.env.DATAOPS_DUCKDB_NODE_MODULES = path.join(repoRoot, 'node_modules');
  process.env.DATA_DIR = dir;
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(() => {
  delete process.env.DATAOPS_DUCKDB_NODE_MODULES;
  delete process.env.DATA_DIR;
});

const probe = (sha: string, configPath = config) => dataTestsHealthCheck({ configPath, displayRoot: dir, env: { DEPLOY_SHA: sha } }).probe({ round: 1 });

test('runs once, after the bake period', () => {
  expect(dataTestsHealthCheck({ configPath: config, displayRoot: dir, env: {} })).toMatchObject({ name: 'data-tests', target: 'checks.yml', once: true });
});

test('passing data is healthy; the deployment SHA reaches the check file', async () => {
  expect(await probe('good')).toMatchObject({ outcome: 'success', detail: '2 data test(s) passed' });
});

test('failing data is a failure naming the tests', async () => {
  expect(await probe('bad')).toMatchObject({ outcome: 'failure', detail: '1 of 2 data test(s) failed: orders.unique(order_id)' });
});

test('data that cannot be read is an error, not a failure', async () => {
  const result = await probe('missing');
  expect(result.outcome).toBe('error');
  expect(result.detail).toMatch(/^2 data test\(s\) could not run \(orders\.not_null\(order_id\), orders\.unique\(order_id\)\): .*does not exist/);
});

test('a check file that cannot be used is an error', async () => {
  const result = await probe('good', path.join(dir, 'nope.yml'));
  expect(result).toMatchObject({ outcome: 'error' });
  expect(result.detail).toMatch(/^the check file could not be used: /);
});
