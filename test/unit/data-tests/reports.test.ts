/**
 * The reports from one result: the job summary (status first, a table per dataset, samples,
 * anomaly charts, every data value inert), JUnit XML that parses with one testsuite per dataset,
 * annotations (errors first, at the declaring line) and the CLI table.
 */
import { XMLParser } from 'fast-xml-parser';
import { countStatuses, runResult, type DataTestReport, type TestReport } from '#shared/data-tests/model.js';
import { summaryMarkdown } from '#shared/data-tests/reports/summary.js';
import { junitXml } from '#shared/data-tests/reports/junit.js';
import { annotateReport } from '#shared/data-tests/reports/annotations.js';
import { reportText } from '#shared/data-tests/reports/console.js';

const loc = (line: number) => ({ file: 'dataops-tests.yml', line, column: 9 });
const HOSTILE = '<img src=x onerror=alert(1)> @octocat | `tick` </details> ::error::owned';

function test_(over: Partial<TestReport> & Pick<TestReport, 'name' | 'status'>): TestReport {
  return { id: over.name, type: 'not_null', severity: 'error', threshold: 'error if !=0', message: 'm', location: loc(10), ...over };
}

function makeReport(): DataTestReport {
  const orders = [
    test_({ name: 'not_null(order_id)', status: 'pass', failing: 0, total: 20, failingPercent: 0, message: 'no failing rows in 20', location: loc(12) }),
    test_({
      name: 'accepted_values(status)',
      type: 'accepted_values',
      column: 'status',
      status: 'fail',
      failing: 3,
      total: 20,
      failingPercent: 15,
      message: '3 failing rows of 20 (15%)',
      sample: {
        columns: ['value', 'rows'],
        rows: [
          [HOSTILE, 2],
          [null, 1],
        ],
      },
      location: loc(14),
    }),
    test_({
      name: 'sql',
      type: 'sql',
      status: 'warn',
      failing: 1,
      message: '1 row returned',
      sample: { columns: ['order_id', 'note'], rows: [[7, HOSTILE]] },
      location: loc(16),
    }),
    test_({
      name: 'not_null(nope)',
      status: 'error',
      message: "column 'nope' does not exist in orders (columns: a, b)",
      error: 'x',
      threshold: '',
      location: loc(18),
    }),
    test_({
      name: 'anomaly(row_count)',
      type: 'anomaly',
      status: 'fail',
      failing: 1,
      message: 'row_count = 500 vs median 100',
      threshold: '|robust z| > 3',
      location: loc(20),
      anomaly: {
        metric: 'row_count',
        value: 500,
        median: 100,
        mad: 2,
        score: 134.9,
        historyUsed: 3,
        minHistory: 3,
        history: [
          { at: '2025-06-01T10:00:00.000Z', value: 99, anomalous: false },
          { at: '2025-06-02T10:00:00.000Z', value: 101, anomalous: false },
          { at: '2025-06-03T10:00:00.000Z', value: 400, anomalous: true },
        ],
      },
    }),
  ];
  const customers = [test_({ name: 'unique(id)', status: 'pass', failing: 0, location: loc(30) })];
  const counts = countStatuses([...orders, ...customers]);
  return {
    version: 1,
    configFile: 'dataops-tests.yml',
    startedAt: '2025-06-04T10:00:00.000Z',
    durationMs: 1234,
    result: runResult(counts),
    counts,
    datasets: [
      {
        name: 'orders',
        engine: 'duckdb',
        relation: 'data/orders.csv',
        location: loc(3),
        rowCount: 20,
        durationMs: 1000,
        tests: orders,
        metrics: { row_count: 20 },
      },
      {
        name: 'customers',
        engine: 'postgres',
        relation: 'warehouse:public.customers',
        location: loc(25),
        rowCount: 5,
        durationMs: 200,
        tests: customers,
        metrics: {},
      },
    ],
  };
}

