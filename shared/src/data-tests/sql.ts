/**
 * The small SQL tree every check compiles to. Identifiers are always quoted by the dialect and
 * values always become bound parameters; the only SQL text taken as-is is what the check file
 * writes as SQL on purpose (`expression`, `where`, `sql` tests), held in `raw` nodes whose
 * `{{ column }}` / `{{ dataset }}` placeholders are themselves tree nodes.
 */
import type { FileFormat } from './model.js';

export type ParamType = 'text' | 'double' | 'bigint' | 'boolean' | 'timestamp' | 'date';
export type SqlType = ParamType;

export type ParamValue = string | number | boolean | null;

export type BinaryOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'and' | 'or' | '+' | '-' | '*' | '/';

export type Expr =
  | { k: 'col'; name: string; table?: string }
  | { k: 'param'; value: ParamValue; type: ParamType }
  /** A number written by this code (never user text): limits, 0, 1. */
  | { k: 'num'; value: number }
  | { k: 'star' }
  | { k: 'raw'; parts: Array<string | Expr> }
  | { k: 'agg'; fn: 'count' | 'sum' | 'min' | 'max' | 'avg'; arg: Expr; distinct?: boolean }
  | { k: 'countStar' }
  | { k: 'countIf'; cond: Expr }
  | { k: 'coalesce'; args: Expr[] }
  | { k: 'bin'; op: BinaryOp; left: Expr; right: Expr }
  | { k: 'not'; expr: Expr }
  | { k: 'isNull'; expr: Expr; negated?: boolean }
  | { k: 'in'; expr: Expr; list: Expr[]; negated?: boolean }
  /** True when the pattern matches anywhere in the text (anchor with ^ and $). */
  | { k: 'regex'; expr: Expr; pattern: Expr }
  /** Length in characters. */
  | { k: 'length'; expr: Expr }
  | { k: 'cast'; expr: Expr; to: SqlType }
  /** Seconds since 1970-01-01 UTC of a date or timestamp, as a double. */
  | { k: 'epoch'; expr: Expr }
  | { k: 'now' }
  | { k: 'percentile'; expr: Expr; fraction: number }
  | { k: 'exists'; query: Select; negated?: boolean }
  | { k: 'scalar'; query: Select }
  /** A record of named values (DuckDB STRUCT). */
  | { k: 'struct'; fields: Array<{ name: string; expr: Expr }> }
  /** One named value of a record. */
  | { k: 'field'; record: Expr; name: string }
  /** A list of values (DuckDB LIST): a NULL list costs a row almost nothing, unlike a NULL record. */
  | { k: 'list'; items: Expr[] }
  /** The list's first value. */
  | { k: 'first'; list: Expr }
  /** `then` where `when` holds, else NULL. */
  | { k: 'when'; when: Expr; then: Expr }
  /** Aggregate: the `n` values with the largest `by`, bounded memory (DuckDB max_by(x, by, n)). */
  | { k: 'topBy'; value: Expr; by: Expr; n: number }
  /** The rows of a query as one list of records (DuckDB: list of structs). */
  | { k: 'rowList'; query: Select }
  /** The single row of a query as one record (DuckDB: a struct). */
  | { k: 'rowValue'; query: Select };

export type Relation =
  | { k: 'table'; parts: string[] }
  | { k: 'files'; format: FileFormat; paths: string[]; delimiter?: string; header?: boolean }
  | { k: 'query'; query: Select }
  /** A name defined by the statement's WITH. */
  | { k: 'cte'; name: string }
  /** A query the check file wrote (`sql` test), with `{{ dataset }}` references as relations. */
  | { k: 'rawQuery'; parts: Array<string | Relation | Expr> };

export interface SelectItem {
  expr: Expr;
  as?: string;
}

export interface CommonTable {
  name: string;
  query: Select;
  /** Computed once and shared by every reference (WITH … AS MATERIALIZED). */
  materialized?: boolean;
}

export interface Select {
  k: 'select';
  with?: CommonTable[];
  items: SelectItem[];
  /** Absent for a statement of scalar subqueries only. */
  from?: { rel: Relation; as?: string };
  joins?: Array<{ type: 'left' | 'inner'; rel: Relation; as: string; on: Expr }>;
  where?: Expr;
  groupBy?: Expr[];
  having?: Expr;
  orderBy?: Array<{ expr: Expr; desc?: boolean }>;
  limit?: number;
}

// Builders: short names keep the planner readable.
export const col = (name: string, table?: string): Expr => ({ k: 'col', name, table });
export const param = (value: ParamValue, type: ParamType): Expr => ({ k: 'param', value, type });
export const num = (value: number): Expr => ({ k: 'num', value });
export const and = (...exprs: Array<Expr | undefined>): Expr => {
  const present = exprs.filter((e): e is Expr => e !== undefined);
  if (present.length === 0) return { k: 'raw', parts: ['TRUE'] };
  return present.reduce((left, right) => ({ k: 'bin', op: 'and', left, right }));
};
export const or = (...exprs: Expr[]): Expr => exprs.reduce((left, right) => ({ k: 'bin', op: 'or', left, right }));
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ k: 'bin', op, left, right });
export const not = (expr: Expr): Expr => ({ k: 'not', expr });
export const isNull = (expr: Expr): Expr => ({ k: 'isNull', expr });
export const isNotNull = (expr: Expr): Expr => ({ k: 'isNull', expr, negated: true });
export const countStar = (): Expr => ({ k: 'countStar' });
export const countIf = (cond: Expr): Expr => ({ k: 'countIf', cond });
export const agg = (fn: 'count' | 'sum' | 'min' | 'max' | 'avg', arg: Expr, distinct = false): Expr => ({ k: 'agg', fn, arg, distinct });
export const cast = (expr: Expr, to: SqlType): Expr => ({ k: 'cast', expr, to });
export const when = (condition: Expr, then: Expr): Expr => ({ k: 'when', when: condition, then });
export const field = (record: Expr, name: string): Expr => ({ k: 'field', record, name });

export function select(from: Relation, items: SelectItem[], rest: Omit<Select, 'k' | 'items' | 'from'> & { as?: string } = {}): Select {
  const { as, ...others } = rest;
  return { k: 'select', items, from: { rel: from, as }, ...others };
}

/**
 * Splits SQL written in the check file around `{{ name }}` / `{{ name('arg') }}` placeholders;
 * `resolve` turns each into a tree node (or throws for an unknown one).
 */
export function template<T>(text: string, resolve: (name: string, arg: string | undefined) => T): Array<string | T> {
  const parts: Array<string | T> = [];
  const re = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*['"]([^'"]*)['"]\s*\))?\s*\}\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(resolve(m[1], m[2]));
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
