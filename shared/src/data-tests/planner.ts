/**
 * Compiles a dataset's tests into as few queries as possible: every row-level test (not_null,
 * accepted_values, range, regex, length, expression, freshness and the metrics anomaly and
 * change tests watch) becomes `count(*) filter (where ...)`-style aggregates of ONE scan; each
 * uniqueness key one GROUP BY ... HAVING; each relationship one anti-join; each `sql` test its
 * own count. Schema tests need only the metadata. Columns are checked against the metadata
 * first, so a typo is an error naming the column and listing the dataset's columns.
 */
import { typeFamily, isNumeric, isTemporal, typeMatches, type TypeFamily } from './column-types.js';
import { metricKey, type DataTest, type DatasetSpec, type MetricSpec, type RangeBound, type Sample, type TestSpec } from './model.js';
import {
  agg,
  and,
  bin,
  cast,
  col,
  countIf,
  countStar,
  field,
  isNotNull,
  isNull,
  not,
  num,
  param,
  select,
  template,
  when,
  type Expr,
  type ParamType,
  type Relation,
  type Select,
  type SelectItem,
} from './sql.js';

export interface ColumnInfo {
  name: string;
  type: string;
}

export type Row = Record<string, unknown>;

export type Measure =
  | { kind: 'count'; failing: number; total?: number; detail?: string }
  | { kind: 'rowCount'; rows: number }
  | { kind: 'freshness'; lagSeconds: number | null }
  | { kind: 'metric'; value: number | null }
  | { kind: 'schema'; problems: string[] };

export interface TestPlan {
  test: DataTest;
  /** Why the test cannot run (unknown column, wrong type): an error without a query. */
  error?: string;
  /** Aggregates this test adds to the dataset's single scan. */
  scanItems?: SelectItem[];
  /** A query of its own (uniqueness key, anti-join, custom SQL), returning one row. */
  query?: Select;
  /** The measure from the scan's row and, for a test with its own query, that query's row. */
  read?: (scan: Row, own: Row) => Measure;
  /** Decided from the metadata alone (schema tests). */
  metadata?: Measure;
  /** A bounded sample of failing values/rows, run only for a test that did not pass. */
  sample?: Select;
  /** A row-level test's failing rows (with its `where`), for the combined samples statement. */
  rowSample?: { condition: Expr; column?: string };
  /** The sample that came back with the test's own query (inline samples). */
  inlineSample?: (own: Row) => Sample | undefined;
  /** History key of the metric, for anomaly and change_vs_baseline tests. */
  metric?: string;
  /**
   * Fused plans: what the test reads from the materialized CTE, per row: the columns it needs
   * (`col` as its own name) and the expressions it needs computed once (flags, `where`, metric
   * arguments) under their `__dataops_` names.
   */
  baseItems?: SelectItem[];
}

export interface ParentRelation {
  relation: Relation;
  columns: ColumnInfo[];
}

export interface PlanInput {
  dataset: DatasetSpec;
  relation: Relation;
  columns: ColumnInfo[];
  /** Another dataset of the run on the same engine (relationships, `{{ ref('x') }}`); a string says why not. */
  parent(name: string): ParentRelation | string;
  sampleSize: number;
  /** The dialect returns samples inside queries (records, bounded top-n): fewer passes over the data. */
  inlineSamples?: boolean;
  /**
   * Fused plan (text files on DuckDB, where every pass re-parses the file): `relation` is a
   * materialized CTE of the file holding, per row, only what the statement reads afterwards: the
   * key columns, each row-level test's failing condition computed once as a flag, the other
   * expressions the aggregates need, and the full row only for rows failing some row-level test
   * (for their samples). `source` is the file itself (for sql tests and the CTE).
   */
  fused?: { source: Relation };
}

export const ROW_COUNT = 'row_count';

