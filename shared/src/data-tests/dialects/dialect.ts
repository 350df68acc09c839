/**
 * Emits the SQL tree for one database. The base class writes ANSI SQL; a dialect overrides only
 * what differs (quoting, placeholders, regex, epoch, count-if, percentiles, type names), so a new
 * database is a new small subclass, not a rewrite.
 */
import type { Expr, ParamType, ParamValue, Relation, Select, SqlType } from '../sql.js';

export type DialectName = 'duckdb' | 'postgres' | 'trino' | 'spark' | 'bigquery' | 'snowflake';

export interface BoundParam {
  value: ParamValue;
  type: ParamType;
}

export interface Emitted {
  sql: string;
  params: BoundParam[];
}

export class DialectError extends Error {}

/** Collects parameters while one statement is written. */
export class Emission {
  readonly params: BoundParam[] = [];
  constructor(readonly dialect: Dialect) {}

  bind(value: ParamValue, type: ParamType): string {
    this.params.push({ value, type });
    return this.dialect.placeholder(this.params.length, type);
  }
}

export abstract class Dialect {
  abstract readonly name: DialectName;

  emit(query: Select): Emitted {
    const emission = new Emission(this);
    return { sql: this.select(query, emission), params: emission.params };
  }

  /** Identifiers in double quotes, embedded quotes doubled (ANSI). */
  quote(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }

  /** `?` placeholders in order; typed values are cast so the database need not guess. */
  placeholder(_index: number, type: ParamType): string {
    return type === 'timestamp' || type === 'date' ? `CAST(? AS ${this.typeName(type)})` : '?';
  }

