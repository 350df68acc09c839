/**
 * Snowflake: quoted identifiers are case-sensitive (name columns as stored, usually upper case),
 * `?` bind variables, COUNT_IF, and REGEXP_INSTR for a partial match (REGEXP_LIKE matches the whole text).
 */
import { Dialect } from './dialect.js';

export class SnowflakeDialect extends Dialect {
  readonly name = 'snowflake' as const;

  countIf(cond: string): string {
    return `COUNT_IF(${cond})`;
  }

  regex(text: string, pattern: string): string {
    return `(REGEXP_INSTR(${text}, ${pattern}) > 0)`;
  }

  length(text: string): string {
    return `LENGTH(${text})`;
  }

  epoch(value: string): string {
    return `DATE_PART(EPOCH_SECOND, CAST(${value} AS TIMESTAMP_NTZ))`;
  }
}
