/** DuckDB: the embedded engine for files (csv, tsv, parquet, json, ndjson), read with its table functions. */
import type { ParamType, Relation } from '../sql.js';
import { Dialect, type Emission } from './dialect.js';

export class DuckDBDialect extends Dialect {
  readonly name = 'duckdb' as const;

  placeholder(index: number, type: ParamType): string {
    // Parameters are bound with their exact DuckDB type; dates and timestamps travel as text.
    return type === 'timestamp' || type === 'date' ? `CAST($${index} AS ${this.typeName(type)})` : `$${index}`;
  }

  readonly inlineSamples = true;

  struct(fields: Array<[string, string]>): string {
    return `struct_pack(${fields.map(([name, value]) => `${this.quote(name)} := ${value}`).join(', ')})`;
  }

  field(record: string, name: string): string {
    return `(${record}).${this.quote(name)}`;
  }

  list(items: string[]): string {
    return `[${items.join(', ')}]`;
  }

  first(list: string): string {
    return `(${list})[1]`;
  }

  topBy(value: string, by: string, n: number): string {
    return `max_by(${value}, ${by}, ${n})`;
  }

  rowList(query: string): string {
    return `(SELECT list("row") FROM (${query}) AS "row")`;
  }

  rowValue(query: string): string {
    return `(SELECT "row" FROM (${query}) AS "row")`;
  }

  materialized(): string {
    return 'MATERIALIZED ';
  }

  regex(text: string, pattern: string): string {
    return `regexp_matches(${text}, ${pattern})`;
  }

  length(text: string): string {
    return `length(${text})`;
  }

  epoch(value: string): string {
    return `epoch(CAST(${value} AS TIMESTAMP))`;
  }

  now(): string {
    // The engine sets TimeZone=UTC, so this cast (and the one in epoch) keeps UTC wall time.
    return 'current_timestamp';
  }

  percentile(value: string, fraction: number): string {
    return `quantile_cont(${value}, ${fraction})`;
  }

  files(rel: Extract<Relation, { k: 'files' }>, e: Emission): string {
    const paths = `[${rel.paths.map((p) => e.bind(p, 'text')).join(', ')}]`;
    switch (rel.format) {
      case 'parquet':
        return `read_parquet(${paths})`;
      case 'json':
        return `read_json(${paths}, format = 'auto')`;
      case 'ndjson':
        return `read_json(${paths}, format = 'newline_delimited')`;
      case 'csv':
      case 'tsv': {
        const options: string[] = [];
        const delimiter = rel.delimiter ?? (rel.format === 'tsv' ? '\t' : undefined);
        if (delimiter !== undefined) options.push(`delim = ${e.bind(delimiter, 'text')}`);
        if (rel.header !== undefined) options.push(`header = ${e.bind(rel.header, 'boolean')}`);
        return `read_csv(${[paths, ...options].join(', ')})`;
      }
    }
  }
}
