/**
 * Run history in a PostgreSQL table of one of the check file's sources (history: table): one row
 * per run and dataset, created on first use. It answers like FileHistory does over the Actions
 * cache: a branch reads its own rows, starting from the default branch's rows older than its first
 * run (what the cache's fallback restores), and a pull request's baseline is the base branch's
 * latest row. Every value is a bind parameter and every identifier is quoted by the dialect. The
 * history is optional: a database error is one warning, after which the store reads nothing and
 * saves nothing for the rest of the run, and the tests run on.
 */
import { errorMessage } from '../errors.js';
import { maskSecrets } from '../exec.js';
import { PostgresEngine, type PostgresOptions } from './engines/postgres.js';
import { BufferedHistory, type Baseline, type HistoryRecord } from './history.js';
import { historyTableSource, type HistoryTableName } from './history-table-name.js';
import type { DataTestConfig } from './model.js';

export interface TableHistoryOptions {
  url: string;
  /** `[schema, table]` or `[table]`. */
  table: string[];
  /** The table as the user named it, for messages. */
  label: string;
  /** Keeps the histories of check files sharing the table apart (the cache keys do the same). */
  checkFile: string;
  /** This run's branch; undefined (the CLI) reads every row of the dataset, whatever its branch. */
  branch?: string;
  /** The branch whose rows a new branch starts from. */
  defaultBranch?: string;
  /** A pull request's base branch, whose latest run is the baseline. */
  baseBranch?: string;
  /** Runs read per dataset (the newest); the file store keeps as many. */
  maxRecords?: number;
  /** Called once, with the first database error. */
  warn: (message: string) => void;
  postgres?: Omit<PostgresOptions, 'url'>;
}

/**
 * The store for a history-table name, on the check file's source it names (an ActionError naming
 * `what` otherwise); its warnings have the check file's secrets masked.
 */
export function tableHistoryFor(
  config: DataTestConfig,
  name: HistoryTableName,
  what: string,
  options: Pick<TableHistoryOptions, 'branch' | 'defaultBranch' | 'baseBranch' | 'warn'>,
): TableHistory {
  const source = historyTableSource(config, name, what);
  return new TableHistory({
    ...options,
    url: source.url,
    table: name.table,
    label: name.value,
    checkFile: config.file,
    warn: (message) => options.warn(maskSecrets(message, config.secrets)),
  });
}

const COLUMNS = 'at, run_id, sha, ref, metrics, anomalies';

export class TableHistory extends BufferedHistory {
  private readonly engine: PostgresEngine;
  private readonly name: string;
  private ready?: Promise<void>;
  /** Set by the first database error: the store is off for the rest of the run. */
  failed = false;
  /** Rows written by this run. */
  saved = 0;

  constructor(private readonly options: TableHistoryOptions) {
    super(options.maxRecords);
    this.engine = new PostgresEngine({ statementTimeoutMs: 60_000, ...options.postgres, url: options.url });
    this.name = this.engine.dialect.tableName(options.table);
  }

  protected async read(dataset: string): Promise<HistoryRecord[]> {
    const { checkFile, branch, defaultBranch } = this.options;
    const rows = await this.guarded('read', async () => {
      await this.ensureTable();
      // This branch's rows, preceded by the default branch's rows from before its first one.
      const result = await this.engine.query(
        `SELECT ${COLUMNS} FROM (
             SELECT id, ${COLUMNS} FROM ${this.name}
             WHERE check_file = $1::text AND dataset = $2::text AND (
               $3::text IS NULL OR ref = $3::text
               OR (ref = $4::text AND at < COALESCE(
                 (SELECT min(at) FROM ${this.name} WHERE check_file = $1::text AND dataset = $2::text AND ref = $3::text),
                 'infinity'::timestamptz)))
             ORDER BY at DESC, id DESC
             LIMIT $5::bigint
           ) AS recent
           ORDER BY at, id`,
        [checkFile, dataset, branch ?? null, defaultBranch ?? null, this.maxRecords],
      );
      return result.rows;
    });
    return (rows ?? []).map(toRecord).filter((r): r is HistoryRecord => r !== undefined);
  }