export interface DatasetPlan {
  tests: TestPlan[];
  /** The one aggregate scan for the given tests (default: all), with the row count first. */
  scan(plans?: TestPlan[]): Select;
  /**
   * One statement returning the samples of these row-level tests (inline samples): the failing
   * rows are read once into a materialized CTE, then each test's sample comes from it as a list.
   */
  samples(plans: TestPlan[]): { query: Select; read(row: Row): Array<Sample | undefined> };
  /**
   * Fused plan only: ONE statement reading the file once into a materialized CTE (what the tests
   * read per row, a flag per row-level test, the failing rows) and returning the aggregates, every
   * own query's row and the samples of every row-level test (sql tests read the file itself,
   * inside the same statement).
   */
  fused(plans: TestPlan[]): { query: Select; read(row: Row): { scan: Row; own: Map<TestPlan, Row>; samples: Map<TestPlan, Sample | undefined> } };
}

const FUSED_BASE = 'base';

/**
 * Fused plans: the row as a record in a one-item list, present only on rows failing a sampled
 * row-level test (a NULL list takes a few bytes a row; a NULL record still takes all its fields').
 */
const FAILING_ROW = '__dataops_row';

const FLAG = (i: number) => `__dataops_failing_${i}`;

/** A list of records (inline samples) as a sample table; keys in record order. */
export function recordsToSample(records: unknown): Sample | undefined {
  if (!Array.isArray(records) || records.length === 0) return undefined;
  const columns = Object.keys(records[0] as object);
  return { columns, rows: records.map((r) => columns.map((c) => (r as Record<string, unknown>)[c])) };
}

class PlanError extends Error {}

const num0 = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function planDataset(input: PlanInput): DatasetPlan {
  const planInput = input.fused ? { ...input, relation: { k: 'cte', name: FUSED_BASE } as Relation } : input;
  const planner = new Planner(planInput);
  const tests = input.dataset.tests.map((test, i) => planner.plan(test, i));
  const scanOver = (relation: Relation, plans: TestPlan[]) => {
    const items: SelectItem[] = [{ expr: countStar(), as: ROW_COUNT }];
    const seen = new Set([ROW_COUNT]);
    for (const p of plans) {
      for (const item of p.scanItems ?? []) {
        if (seen.has(item.as!)) continue;
        seen.add(item.as!);
        items.push(item);
      }
    }
    return select(relation, items);
  };
  return {
    fused: (plans) => {
      if (!input.fused) throw new Error('internal: not a fused plan');
      const owned = plans.filter((p) => p.query);
      const sampled = plans.filter((p) => p.rowSample);
      const base = fusedBase(input.fused.source, plans, sampled);
      const scan = scanOver(planInput.relation, plans);
      const samples = sampleItems(planInput.relation, sampled, (c) => field({ k: 'first', list: col(FAILING_ROW) }, c));
      const query: Select = {
        ...scan,
        with: [{ name: FUSED_BASE, query: base, materialized: true }],
        items: [...scan.items, ...owned.map((p, i) => ({ expr: { k: 'rowValue', query: p.query! } as Expr, as: `own${i}` })), ...samples.items],
      };
      return {
        query,
        read: (row) => {
          const own = new Map<TestPlan, Row>();
          owned.forEach((p, i) => own.set(p, (row[`own${i}`] ?? {}) as Row));
          const values = samples.read(row);
          return { scan: row, own, samples: new Map(sampled.map((p, i) => [p, values[i]])) };
        },
      };
    },
    tests,
    scan: (plans = tests) => scanOver(planInput.relation, plans),
    samples: (plans) => {
      const names = input.columns.map((c) => c.name);
      const failing = select(
        input.relation,
        [...names.map((c) => ({ expr: col(c), as: c })), ...plans.map((p, i) => ({ expr: p.rowSample!.condition, as: FLAG(i) }))],
        { where: plans.map((p) => p.rowSample!.condition).reduce((a, b) => bin('or', a, b)) },
      );
      const flagged = plans.map((p, i) => ({ ...p, rowSample: { ...p.rowSample!, condition: col(FLAG(i)) } }));
      const { items, read } = sampleItems({ k: 'cte', name: 'failing' }, flagged);
      return { query: { k: 'select', with: [{ name: 'failing', query: failing, materialized: true }], items }, read };
    },
  };

  /**
   * The fused CTE: the file's columns the statement reads and the expressions computed once per row
   * (inner level), then the failing row as one record, built only where a sampled test's flag
   * is set (outer level, so each flag is still computed once). Nothing else of the file is held.
   */
  function fusedBase(source: Relation, plans: TestPlan[], sampled: TestPlan[]): Select {
    const items = new Map<string, SelectItem>();
    for (const p of plans) for (const item of p.baseItems ?? []) if (!items.has(item.as!)) items.set(item.as!, item);
    const computed = [...items.values()].filter((item) => item.expr.k !== 'col');
    const rows = select(source, [{ expr: { k: 'star' } }, ...computed]);
    const outer: SelectItem[] = [...items.keys()].map((name) => ({ expr: col(name), as: name }));
    if (sampled.length) {
      // Samples of whole rows need every column; value samples only their own.
      const wanted = new Set(sampled.map((p) => p.rowSample!.column));
      const fields = input.columns.map((c) => c.name).filter((c) => wanted.has(undefined) || wanted.has(c));
      const failing = sampled.map((p) => p.rowSample!.condition).reduce((a, b) => bin('or', a, b));
      const record: Expr = { k: 'struct', fields: fields.map((c) => ({ name: c, expr: col(c) })) };
      outer.push({ expr: when(failing, { k: 'list', items: [record] }), as: FAILING_ROW });
    }
    // A CTE needs a column even when the tests only count rows.
    if (outer.length === 0) outer.push({ expr: num(1), as: '__dataops_one' });
    return select({ k: 'query', query: rows }, outer, { as: 'rows' });
  }

  /** Each test's sample from `from` as a list item: grouped failing values, or failing rows. */
  function sampleItems(
    from: Relation,
    plans: TestPlan[],
    value: (column: string) => Expr = (c) => col(c),
  ): { items: SelectItem[]; read(row: Row): Array<Sample | undefined> } {
    const n = input.sampleSize;
    const names = input.columns.map((c) => c.name);
    const items = plans.map((p, i): SelectItem => {
      const { column, condition } = p.rowSample!;
      const query =
        column === undefined
          ? select(
              from,
              names.map((c) => ({ expr: value(c), as: c })),
              { where: condition, limit: n },
            )
          : select(
              from,
              [
                { expr: value(column), as: 'value' },
                { expr: countStar(), as: 'rows' },
              ],
              { where: condition, groupBy: [value(column)], orderBy: [{ expr: col('rows'), desc: true }, { expr: col('value') }], limit: n },
            );
      return { expr: { k: 'rowList', query }, as: `sample${i}` };
    });
    return { items, read: (row) => plans.map((_, i) => recordsToSample(row[`sample${i}`])) };
  }
}

