/** PostgreSQL: `$n` placeholders with explicit casts (the server infers nothing from a bare parameter). */
import type { ParamType } from '../sql.js';
import { Dialect } from './dialect.js';

export class PostgresDialect extends Dialect {
  readonly name = 'postgres' as const;

  placeholder(index: number, type: ParamType): string {
    return `$${index}::${this.typeName(type)}`;
  }

  typeName(type: ParamType): string {
    return { text: 'text', double: 'double precision', bigint: 'bigint', boolean: 'boolean', timestamp: 'timestamp', date: 'date' }[type];
  }

  materialized(): string {
    return 'MATERIALIZED ';
  }

  regex(text: string, pattern: string): string {
    return `(${text} ~ ${pattern})`;
  }

  epoch(value: string): string {
    return `EXTRACT(EPOCH FROM ${value})::double precision`;
  }

  now(): string {
    return 'now()';
  }
}
