/** BigQuery (GoogleSQL): backtick identifiers, positional `?` parameters, COUNTIF, RE2 REGEXP_CONTAINS. */
import type { ParamType } from '../sql.js';
import { Dialect } from './dialect.js';

export class BigQueryDialect extends Dialect {
  readonly name = 'bigquery' as const;

  quote(name: string): string {
    return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
  }

  typeName(type: ParamType): string {
    return { text: 'STRING', double: 'FLOAT64', bigint: 'INT64', boolean: 'BOOL', timestamp: 'TIMESTAMP', date: 'DATE' }[type];
  }

  countIf(cond: string): string {
    return `COUNTIF(${cond})`;
  }

  regex(text: string, pattern: string): string {
    return `REGEXP_CONTAINS(${text}, ${pattern})`;
  }

  epoch(value: string): string {
    return `UNIX_MICROS(CAST(${value} AS TIMESTAMP)) / 1000000`;
  }

  percentile(value: string, fraction: number): string {
    // APPROX_QUANTILES gives 1000 buckets here; the fraction picks one.
    return `APPROX_QUANTILES(${value}, 1000)[OFFSET(${Math.round(fraction * 1000)})]`;
  }
}