class Planner {
  /** Fused plans: the name each expression computed in the CTE got, so equal ones are computed once. */
  private readonly computed = new Map<string, string>();
  /** Fused plans: what the test being compiled reads from the CTE per row. */
  private baseItems: SelectItem[] = [];

  constructor(private readonly input: PlanInput) {}

  plan(test: DataTest, index: number): TestPlan {
    if (test.invalid) return { test, error: test.invalid };
    try {
      this.baseItems = [];
      const compiled = this.compile(test, test.spec, `t${index}`);
      return { test, ...compiled, ...(this.input.fused ? { baseItems: this.baseItems } : {}) };
    } catch (err) {
      if (err instanceof PlanError) return { test, error: err.message };
      throw err;
    }
  }

  /** The column as the dataset spells it; an exact match first, then a unique case-insensitive one. */
  private column(name: string): ColumnInfo {
    const columns = this.input.columns;
    const exact = columns.find((c) => c.name === name);
    if (exact) return exact;
    const folded = columns.filter((c) => c.name.toLowerCase() === name.toLowerCase());
    if (folded.length === 1) return folded[0];
    throw new PlanError(`column '${name}' does not exist in ${this.input.dataset.name} (columns: ${columns.map((c) => c.name).join(', ')})`);
  }

  /**
   * A per-row value that aggregates or own queries read. Fused plans hold it in the CTE: a column
   * as itself, anything else computed there once under `name` (the CTE keeps nothing else of the
   * file); other plans read it where it is.
   */
  private row(expr: Expr, name: string): Expr {
    if (!this.input.fused) return expr;
    if (expr.k === 'col' && expr.table === undefined) {
      this.baseItems.push({ expr, as: expr.name });
      return expr;
    }
    const key = JSON.stringify(expr);
    const as = this.computed.get(key) ?? name;
    this.computed.set(key, as);
    this.baseItems.push({ expr, as });
    return col(as);
  }

