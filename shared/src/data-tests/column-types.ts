/**
 * Column types as families (integer, decimal, text, timestamp, ...) so checks work across engines:
 * DuckDB's `DECIMAL(18,2)` and PostgreSQL's `numeric(18,2)` are both `decimal`, and a schema test
 * may say `decimal`, `number` or the database's exact type name.
 */
export type TypeFamily =
  'integer' | 'decimal' | 'float' | 'text' | 'boolean' | 'date' | 'timestamp' | 'time' | 'binary' | 'json' | 'list' | 'struct' | 'uuid' | 'interval' | 'other';

export function typeFamily(dbType: string): TypeFamily {
  const t = dbType.trim().toLowerCase();
  if (/\[\]$|^(list|array)\b|^_/.test(t)) return 'list';
  if (/^(struct|map|union|row|record)\b/.test(t)) return 'struct';
  if (/^(u?tinyint|u?smallint|u?integer|u?bigint|u?hugeint|int|int[248]|int64|integer|smallserial|serial|bigserial|long|short|byte)\b/.test(t))
    return 'integer';
  if (/^(decimal|numeric|number|bignumeric)\b/.test(t)) return 'decimal';
  if (/^(float|float[48]|float64|double|real|double precision)\b/.test(t)) return 'float';
  if (/^(varchar|text|string|char|character|character varying|bpchar|nvarchar|name|citext|enum)\b/.test(t)) return 'text';
  if (/^(bool|boolean)\b/.test(t)) return 'boolean';
  if (/^date$/.test(t)) return 'date';
  if (/^(timestamp|timestamptz|datetime|timestamp_[a-z]+)\b/.test(t)) return 'timestamp';
  if (/^(time|timetz)\b/.test(t)) return 'time';
  if (/^(blob|bytea|binary|varbinary|bytes|bit)\b/.test(t)) return 'binary';
  if (/^jsonb?$/.test(t)) return 'json';
  if (/^uuid$/.test(t)) return 'uuid';
  if (/^interval\b/.test(t)) return 'interval';
  return 'other';
}

/** Words a schema test may use for a family rather than an exact type. */
const FAMILY_WORDS: Record<string, TypeFamily[]> = {
  integer: ['integer'],
  int: ['integer'],
  decimal: ['decimal'],
  numeric: ['decimal'],
  float: ['float'],
  double: ['float'],
  number: ['integer', 'decimal', 'float'],
  string: ['text'],
  text: ['text'],
  varchar: ['text'],
  boolean: ['boolean'],
  bool: ['boolean'],
  date: ['date'],
  timestamp: ['timestamp'],
  datetime: ['timestamp'],
  time: ['time'],
  binary: ['binary'],
  json: ['json'],
  list: ['list'],
  array: ['list'],
  struct: ['struct'],
  uuid: ['uuid'],
  interval: ['interval'],
};

const normalize = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

/** Whether a column of `actual` type satisfies the `expected` type of a schema test. */
export function typeMatches(expected: string, actual: string): boolean {
  const wanted = normalize(expected);
  if (wanted === normalize(actual)) return true;
  const families = FAMILY_WORDS[wanted];
  return families !== undefined && families.includes(typeFamily(actual));
}

export const isNumeric = (family: TypeFamily) => family === 'integer' || family === 'decimal' || family === 'float';
export const isTemporal = (family: TypeFamily) => family === 'date' || family === 'timestamp';
