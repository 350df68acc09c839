/**
 * The embedded DuckDB engine for file datasets (csv, tsv, parquet, json, ndjson). No extension is
 * ever downloaded (parquet and json are built in); the session runs in UTC; files are passed as
 * bound parameters of DuckDB's read_* table functions.
 */
import type * as DuckDB from '@duckdb/node-api';
import { DuckDBDialect } from '../dialects/duckdb.js';
import type { BoundParam } from '../dialects/dialect.js';
import type { ColumnInfo } from '../planner.js';
import { select, type Relation, type Select } from '../sql.js';
import { plainValue, QueryError, trace, type Engine, type QueryResult } from './engine.js';

export type DuckDBApi = typeof DuckDB;

export interface DuckDBEngineOptions {
  /** DuckDB's memory_limit, e.g. `1GB`; default DuckDB's own (80% of RAM). */
  memoryLimit?: string;
  threads?: number;
  /** Where DuckDB may spill when a query exceeds memory. */
  tempDirectory?: string;
}

export class DuckDBEngine implements Engine {
  readonly name = 'duckdb' as const;
  readonly dialect = new DuckDBDialect();

  private constructor(
    private readonly api: DuckDBApi,
    private readonly instance: DuckDB.DuckDBInstance,
    private readonly connection: DuckDB.DuckDBConnection,
  ) {}

  static async open(api: DuckDBApi, options: DuckDBEngineOptions = {}): Promise<DuckDBEngine> {
    const config: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.threads) config.threads = String(options.threads);
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    const instance = await api.DuckDBInstance.create(':memory:', config);
    const connection = await instance.connect();
    // Timestamps without a zone are read as UTC by the epoch/now casts the dialect writes.
    await connection.run("SET TimeZone = 'UTC'");
    return new DuckDBEngine(api, instance, connection);
  }

  private types(params: BoundParam[]): DuckDB.DuckDBType[] {
    const { VARCHAR, DOUBLE, BIGINT, BOOLEAN } = this.api;
    return params.map((p) => ({ text: VARCHAR, double: DOUBLE, bigint: BIGINT, boolean: BOOLEAN, timestamp: VARCHAR, date: VARCHAR })[p.type]);
  }

  private values(params: BoundParam[]): DuckDB.DuckDBValue[] {
    return params.map((p) => (p.type === 'bigint' && typeof p.value === 'number' ? BigInt(p.value) : (p.value as DuckDB.DuckDBValue)));
  }

  private async query(sql: string, params: BoundParam[]): Promise<QueryResult> {
    const started = performance.now();
    try {
      const reader = await this.connection.runAndReadAll(sql, this.values(params), this.types(params));
      trace(sql, started);
      let rows: unknown[][];
      try {
        rows = reader.getRowsJS();
      } catch {
        rows = reader.getRowsJson(); // a type without a JS form (rare): its JSON text
      }
      return { columns: reader.columnNames(), rows: rows.map((r) => r.map(plainValue)) };
    } catch (err) {
      throw new QueryError(cleanMessage((err as Error).message), sql);
    }
  }

  async describe(rel: Relation): Promise<ColumnInfo[]> {
    const { sql, params } = this.dialect.emit(select(rel, [{ expr: { k: 'star' } }]));
    const result = await this.query(`DESCRIBE ${sql}`, params);
    const name = result.columns.indexOf('column_name');
    const type = result.columns.indexOf('column_type');
    return result.rows.map((r) => ({ name: String(r[name]), type: String(r[type]) }));
  }

  async run(query: Select): Promise<QueryResult> {
    const { sql, params } = this.dialect.emit(query);
    return this.query(sql, params);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** DuckDB messages carry a caret diagram of the SQL after a blank line; the first part says it all. */
function cleanMessage(message: string): string {
  return message
    .split(/\n\s*\n/)[0]
    .replace(/^Failed to extract statements: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