  private where(test: DataTest): Expr | undefined {
    return test.where === undefined ? undefined : this.raw(test.where);
  }

  /** SQL from the check file, with `{{ column }}` placeholders as quoted identifiers. */
  private raw(text: string, column?: string): Expr {
    return {
      k: 'raw',
      parts: template(text, (name) => {
        if (name === 'column' && column !== undefined) return col(this.column(column).name);
        throw new PlanError(
          `unknown placeholder {{ ${name} }} in ${JSON.stringify(text)}${name === 'column' ? ' (only tests under a column have {{ column }})' : ''}`,
        );
      }),
    };
  }

  private rowTest(test: DataTest, alias: string, condition: Expr, sampleColumn?: string): Omit<TestPlan, 'test'> {
    const where = this.where(test);
    const rowFailing = this.row(and(where, condition), `__dataops_${alias}`);
    const items: SelectItem[] = [{ expr: countIf(rowFailing), as: `${alias}_failing` }];
    if (where) items.push({ expr: countIf(this.row(where, `__dataops_${alias}_where`)), as: `${alias}_total` });
    const rel = this.input.relation;
    const limit = this.input.sampleSize;
    const sample =
      limit <= 0
        ? undefined
        : sampleColumn === undefined
          ? select(rel, [{ expr: { k: 'star' } }], { where: rowFailing, limit })
          : select(
              rel,
              [
                { expr: col(sampleColumn), as: 'value' },
                { expr: countStar(), as: 'rows' },
              ],
              {
                where: rowFailing,
                groupBy: [col(sampleColumn)],
                orderBy: [{ expr: col('rows'), desc: true }, { expr: col('value') }],
                limit,
              },
            );
    return {
      scanItems: items,
      read: (row) => ({ kind: 'count', failing: num0(row[`${alias}_failing`]), total: num0(where ? row[`${alias}_total`] : row[ROW_COUNT]) }),
      sample: this.input.inlineSamples ? undefined : sample,
      rowSample: limit > 0 ? { condition: rowFailing, column: sampleColumn } : undefined,
    };
  }

