/**
 * The committed bundle against the embedded DuckDB on generated files: every test type with its
 * exact failing count, every file format giving the same answers, samples of the failing values,
 * annotations at the declaring line, the job summary, JUnit XML and the outputs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { outcomes, runDataTestsAction } from './helpers.js';

const EVERY_TEST = `version: 1
datasets:
  - name: orders
    path: data/orders.csv
    tests:
      - row_count: { min: 10, max: 100 }
      - row_count: { name: too_few_rows, min: 100 }
      - freshness: { column: updated_at, warn_after: 1h, error_after: 24h }
      - freshness: { name: stale, column: updated_at, error_after: 2h }
      - schema: { required: [order_id, amount], forbidden: [password], types: { amount: number, updated_at: timestamp, email: string } }
      - schema: { name: schema_mismatch, required: [discount], types: { amount: varchar } }
      - expression: { expression: "amount >= 0" }
      - sql: { name: negative_amounts, query: "select order_id, amount from {{ dataset }} where amount < 0" }
      - unique: { columns: [order_id, code] }
      - anomaly: { metric: mean, column: amount }
      - change_vs_baseline: { metric: row_count, max_drop: 10% }
    columns:
      - name: order_id
        tests: [not_null, unique]
      - name: status
        tests: [{ accepted_values: { values: [placed, shipped, returned] } }]
      - name: amount
        tests:
          - range: { min: 0, max: 1000 }
          - range: { name: amount_exclusive, min: 10, max: 200, min_inclusive: false }
      - name: email
        tests: [{ regex: { pattern: "^[^@]+@[^@]+$" } }, { not_null: { warn_if: ">0", error_if: ">20%" } }]
      - name: customer_id
        tests: [{ relationships: { to: customers, field: id } }]
      - name: code
        tests: [{ length: { equals: 3 } }]
      - name: updated_at
        tests: [{ range: { min: "2000-01-01" } }]
  - name: customers
    path: data/customers.parquet
    tests:
      - schema: { name: no_extra_columns, required: [id], forbid_extra: true }
    columns:
      - name: id
        tests: [unique, not_null]
`;

describe('run-data-tests on files (DuckDB)', () => {
  test('every test type, with its failing count, status, sample and declaring line', async () => {
    const run = await runDataTestsAction(EVERY_TEST, { inputs: { 'junit-path': 'reports/junit.xml' } });
    expect(run.exitCode).toBe(1);
    expect(outcomes(run)).toEqual({
      'orders/row_count': 'pass 0',
      'orders/too_few_rows': 'fail 1',
      'orders/freshness(updated_at)': 'warn 1',
      'orders/stale': 'fail 1',
      'orders/schema': 'pass 0',
      'orders/schema_mismatch': 'fail 2',
      'orders/expression(amount >= 0)': 'fail 1',
      'orders/negative_amounts': 'fail 1',
      'orders/unique(order_id, code)': 'fail 2',
      'orders/anomaly(mean(amount))': 'pass 0',
      'orders/change_vs_baseline(row_count)': 'pass 0',
      'orders/not_null(order_id)': 'fail 1',
      'orders/unique(order_id)': 'fail 2',
      'orders/accepted_values(status)': 'fail 1',
      'orders/range(amount)': 'fail 2',
      'orders/amount_exclusive': 'fail 3',
      'orders/regex(email)': 'fail 1',
      'orders/not_null(email)': 'warn 2',
      'orders/relationships(customer_id)': 'fail 2',
      'orders/length(code)': 'fail 1',
      'orders/range(updated_at)': 'pass 0',
      'customers/no_extra_columns': 'fail 2',
      'customers/unique(id)': 'pass 0',
      'customers/not_null(id)': 'pass 0',
    });
    const t = run.tests;
    expect(t['orders/accepted_values(status)']).toMatchObject({
      total: 20,
      failingPercent: 5,
      message: '1 failing row of 20 (5%)',
      sample: { columns: ['value', 'rows'], rows: [['lost', 1]] },
    });
    expect(t['orders/unique(order_id)'].sample).toEqual({ columns: ['order_id', 'rows'], rows: [[7, 2]] });
    expect(t['orders/relationships(customer_id)'].sample).toEqual({ columns: ['value', 'rows'], rows: [[99, 2]] });
    expect(t['orders/range(amount)'].sample?.rows).toEqual([
      [-5, 1],
      [5000, 1],
    ]);
    expect(t['orders/negative_amounts'].sample).toEqual({ columns: ['order_id', 'amount'], rows: [[5, -5]] });
    expect(t['orders/schema_mismatch'].message).toBe("missing required column 'discount'; column 'amount' is BIGINT, expected varchar");
    expect(t['customers/no_extra_columns'].message).toBe("unexpected column 'name' (VARCHAR); unexpected column 'country' (VARCHAR)");
    expect(t['orders/freshness(updated_at)'].message).toBe('latest updated_at is 3h old');
    expect(t['orders/anomaly(mean(amount))'].message).toMatch(/^mean:amount = [\d.,]+; learning \(0 of 7 runs of history needed\)$/);
    expect(t['orders/change_vs_baseline(row_count)'].message).toBe('row_count = 20; no baseline run yet');
    // Samples only for tests that did not pass.
    expect(t['customers/unique(id)'].sample).toBeUndefined();
    expect(t['orders/range(updated_at)'].sample).toBeUndefined();

    expect(run.outputs).toMatchObject({ result: 'fail', passed: '7', failed: '15', warned: '2', errored: '0' });
    expect(run.errors[run.errors.length - 1]).toBe('run-data-tests: Data tests failed: 15 failed, 2 warned, 7 passed (fail-on: error)');
    // Annotations point at the line of the check file that declared each test.
    const accepted = run.annotations.find((a) => a.properties.title === 'orders: accepted_values(status) failed');
    expect(accepted).toMatchObject({
      level: 'error',
      message: '1 failing row of 20 (5%) (e.g. lost ×1)',
      properties: { file: 'dataops-tests.yml', line: '21', col: '17' },
    });
    expect(run.annotations.find((a) => a.properties.title === 'orders: not_null(email) warned')).toMatchObject({
      level: 'warning',
      properties: { line: '27' },
    });
    // Metrics
    const metrics = JSON.parse(run.outputs.metrics);
    expect(metrics.counters).toEqual({ rows_scanned: 25, tests_passed: 7, tests_failed: 15, tests_warned: 2, tests_errored: 0 });
    expect(metrics.phases.map((p: { name: string }) => p.name)).toEqual(['load-config', 'scan', 'report']);

    // Summary: overall status first, a table per dataset.
    expect(run.summary.split('\n')[0]).toBe('## ❌ Data tests failed: 15 failed, 2 warned, 7 passed');
    expect(run.summary).toContain('### ❌ orders: 14 failed, 2 warned, 5 passed');
    expect(run.summary).toContain(
      '| ❌ fail | accepted\\_values\\(status\\) <sub>line 21</sub> | `status` | 1 | 5% | error if \\!=0 | 1 failing row of 20 \\(5%\\)<br>e.g. `lost` ×1 |',
    );

    // JUnit: one testsuite per dataset.
    expect(run.outputs['junit-path']).toBe(path.join(run.dirs.workspace, 'reports', 'junit.xml'));
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(run.outputs['junit-path'], 'utf8'));
    expect(junit.testsuites).toMatchObject({ tests: '24', failures: '15', errors: '0' });
    expect(junit.testsuites.testsuite.map((s: { name: string; tests: string; failures: string }) => [s.name, s.tests, s.failures])).toEqual([
      ['orders', '21', '14'],
      ['customers', '3', '1'],
    ]);
  });

  test('every file format (glob of parquet parts, ndjson, json array, tsv) gives the same answers as csv', async () => {
    const tests = `
    columns:
      - name: order_id
        tests: [not_null, unique]
      - name: status
        tests: [{ accepted_values: { values: [placed, shipped, returned] } }]
      - name: amount
        tests: [{ range: { min: 0, max: 1000 } }]
      - name: email
        tests: [{ regex: { pattern: "^[^@]+@[^@]+$" } }]
      - name: customer_id
        tests: [{ relationships: { to: customers, field: id } }]
      - name: code
        tests: [{ length: { max: 3 } }]`;
    const formats = {
      csv: 'data/orders.csv',
      parquet: 'data/orders_part*.parquet',
      ndjson: 'data/orders.ndjson',
      json: 'data/orders.json',
      tsv: 'data/orders.tsv',
    };
    const check = `version: 1\ndatasets:\n${Object.entries(formats)
      .map(([name, p]) => `  - name: ${name}\n    path: ${p}${tests}`)
      .join('\n')}\n  - name: customers\n    path: data/customers.csv\n`;
    const run = await runDataTestsAction(check);
    const expected = {
      'not_null(order_id)': 'fail 1',
      'unique(order_id)': 'fail 2',
      'accepted_values(status)': 'fail 1',
      'range(amount)': 'fail 2',
      'regex(email)': 'fail 1',
      'relationships(customer_id)': 'fail 2',
      'length(code)': 'fail 1',
    };
    const all = outcomes(run);
    for (const name of Object.keys(formats)) {
      const got = Object.fromEntries(
        Object.entries(all)
          .filter(([k]) => k.startsWith(`${name}/`))
          .map(([k, v]) => [k.slice(name.length + 1), v]),
      );
      expect({ name, got }).toEqual({ name, got: expected });
    }
    expect(run.report!.datasets.map((d) => d.rowCount)).toEqual([20, 20, 20, 20, 20, undefined]);
  });

  test('thresholds: warn_if / error_if on counts and percentages, severity, and fail-on', async () => {
    const check = `version: 1
datasets:
  - name: orders
    path: data/orders.parquet
    columns:
      - name: status
        tests:
          - accepted_values: { name: pct_ok, values: [placed, shipped, returned], error_if: ">10%" }
          - accepted_values: { name: pct_fail, values: [placed, shipped, returned], warn_if: ">0", error_if: ">1%" }
          - accepted_values: { name: count_quiet, values: [placed, shipped, returned], warn_if: ">5", error_if: ">5" }
          - accepted_values: { name: severity_warn, values: [placed, shipped], severity: warn }
      - name: email
        tests:
          - not_null: { name: at_most_10pct, warn_if: ">10%", error_if: ">=10%" }
          - not_null: { name: ge_two, config: { error_if: ">=2", warn_if: ">=1" } }
`;
    const run = await runDataTestsAction(check);
    expect(outcomes(run)).toEqual({
      'orders/pct_ok': 'warn 1',
      'orders/pct_fail': 'fail 1',
      'orders/count_quiet': 'pass 1',
      'orders/severity_warn': 'warn 8',
      'orders/at_most_10pct': 'fail 2',
      'orders/ge_two': 'fail 2',
    });
    expect(run.tests['orders/pct_ok'].threshold).toBe('warn if !=0');
    expect(run.tests['orders/pct_fail'].threshold).toBe('error if >1%');
    expect(run.tests['orders/count_quiet'].threshold).toBe('error if >5');
    expect(run.exitCode).toBe(1);

    const warnOnly = check
      .replace(/error_if: ">1%"/, 'error_if: ">50%"')
      .replace('error_if: ">=10%"', 'error_if: ">50%"')
      .replace('error_if: ">=2"', 'error_if: ">=3"');
    const lenient = await runDataTestsAction(warnOnly);
    expect(lenient.outputs).toMatchObject({ result: 'warn', failed: '0', warned: '4', passed: '2' });
    expect(lenient.exitCode).toBe(0);
    const strict = await runDataTestsAction(warnOnly, { inputs: { 'fail-on': 'warn' } });
    expect(strict.exitCode).toBe(1);
    expect(strict.errors.pop()).toBe('run-data-tests: Data tests passed with warnings: 4 warned, 2 passed (fail-on: warn)');
    const never = await runDataTestsAction(check, { inputs: { 'fail-on': 'never' } });
    expect(never.exitCode).toBe(0);
    expect(never.outputs.result).toBe('fail');
  });
});
