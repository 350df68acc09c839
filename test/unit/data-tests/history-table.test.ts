/**
 * The history table store (history: table) against a real PostgreSQL server (test/services/
 * postgres.ts): the table created when missing, rows appended and read back oldest first, the same
 * baselines as FileHistory, a branch starting from the default branch's rows like the cache
 * fallback, datasets and check files kept apart, hostile names stored as data, and a database error
 * as one warning rather than a failure. Also the `history-table` name and its source.
 */
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../../services/postgres.js';
import { TableHistory, type TableHistoryOptions } from '#shared/data-tests/history-table.js';
import { historyTableSource, parseHistoryTableName } from '#shared/data-tests/history-table-name.js';
import type { HistoryRecord } from '#shared/data-tests/history.js';
import type { DataTestConfig } from '#shared/data-tests/model.js';

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

const record = (n: number, extra: Partial<HistoryRecord> = {}): HistoryRecord => ({
  at: `2025-01-${String(n).padStart(2, '0')}T00:00:00.000Z`,
  metrics: { row_count: n },
  anomalies: [],
  ...extra,
});

const stores: TableHistory[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function store(table: string[], options: Partial<TableHistoryOptions> = {}): { history: TableHistory; warnings: string[] } {
  const warnings: string[] = [];
  const history = new TableHistory({
    url: server.url,
    table,
    label: `warehouse.${table.join('.')}`,
    checkFile: 'dataops-tests.yml',
    warn: (m) => warnings.push(m),
    ...options,
  });
  stores.push(history);
  return { history, warnings };
}

const counts = (records: HistoryRecord[]) => records.map((r) => r.metrics.row_count);

describe('history table', () => {
  test('is created on first use with its layout, and found again by the next run', async () => {
    const { history, warnings } = store(['quality', 'created']);
    expect((await admin.query(`SELECT to_regclass('quality.created') AS t`)).rows[0].t).toBeNull();
    expect(await history.load('orders')).toEqual([]);
    const columns = await admin.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'quality' AND table_name = 'created' ORDER BY ordinal_position`,
    );
    expect(columns.rows.map((r) => [r.column_name, r.data_type])).toEqual([
      ['id', 'bigint'],
      ['check_file', 'text'],
      ['dataset', 'text'],
      ['at', 'timestamp with time zone'],
      ['run_id', 'text'],
      ['sha', 'text'],
      ['ref', 'text'],
      ['metrics', 'jsonb'],
      ['anomalies', 'jsonb'],
    ]);
    await history.append('orders', record(1, { runId: '42', sha: 'c'.repeat(40), ref: 'main', anomalies: ['row_count'] }));
    const next = store(['quality', 'created']);
    expect(await next.history.load('orders')).toEqual([record(1, { runId: '42', sha: 'c'.repeat(40), ref: 'main', anomalies: ['row_count'] })]);
    expect([...warnings, ...next.warnings]).toEqual([]);
  });

  test('runs that create the table at the same time all succeed', async () => {
    const many = Array.from({ length: 4 }, () => store(['quality', 'raced']));
    await Promise.all(many.map(({ history }, i) => history.append('orders', record(i + 1))));
    expect(many.flatMap((s) => s.warnings)).toEqual([]);
    expect((await admin.query('SELECT count(*)::int AS n FROM quality.raced')).rows[0].n).toBe(4);
  });

  test('appends one row per run and reads the newest N back oldest first; older rows stay in the table', async () => {
    const { history } = store(['quality', 'order_test'], { maxRecords: 3 });
    // Appended out of time order: reading is by time, not by insertion.
    for (const n of [1, 2, 4, 3, 5]) await history.append('orders', record(n));
    expect(history.saved).toBe(5);
    expect(counts(await store(['quality', 'order_test'], { maxRecords: 3 }).history.load('orders'))).toEqual([3, 4, 5]);
    expect(counts(await store(['quality', 'order_test']).history.load('orders'))).toEqual([1, 2, 3, 4, 5]);
    expect((await admin.query('SELECT count(*)::int AS n FROM quality.order_test')).rows[0].n).toBe(5);
  });

  test("baseline: the base branch's latest run on a pull request, else this branch's previous run (as FileHistory)", async () => {
    const table = ['quality', 'baselines'];
    const own = store(table, { branch: 'feature/x', defaultBranch: 'main' }).history;
    expect(await own.baseline('orders')).toBeUndefined();
    await own.append('orders', record(2, { ref: 'feature/x' }));
    const fresh = store(table, { branch: 'feature/x', defaultBranch: 'main' }).history;
    expect(await fresh.baseline('orders')).toMatchObject({ record: { metrics: { row_count: 2 } }, ref: 'feature/x' });
    // Appending this run does not make it its own baseline.
    await fresh.append('orders', record(3, { ref: 'feature/x' }));
    expect((await fresh.baseline('orders'))?.record.metrics.row_count).toBe(2);

    // A pull request into main before main has a run: this branch's previous run.
    const early = store(table, { branch: 'feature/x', defaultBranch: 'main', baseBranch: 'main' }).history;
    expect(await early.baseline('orders')).toMatchObject({ record: { metrics: { row_count: 3 } }, ref: 'feature/x' });

    await store(table, { branch: 'main', defaultBranch: 'main' }).history.append('orders', record(6, { ref: 'main' }));
    await store(table, { branch: 'main', defaultBranch: 'main' }).history.append('orders', record(7, { ref: 'main' }));
    const pr = store(table, { branch: 'feature/x', defaultBranch: 'main', baseBranch: 'main' }).history;
    expect(await pr.baseline('orders')).toMatchObject({ record: { metrics: { row_count: 7 }, ref: 'main' }, ref: 'main' });
    // A pull request's own history is still its branch's.
    expect(counts(await pr.load('orders'))).toEqual([2, 3]);
  });

  test("a branch starts from the default branch's runs before its first one, then keeps its own (like the cache fallback)", async () => {
    const table = ['quality', 'branches'];
    const main = () => store(table, { branch: 'main', defaultBranch: 'main' }).history;
    const feature = () => store(table, { branch: 'feature', defaultBranch: 'main' }).history;
    await main().append('orders', record(1, { ref: 'main' }));
    await main().append('orders', record(2, { ref: 'main' }));

    const first = feature();
    expect(counts(await first.load('orders'))).toEqual([1, 2]);
    expect(await first.baseline('orders')).toMatchObject({ record: { metrics: { row_count: 2 } }, ref: 'main' });
    await first.append('orders', record(3, { ref: 'feature' }));
    await main().append('orders', record(4, { ref: 'main' }));
    await store(table, { branch: 'other', defaultBranch: 'main' }).history.append('orders', record(5, { ref: 'other' }));

    // main's later run and the other branch's stay out of this branch's history, and the reverse.
    expect(counts(await feature().load('orders'))).toEqual([1, 2, 3]);
    expect(counts(await main().load('orders'))).toEqual([1, 2, 4]);
    // Without a branch (the CLI) every run of the dataset counts.
    expect(counts(await store(table).history.load('orders'))).toEqual([1, 2, 3, 4, 5]);
    // No default branch known: only the branch's own rows.
    expect(counts(await store(table, { branch: 'feature' }).history.load('orders'))).toEqual([3]);
  });

  test('datasets and check files sharing the table are kept apart', async () => {
    const table = ['quality', 'apart'];
    const a = store(table).history;
    await a.append('orders', record(1));
    await a.append('customers', record(2));
    await store(table, { checkFile: 'other/dataops-tests.yml' }).history.append('orders', record(3));
    expect(counts(await store(table).history.load('orders'))).toEqual([1]);
    expect(counts(await store(table).history.load('customers'))).toEqual([2]);
    expect(counts(await store(table, { checkFile: 'other/dataops-tests.yml' }).history.load('orders'))).toEqual([3]);
    expect(await store(table).history.load('missing')).toEqual([]);
  });

  test('hostile dataset, table and schema names are data and quoted identifiers, never SQL', async () => {
    await admin.query(`CREATE SCHEMA "Quality ""Hist"""`);
    const table = ['Quality "Hist"', `dq'history"; DROP TABLE quality.created; --`];
    const names = [`o'rders"; DROP TABLE quality.created; --`, 'données 📊 $1 \\x', "' OR '1'='1"];
    const { history, warnings } = store(table);
    for (const [i, name] of names.entries()) await history.append(name, record(i + 1, { ref: `'); DELETE FROM x; --` }));
    for (const [i, name] of names.entries()) expect(counts(await store(table).history.load(name))).toEqual([i + 1]);
    expect(warnings).toEqual([]);
    const rows = await admin.query(`SELECT dataset, ref FROM "Quality ""Hist"""."dq'history""; DROP TABLE quality.created; --" ORDER BY at`);
    expect(rows.rows).toEqual(names.map((dataset) => ({ dataset, ref: `'); DELETE FROM x; --` })));
    expect((await admin.query(`SELECT to_regclass('quality.created') IS NOT NULL AS t`)).rows[0].t).toBe(true);
  });

  test('a connection failure is one warning: nothing read, nothing saved, nothing thrown', async () => {
    const { history, warnings } = store(['quality', 'unreachable'], {
      url: server.urlFor(server.database, { password: 'wrong-password' }),
      label: 'warehouse.quality.unreachable',
    });
    expect(await history.load('orders')).toEqual([]);
    expect(await history.baseline('orders')).toBeUndefined();
    await history.append('orders', record(1));
    await history.append('customers', record(1));
    expect(history.failed).toBe(true);
    expect(history.saved).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Could not read the history table warehouse\.quality\.unreachable: cannot connect to PostgreSQL: .*password authentication failed/,
    );
    expect(warnings[0]).toContain('the tests run on');
    expect(warnings[0]).not.toContain('wrong-password');
  });

  test('a table the store cannot use (another layout) is a warning too, and the table is left alone', async () => {
    await admin.query('CREATE TABLE quality.foreign_layout (id int, note text)');
    await admin.query(`INSERT INTO quality.foreign_layout VALUES (1, 'keep me')`);
    const { history, warnings } = store(['quality', 'foreign_layout']);
    expect(await history.load('orders')).toEqual([]);
    await history.append('orders', record(1));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Could not read the history table warehouse\.quality\.foreign_layout: column "\w+" does not exist\. History is optional/);
    expect((await admin.query('SELECT * FROM quality.foreign_layout')).rows).toEqual([{ id: 1, note: 'keep me' }]);
  });

  test('a failed save after a good read is a warning naming the save', async () => {
    const { history, warnings } = store(['quality', 'save_fails']);
    expect(await history.load('orders')).toEqual([]);
    await admin.query('ALTER TABLE quality.save_fails ADD CONSTRAINT small CHECK ((metrics->>$$row_count$$)::int < 10)');
    await history.append('orders', record(12));
    expect(warnings).toEqual([
      expect.stringMatching(/^Could not save to the history table warehouse\.quality\.save_fails: new row .* violates check constraint "small"/),
    ]);
    expect(history.saved).toBe(0);
  });
});