  private compile(test: DataTest, spec: TestSpec, alias: string): Omit<TestPlan, 'test'> {
    switch (spec.type) {
      case 'not_null': {
        const c = this.column(spec.column);
        return this.rowTest(test, alias, isNull(col(c.name)));
      }
      case 'accepted_values': {
        const c = this.column(spec.column);
        const family = typeFamily(c.type);
        const values = spec.values;
        let target: Expr = col(c.name);
        let list: Expr[];
        if (values.every((v) => typeof v === 'number') && isNumeric(family)) list = values.map((v) => param(v, 'double'));
        else if (values.every((v) => typeof v === 'boolean') && family === 'boolean') list = values.map((v) => param(v, 'boolean'));
        else {
          if (family !== 'text') target = cast(target, 'text');
          list = values.map((v) => param(String(v), 'text'));
        }
        return this.rowTest(test, alias, and(isNotNull(target), { k: 'in', expr: target, list, negated: true }), c.name);
      }
      case 'range': {
        const c = this.column(spec.column);
        const family = typeFamily(c.type);
        const bound = (value: RangeBound, which: string): Expr => {
          if (typeof value === 'number') {
            if (!isNumeric(family))
              throw new PlanError(`range: column '${c.name}' is ${c.type}, not a number, so it cannot be compared with ${which} ${value}`);
            return param(value, 'double');
          }
          if (!isTemporal(family) && family !== 'text')
            throw new PlanError(`range: column '${c.name}' is ${c.type}, so it cannot be compared with the date ${value}`);
          const type: ParamType = family === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : 'timestamp';
          return param(value, type);
        };
        const target = typeof (spec.min ?? spec.max) === 'string' && family === 'text' ? cast(col(c.name), 'timestamp') : col(c.name);
        const outside: Expr[] = [];
        if (spec.min !== undefined) outside.push(bin(spec.minInclusive ? '<' : '<=', target, bound(spec.min, 'min')));
        if (spec.max !== undefined) outside.push(bin(spec.maxInclusive ? '>' : '>=', target, bound(spec.max, 'max')));
        const failing = outside.length === 1 ? outside[0] : bin('or', outside[0], outside[1]);
        return this.rowTest(test, alias, and(isNotNull(target), failing), c.name);
      }
      case 'regex': {
        const c = this.column(spec.column);
        const text = this.asText(c);
        return this.rowTest(test, alias, and(isNotNull(text), not({ k: 'regex', expr: text, pattern: param(spec.pattern, 'text') })), c.name);
      }
      case 'length': {
        const c = this.column(spec.column);
        const len: Expr = { k: 'length', expr: this.asText(c) };
        const outside: Expr[] = [];
        if (spec.min !== undefined) outside.push(bin('<', len, param(spec.min, 'bigint')));
        if (spec.max !== undefined) outside.push(bin('>', len, param(spec.max, 'bigint')));
        const failing = outside.length === 1 ? outside[0] : bin('or', outside[0], outside[1]);
        return this.rowTest(test, alias, and(isNotNull(col(c.name)), failing), c.name);
      }
      case 'expression': {
        const condition = this.raw(spec.expression, test.column);
        return this.rowTest(test, alias, not(condition));
      }
      case 'row_count': {
        const where = this.where(test);
        const items: SelectItem[] = where ? [{ expr: countIf(this.row(where, `__dataops_${alias}_where`)), as: `${alias}_rows` }] : [];
        return { scanItems: items, read: (row) => ({ kind: 'rowCount', rows: num0(row[where ? `${alias}_rows` : ROW_COUNT]) }) };
      }
      case 'freshness': {
        const c = this.column(spec.column);
        const family = typeFamily(c.type);
        if (!isTemporal(family) && family !== 'text') throw new PlanError(`freshness: column '${c.name}' is ${c.type}, not a date or timestamp`);
        const latest = this.latestEpoch(c, this.where(test), alias);
        return {
          scanItems: [
            { expr: latest, as: `${alias}_latest` },
            { expr: { k: 'epoch', expr: { k: 'now' } }, as: `${alias}_now` },
          ],
          read: (row) => {
            const at = numOrNull(row[`${alias}_latest`]);
            return { kind: 'freshness', lagSeconds: at === null ? null : num0(row[`${alias}_now`]) - at };
          },
        };
      }
      case 'schema':
        return { metadata: { kind: 'schema', problems: this.schemaProblems(spec) } };
      case 'unique':
        return this.unique(test, spec.columns, alias);
      case 'relationships':
        return this.relationship(test, spec, alias);
      case 'sql':
        return this.customQuery(test, spec.query);
      case 'anomaly':
      case 'change_vs_baseline':
        return this.metric(test, spec.metric, alias);
    }
  }

  private asText(c: ColumnInfo): Expr {
    return typeFamily(c.type) === 'text' ? col(c.name) : cast(col(c.name), 'text');
  }

  private latestEpoch(c: ColumnInfo, where: Expr | undefined, alias: string): Expr {
    const value: Expr = typeFamily(c.type) === 'text' ? cast(col(c.name), 'timestamp') : col(c.name);
    const filtered = where ? when(where, value) : value;
    return { k: 'epoch', expr: agg('max', this.row(filtered, `__dataops_${alias}_latest`)) };
  }

