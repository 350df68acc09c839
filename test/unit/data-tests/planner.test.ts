/**
 * The planner refuses what cannot run with a reason naming the column and what it is, before any
 * query: unknown columns (listing the dataset's), types a test cannot compare, misplaced
 * placeholders; and it resolves columns case-insensitively when unambiguous.
 */
import { parseConfig } from '#shared/data-tests/config.js';
import { planDataset, type ColumnInfo } from '#shared/data-tests/planner.js';

const COLUMNS: ColumnInfo[] = [
  { name: 'id', type: 'BIGINT' },
  { name: 'Name', type: 'VARCHAR' },
  { name: 'amount', type: 'DOUBLE' },
  { name: 'created', type: 'DATE' },
  { name: 'flag', type: 'BOOLEAN' },
];

function plan(tests: string, columns = COLUMNS) {
  const config = parseConfig(`version: 1\ndatasets:\n  - name: t\n    path: t.csv\n    tests:\n${tests}`, { file: 'c.yml', baseDir: '/' });
  return planDataset({ dataset: config.datasets[0], relation: { k: 'table', parts: ['t'] }, columns, parent: () => 'no parents here', sampleSize: 5 }).tests;
}

test.each([
  ['      - not_null: { column: nope }', "column 'nope' does not exist in t (columns: id, Name, amount, created, flag)"],
  ['      - range: { column: Name, min: 1 }', "range: column 'Name' is VARCHAR, not a number, so it cannot be compared with min 1"],
  ['      - range: { column: amount, min: "2020-01-01" }', "range: column 'amount' is DOUBLE, so it cannot be compared with the date 2020-01-01"],
  ['      - freshness: { column: amount, error_after: 1h }', "freshness: column 'amount' is DOUBLE, not a date or timestamp"],
  ['      - anomaly: { metric: mean, column: Name }', "metric mean needs a numeric column; 'Name' is VARCHAR"],
  [
    '      - expression: { expression: "{{ column }} > 0" }',
    'unknown placeholder {{ column }} in "{{ column }} > 0" (only tests under a column have {{ column }})',
  ],
  ['      - sql: { query: "select * from {{ datasett }}" }', "unknown placeholder {{ datasett }} in the sql test (use {{ dataset }}, {{ ref('other') }})"],
  ['      - sql: { query: "select * from {{ dataset }}", where: "id > 0" }', "a sql test cannot have 'where'; filter inside its query"],
  ['      - relationships: { column: id, to: other, field: id }', 'no parents here'],
])('%s → %s', (entry, error) => {
  expect(plan(entry)[0].error).toBe(error);
});

test('columns resolve case-insensitively when unambiguous, exactly otherwise', () => {
  expect(plan('      - not_null: { column: name }')[0].error).toBeUndefined();
  const ambiguous = [...COLUMNS, { name: 'NAME', type: 'VARCHAR' }];
  expect(plan('      - not_null: { column: name }', ambiguous)[0].error).toMatch(/^column 'name' does not exist/);
  expect(plan('      - not_null: { column: NAME }', ambiguous)[0].error).toBeUndefined();
});

test('accepted_values compares numbers with numbers and everything else as text', () => {
  const [numeric, text] = plan('      - accepted_values: { column: amount, values: [1, 2] }\n      - accepted_values: { column: id, values: [a, b] }');
  const items = (p: typeof numeric) => JSON.stringify(p.scanItems);
  expect(items(numeric)).toContain('"type":"double"');
  expect(items(text)).toContain('"k":"cast","expr":{"k":"col","name":"id"},"to":"text"');
});