describe('history-table names', () => {
  test.each([
    ['warehouse.quality.dq_history', { source: 'warehouse', table: ['quality', 'dq_history'] }],
    ['warehouse.dq_history', { source: 'warehouse', table: ['dq_history'] }],
    ['wh.Sales Team.Order "Lines"', { source: 'wh', table: ['Sales Team', 'Order "Lines"'] }],
  ])('%s is accepted', (value, parts) => expect(parseHistoryTableName(value)).toEqual({ value, ...parts }));

  test.each(['warehouse', 'a.b.c.d', 'warehouse..t', '.t', 'wh.t.', ' wh.t', 'wh.t ', 'wh.t\nx', `wh.${'x'.repeat(64)}`])('%j is refused', (value) =>
    expect(parseHistoryTableName(value)).toBeUndefined(),
  );

  test('the source must be a PostgreSQL source of the check file; the error lists the declared ones', () => {
    const location = { file: 'dataops-tests.yml', line: 3, column: 3 };
    const config = {
      file: 'dataops-tests.yml',
      sources: {
        warehouse: { name: 'warehouse', type: 'postgres', url: 'postgres://x', location },
        replica: { name: 'replica', type: 'postgres', url: 'postgres://y', location },
      },
    } as unknown as DataTestConfig;
    expect(historyTableSource(config, parseHistoryTableName('replica.q.h')!, "Input 'history-table'").url).toBe('postgres://y');
    expect(() => historyTableSource(config, parseHistoryTableName('wherehouse.q.h')!, "Input 'history-table'")).toThrow(
      `Input 'history-table' has invalid value "wherehouse.q.h": source 'wherehouse' is not a PostgreSQL source of dataops-tests.yml (declared PostgreSQL sources: warehouse, replica)`,
    );
    expect(() => historyTableSource(config, parseHistoryTableName('toString.h')!, '--history-table')).toThrow(/source 'toString' is not/);
    expect(() => historyTableSource({ ...config, sources: {} }, parseHistoryTableName('warehouse.h')!, '--history-table')).toThrow(
      '(declared PostgreSQL sources: none)',
    );
  });
});
