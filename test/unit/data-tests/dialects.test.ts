/**
 * Golden SQL per dialect: the same planned checks (every test type on one table) emitted for
 * DuckDB, PostgreSQL, Trino, Spark SQL, BigQuery and Snowflake, compared with reviewed files in
 * test/fixtures/data-tests/golden/. Regenerate after a deliberate change with
 * DATAOPS_UPDATE_GOLDEN=1 and review the diff.
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '#shared/data-tests/config.js';
import { dialect, DIALECT_NAMES } from '#shared/data-tests/dialects/index.js';
import { DuckDBDialect } from '#shared/data-tests/dialects/duckdb.js';
import { planDataset, type ColumnInfo } from '#shared/data-tests/planner.js';
import { col, param, select, type Relation } from '#shared/data-tests/sql.js';
import { repoRoot } from '../../harness/paths.js';

const goldenDir = path.join(repoRoot, 'test', 'fixtures', 'data-tests', 'golden');

const CHECKS = `version: 1
datasets:
  - name: orders
    path: orders.parquet
    tests:
      - row_count: { min: 1 }
      - freshness: { column: updated_at, error_after: 24h }
      - expression: { expression: "amount >= 0", where: "status <> 'test'" }
      - unique: { columns: [order_id, line] }
      - sql: { name: negative, query: "select * from {{ dataset }} where amount < 0" }
      - anomaly: { metric: median, column: amount }
      - anomaly: { metric: null_rate, column: email }
    columns:
      - name: order_id
        tests: [not_null, unique]
      - name: status
        tests: [{ accepted_values: { values: [placed, shipped] } }]
      - name: amount
        tests: [{ range: { min: 0, max: 1000, max_inclusive: false } }]
      - name: email
        tests: [{ regex: { pattern: "^[^@]+@[^@]+$" } }, { length: { max: 100 } }]
      - name: customer_id
        tests: [{ relationships: { to: customers, field: id } }]
  - name: customers
    path: customers.parquet
`;

const COLUMNS: ColumnInfo[] = [
  { name: 'order_id', type: 'BIGINT' },
  { name: 'line', type: 'INTEGER' },
  { name: 'status', type: 'VARCHAR' },
  { name: 'amount', type: 'DECIMAL(10,2)' },
  { name: 'email', type: 'VARCHAR' },
  { name: 'customer_id', type: 'BIGINT' },
  { name: 'updated_at', type: 'TIMESTAMP' },
];

/** Every query the planner makes for the dataset (the scan, own queries and samples), on a table. */
function plannedQueries(table: Relation, parentTable: Relation, inlineSamples: boolean) {
  const config = parseConfig(CHECKS, { file: 'dataops-tests.yml', baseDir: '/repo' });
  const plan = planDataset({
    dataset: config.datasets[0],
    relation: table,
    columns: COLUMNS,
    parent: () => ({ relation: parentTable, columns: [{ name: 'id', type: 'BIGINT' }] }),
    sampleSize: 5,
    inlineSamples,
  });
  const queries: Array<[string, ReturnType<typeof plan.scan>]> = [['aggregate scan', plan.scan()]];
  for (const p of plan.tests) {
    expect(p.error).toBeUndefined();
    if (p.query) queries.push([`${p.test.name}: query`, p.query]);
    if (p.sample) queries.push([`${p.test.name}: sample`, p.sample]);
  }
  const rowTests = plan.tests.filter((p) => p.rowSample);
  if (inlineSamples) queries.push(['samples of every row-level test, in one statement', plan.samples(rowTests).query]);
  return queries;
}