  private schemaProblems(spec: Extract<TestSpec, { type: 'schema' }>): string[] {
    const columns = this.input.columns;
    const find = (name: string) => columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    const problems: string[] = [];
    for (const name of spec.required) if (!find(name)) problems.push(`missing required column '${name}'`);
    for (const name of spec.forbidden) if (find(name)) problems.push(`forbidden column '${name}' is present`);
    for (const [name, expected] of Object.entries(spec.types)) {
      const c = find(name);
      if (!c) problems.push(`column '${name}' (expected type ${expected}) does not exist`);
      else if (!typeMatches(expected, c.type)) problems.push(`column '${c.name}' is ${c.type}, expected ${expected}`);
    }
    if (spec.forbidExtra) {
      const declared = new Set(
        [...spec.required, ...Object.keys(spec.types), ...this.input.dataset.tests.flatMap((t) => testColumns(t.spec))].map((n) => n.toLowerCase()),
      );
      for (const c of columns) if (!declared.has(c.name.toLowerCase())) problems.push(`unexpected column '${c.name}' (${c.type})`);
    }
    return problems;
  }

  private unique(test: DataTest, names: string[], alias: string): Omit<TestPlan, 'test'> {
    const keys = names.map((n) => this.column(n).name).map((n) => this.row(col(n), n));
    const testWhere = this.where(test);
    const rowWhere = testWhere && this.row(testWhere, `__dataops_${alias}_where`);
    const where = and(rowWhere, ...keys.map((k) => isNotNull(k)));
    const groups = select(this.input.relation, [...keys.map((k, i) => ({ expr: k, as: `k${i}` })), { expr: countStar(), as: 'rows' }], {
      where,
      groupBy: keys,
      having: bin('>', countStar(), num(1)),
    });
    const inline = this.input.inlineSamples && this.input.sampleSize > 0;
    const counted = select(
      { k: 'query', query: groups },
      [
        { expr: countStar(), as: 'keys' },
        { expr: agg('sum', col('rows')), as: 'rows' },
        // The most duplicated keys come back with the count: no second pass for the sample.
        ...(inline
          ? [
              {
                expr: {
                  k: 'topBy',
                  value: { k: 'struct', fields: [...names.map((n, i) => ({ name: n, expr: col(`k${i}`) })), { name: 'rows', expr: col('rows') }] },
                  by: col('rows'),
                  n: this.input.sampleSize,
                } as Expr,
                as: 'sample',
              },
            ]
          : []),
      ],
      { as: 'duplicates' },
    );
    const totalQuery = rowWhere && countIf(rowWhere);
    const sample =
      this.input.sampleSize > 0
        ? select(this.input.relation, [...keys.map((k, i) => ({ expr: k, as: names[i] })), { expr: countStar(), as: 'rows' }], {
            where,
            groupBy: keys,
            having: bin('>', countStar(), num(1)),
            orderBy: [{ expr: countStar(), desc: true }, ...keys.map((k) => ({ expr: k }))],
            limit: this.input.sampleSize,
          })
        : undefined;
    return {
      scanItems: totalQuery ? [{ expr: totalQuery, as: `${alias}_total` }] : undefined,
      query: counted,
      read: (scan, own) => ({
        kind: 'count',
        failing: num0(own.rows),
        total: num0(scan[totalQuery ? `${alias}_total` : ROW_COUNT]),
        detail: `${num0(own.keys)} duplicated key${num0(own.keys) === 1 ? '' : 's'}`,
      }),
      sample: inline ? undefined : sample,
      inlineSample: inline ? (own) => recordsToSample(sortedSample(own.sample, names)) : undefined,
    };
  }

