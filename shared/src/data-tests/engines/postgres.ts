/**
 * PostgreSQL over `pg`: every computation runs in the database; one connection per source, opened
 * on first use with the session in UTC so timestamps without a zone read as UTC.
 */
import pg from 'pg';
import { PostgresDialect } from '../dialects/postgres.js';
import type { ColumnInfo } from '../planner.js';
import type { Relation, Select } from '../sql.js';
import { plainValue, QueryError, trace, type Engine, type QueryResult } from './engine.js';

export interface PostgresOptions {
  url: string;
  /** Milliseconds one statement may run; 0 for no limit. */
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
}

const INT8 = 20;

/** bigint (counts) as a number when exact; everything else as pg parses it (numeric stays exact text). */
function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8 && format !== 'binary') {
    return (value: string) => {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    };
  }
  return (pg.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown)(oid, format);
}

export class PostgresEngine implements Engine {
  readonly name = 'postgres' as const;
  readonly dialect = new PostgresDialect();
  private client?: pg.Client;
  private connecting?: Promise<pg.Client>;

  constructor(private readonly options: PostgresOptions) {}

  private connect(): Promise<pg.Client> {
    this.connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: this.options.url,
        connectionTimeoutMillis: this.options.connectTimeoutMs ?? 15_000,
        statement_timeout: this.options.statementTimeoutMs || undefined,
        application_name: 'dataops-tests',
        options: '-c TimeZone=UTC',
        types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
      });
      // A dropped connection must not crash the process; the next query reports it.
      client.on('error', () => undefined);
      try {
        await client.connect();
      } catch (err) {
        await client.end().catch(() => undefined);
        throw new QueryError(`cannot connect to PostgreSQL: ${(err as Error).message || (err as { code?: string }).code || String(err)}`);
      }
      this.client = client;
      return client;
    })();
    return this.connecting;
  }

  /** Runs SQL text with bind parameters ($1, $2, …); values are never pasted into the text. */
  async query(sql: string, params: unknown[] = []): Promise<QueryResult> {
    const client = await this.connect();
    const started = performance.now();
    try {
      const result = await client.query({ text: sql, values: params, rowMode: 'array' });
      trace(sql, started);
      return { columns: result.fields.map((f) => f.name), rows: (result.rows as unknown[][]).map((r) => r.map(plainValue)) };
    } catch (err) {
      throw new QueryError((err as Error).message, sql);
    }
  }

  async describe(rel: Relation): Promise<ColumnInfo[]> {
    if (rel.k !== 'table') throw new QueryError('PostgreSQL datasets must be tables');
    const name = this.dialect.tableName(rel.parts);
    // One metadata query: whether the relation exists, and its columns in order.
    const result = await this.query(
      `SELECT r.oid IS NOT NULL AS found, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM (SELECT to_regclass($1::text) AS oid) AS r
       LEFT JOIN pg_attribute AS a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum`,
      [name],
    );
    if (!result.rows[0]?.[0]) throw new QueryError(`relation ${rel.parts.join('.')} does not exist (or is not visible to this user)`);
    return result.rows.filter((r) => r[1] !== null).map((r) => ({ name: String(r[1]), type: String(r[2]) }));
  }

  async run(query: Select): Promise<QueryResult> {
    const { sql, params } = this.dialect.emit(query);
    return this.query(
      sql,
      params.map((p) => p.value),
    );
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.connecting = undefined;
    await client?.end().catch(() => undefined);
  }
}
