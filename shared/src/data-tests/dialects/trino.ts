/** Trino: ANSI quoting and FILTER, `?` placeholders, Java regexes, approximate percentiles. */
import { Dialect } from './dialect.js';

export class TrinoDialect extends Dialect {
  readonly name = 'trino' as const;

  regex(text: string, pattern: string): string {
    return `regexp_like(${text}, ${pattern})`;
  }

  length(text: string): string {
    return `length(${text})`;
  }

  epoch(value: string): string {
    return `to_unixtime(CAST(${value} AS TIMESTAMP))`;
  }

  percentile(value: string, fraction: number): string {
    return `approx_percentile(${value}, ${fraction})`;
  }
}