  private relationship(test: DataTest, spec: Extract<TestSpec, { type: 'relationships' }>, alias: string): Omit<TestPlan, 'test'> {
    const child = this.column(spec.column);
    const parent = this.input.parent(spec.to);
    if (typeof parent === 'string') throw new PlanError(parent);
    const parentColumn = parent.columns.find((c) => c.name === spec.field) ?? parent.columns.find((c) => c.name.toLowerCase() === spec.field.toLowerCase());
    if (!parentColumn) throw new PlanError(`column '${spec.field}' does not exist in ${spec.to} (columns: ${parent.columns.map((c) => c.name).join(', ')})`);
    // Keys of different kinds (text vs number) are compared as text rather than failing to bind.
    const sameKind =
      typeFamily(child.type) === typeFamily(parentColumn.type) || (isNumeric(typeFamily(child.type)) && isNumeric(typeFamily(parentColumn.type)));
    const childKey = sameKind ? col(child.name, 'c') : cast(col(child.name, 'c'), 'text');
    const parentKey = sameKind ? col(parentColumn.name, 'p') : cast(col(parentColumn.name, 'p'), 'text');
    this.row(col(child.name), child.name);
    const testWhere = this.where(test);
    const where = testWhere && this.row(testWhere, `__dataops_${alias}_where`);
    const orphan = and(where, isNotNull(col(child.name, 'c')), {
      k: 'exists',
      negated: true,
      query: select(parent.relation, [{ expr: num(1) }], { as: 'p', where: bin('=', parentKey, childKey) }),
    });
    const inline = this.input.inlineSamples && this.input.sampleSize > 0;
    // Inline samples: orphans grouped by key, so the most frequent missing keys come back with the count.
    const counted = inline
      ? select(
          {
            k: 'query',
            query: select(
              this.input.relation,
              [
                { expr: col(child.name, 'c'), as: 'value' },
                { expr: countStar(), as: 'rows' },
              ],
              { as: 'c', where: orphan, groupBy: [col(child.name, 'c')] },
            ),
          },
          [
            { expr: agg('sum', col('rows')), as: 'orphans' },
            {
              expr: {
                k: 'topBy',
                value: {
                  k: 'struct',
                  fields: [
                    { name: 'value', expr: col('value') },
                    { name: 'rows', expr: col('rows') },
                  ],
                },
                by: col('rows'),
                n: this.input.sampleSize,
              },
              as: 'sample',
            },
          ],
          { as: 'orphans' },
        )
      : select(this.input.relation, [{ expr: countStar(), as: 'orphans' }], { as: 'c', where: orphan });
    const sample =
      this.input.sampleSize > 0
        ? select(
            this.input.relation,
            [
              { expr: col(child.name, 'c'), as: 'value' },
              { expr: countStar(), as: 'rows' },
            ],
            {
              as: 'c',
              where: orphan,
              groupBy: [col(child.name, 'c')],
              orderBy: [{ expr: countStar(), desc: true }, { expr: col(child.name, 'c') }],
              limit: this.input.sampleSize,
            },
          )
        : undefined;
    return {
      scanItems: where ? [{ expr: countIf(where), as: `${alias}_total` }] : undefined,
      query: counted,
      read: (scan, own) => ({ kind: 'count', failing: num0(own.orphans), total: num0(scan[where ? `${alias}_total` : ROW_COUNT]) }),
      sample: inline ? undefined : sample,
      inlineSample: inline ? (own) => recordsToSample(sortedSample(own.sample, ['value'])) : undefined,
    };
  }

  private customQuery(test: DataTest, text: string): Omit<TestPlan, 'test'> {
    const query = text.trim().replace(/;+\s*$/, '');
    const declared = test.column;
    const own = this.input.fused?.source ?? this.input.relation;
    const parts = template<Relation | Expr>(query, (name, arg) => {
      if (name === 'dataset' && arg === undefined) return own;
      if ((name === 'ref' || name === 'dataset') && arg !== undefined) {
        if (arg === this.input.dataset.name) return own;
        const parent = this.input.parent(arg);
        if (typeof parent === 'string') throw new PlanError(parent);
        return parent.relation;
      }
      if (name === 'column' && declared !== undefined) return col(this.column(declared).name);
      throw new PlanError(`unknown placeholder {{ ${name} }} in the sql test (use {{ dataset }}, {{ ref('other') }}${declared ? ' or {{ column }}' : ''})`);
    });
    if (test.where !== undefined) throw new PlanError("a sql test cannot have 'where'; filter inside its query");
    const rel: Relation = { k: 'rawQuery', parts };
    return {
      query: select(rel, [{ expr: countStar(), as: 'failing' }], { as: 'q' }),
      read: (_scan, own) => ({ kind: 'count', failing: num0(own.failing) }),
      sample: this.input.sampleSize > 0 ? select(rel, [{ expr: { k: 'star' } }], { as: 'q', limit: this.input.sampleSize }) : undefined,
    };
  }

