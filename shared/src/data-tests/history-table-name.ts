/**
 * The `history-table` input (and the CLI's --history-table): `<source>.<schema>.<table>` or
 * `<source>.<table>`, where the source is a PostgreSQL source of the check file. Kept apart from
 * the store so that the action's entrypoint can validate it without loading the database client.
 */
import { ActionError } from '../errors.js';
import type { DataTestConfig, SourceSpec } from './model.js';

export interface HistoryTableName {
  /** As given, for messages. */
  value: string;
  source: string;
  /** `[schema, table]` or `[table]` (the connection's search_path decides the schema). */
  table: string[];
}

export const HISTORY_TABLE_FORMAT = "<source>.<schema>.<table> or <source>.<table>, <source> being a PostgreSQL source of the check file's 'sources'";

/** PostgreSQL truncates longer identifiers silently; a name that would change is refused instead. */
const MAX_IDENTIFIER_BYTES = 63;

/** The parts of a history table name; undefined when it does not have that form. */
export function parseHistoryTableName(value: string): HistoryTableName | undefined {
  const parts = value.split('.');
  if (parts.length < 2 || parts.length > 3) return undefined;
  for (const part of parts) {
    if (part === '' || part.trim() !== part || Buffer.byteLength(part) > MAX_IDENTIFIER_BYTES) return undefined;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(part)) return undefined;
  }
  return { value, source: parts[0], table: parts.slice(1) };
}

/**
 * The check file's source the history table lives in; an ActionError naming `what` (the input or
 * option), the value and the declared PostgreSQL sources otherwise.
 */
export function historyTableSource(config: DataTestConfig, name: HistoryTableName, what: string): SourceSpec {
  const source = Object.hasOwn(config.sources, name.source) ? config.sources[name.source] : undefined;
  if (source?.type === 'postgres') return source;
  const declared = Object.values(config.sources)
    .filter((s) => s.type === 'postgres')
    .map((s) => s.name);
  throw new ActionError(
    `${what} has invalid value ${JSON.stringify(name.value)}: source '${name.source}' is not a PostgreSQL source of ${config.file} (declared PostgreSQL sources: ${declared.join(', ') || 'none'})`,
  );
}