describe.each(DIALECT_NAMES)('%s emitter', (name) => {
  test('matches the golden SQL', () => {
    const d = dialect(name);
    const table: Relation = { k: 'table', parts: name === 'bigquery' ? ['my-project', 'shop', 'orders'] : ['shop', 'orders'] };
    const parent: Relation = { k: 'table', parts: ['shop', 'customers'] };
    const text =
      plannedQueries(table, parent, d.inlineSamples)
        .map(([label, q]) => {
          const { sql, params } = d.emit(q);
          return `-- ${label}\n${sql};\n-- params: ${JSON.stringify(params.map((p) => p.value))}\n`;
        })
        .join('\n') + '';
    const file = path.join(goldenDir, `${name}.sql`);
    if (process.env.DATAOPS_UPDATE_GOLDEN === '1') {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, text);
    }
    expect(existsSync(file)).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  test('identifiers are quoted, never pasted: a hostile column name stays one identifier', () => {
    const d = dialect(name);
    const { sql, params } = d.emit(
      select({ k: 'table', parts: ['s', 'weird"`name'] }, [{ expr: col('a"b`c; drop table x; --'), as: 'v' }], {
        where: { k: 'bin', op: '=', left: col('x'), right: param("'; drop table y; --", 'text') },
      }),
    );
    expect(sql).not.toContain("'; drop table y");
    expect(params).toEqual([{ value: "'; drop table y; --", type: 'text' }]);
    // The identifier's quote character is escaped the dialect's way, so the name cannot end early.
    const quote = name === 'spark' || name === 'bigquery' ? '`' : '"';
    const quoted = d.quote('a"b`c; drop table x; --');
    expect(quoted.startsWith(quote) && quoted.endsWith(quote)).toBe(true);
    const inner = quoted.slice(1, -1);
    if (name === 'bigquery') expect(inner).toBe('a"b\\`c; drop table x; --');
    else if (name === 'spark') expect(inner).toBe('a"b``c; drop table x; --');
    else expect(inner).toBe('a""b`c; drop table x; --');
  });
});

test('only DuckDB reads files, with every path a bound parameter', () => {
  const files: Relation = { k: 'files', format: 'csv', paths: ["/data/o'rders.csv", '/data/b.csv'], delimiter: ';', header: true };
  const { sql, params } = new DuckDBDialect().emit(select(files, [{ expr: { k: 'countStar' } }]));
  expect(sql).toBe('SELECT COUNT(*) FROM read_csv([$1, $2], delim = $3, header = $4)');
  expect(params.map((p) => p.value)).toEqual(["/data/o'rders.csv", '/data/b.csv', ';', true]);
  for (const other of DIALECT_NAMES.filter((n) => n !== 'duckdb')) {
    expect(() => dialect(other).emit(select(files, [{ expr: { k: 'countStar' } }]))).toThrow(/cannot read files/);
  }
});

test.each([
  ['parquet', 'read_parquet([$1])'],
  ['json', "read_json([$1], format = 'auto')"],
  ['ndjson', "read_json([$1], format = 'newline_delimited')"],
  ['tsv', 'read_csv([$1], delim = $2)'],
] as const)('DuckDB reads %s with %s', (format, expected) => {
  const { sql } = new DuckDBDialect().emit(select({ k: 'files', format, paths: ['/x'] }, [{ expr: { k: 'star' } }]));
  expect(sql).toBe(`SELECT * FROM ${expected}`);
});

test('DuckDB fused statement for text files: one read into a materialized CTE of what the tests read, with a flag per row-level test', () => {
  const config = parseConfig(CHECKS, { file: 'dataops-tests.yml', baseDir: '/repo' });
  const source: Relation = { k: 'files', format: 'csv', paths: ['/data/orders.csv'] };
  const plan = planDataset({
    dataset: config.datasets[0],
    relation: source,
    columns: COLUMNS,
    parent: () => ({ relation: { k: 'files', format: 'csv', paths: ['/data/customers.csv'] }, columns: [{ name: 'id', type: 'BIGINT' }] }),
    sampleSize: 5,
    inlineSamples: true,
    fused: { source },
  });
  const { query } = plan.fused(plan.tests.filter((p) => p.read));
  const { sql, params } = new DuckDBDialect().emit(query);
  const text = `${sql};\n-- params: ${JSON.stringify(params.map((p) => p.value))}\n`;
  const file = path.join(goldenDir, 'duckdb-fused.sql');
  if (process.env.DATAOPS_UPDATE_GOLDEN === '1') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
  // The file is read once for the CTE (the sql test reads it itself), the parent once.
  expect(params.filter((p) => p.value === '/data/orders.csv')).toHaveLength(2);
  expect(params.filter((p) => p.value === '/data/customers.csv')).toHaveLength(1);
  expect(sql.match(/read_csv\(/g)).toHaveLength(3);
  // The CTE holds only what is read afterwards: the keys, the freshness column, flags and computed
  // metric arguments; the other columns only inside the record of the rows that fail a row-level test.
  const held = sql.slice(0, sql.indexOf(' FROM (SELECT *, '));
  expect(held.startsWith('WITH "base" AS MATERIALIZED (SELECT ')).toBe(true);
  for (const name of ['order_id', 'line', 'customer_id', 'updated_at', '__dataops_t2', '__dataops_t2_where', '__dataops_t5_metric'])
    expect(held).toContain(`"${name}" AS "${name}"`);
  for (const name of ['status', 'amount', 'email']) expect(held).not.toContain(`"${name}" AS "${name}"`);
  expect(held).toContain(
    '(CASE WHEN ((((("__dataops_t2" OR "__dataops_t7") OR "__dataops_t9") OR "__dataops_t10") OR "__dataops_t11") OR "__dataops_t12") THEN [struct_pack(',
  );
});
