/**
 * What the runner needs from a database: the columns of a relation (one metadata query) and the
 * rows of a query. Values come back JSON-safe (big integers and decimals as numbers when exact,
 * else strings; timestamps as ISO strings).
 */
import type { Dialect } from '../dialects/dialect.js';
import type { ColumnInfo } from '../planner.js';
import type { Relation, Select } from '../sql.js';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export interface Engine {
  readonly name: 'duckdb' | 'postgres';
  readonly dialect: Dialect;
  /** Columns of the relation, in order; throws when it cannot be read. */
  describe(rel: Relation): Promise<ColumnInfo[]>;
  run(query: Select): Promise<QueryResult>;
  close(): Promise<void>;
}

/** A database refused or failed a query; the message is the database's own. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly sql?: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export function rowObject(result: QueryResult, index = 0): Record<string, unknown> {
  const row = result.rows[index] ?? [];
  return Object.fromEntries(result.columns.map((c, i) => [c, row[i]]));
}

/** JSON-safe value: bigint to number when exact, Date to ISO text, buffers as hex. */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  return value;
}

/** With DATAOPS_TESTS_TRACE=1 every query and its duration goes to stderr (to see where a run spends its time). */
export function trace(sql: string, started: number): void {
  if (process.env.DATAOPS_TESTS_TRACE === '1')
    process.stderr.write(`[trace] ${Math.round(performance.now() - started)} ms: ${sql.replace(/\s+/g, ' ').slice(0, 300)}\n`);
}
