/**
 * SQL built from check files: identifiers (schemas, tables, columns, file paths) are quoted and
 * values (accepted values, patterns, bounds) are bound, so names and values written to break out
 * of quotes compute exactly like harmless ones. Run through the committed bundle against a real
 * PostgreSQL server and the embedded DuckDB; a `canary` table must survive every run.
 */
import pg from 'pg';
import { csv } from '../fixtures/data-tests/data.js';
import { outcomes, runDataTestsAction } from '../integration/run-data-tests/helpers.js';
import { startPostgres, type PostgresServer } from '../services/postgres.js';
import { record } from '../faults/support/ledger.js';

// No dots in schema and table names: the check file's `table: schema.table` splits on them.
const SCHEMA = `s"; DROP TABLE canary; --`;
const TABLE = `t'); DROP TABLE canary;--`;
const COLUMNS = { id: `id"; DROP TABLE public.canary; --`, status: `status'); DROP TABLE public.canary;--`, dollar: '$1', cast: 'x::text', back: 'a\\"b' };
const VALUES = { quote: `' OR '1'='1`, drop: `'); DROP TABLE public.canary; --`, dollar: '$1', backslash: `\\'; SELECT 1; --` };

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
/** YAML double-quoted scalar (JSON's escapes are YAML's), `${` kept literal for the loader. */
const yamlString = (s: string) => JSON.stringify(s).replace(/\$\{/g, '$${');

// Rows: status has 2 values outside the accepted list (VALUES.dollar, VALUES.backslash), one null id, one duplicate id.
const ROWS: Array<[number | null, string, string, string, string]> = [
  [1, VALUES.quote, 'a', 'x', 'p'],
  [2, VALUES.drop, 'b', 'y', 'q'],
  [3, VALUES.dollar, 'c', 'z', 'r'],
  [3, VALUES.backslash, 'd', 'w', 's'],
  [null, 'ok', 'e', 'v', 't'],
];

function checkFile(source: string): string {
  return `version: 1
${source}
    tests:
      - row_count: { min: 5, max: 5 }
    columns:
      - name: ${yamlString(COLUMNS.id)}
        tests: [not_null, unique]
      - name: ${yamlString(COLUMNS.status)}
        tests:
          - accepted_values: { values: [${yamlString(VALUES.quote)}, ${yamlString(VALUES.drop)}, "ok"] }
          - regex: { pattern: ${yamlString('^[^$]*$')} }
      - name: ${yamlString(COLUMNS.dollar)}
        tests: [not_null, { accepted_values: { values: ["a", "b", "c", "d", "e"] } }]
      - name: ${yamlString(COLUMNS.cast)}
        tests: [unique]
      - name: ${yamlString(COLUMNS.back)}
        tests: [{ length: { equals: 1 } }]
`;
}

/** The counts a person gets by reading ROWS. */
function expected(prefix: string): Record<string, string> {
  return {
    [`${prefix}/row_count`]: 'pass 0',
    [`${prefix}/not_null(${COLUMNS.id})`]: 'fail 1',
    [`${prefix}/unique(${COLUMNS.id})`]: 'fail 2',
    [`${prefix}/accepted_values(${COLUMNS.status})`]: 'fail 2',
    [`${prefix}/regex(${COLUMNS.status})`]: 'fail 1',
    [`${prefix}/not_null(${COLUMNS.dollar})`]: 'pass 0',
    [`${prefix}/accepted_values(${COLUMNS.dollar})`]: 'pass 0',
    [`${prefix}/unique(${COLUMNS.cast})`]: 'pass 0',
    [`${prefix}/length(${COLUMNS.back})`]: 'pass 0',
  };
}

describe('PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
    const client = new pg.Client(server.url);
    await client.connect();
    await client.query('CREATE TABLE public.canary (id int); INSERT INTO public.canary VALUES (1)');
    await client.query(`CREATE SCHEMA ${ident(SCHEMA)}`);
    const table = `${ident(SCHEMA)}.${ident(TABLE)}`;
    await client.query(
      `CREATE TABLE ${table} (${[COLUMNS.id, COLUMNS.status, COLUMNS.dollar, COLUMNS.cast, COLUMNS.back].map((c, i) => `${ident(c)} ${i === 0 ? 'int' : 'text'}`).join(', ')})`,
    );
    for (const row of ROWS) await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4, $5)`, row);
    await client.end();
  }, 300_000);
  afterAll(() => server?.stop());

  test('hostile schema, table and column names and hostile values: exact counts, and the canary table survives', async () => {
    const source = `sources:
  warehouse: { type: postgres, url: "\${PG_URL}" }
datasets:
  - name: hostile
    source: warehouse
    table: ${yamlString(`${SCHEMA}.${TABLE}`)}`;
    const run = await runDataTestsAction(checkFile(source), { env: { PG_URL: server.url } });
    const client = new pg.Client(server.url);
    await client.connect();
    const canary = await client.query('SELECT count(*)::int AS n FROM public.canary');
    await client.end();
    const got = outcomes(run);
    record({
      kind: 'inputs',
      source: 'hostile',
      subject: 'run-data-tests: SQL names and values on PostgreSQL',
      count: 9,
      failures: Object.keys(got).filter((k) => got[k] !== expected('hostile')[k]).length,
    });
    expect(got).toEqual(expected('hostile'));
    expect(canary.rows[0].n).toBe(1);
  });
});

describe('DuckDB (files)', () => {
  test('hostile column names, values and a file name with quotes: exact counts', async () => {
    const file = `data/o'rders"; DROP TABLE x; --.csv`;
    const header = [COLUMNS.id, COLUMNS.status, COLUMNS.dollar, COLUMNS.cast, COLUMNS.back];
    const rows = ROWS.map((r) => r.map((v) => (v === null ? '' : String(v))));
    const source = `datasets:
  - name: hostile
    path: ${yamlString(file)}`;
    const run = await runDataTestsAction(checkFile(source), { files: { [file]: csv(header, rows) } });
    const got = outcomes(run);
    record({
      kind: 'inputs',
      source: 'hostile',
      subject: 'run-data-tests: SQL names and values on DuckDB',
      count: 9,
      failures: Object.keys(got).filter((k) => got[k] !== expected('hostile')[k]).length,
    });
    expect(got).toEqual(expected('hostile'));
  });
});
