/**
 * Check-file loading: every test type normalizes, mistakes name file:line:column, a mistake in one
 * test or dataset spoils only that one, env values are interpolated and masked, dbt spellings work.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, parseConfig, ConfigError } from '#shared/data-tests/config.js';
import type { DataTestConfig } from '#shared/data-tests/model.js';

const parse = (text: string, env: Record<string, string> = {}) => parseConfig(text, { file: 'dataops-tests.yml', baseDir: '/repo', env });

function catchConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const ISSUE_EXAMPLE = `version: 1
sources:
  warehouse: { type: postgres, url: \${PG_URL} }
datasets:
  - name: orders
    path: data/orders/*.parquet
    tests:
      - row_count: { min: 1000 }
      - freshness: { column: updated_at, warn_after: 6h, error_after: 24h }
      - schema: { required: [order_id], types: { amount: decimal }, forbid_extra: false }
      - anomaly: { metric: row_count, sensitivity: 3, min_history: 7 }
      - sql: { name: no_negative_totals, query: "select * from {{ dataset }} where total < 0" }
    columns:
      - name: order_id
        tests: [not_null, unique]
      - name: status
        tests: [{ accepted_values: { values: [placed, shipped, returned], warn_if: ">0", error_if: ">1%" } }]
      - name: customer_id
        tests: [{ relationships: { to: customers, field: id, severity: warn } }]
      - name: email
        tests: [{ regex: { pattern: "^[^@]+@[^@]+$" } }, { not_null: { error_if: ">0.5%" } }]
  - name: customers
    source: warehouse
    table: public.customers
    columns:
      - name: id
        tests: [unique, not_null]
`;

describe('check file loading', () => {
  test('the issue example loads: every test normalized with its line', () => {
    const config = parse(ISSUE_EXAMPLE, { PG_URL: 'postgres://app:s3cr3t-pw@db:5432/shop' });
    expect(config.sources.warehouse).toMatchObject({ type: 'postgres', url: 'postgres://app:s3cr3t-pw@db:5432/shop' });
    expect(config.secrets).toEqual(expect.arrayContaining(['postgres://app:s3cr3t-pw@db:5432/shop', 's3cr3t-pw']));
    const [orders, customers] = config.datasets;
    expect(orders.relation).toEqual({ kind: 'files', pattern: 'data/orders/*.parquet', format: 'parquet', delimiter: undefined, header: undefined });
    expect(customers).toMatchObject({ source: 'warehouse', relation: { kind: 'table', parts: ['public', 'customers'] } });
    const byName = Object.fromEntries(orders.tests.map((t) => [t.name, t]));
    expect(Object.keys(byName)).toEqual([
      'row_count',
      'freshness(updated_at)',
      'schema',
      'anomaly(row_count)',
      'no_negative_totals',
      'not_null(order_id)',
      'unique(order_id)',
      'accepted_values(status)',
      'relationships(customer_id)',
      'regex(email)',
      'not_null(email)',
    ]);
    expect(orders.tests.every((t) => !t.invalid)).toBe(true);
    expect(byName['row_count'].location).toEqual({ file: 'dataops-tests.yml', line: 8, column: 9 });
    expect(byName['freshness(updated_at)'].spec).toEqual({ type: 'freshness', column: 'updated_at', warnAfterMs: 6 * 3_600_000, errorAfterMs: 24 * 3_600_000 });
    expect(byName['accepted_values(status)'].thresholds).toMatchObject({
      severity: 'error',
      warnIf: { op: '>', value: 0, percent: false },
      errorIf: { op: '>', value: 1, percent: true },
    });
    expect(byName['accepted_values(status)'].location.line).toBe(17);
    expect(byName['relationships(customer_id)']).toMatchObject({ spec: { to: 'customers', field: 'id' }, thresholds: { severity: 'warn' } });
    expect(byName['not_null(email)'].thresholds.errorIf).toMatchObject({ value: 0.5, percent: true });
    expect(byName['anomaly(row_count)'].spec).toEqual({
      type: 'anomaly',
      metric: { name: 'row_count' },
      sensitivity: 3,
      minHistory: 7,
      window: 30,
      direction: 'both',
    });
    expect(customers.tests.map((t) => t.name)).toEqual(['unique(id)', 'not_null(id)']);
  });

  test('an unknown key inside a test is reported at its own line and column, and only that test is invalid', () => {
    const config = parse(`version: 1
datasets:
  - name: orders
    path: orders.csv
    tests:
      - row_count: { min: 1, maxx: 5 }
      - row_count: { min: 1 }
`);
    const [bad, good] = config.datasets[0].tests;
    expect(bad.invalid).toBe("unknown key 'maxx' (allowed: min, max, equals, name, description, severity, warn_if, error_if, where, arguments, config)");
    expect(bad.location).toEqual({ file: 'dataops-tests.yml', line: 6, column: 30 });
    expect(good.invalid).toBeUndefined();
  });

  test('an unknown test name lists the known ones and points at the name', () => {
    const config = parse(`version: 1
datasets:
  - name: orders
    path: orders.csv
    columns:
      - name: id
        tests:
          - not_nul
          - { uniq: {} }
`);
    const [a, b] = config.datasets[0].tests;
    expect(a.invalid).toMatch(/^unknown test 'not_nul' \(known tests: not_null, unique, /);
    expect(a.location).toMatchObject({ line: 8, column: 13 });
    expect(b.invalid).toMatch(/^unknown test 'uniq' \(known tests: not_null, unique, accepted_values/);
    expect(b.location).toMatchObject({ line: 9, column: 15 });
  });

  test('an unknown top-level key stops the load with file:line:column', () => {
    const err = catchConfigError(() => parse('version: 1\ndatasetz: []\n'));
    expect(err.message).toBe("dataops-tests.yml:2:1: unknown key 'datasetz' (allowed: version, sources, dbt, datasets)");
  });

  test('a dataset-level mistake spoils only that dataset', () => {
    const config = parse(`version: 1
datasets:
  - name: a
    path: a.csv
    colums: []
    tests: [{ row_count: { min: 1 } }]
  - name: b
    path: b.csv
    tests: [{ row_count: { min: 1 } }]
`);
    expect(config.datasets[0].invalid).toMatch(/^unknown key 'colums'/);
    expect(config.datasets[1].invalid).toBeUndefined();
  });

  test('malformed YAML names the line', () => {
    const err = catchConfigError(() => parse('version: 1\ndatasets: [\n  - name: x\n'));
    expect(err.message).toMatch(/^dataops-tests\.yml:\d+:\d+: invalid YAML: /);
  });

  test('duplicate keys are YAML errors', () => {
    expect(catchConfigError(() => parse('version: 1\nversion: 1\n')).message).toMatch(/^dataops-tests\.yml:2:1: invalid YAML: Map keys must be unique/);
  });

  test('a missing environment variable names itself and the line; defaults and $${ escapes work', () => {
    const err = catchConfigError(() => parse('version: 1\nsources:\n  w: { type: postgres, url: "${NOPE}" }\n'));
    expect(err.message).toBe('dataops-tests.yml:3:29: environment variable NOPE is not set');
    const config = parse(
      `version: 1
datasets:
  - name: x
    path: "\${DATA_DIR:-data}/x.csv"
    tests: [{ expression: { expression: "note <> '$\${literal}'" } }]
`,
      {},
    );
    expect(config.datasets[0].relation).toMatchObject({ pattern: 'data/x.csv' });
    expect(config.datasets[0].tests[0].spec).toEqual({ type: 'expression', expression: "note <> '${literal}'" });
    expect(config.secrets).toEqual([]);
  });

  test("dbt's data_tests, arguments and config spellings", () => {
    const config = parse(`version: 1
datasets:
  - name: orders
    path: o.parquet
    data_tests:
      - dbt_utils.unique_combination_of_columns:
          arguments: { combination_of_columns: [order_id, line] }
      - dbt_utils.expression_is_true:
          arguments: { expression: "total >= 0" }
          config: { severity: warn, where: "status <> 'test'" }
    columns:
      - name: status
        data_tests:
          - accepted_values:
              arguments:
                values: [a, b]
              config:
                error_if: ">10"
                warn_if: ">0"
      - name: customer_id
        data_tests:
          - relationships: { arguments: { to: "ref('customers')", field: id } }
          - dbt_utils.not_null_proportion: { arguments: { at_least: 0.95 } }
          - not_null: { config: { enabled: false } }
  - name: customers
    path: c.parquet
`);
    const tests = config.datasets[0].tests;
    expect(tests.map((t) => [t.name, t.invalid])).toEqual([
      ['unique(order_id, line)', undefined],
      ['expression(total >= 0)', undefined],
      ['accepted_values(status)', undefined],
      ['relationships(customer_id)', undefined],
      ['not_null(customer_id)', undefined],
    ]);
    expect(tests[1]).toMatchObject({ thresholds: { severity: 'warn' }, where: "status <> 'test'" });
    expect(tests[2].thresholds.errorIf).toMatchObject({ op: '>', value: 10 });
    expect(tests[3].spec).toMatchObject({ to: 'customers', field: 'id' });
    expect(tests[4].thresholds.errorIf).toMatchObject({ op: '>', value: 5, percent: true });
  });

  test.each([
    ['accepted_values', '{ accepted_values: { values: [] } }', /values/],
    ['range without bounds', '{ range: {} }', /range needs 'min' or 'max'/],
    ['range min > max', '{ range: { min: 5, max: 1 } }', /min 5 is greater than max 1/],
    ['length', '{ length: {} }', /length needs 'min', 'max' or 'equals'/],
    ['freshness', '{ freshness: {} }', /freshness needs 'warn_after' or 'error_after'/],
    ['bad duration', '{ freshness: { error_after: 5 minutes } }', /error_after/],
    ['bad condition', '{ not_null: { error_if: "more than 3" } }', /error_if/],
    ['anomaly metric', '{ anomaly: { metric: bogus } }', /'metric' must be one of "row_count", "null_rate"/],
    ['anomaly column twice', '{ anomaly: { metric: mean, column: c } }', /'column' is implied under a column/],
    ['row_count under a column', '{ row_count: { min: 1 } }', /row_count is a dataset-level test/],
  ])('%s mistakes make the test invalid with a reason', (_, entry, message) => {
    const config = parse(`version: 1
datasets:
  - name: x
    path: x.csv
    columns:
      - name: c
        tests:
          - ${entry}
`);
    const test = config.datasets[0].tests[0];
    expect(test.invalid).toMatch(message);
    expect(test.location.line).toBe(8);
  });

  test('dataset shape errors: path and table, table without source, unknown source, unknown format', () => {
    const config = parse(`version: 1
sources:
  w: { type: postgres, url: "postgres://localhost/db" }
datasets:
  - { name: a, path: a.csv, table: t, source: w }
  - { name: b, table: t }
  - { name: c, table: t, source: nope }
  - { name: d, path: d.xlsx }
  - { name: e }
  - { name: a, path: a2.csv }
`);
    const invalid = config.datasets.map((d) => d.invalid);
    expect(invalid[0]).toMatch(/has both 'path' and 'table'/);
    expect(invalid[1]).toMatch(/names a table but no 'source' \(one of: w\)/);
    expect(invalid[2]).toMatch(/uses source 'nope', which is not declared in 'sources' \(declared: w\)/);
    expect(invalid[3]).toMatch(/cannot tell the format of 'd.xlsx'/);
    expect(invalid[4]).toMatch(/needs 'path' \(files\) or 'table'/);
    expect(invalid[5]).toMatch(/dataset name 'a' is used twice \(first at line 5\)/);
    // An invalid dataset with no tests still reports one error so it is counted.
    expect(config.datasets[4].tests).toHaveLength(1);
    expect(config.datasets[4].tests[0].invalid).toBeDefined();
  });

  test.each([
    ['a dataset', '  - { name: a, path: a.csv, tests: 0 }', "'tests' must be array", 4, 36],
    ["a dataset's data_tests", '  - { name: a, path: a.csv, data_tests: x }', "'data_tests' must be array", 4, 41],
    ['a column', '  - { name: a, path: a.csv, columns: [{ name: c, tests: 0 }] }', "'tests' must be array", 4, 57],
    ['a column entry', '  - { name: a, path: a.csv, columns: [0] }', 'this entry must be object', 4, 39],
  ])('a non-list where tests are expected (%s) spoils only that dataset, with its line', (_, entry, message, line, column) => {
    const config = parse(`version: 1\ndatasets:\n  - { name: ok, path: ok.csv, tests: [{ row_count: { min: 1 } }] }\n${entry}\n`);
    const [ok, bad] = config.datasets;
    expect(ok.invalid).toBeUndefined();
    expect(bad.invalid).toBe(message);
    expect(bad.tests.map((t) => t.invalid)).toEqual([`dataops-tests.yml:${line}:${column}: ${message}`]);
  });

  test.each([
    ['an alias without anchor', 'version: 1\ndatasets: *a\n', "dataops-tests.yml:2:11: alias '*a' has no anchor '&a' before it"],
    ['a bare alias', '*a', "dataops-tests.yml:1:1: alias '*a' has no anchor '&a' before it"],
    [
      'an alias before its anchor',
      'version: 1\ndatasets:\n  - *d\n  - &d { name: a, path: a.csv }\n',
      "dataops-tests.yml:3:5: alias '*d' has no anchor '&d' before it",
    ],
    [
      'an alias inside its own anchor',
      'version: 1\ndatasets: &a\n  - *a\n',
      "dataops-tests.yml:3:5: alias '*a' is inside the value of its own anchor '&a' (a loop)",
    ],
    [
      'an alias bomb',
      'version: 1\nx: &x [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &y [*x, *x, *x, *x, *x, *x, *x, *x, *x, *x]\nz: [*y, *y, *y, *y, *y, *y, *y, *y, *y, *y]\n',
      'dataops-tests.yml:3:8: cannot expand the YAML aliases:',
    ],
  ])('%s stops the load with file:line:column', (_, text, message) => {
    expect(catchConfigError(() => parse(text)).message.slice(0, message.length)).toBe(message);
  });

  test('an alias with its anchor before it still works', () => {
    const config = parse(
      'version: 1\ndatasets:\n  - name: a\n    path: a.csv\n    tests: &t [{ row_count: { min: 1 } }]\n  - { name: b, path: b.csv, tests: *t }\n',
    );
    expect(config.datasets.map((d) => [d.name, d.tests.map((t) => t.name), d.invalid])).toEqual([
      ['a', ['row_count'], undefined],
      ['b', ['row_count'], undefined],
    ]);
  });

  test('relationships to an unknown dataset are invalid (loadConfig checks references)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dq-config-'));
    const file = path.join(dir, 'dataops-tests.yml');
    writeFileSync(
      file,
      'version: 1\ndatasets:\n  - name: o\n    path: o.csv\n    columns:\n      - name: c\n        tests: [{ relationships: { to: custs, field: id } }]\n',
    );
    const config: DataTestConfig = await loadConfig(file, { displayRoot: dir });
    expect(config.file).toBe('dataops-tests.yml');
    expect(config.baseDir).toBe(dir);
    expect(config.datasets[0].tests[0].invalid).toBe("relationships: no dataset named 'custs' (datasets: o)");
  });

  test('an alias without anchor in a dbt schema file names that file, line and column', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dq-config-'));
    writeFileSync(path.join(dir, 'dataops-tests.yml'), 'version: 1\n');
    writeFileSync(path.join(dir, 'schema.yml'), 'version: 2\nmodels: *m\n');
    await expect(loadConfig(path.join(dir, 'dataops-tests.yml'), { displayRoot: dir, dbtSchemas: [path.join(dir, 'schema.yml')] })).rejects.toThrow(
      new ConfigError({ file: 'schema.yml', line: 2, column: 9 }, "alias '*m' has no anchor '&m' before it; set the anchor first or write the value out"),
    );
  });

  test('a missing check file says so', async () => {
    await expect(loadConfig('/nonexistent/dataops-tests.yml')).rejects.toThrow('Cannot read the check file /nonexistent/dataops-tests.yml: no such file');
  });
});