  protected async readBaseline(dataset: string): Promise<Baseline | undefined> {
    const { checkFile, branch, baseBranch } = this.options;
    if (baseBranch === undefined || baseBranch === branch) return undefined;
    const rows = await this.guarded('read', async () => {
      await this.ensureTable();
      const result = await this.engine.query(
        `SELECT ${COLUMNS} FROM ${this.name}
         WHERE check_file = $1::text AND dataset = $2::text AND ref = $3::text
         ORDER BY at DESC, id DESC
         LIMIT 1`,
        [checkFile, dataset, baseBranch],
      );
      return result.rows;
    });
    const latest = rows?.[0] ? toRecord(rows[0]) : undefined;
    return latest ? { record: latest, ref: baseBranch } : undefined;
  }

  protected async write(dataset: string, _records: HistoryRecord[], record: HistoryRecord): Promise<void> {
    const written = await this.guarded('save to', async () => {
      await this.ensureTable();
      await this.engine.query(
        `INSERT INTO ${this.name} (check_file, dataset, at, run_id, sha, ref, metrics, anomalies)
         VALUES ($1::text, $2::text, $3::timestamptz, $4::text, $5::text, $6::text, $7::jsonb, $8::jsonb)`,
        [
          this.options.checkFile,
          dataset,
          record.at,
          record.runId ?? null,
          record.sha ?? null,
          record.ref ?? null,
          JSON.stringify(record.metrics),
          JSON.stringify(record.anomalies),
        ],
      );
      return true;
    });
    if (written) this.saved++;
  }

  async close(): Promise<void> {
    await this.engine.close();
  }

  /** Creates the table (and its index) when missing; only then is the CREATE privilege needed. */
  private ensureTable(): Promise<void> {
    this.ready ??= (async () => {
      if (await this.exists()) return;
      const index = this.engine.dialect.quote(`${this.options.table[this.options.table.length - 1]}_history_idx`);
      try {
        await this.engine.query(
          `CREATE TABLE IF NOT EXISTS ${this.name} (
             id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
             check_file text NOT NULL,
             dataset text NOT NULL,
             at timestamptz NOT NULL,
             run_id text,
             sha text,
             ref text,
             metrics jsonb NOT NULL,
             anomalies jsonb NOT NULL DEFAULT '[]'::jsonb
           )`,
        );
        await this.engine.query(`CREATE INDEX IF NOT EXISTS ${index} ON ${this.name} (check_file, dataset, ref, at)`);
      } catch (err) {
        // Two jobs creating the table at once: one of them loses the race, and the table is there.
        if (!(await this.exists())) throw err;
      }
    })();
    return this.ready;
  }

  private async exists(): Promise<boolean> {
    const result = await this.engine.query('SELECT to_regclass($1::text) IS NOT NULL', [this.name]);
    return result.rows[0]?.[0] === true;
  }

  /** Runs a database step; the first failure is a warning and turns the store off. */
  private async guarded<T>(action: 'read' | 'save to', fn: () => Promise<T>): Promise<T | undefined> {
    if (this.failed) return undefined;
    try {
      return await fn();
    } catch (err) {
      this.failed = true;
      this.options.warn(
        `Could not ${action} the history table ${this.options.label}: ${errorMessage(err)}. History is optional: the tests run on, without reading or saving history for the rest of this run.`,
      );
      return undefined;
    }
  }
}

/** A row as a record; undefined for a row that is not one (edited by hand). */
function toRecord(row: unknown[]): HistoryRecord | undefined {
  const [at, runId, sha, ref, metrics, anomalies] = row;
  if (typeof at !== 'string' || !metrics || typeof metrics !== 'object' || Array.isArray(metrics)) return undefined;
  const record: HistoryRecord = {
    at,
    metrics: metrics as Record<string, number>,
    anomalies: Array.isArray(anomalies) ? anomalies.filter((a): a is string => typeof a === 'string') : [],
  };
  if (typeof runId === 'string') record.runId = runId;
  if (typeof sha === 'string') record.sha = sha;
  if (typeof ref === 'string') record.ref = ref;
  return record;
}