  typeName(type: SqlType): string {
    return { text: 'VARCHAR', double: 'DOUBLE', bigint: 'BIGINT', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP', date: 'DATE' }[type];
  }

  countIf(cond: string): string {
    return `COUNT(*) FILTER (WHERE ${cond})`;
  }

  regex(text: string, pattern: string): string {
    return `REGEXP_LIKE(${text}, ${pattern})`;
  }

  length(text: string): string {
    return `CHAR_LENGTH(${text})`;
  }

  epoch(value: string): string {
    return `EXTRACT(EPOCH FROM ${value})`;
  }

  now(): string {
    return 'CURRENT_TIMESTAMP';
  }

  percentile(value: string, fraction: number): string {
    return `PERCENTILE_CONT(${fraction}) WITHIN GROUP (ORDER BY ${value})`;
  }

  /** Records, bounded top-n aggregates and row lists: what lets one statement return samples too. */
  readonly inlineSamples: boolean = false;

  struct(_fields: Array<[string, string]>): string {
    throw new DialectError(`${this.name} emitter has no record values`);
  }

  field(_record: string, _name: string): string {
    throw new DialectError(`${this.name} emitter has no record values`);
  }

  list(_items: string[]): string {
    throw new DialectError(`${this.name} emitter has no list values`);
  }

  first(_list: string): string {
    throw new DialectError(`${this.name} emitter has no list values`);
  }

  topBy(_value: string, _by: string, _n: number): string {
    throw new DialectError(`${this.name} emitter has no bounded top-n aggregate`);
  }

  rowList(_query: string): string {
    throw new DialectError(`${this.name} emitter has no row lists`);
  }

  rowValue(_query: string): string {
    throw new DialectError(`${this.name} emitter has no row values`);
  }

  materialized(): string {
    return '';
  }

  files(_rel: Extract<Relation, { k: 'files' }>, _e: Emission): string {
    throw new DialectError(`${this.name} cannot read files; file datasets run on the embedded DuckDB`);
  }

  tableName(parts: string[]): string {
    return parts.map((p) => this.quote(p)).join('.');
  }

  relation(rel: Relation, e: Emission): string {
    switch (rel.k) {
      case 'table':
        return this.tableName(rel.parts);
      case 'files':
        return this.files(rel, e);
      case 'query':
        return `(${this.select(rel.query, e)})`;
      case 'cte':
        return this.quote(rel.name);
      case 'rawQuery':
        return `(${rel.parts.map((p) => (typeof p === 'string' ? p : 'k' in p && isRelation(p) ? this.relation(p, e) : this.expr(p as Expr, e))).join('')})`;
    }
  }

  select(q: Select, e: Emission): string {
    const ctes = (q.with ?? []).map((c) => `${this.quote(c.name)} AS ${c.materialized ? this.materialized() : ''}(${this.select(c.query, e)})`);
    const prefix = ctes.length ? `WITH ${ctes.join(', ')} ` : '';
    return prefix + this.selectBody(q, e);
  }

  private selectBody(q: Select, e: Emission): string {
    const items = q.items.map((item) => (item.as === undefined ? this.expr(item.expr, e) : `${this.expr(item.expr, e)} AS ${this.quote(item.as)}`));
    let sql = `SELECT ${items.join(', ')}${q.from ? ` FROM ${this.relation(q.from.rel, e)}${q.from.as ? ` AS ${this.quote(q.from.as)}` : ''}` : ''}`;
    for (const join of q.joins ?? [])
      sql += ` ${join.type.toUpperCase()} JOIN ${this.relation(join.rel, e)} AS ${this.quote(join.as)} ON ${this.expr(join.on, e)}`;
    if (q.where) sql += ` WHERE ${this.expr(q.where, e)}`;
    if (q.groupBy?.length) sql += ` GROUP BY ${q.groupBy.map((g) => this.expr(g, e)).join(', ')}`;
    if (q.having) sql += ` HAVING ${this.expr(q.having, e)}`;
    if (q.orderBy?.length) sql += ` ORDER BY ${q.orderBy.map((o) => `${this.expr(o.expr, e)}${o.desc ? ' DESC' : ''}`).join(', ')}`;
    if (q.limit !== undefined) sql += ` ${this.limit(q.limit)}`;
    return sql;
  }

  limit(n: number): string {
    return `LIMIT ${String(safeInteger(n))}`;
  }

  expr(x: Expr, e: Emission): string {
    switch (x.k) {
      case 'col':
        return x.table === undefined ? this.quote(x.name) : `${this.quote(x.table)}.${this.quote(x.name)}`;
      case 'param':
        return e.bind(x.value, x.type);
      case 'num':
        return safeNumber(x.value);
      case 'star':
        return '*';
      case 'raw':
        return `(${x.parts.map((p) => (typeof p === 'string' ? p : this.expr(p, e))).join('')})`;
      case 'agg':
        return `${x.fn.toUpperCase()}(${x.distinct ? 'DISTINCT ' : ''}${this.expr(x.arg, e)})`;
      case 'countStar':
        return 'COUNT(*)';
      case 'countIf':
        return this.countIf(this.expr(x.cond, e));
      case 'coalesce':
        return `COALESCE(${x.args.map((a) => this.expr(a, e)).join(', ')})`;
      case 'bin':
        return `(${this.expr(x.left, e)} ${x.op.toUpperCase()} ${this.expr(x.right, e)})`;
      case 'not':
        return `(NOT ${this.expr(x.expr, e)})`;
      case 'isNull':
        return `(${this.expr(x.expr, e)} IS ${x.negated ? 'NOT ' : ''}NULL)`;
      case 'in':
        return `(${this.expr(x.expr, e)} ${x.negated ? 'NOT ' : ''}IN (${x.list.map((v) => this.expr(v, e)).join(', ')}))`;
      case 'regex':
        return this.regex(this.expr(x.expr, e), this.expr(x.pattern, e));
      case 'length':
        return this.length(this.expr(x.expr, e));
      case 'cast':
        return `CAST(${this.expr(x.expr, e)} AS ${this.typeName(x.to)})`;
      case 'epoch':
        return this.epoch(this.expr(x.expr, e));
      case 'now':
        return this.now();
      case 'percentile':
        return this.percentile(this.expr(x.expr, e), safeFraction(x.fraction));
      case 'exists':
        return `(${x.negated ? 'NOT ' : ''}EXISTS (${this.select(x.query, e)}))`;
      case 'scalar':
        return `(${this.select(x.query, e)})`;
      case 'struct':
        return this.struct(x.fields.map((f) => [f.name, this.expr(f.expr, e)]));
      case 'field':
        return this.field(this.expr(x.record, e), x.name);
      case 'list':
        return this.list(x.items.map((i) => this.expr(i, e)));
      case 'first':
        return this.first(this.expr(x.list, e));
      case 'when':
        return `(CASE WHEN ${this.expr(x.when, e)} THEN ${this.expr(x.then, e)} END)`;
      case 'topBy':
        return this.topBy(this.expr(x.value, e), this.expr(x.by, e), safeInteger(x.n));
      case 'rowList':
        return this.rowList(this.select(x.query, e));
      case 'rowValue':
        return this.rowValue(this.select(x.query, e));
    }
  }
}

function isRelation(node: Relation | Expr): node is Relation {
  return node.k === 'table' || node.k === 'files' || node.k === 'query' || node.k === 'rawQuery' || node.k === 'cte';
}

// Numbers written into SQL text come from this code, but are checked anyway: only plain numerals.
function safeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new DialectError(`not a finite number: ${n}`);
  return String(n);
}

function safeInteger(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new DialectError(`not a row limit: ${n}`);
  return n;
}

function safeFraction(n: number): number {
  if (!(n >= 0 && n <= 1)) throw new DialectError(`not a fraction: ${n}`);
  return n;
}