  private metric(test: DataTest, metric: MetricSpec, alias: string): Omit<TestPlan, 'test'> {
    const testWhere = this.where(test);
    const where = testWhere && this.row(testWhere, `__dataops_${alias}_where`);
    const key = metricKey(metric);
    const as = `${alias}_metric`;
    if (metric.name === 'row_count') {
      return {
        metric: key,
        scanItems: where ? [{ expr: countIf(where), as }] : [],
        read: (row) => ({ kind: 'metric', value: num0(row[where ? as : ROW_COUNT]) }),
      };
    }
    const c = this.column(metric.column!);
    const family: TypeFamily = typeFamily(c.type);
    // The aggregate's argument is computed per row (once, in the CTE of a fused plan).
    const value = (expr: Expr): Expr => this.row(testWhere ? when(testWhere, expr) : expr, `__dataops_${as}`);
    const numeric = () => {
      if (!isNumeric(family)) throw new PlanError(`metric ${metric.name} needs a numeric column; '${c.name}' is ${c.type}`);
      return value(cast(col(c.name), 'double'));
    };
    const items: SelectItem[] = [];
    let read: (row: Row) => Measure;
    switch (metric.name) {
      case 'null_rate': {
        items.push(
          { expr: countIf(this.row(and(testWhere, isNull(col(c.name))), `__dataops_${as}_nulls`)), as: `${as}_nulls` },
          { expr: where ? countIf(where) : countStar(), as: `${as}_rows` },
        );
        read = (row) => {
          const rows = num0(row[`${as}_rows`]);
          return { kind: 'metric', value: rows === 0 ? null : num0(row[`${as}_nulls`]) / rows };
        };
        break;
      }
      case 'distinct_count':
        items.push({ expr: agg('count', value(col(c.name)), true), as });
        read = (row) => ({ kind: 'metric', value: num0(row[as]) });
        break;
      case 'mean':
        items.push({ expr: agg('avg', numeric()), as });
        read = (row) => ({ kind: 'metric', value: numOrNull(row[as]) });
        break;
      case 'median':
        items.push({ expr: { k: 'percentile', expr: numeric(), fraction: 0.5 }, as });
        read = (row) => ({ kind: 'metric', value: numOrNull(row[as]) });
        break;
      case 'min':
      case 'max':
      case 'sum':
        items.push({ expr: agg(metric.name, numeric()), as });
        read = (row) => ({ kind: 'metric', value: numOrNull(row[as]) });
        break;
      case 'freshness_lag': {
        if (!isTemporal(family) && family !== 'text') throw new PlanError(`metric freshness_lag needs a date or timestamp column; '${c.name}' is ${c.type}`);
        items.push({ expr: this.latestEpoch(c, testWhere, as), as: `${as}_latest` }, { expr: { k: 'epoch', expr: { k: 'now' } }, as: `${as}_now` });
        read = (row) => {
          const at = numOrNull(row[`${as}_latest`]);
          return { kind: 'metric', value: at === null ? null : num0(row[`${as}_now`]) - at };
        };
        break;
      }
    }
    return { metric: key, scanItems: items, read: read! };
  }
}

/** max_by's top n in a stable order: most rows first, then by key. */
function sortedSample(records: unknown, keys: string[]): unknown {
  if (!Array.isArray(records)) return records;
  const cmp = (a: unknown, b: unknown) =>
    a === b ? 0 : a === null || a === undefined ? 1 : b === null || b === undefined ? -1 : (a as number) < (b as number) ? -1 : 1;
  return [...(records as Array<Record<string, unknown>>)].sort((a, b) => Number(b.rows) - Number(a.rows) || keys.reduce((r, k) => r || cmp(a[k], b[k]), 0));
}

/** Columns a test names (for `forbid_extra`: a column some test checks is declared). */
export function testColumns(spec: TestSpec): string[] {
  switch (spec.type) {
    case 'unique':
      return spec.columns;
    case 'not_null':
    case 'accepted_values':
    case 'range':
    case 'regex':
    case 'length':
    case 'relationships':
    case 'freshness':
      return [spec.column];
    case 'anomaly':
    case 'change_vs_baseline':
      return spec.metric.column === undefined ? [] : [spec.metric.column];
    default:
      return [];
  }
}
