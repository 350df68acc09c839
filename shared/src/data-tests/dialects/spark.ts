/** Spark SQL: backtick identifiers, `?` parameter markers (Spark 3.4+), count_if, RLIKE. */
import type { ParamType } from '../sql.js';
import { Dialect } from './dialect.js';

export class SparkDialect extends Dialect {
  readonly name = 'spark' as const;

  quote(name: string): string {
    return `\`${name.replace(/`/g, '``')}\``;
  }

  typeName(type: ParamType): string {
    return { text: 'STRING', double: 'DOUBLE', bigint: 'BIGINT', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP', date: 'DATE' }[type];
  }

  countIf(cond: string): string {
    return `count_if(${cond})`;
  }

  regex(text: string, pattern: string): string {
    return `(${text} RLIKE ${pattern})`;
  }

  epoch(value: string): string {
    return `unix_timestamp(CAST(${value} AS TIMESTAMP))`;
  }

  percentile(value: string, fraction: number): string {
    return `percentile(${value}, ${fraction})`;
  }
}
