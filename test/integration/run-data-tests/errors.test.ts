/**
 * Bad input gives a clear one-line error naming the dataset/test and the check file line, and
 * nothing is lost: the other tests and datasets still run and report. A test that cannot run is
 * an ERROR (with the database's message), distinct from a failing test.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { node24, repoRoot } from '../../harness/paths.js';
import { outcomes, runDataTestsAction } from './helpers.js';

describe('run-data-tests errors', () => {
  test('per-test and per-dataset errors, each with its line; the rest still runs', async () => {
    const check = `version: 1
datasets:
  - name: orders
    path: data/orders.csv
    tests:
      - not_nul
      - sql: { name: broken_sql, query: "selec * from {{ dataset }}" }
      - expression: { expression: "no_such_column > 0" }
      - row_count: { min: 1, maxx: 3 }
    columns:
      - name: nope
        tests: [not_null]
      - name: amount
        tests: [{ regex: { pattern: "(" } }]
      - name: order_id
        tests: [not_null]
  - name: empty
    path: data/empty/*.parquet
    columns: [{ name: x, tests: [not_null] }]
  - name: missing
    path: data/nope.csv
    columns: [{ name: x, tests: [not_null] }]
  - name: corrupt
    path: data/corrupt.parquet
    columns: [{ name: x, tests: [not_null] }]
  - name: not_gzip
    path: data/junk.csv.gz
    columns: [{ name: x, tests: [not_null] }]
  - name: customers
    path: data/customers.csv
    columns: [{ name: id, tests: [unique] }]
`;
    const run = await runDataTestsAction(check, { files: { 'data/junk.csv.gz': 'this is not gzip data\n' } });
    expect(run.exitCode).toBe(1);
    expect(outcomes(run)).toEqual({
      'orders/not_nul': 'error',
      'orders/broken_sql': 'error',
      'orders/expression(no_such_column > 0)': 'error',
      'orders/row_count': 'error',
      'orders/not_null(nope)': 'error',
      'orders/regex(amount)': 'error',
      'orders/not_null(order_id)': 'fail 1',
      'empty/not_null(x)': 'error',
      'missing/not_null(x)': 'error',
      'corrupt/not_null(x)': 'error',
      'not_gzip/not_null(x)': 'error',
      'customers/unique(id)': 'pass 0',
    });
    const t = run.tests;
    expect(t['orders/not_nul']).toMatchObject({
      message: expect.stringMatching(/^unknown test 'not_nul' \(known tests: not_null, unique, /),
      location: { line: 6, column: 9 },
    });
    expect(t['orders/broken_sql'].message).toMatch(/^Parser Error: syntax error at or near /);
    expect(t['orders/expression(no_such_column > 0)'].message).toMatch(/^Binder Error: Referenced column "no_such_column" not found/);
    expect(t['orders/row_count']).toMatchObject({ message: expect.stringMatching(/^unknown key 'maxx'/), location: { line: 9, column: 30 } });
    expect(t['orders/not_null(nope)'].message).toBe(
      "column 'nope' does not exist in orders (columns: order_id, status, amount, email, customer_id, updated_at, code)",
    );
    expect(t['orders/regex(amount)'].message).toMatch(/missing \)|Invalid Input Error/i);
    expect(t['empty/not_null(x)'].message).toBe(`path data/empty/*.parquet matched no files (relative to ${run.dirs.workspace})`);
    expect(t['missing/not_null(x)'].message).toBe(`file data/nope.csv does not exist (looked in ${run.dirs.workspace})`);
    expect(t['corrupt/not_null(x)'].message).toMatch(/corrupt\.parquet/);
    expect(t['not_gzip/not_null(x)'].message).toMatch(/junk\.csv\.gz|gzip|GZIP/i);
    const byDataset = Object.fromEntries(run.report!.datasets.map((d) => [d.name, d.error]));
    expect(byDataset.empty).toMatch(/matched no files/);
    expect(byDataset.orders).toBeUndefined();
    expect(run.outputs).toMatchObject({ result: 'fail', errored: '10', failed: '1', passed: '1' });
    // Each error is an annotation at its line, titled with dataset and test.
    const notNul = run.annotations.find((a) => a.properties.title === 'orders: not_nul could not run');
    expect(notNul).toMatchObject({ level: 'error', properties: { file: 'dataops-tests.yml', line: '6' } });
    expect(run.summary).toContain('### 💥 empty: 1 errored');
    expect(run.summary).toContain('> **Could not be read:** path data/empty/\\*.parquet matched no files');
  });

  // Root reads any file: as root, the step runs as `nobody`, like a runner's own user. That needs a
  // checkout other users can read (not one under a private home folder).
  const NOBODY = { uid: 65534, gid: 65534 };
  const asRoot = process.getuid?.() === 0;
  const nobodyCanRun =
    asRoot &&
    spawnSync(node24, ['-e', `require('fs').accessSync(${JSON.stringify(path.join(repoRoot, 'dist', 'run-data-tests', 'index.js'))})`], NOBODY).status === 0;
  (asRoot && !nobodyCanRun ? test.skip : test)('an unreadable file names itself', async () => {
    const run = await runDataTestsAction('version: 1\ndatasets:\n  - name: o\n    path: data/*.csv\n    tests: [{ row_count: { min: 1 } }]\n', {
      files: { 'data/locked.csv': 'a\n1\n' },
      prepare: (workspace) => chmodSync(path.join(workspace, 'data', 'locked.csv'), 0o000),
      ...(asRoot ? { user: NOBODY } : {}),
    });
    expect(run.tests['o/row_count'].message).toBe('cannot read data/locked.csv: permission denied');
  });

  test.each([
    ['malformed YAML', 'version: 1\ndatasets:\n  - name: orders\n    path: [data/orders.csv\n', /^run-data-tests: dataops-tests\.yml:\d+:\d+: invalid YAML: /],
    [
      'an unknown top-level key',
      'version: 1\ndatasetz: []\n',
      /^run-data-tests: dataops-tests\.yml:2:1: unknown key 'datasetz' \(allowed: version, sources, dbt, datasets\)$/,
    ],
    ['a wrong version', 'version: 2\ndatasets: []\n', /^run-data-tests: dataops-tests\.yml:1:10: 'version' must be 1$/],
    [
      'a missing environment variable',
      'version: 1\nsources:\n  w: { type: postgres, url: "${NO_SUCH_VAR}" }\ndatasets: []\n',
      /^run-data-tests: dataops-tests\.yml:3:29: environment variable NO_SUCH_VAR is not set\nSet it in the step's env:/,
    ],
  ])('%s stops the run with one error naming the line, and writes nothing', async (_, check, message) => {
    const run = await runDataTestsAction(check);
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(message);
    expect(Object.keys(run.outputs)).toEqual(['metrics']);
    expect(run.summary).toBe('');
  });

  test('a missing check file and an unknown dataset input say so', async () => {
    const missing = await runDataTestsAction('version: 1\n', { inputs: { config: 'checks/nope.yml' } });
    expect(missing.errors).toEqual([`run-data-tests: Cannot read the check file ${path.join(missing.dirs.workspace, 'checks', 'nope.yml')}: no such file`]);
    const unknown = await runDataTestsAction('version: 1\ndatasets:\n  - { name: orders, path: data/orders.csv }\n', { inputs: { datasets: 'orders, custs' } });
    expect(unknown.errors).toEqual(["run-data-tests: Input 'datasets' names custs, not in dataops-tests.yml (datasets: orders)"]);
  });

  test.each([
    ['fail-on', 'sometimes', 'Input \'fail-on\' has invalid value "sometimes": expected one of error, warn, never'],
    ['sample-size', '-1', 'Input \'sample-size\' has invalid value "-1": expected an integer from 0 to 100'],
    ['history', 'cloud', 'Input \'history\' has invalid value "cloud": expected one of cache, path, table, none'],
    ['duckdb-memory-limit', 'lots', 'Input \'duckdb-memory-limit\' has invalid value "lots": expected a size such as 512MB or 2GB'],
  ])('input %s=%j is rejected before anything runs', async (input, value, message) => {
    const run = await runDataTestsAction('version: 1\n', { inputs: { [input]: value } });
    expect(run.errors).toEqual([`run-data-tests: ${message}`]);
    expect(run.summary).toBe('');
  });

  test('data values cannot inject workflow commands or HTML', async () => {
    const hostile = 'id,status\n1,"::error title=owned::pwned"\n2,"<img src=x onerror=alert(1)> @octocat"\n3,"::add-mask::placed"\n';
    const run = await runDataTestsAction(
      'version: 1\ndatasets:\n  - name: h\n    path: data/hostile.csv\n    columns: [{ name: status, tests: [{ accepted_values: { values: [placed] } }] }]\n',
      {
        files: { 'data/hostile.csv': hostile },
      },
    );
    expect(run.tests['h/accepted_values(status)']).toMatchObject({ status: 'fail', failing: 3 });
    expect(run.annotations.filter((a) => a.properties.title === 'owned')).toEqual([]);
    expect(run.masks).not.toContain('placed');
    const outsideCode = run.summary.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');
    expect(outsideCode).not.toContain('<img');
    expect(outsideCode).not.toContain('@octocat');
  });
});
