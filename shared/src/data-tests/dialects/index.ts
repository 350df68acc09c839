/** The dialects by name. */
import { BigQueryDialect } from './bigquery.js';
import type { Dialect, DialectName } from './dialect.js';
import { DuckDBDialect } from './duckdb.js';
import { PostgresDialect } from './postgres.js';
import { SnowflakeDialect } from './snowflake.js';
import { SparkDialect } from './spark.js';
import { TrinoDialect } from './trino.js';

export type { Dialect, DialectName, Emitted, BoundParam } from './dialect.js';

const DIALECTS: Record<DialectName, () => Dialect> = {
  duckdb: () => new DuckDBDialect(),
  postgres: () => new PostgresDialect(),
  trino: () => new TrinoDialect(),
  spark: () => new SparkDialect(),
  bigquery: () => new BigQueryDialect(),
  snowflake: () => new SnowflakeDialect(),
};

export const DIALECT_NAMES = Object.keys(DIALECTS) as DialectName[];

export function dialect(name: DialectName): Dialect {
  return DIALECTS[name]();
}