describe('job summary', () => {
  const md = summaryMarkdown(makeReport());

  test('the overall status comes first, then a table per dataset with failures first', () => {
    expect(md.split('\n')[0]).toBe('## ❌ Data tests failed: 2 failed, 1 errored, 1 warned, 2 passed');
    const orders = md.slice(md.indexOf('### '), md.indexOf('<details>'));
    const rows = orders.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Status') && !l.startsWith('| ---'));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| 💥 error', '| ❌ fail', '| ❌ fail', '| ⚠️ warn', '| ✅ pass']);
    expect(md).toContain('| ❌ fail | accepted\\_values\\(status\\) <sub>line 14</sub> | `status` | 3 | 15% | error if \\!=0 |');
    expect(md).toContain('### ✅ customers: 1 passed');
  });

  test('data values are inert: only inside code spans (no HTML, no mention), no table break, no workflow command at line start', () => {
    const outsideCode = md.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');
    expect(outsideCode).not.toContain('<img');
    expect(outsideCode).not.toContain('@octocat');
    expect(outsideCode).not.toContain('::error::');
    expect(md).not.toMatch(/^::/m);
    // the hostile value sits in inline code in its cell, pipes replaced so the row keeps its 7 cells
    const line = md.split('\n').find((l) => l.includes('accepted\\_values'))!;
    expect(line.split(/(?<!\\)\|/).length).toBe(9);
    expect(outsideCode.match(/<\/details>/g)).toHaveLength(1); // only the one we opened for the sql rows
  });

  test('row samples go in a collapsible table; value samples in the cell', () => {
    expect(md).toContain('<details><summary>Failing rows of sql (first 1)</summary>');
    expect(md).toContain('e.g. ``');
    expect(md).toContain('`(null)` ×1');
  });

  test('an anomaly chart with the current point marked and past anomalies flagged', () => {
    const chart = md.slice(md.indexOf('```mermaid'), md.indexOf('```', md.indexOf('```mermaid') + 3) + 3);
    expect(chart).toContain('xychart-beta');
    expect(chart).toContain('title "orders: row_count" (z 134.9)'.replace('" (', ' (').replace(')"', ')"'));
    expect(chart).toContain('x-axis ["06-01 10:00", "06-02 10:00", "06-03 10:00 (!)", "▶ now"]');
    expect(chart).toContain('line [99, 101, 400, 500]');
    expect(chart).toContain('line [100, 100, 100, 100]');
  });

  test('the compact form (PR comment) lists only tests that did not pass and links the full report', () => {
    const compact = summaryMarkdown(makeReport(), { compact: true, detailsUrl: 'https://github.com/o/r/actions/runs/1#summary' });
    expect(compact).not.toContain('not\\_null\\(order\\_id\\)');
    expect(compact).not.toContain('```mermaid');
    expect(compact).toContain('[Full report in the job summary](https://github.com/o/r/actions/runs/1#summary)');
  });
});

describe('JUnit XML', () => {
  const xml = junitXml(makeReport());
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);

  test('parses, with one testsuite per dataset and the counts', () => {
    expect(parsed.testsuites).toMatchObject({ name: 'dataops-tests', tests: '6', failures: '2', errors: '1' });
    const suites = parsed.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual(['orders', 'customers']);
    expect(suites[0]).toMatchObject({ tests: '5', failures: '2', errors: '1', file: 'dataops-tests.yml' });
    const cases = suites[0].testcase;
    expect(cases.map((c: { name: string }) => c.name)).toEqual([
      'not_null(order_id)',
      'accepted_values(status)',
      'sql',
      'not_null(nope)',
      'anomaly(row_count)',
    ]);
    expect(cases[1].failure.message).toBe('3 failing rows of 20 (15%)');
    expect(cases[1].failure['#text']).toContain(`sample: ${HOSTILE} (2 rows)`);
    expect(cases[3].error.message).toMatch(/^column 'nope' does not exist/);
    expect(cases[2]['system-out']).toMatch(/^WARNING: 1 row returned/);
    expect(cases[1].line).toBe('14');
  });

  test('control characters XML cannot hold are dropped', () => {
    const report = makeReport();
    report.datasets[0].tests[1].message = 'bad \u0000\u0007 chars & <more>';
    expect(() => new XMLParser().parse(junitXml(report))).not.toThrow();
    expect(junitXml(report)).toContain('bad  chars &amp; &lt;more&gt;');
  });
});

test('annotations: errors and failures first at their declaring line, warnings after, passes none', () => {
  const calls: Array<[string, string, Record<string, unknown>]> = [];
  const n = annotateReport(makeReport(), (level, message, props) => calls.push([level, message, { ...props }]));
  expect(n).toBe(4);
  expect(calls.map(([level, , p]) => [level, p.title, p.startLine])).toEqual([
    ['error', 'orders: not_null(nope) could not run', 18],
    ['error', 'orders: accepted_values(status) failed', 14],
    ['error', 'orders: anomaly(row_count) failed', 20],
    ['warning', 'orders: sql warned', 16],
  ]);
  expect(calls[1][1]).toBe(`3 failing rows of 20 (15%) (e.g. ${HOSTILE} ×2, (null) ×1)`);
  expect(calls[0][2]).toMatchObject({ file: 'dataops-tests.yml', startColumn: 9 });
});

test('the CLI table: colours only when asked, control characters from the data neutralised', () => {
  const report = makeReport();
  report.datasets[0].tests[1].sample!.rows[0][0] = 'evil\u001b[31m\u0007';
  const plain = reportText(report, { color: false });
  expect(plain).not.toContain('\u001b');
  expect(plain).toContain('FAIL  accepted_values(status)');
  expect(plain).toContain('e.g. evil?[31m? ×2, (null) ×1');
  expect(plain.trim().split('\n').pop()).toBe('Data tests failed: 2 failed, 1 errored, 1 warned, 2 passed (1.2 s)');
  expect(reportText(report, { color: true })).toContain('\u001b[31mFAIL ');
});
