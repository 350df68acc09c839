/**
 * The committed bundle against a real PostgreSQL server (installed from Debian packages and
 * started by test/services/postgres.ts): every test type computed in the database, quoting of
 * awkward names, wrong credentials and unreachable servers as errors of their datasets only,
 * secrets masked, and the jaffle_shop dbt schema.yml run unchanged.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../../services/postgres.js';
import { customersRows, ordersRows } from '../../fixtures/data-tests/data.js';
import { repoRoot } from '../../harness/paths.js';
import { outcomes, runDataTestsAction } from './helpers.js';

let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
  const client = new pg.Client(server.url);
  await client.connect();
  await client.query(
    `CREATE TABLE public.orders (order_id bigint, status text, amount numeric(10, 2), email text, customer_id bigint, updated_at timestamp, code varchar(10))`,
  );
  for (const r of ordersRows())
    await client.query(
      'INSERT INTO public.orders VALUES ($1, $2, $3, $4, $5, $6, $7)',
      r.map((v) => (v === '' ? null : v)),
    );
  await client.query('CREATE TABLE public.customers (id integer PRIMARY KEY, name text, country char(2))');
  for (const r of customersRows()) await client.query('INSERT INTO public.customers VALUES ($1, $2, $3)', r);
  await client.query(
    `CREATE SCHEMA "Sales Team"; CREATE TABLE "Sales Team"."Order ""Lines""" ("Line ID" int, "Qty" int); INSERT INTO "Sales Team"."Order ""Lines""" VALUES (1, 5), (2, -1), (2, 3)`,
  );
  await client.query(readFileSync(path.join(repoRoot, 'test/fixtures/data-tests/dbt/jaffle_shop/seed.sql'), 'utf8'));
  await client.end();
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

const env = () => ({ PG_URL: server.url });

describe('run-data-tests on PostgreSQL', () => {
  test('every test type runs in the database with the same answers as on files', async () => {
    const check = `version: 1
sources:
  warehouse: { type: postgres, url: \${PG_URL} }
datasets:
  - name: orders
    source: warehouse
    table: public.orders
    tests:
      - row_count: { min: 10, max: 100 }
      - freshness: { column: updated_at, warn_after: 1h, error_after: 24h }
      - schema: { required: [order_id], types: { amount: decimal, updated_at: timestamp, code: string, order_id: bigint } }
      - expression: { expression: "amount >= 0", where: "status is distinct from 'test'" }
      - sql: { name: negative_amounts, query: "select order_id, amount from {{ dataset }} where amount < 0" }
      - unique: { columns: [order_id, code] }
      - anomaly: { metric: median, column: amount }
      - anomaly: { metric: null_rate, column: email }
      - change_vs_baseline: { metric: distinct_count, column: status, max_increase: 50 }
    columns:
      - name: order_id
        tests: [not_null, unique]
      - name: status
        tests: [{ accepted_values: { values: [placed, shipped, returned], error_if: ">1%", warn_if: ">0" } }]
      - name: amount
        tests: [{ range: { min: 0, max: 1000 } }]
      - name: email
        tests: [{ regex: { pattern: "^[^@]+@[^@]+$" } }, { not_null: { error_if: ">20%" } }]
      - name: customer_id
        tests: [{ relationships: { to: customers, field: id } }]
      - name: code
        tests: [{ length: { equals: 3 } }]
      - name: updated_at
        tests: [{ range: { min: "2000-01-01", max: "2999-01-01T00:00:00Z" } }]
  - name: customers
    source: warehouse
    table: customers
    columns:
      - name: id
        tests: [unique, not_null]
      - name: country
        tests: [{ accepted_values: { values: [FR, DE] } }, { length: { equals: 2 } }]
  - name: lines
    source: warehouse
    table: 'Sales Team.Order "Lines"'
    columns:
      - name: Line ID
        tests: [unique]
      - name: Qty
        tests: [{ range: { min: 0 } }]
`;
    const run = await runDataTestsAction(check, { env: env() });
    expect(outcomes(run)).toEqual({
      'orders/row_count': 'pass 0',
      'orders/freshness(updated_at)': 'warn 1',
      'orders/schema': 'pass 0',
      'orders/expression(amount >= 0)': 'fail 1',
      'orders/negative_amounts': 'fail 1',
      'orders/unique(order_id, code)': 'fail 2',
      'orders/anomaly(median(amount))': 'pass 0',
      'orders/anomaly(null_rate(email))': 'pass 0',
      'orders/change_vs_baseline(distinct_count(status))': 'pass 0',
      'orders/not_null(order_id)': 'fail 1',
      'orders/unique(order_id)': 'fail 2',
      'orders/accepted_values(status)': 'fail 1',
      'orders/range(amount)': 'fail 2',
      'orders/regex(email)': 'fail 1',
      'orders/not_null(email)': 'warn 2',
      'orders/relationships(customer_id)': 'fail 2',
      'orders/length(code)': 'fail 1',
      'orders/range(updated_at)': 'pass 0',
      'customers/unique(id)': 'pass 0',
      'customers/not_null(id)': 'pass 0',
      'customers/accepted_values(country)': 'pass 0',
      'customers/length(country)': 'pass 0',
      'lines/unique(Line ID)': 'fail 2',
      'lines/range(Qty)': 'fail 1',
    });
    const t = run.tests;
    expect(t['orders/accepted_values(status)'].sample).toEqual({ columns: ['value', 'rows'], rows: [['lost', 1]] });
    expect(t['orders/relationships(customer_id)'].sample).toEqual({ columns: ['value', 'rows'], rows: [[99, 2]] });
    expect(t['orders/range(amount)'].sample?.rows).toEqual([
      ['-5.00', 1],
      ['5000.00', 1],
    ]);
    expect(t['orders/anomaly(median(amount))'].message).toBe('median:amount = 115; learning (0 of 7 runs of history needed)');
    expect(t['orders/anomaly(null_rate(email))'].message).toBe('null_rate:email = 0.1; learning (0 of 7 runs of history needed)');
    expect(t['lines/unique(Line ID)'].sample).toEqual({ columns: ['Line ID', 'rows'], rows: [[2, 2]] });
    expect(t['orders/freshness(updated_at)'].message).toBe('latest updated_at is 3h old');
    expect(run.report!.datasets.map((d) => [d.name, d.engine, d.rowCount])).toEqual([
      ['orders', 'postgres', 20],
      ['customers', 'postgres', 5],
      ['lines', 'postgres', 3],
    ]);
    // The URL (and its password) came from the environment: masked in the log.
    expect(run.masks).toEqual(expect.arrayContaining([server.url, server.password]));
  });

  test('wrong credentials, an unreachable server and a missing table are errors of their datasets only', async () => {
    const check = `version: 1
sources:
  good: { type: postgres, url: \${PG_URL} }
  badpw: { type: postgres, url: \${BAD_URL} }
  down: { type: postgres, url: "postgres://postgres:x@127.0.0.1:9/nothing?connect_timeout=2" }
datasets:
  - { name: secured, source: badpw, table: public.orders, tests: [{ row_count: { min: 1 } }] }
  - { name: offline, source: down, table: public.orders, tests: [{ row_count: { min: 1 } }] }
  - { name: absent, source: good, table: public.no_such_table, tests: [{ row_count: { min: 1 } }] }
  - name: orders
    source: good
    table: public.orders
    tests:
      - sql: { name: bad_sql, query: "select * from {{ dataset }} wher amount < 0" }
      - row_count: { min: 1 }
    columns:
      - { name: customer_id, tests: [{ relationships: { to: files, field: id } }] }
  - { name: files, path: data/customers.csv }
`;
    const badUrl = server.urlFor(server.database, { password: 'wrong-password-123' });
    const run = await runDataTestsAction(check, { env: { PG_URL: server.url, BAD_URL: badUrl } });
    expect(outcomes(run)).toEqual({
      'secured/row_count': 'error',
      'offline/row_count': 'error',
      'absent/row_count': 'error',
      'orders/bad_sql': 'error',
      'orders/row_count': 'pass 0',
      'orders/relationships(customer_id)': 'error',
    });
    const t = run.tests;
    expect(t['secured/row_count'].message).toBe('cannot connect to PostgreSQL: password authentication failed for user "postgres"');
    expect(t['offline/row_count'].message).toMatch(/^cannot connect to PostgreSQL: connect ECONNREFUSED 127\.0\.0\.1:9/);
    expect(t['absent/row_count'].message).toBe('relation public.no_such_table does not exist (or is not visible to this user)');
    expect(t['orders/bad_sql'].message).toBe('syntax error at or near "amount"');
    expect(t['orders/relationships(customer_id)'].message).toBe(
      'files is read by duckdb and orders by postgres source good; a test across them needs both in one database',
    );
    expect(run.log).not.toContain('wrong-password-123');
    expect(run.masks).toContain('wrong-password-123');
    expect(run.outputs).toMatchObject({ errored: '5', passed: '1' });
  });

  test('the jaffle_shop dbt schema.yml runs unchanged', async () => {
    const jaffle = path.join(repoRoot, 'test/fixtures/data-tests/dbt/jaffle_shop');
    const run = await runDataTestsAction(readFileSync(path.join(jaffle, 'dataops-tests.yml'), 'utf8'), {
      env: { JAFFLE_URL: server.url },
      files: { 'models/schema.yml': readFileSync(path.join(jaffle, 'models/schema.yml'), 'utf8') },
      inputs: { 'dbt-schema': 'models/schema.yml', 'junit-path': 'junit.xml' },
    });
    const all = outcomes(run);
    expect(Object.keys(all)).toHaveLength(17);
    expect(Object.entries(all).filter(([, v]) => !v.startsWith('pass'))).toEqual([
      ['orders/relationships(customer_id)', 'fail 1'],
      ['orders/accepted_values(status)', 'fail 1'],
    ]);
    expect(run.tests['orders/accepted_values(status)'].sample?.rows).toEqual([['lost', 1]]);
    expect(run.tests['orders/relationships(customer_id)']).toMatchObject({
      sample: { rows: [[99, 1]] },
      location: { file: 'models/schema.yml', line: 75, column: 13 },
    });
    expect(run.annotations.find((a) => a.properties.title === 'orders: accepted_values(status) failed')?.properties).toMatchObject({
      file: 'models/schema.yml',
      line: '86',
    });
    expect(run.report!.datasets.map((d) => [d.name, d.relation])).toEqual([
      ['customers', 'warehouse:analytics.customers'],
      ['orders', 'warehouse:analytics.orders'],
      ['raw.payments', 'warehouse:raw.payments'],
    ]);
  });
});
