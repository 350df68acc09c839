/**
 * The data-tests engine: loads a check file and runs every dataset's tests with one metadata
 * query, one aggregate scan, one query per uniqueness key / relationship / sql test, and samples
 * only for tests that did not pass. A dataset or test that cannot run becomes an error with the
 * database's message; the others still run and report. Used by the run-data-tests action, the
 * dataops-test CLI and deploy-with-rollback's data-tests health check.
 */
import os from 'node:os';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { maskSecrets } from '../exec.js';
import { loadConfig } from './config.js';
import { DuckDBEngine, type DuckDBEngineOptions } from './engines/duckdb.js';
import { loadDuckDB, type DuckDBLoadOptions } from './engines/duckdb-install.js';
import { rowObject, type Engine } from './engines/engine.js';
import { PostgresEngine } from './engines/postgres.js';
import { evaluate, testColumnLabel, type Evaluation } from './evaluate.js';
import { fileRelation } from './files.js';
import type { Baseline, HistoryRecord, HistoryStore } from './history.js';
import {
  countStatuses,
  formatLocation,
  runResult,
  type DataTest,
  type DataTestConfig,
  type DataTestReport,
  type DatasetReport,
  type DatasetSpec,
  type Sample,
  type TestReport,
} from './model.js';
import { planDataset, ROW_COUNT, type ColumnInfo, type DatasetPlan, type Measure, type ParentRelation, type Row, type TestPlan } from './planner.js';
import { select, template, type Relation, type Select } from './sql.js';

export interface MetricsLike {
  phase<T>(name: string, fn: () => Promise<T>): Promise<T>;
  count(name: string, delta?: number): void;
}

export type ProgressEvent =
  | { type: 'dataset-start'; dataset: string; index: number; total: number }
  | { type: 'dataset-end'; dataset: string; index: number; total: number; report: DatasetReport };

export interface RunDataTestsOptions {
  env?: NodeJS.ProcessEnv;
  /** dbt schema.yml files whose tests run too. */
  dbtSchemas?: string[];
  /** Paths in messages are relative to this folder (the workspace); default the current folder. */
  displayRoot?: string;
  /** Failing values/rows shown per failed test; default 5, 0 for none. */
  sampleSize?: number;
  /** Run history for anomaly and change_vs_baseline tests; without it they only learn. */
  history?: HistoryStore;
  /** Run only these datasets (others are still read when a relationship needs them). */
  datasets?: string[];
  duckdb?: DuckDBLoadOptions & DuckDBEngineOptions;
  postgres?: { statementTimeoutMs?: number; connectTimeoutMs?: number };
  metrics?: MetricsLike;
  onProgress?: (event: ProgressEvent) => void;
  /** Called with every secret of the check file as soon as it is known (the action masks them). */
  mask?: (secret: string) => void;
  /** Stamped on history records. */
  run?: { id?: string; sha?: string; ref?: string };
}

const noMetrics: MetricsLike = { phase: (_name, fn) => fn(), count: () => undefined };

/** Loads the check file and runs it. Throws only when the check file itself cannot be used. */
export async function runDataTests(configPath: string, options: RunDataTestsOptions = {}): Promise<DataTestReport> {
  const metrics = options.metrics ?? noMetrics;
  const config = await metrics.phase('load-config', () =>
    loadConfig(configPath, { env: options.env, dbtSchemas: options.dbtSchemas, displayRoot: options.displayRoot ?? process.cwd() }),
  );
  return runConfig(config, options);
}

interface Resolved {
  engine: Engine;
  engineKey: string;
  relation: Relation;
  columns: ColumnInfo[];
}

export async function runConfig(config: DataTestConfig, options: RunDataTestsOptions = {}): Promise<DataTestReport> {
  const started = Date.now();
  const metrics = options.metrics ?? noMetrics;
  for (const secret of config.secrets) options.mask?.(secret);
  const runner = new Runner(config, options);
  try {
    const selected = options.datasets ? config.datasets.filter((d) => options.datasets!.includes(d.name)) : config.datasets;
    const history = await runner.loadHistory(selected, metrics);
    const datasets: DatasetReport[] = [];
    await metrics.phase('scan', async () => {
      for (const [index, ds] of selected.entries()) {
        options.onProgress?.({ type: 'dataset-start', dataset: ds.name, index, total: selected.length });
        const report = await runner.dataset(ds, history.get(ds.name));
        datasets.push(report);
        if (report.rowCount !== undefined) metrics.count('rows_scanned', report.rowCount);
        options.onProgress?.({ type: 'dataset-end', dataset: ds.name, index, total: selected.length, report });
      }
    });
    await runner.saveHistory(datasets, metrics);
    const counts = countStatuses(datasets.flatMap((d) => d.tests));
    metrics.count('tests_passed', counts.passed);
    metrics.count('tests_failed', counts.failed);
    metrics.count('tests_warned', counts.warned);
    metrics.count('tests_errored', counts.errored);
    return {
      version: 1,
      configFile: config.file,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      result: runResult(counts),
      counts,
      datasets,
    };
  } finally {
    await runner.close();
  }
}

interface DatasetHistory {
  records: HistoryRecord[];
  baseline?: Baseline;
}

class Runner {
  private duckdb?: Promise<DuckDBEngine>;
  private readonly postgres = new Map<string, PostgresEngine>();
  private readonly resolved = new Map<string, Promise<Resolved>>();
  private readonly anomalies = new Map<string, string[]>();

  constructor(
    private readonly config: DataTestConfig,
    private readonly options: RunDataTestsOptions,
  ) {}

  private mask(text: string): string {
    return maskSecrets(text, this.config.secrets);
  }

  async loadHistory(datasets: DatasetSpec[], metrics: MetricsLike): Promise<Map<string, DatasetHistory>> {
    const result = new Map<string, DatasetHistory>();
    const store = this.options.history;
    const needs = datasets.filter((d) => d.tests.some((t) => !t.invalid && (t.spec.type === 'anomaly' || t.spec.type === 'change_vs_baseline')));
    if (!store || needs.length === 0) return result;
    await metrics.phase('history', async () => {
      for (const ds of needs) result.set(ds.name, { records: await store.load(ds.name), baseline: await store.baseline(ds.name) });
    });
    return result;
  }

  async saveHistory(reports: DatasetReport[], metrics: MetricsLike): Promise<void> {
    const store = this.options.history;
    const scanned = reports.filter((r) => r.rowCount !== undefined);
    if (!store || scanned.length === 0) return;
    await metrics.phase('history', async () => {
      for (const report of scanned) {
        await store.append(report.name, {
          at: new Date().toISOString(),
          runId: this.options.run?.id,
          sha: this.options.run?.sha,
          ref: this.options.run?.ref,
          metrics: report.metrics,
          anomalies: this.anomalies.get(report.name) ?? [],
        });
      }
    });
  }

  private engineFor(ds: DatasetSpec): { key: string; open: () => Promise<Engine> } {
    if (ds.relation.kind === 'files') {
      return {
        key: 'duckdb',
        open: () => {
          this.duckdb ??= (async () => {
            const api = await loadDuckDB(this.options.duckdb);
            return DuckDBEngine.open(api, { tempDirectory: path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'dataops-duckdb'), ...this.options.duckdb });
          })();
          return this.duckdb;
        },
      };
    }
    const source = this.config.sources[ds.source!];
    return {
      key: `postgres:${source.name}`,
      open: async () => {
        let engine = this.postgres.get(source.name);
        if (!engine) {
          engine = new PostgresEngine({ url: source.url, ...this.options.postgres });
          this.postgres.set(source.name, engine);
        }
        return engine;
      },
    };
  }

  /** The dataset's relation and columns (its one metadata query), shared when a relationship needs it again. */
  private resolve(ds: DatasetSpec): Promise<Resolved> {
    let pending = this.resolved.get(ds.name);
    if (!pending) {
      pending = (async () => {
        if (ds.invalid) throw new Error(ds.invalid);
        const { key, open } = this.engineFor(ds);
        const relation: Relation =
          ds.relation.kind === 'files' ? await fileRelation(this.config.baseDir, ds.relation) : { k: 'table', parts: ds.relation.parts };
        const engine = await open();
        const columns = await engine.describe(relation);
        return { engine, engineKey: key, relation, columns };
      })();
      this.resolved.set(ds.name, pending);
    }
    return pending;
  }

  /** Datasets a test reads besides its own (relationships, `{{ ref('x') }}` in sql tests). */
  private references(ds: DatasetSpec): string[] {
    const names = new Set<string>();
    for (const test of ds.tests) {
      if (test.invalid) continue;
      if (test.spec.type === 'relationships') names.add(test.spec.to);
      if (test.spec.type === 'sql') {
        template(test.spec.query, (name, arg) => {
          if ((name === 'ref' || name === 'dataset') && arg !== undefined && arg !== ds.name) names.add(arg);
          return '';
        });
      }
    }
    return [...names];
  }

  private relationLabel(ds: DatasetSpec): string {
    return ds.relation.kind === 'files' ? ds.relation.pattern : `${ds.source}:${ds.relation.parts.join('.')}`;
  }

  async dataset(ds: DatasetSpec, history: DatasetHistory | undefined): Promise<DatasetReport> {
    const started = Date.now();
    const report: DatasetReport = {
      name: ds.name,
      engine: ds.invalid ? 'none' : ds.relation.kind === 'files' ? 'duckdb' : 'postgres',
      relation: this.relationLabel(ds),
      location: ds.location,
      durationMs: 0,
      tests: [],
      metrics: {},
    };
    const finish = () => ((report.durationMs = Date.now() - started), report);
    let resolved: Resolved;
    try {
      resolved = await this.resolve(ds);
    } catch (err) {
      report.error = this.mask(errorMessage(err));
      report.tests = ds.tests.map((t) => this.errored(t, t.invalid ?? report.error!));
      return finish();
    }
    const parents = new Map<string, ParentRelation | string>();
    for (const name of this.references(ds)) {
      const other = this.config.datasets.find((d) => d.name === name);
      if (!other) {
        parents.set(name, `no dataset named '${name}'`);
        continue;
      }
      try {
        const r = await this.resolve(other);
        parents.set(
          name,
          r.engineKey === resolved.engineKey
            ? { relation: r.relation, columns: r.columns }
            : `${name} is read by ${r.engineKey.replace(':', ' source ')} and ${ds.name} by ${resolved.engineKey.replace(':', ' source ')}; a test across them needs both in one database`,
        );
      } catch (err) {
        parents.set(name, `${name} cannot be read: ${this.mask(errorMessage(err))}`);
      }
    }
    const planInput = {
      dataset: ds,
      relation: resolved.relation,
      columns: resolved.columns,
      parent: (name: string) => parents.get(name) ?? `no dataset named '${name}'`,
      sampleSize: this.options.sampleSize ?? 5,
      inlineSamples: resolved.engine.dialect.inlineSamples,
    };
    // Text files on DuckDB are read once (every further pass would parse the file again); anything
    // that goes wrong there falls back to the plan with separate queries, which narrows errors down.
    const fused = this.fusable(resolved)
      ? await this.runFused(resolved.engine, planDataset({ ...planInput, fused: { source: resolved.relation } }))
      : undefined;
    const plan = fused?.plan ?? planDataset(planInput);
    const errors = new Map<TestPlan, string>();
    for (const p of plan.tests) if (p.error) errors.set(p, this.mask(p.error));

    let scanRow: Row = fused?.scan ?? {};
    const ownRows = fused?.own ?? new Map<TestPlan, Row>();
    if (!fused) {
      // One aggregate scan for everything row-level; a failure is narrowed down to the tests causing it.
      const needScan = plan.tests.filter((p) => !errors.has(p) && p.read);
      if (needScan.length) scanRow = (await this.scan(resolved.engine, plan.scan.bind(plan), needScan, errors)) ?? {};
    }
    if (scanRow[ROW_COUNT] !== undefined) {
      report.rowCount = Number(scanRow[ROW_COUNT]);
      report.metrics.row_count = report.rowCount;
    }
    const measures = new Map<TestPlan, Measure>();
    for (const p of plan.tests) {
      if (errors.has(p)) continue;
      if (p.metadata) {
        measures.set(p, p.metadata);
        continue;
      }
      if (!p.read) continue;
      if (p.query && !ownRows.has(p)) {
        try {
          ownRows.set(p, rowObject(await resolved.engine.run(p.query)));
        } catch (err) {
          errors.set(p, this.mask(errorMessage(err)));
          continue;
        }
      }
      measures.set(p, p.read(scanRow, ownRows.get(p) ?? {}));
    }

    const anomalies: string[] = [];
    const needSamples: Array<{ plan: TestPlan; test: TestReport }> = [];
    for (const p of plan.tests) {
      const error = errors.get(p);
      if (error !== undefined) {
        report.tests.push(this.errored(p.test, error));
        continue;
      }
      const measure = measures.get(p);
      if (!measure) {
        report.tests.push(this.errored(p.test, 'internal: the test produced no measurement'));
        continue;
      }
      if (p.metric && measure.kind === 'metric' && measure.value !== null) report.metrics[p.metric] = measure.value;
      const evaluation: Evaluation = evaluate(p.test, measure, { history: history?.records ?? [], baseline: history?.baseline, metric: p.metric });
      if (evaluation.anomalousMetric) anomalies.push(evaluation.anomalousMetric);
      const test = this.reported(p.test, evaluation);
      if (test.status !== 'pass') needSamples.push({ plan: p, test });
      report.tests.push(test);
    }
    await this.samples(resolved.engine, plan, needSamples, ownRows, fused?.samples);
    this.anomalies.set(ds.name, anomalies);
    return finish();
  }

  private fusable(resolved: Resolved): boolean {
    const rel = resolved.relation;
    return resolved.engine.dialect.inlineSamples && rel.k === 'files' && rel.format !== 'parquet';
  }

  /** The fused statement; undefined when it fails (the caller falls back to separate queries). */
  private async runFused(
    engine: Engine,
    plan: DatasetPlan,
  ): Promise<{ plan: DatasetPlan; scan: Row; own: Map<TestPlan, Row>; samples: Map<TestPlan, Sample | undefined> } | undefined> {
    const runnable = plan.tests.filter((p) => !p.error && p.read);
    if (runnable.length === 0) return undefined;
    try {
      const { query, read } = plan.fused(runnable);
      return { plan, ...read(rowObject(await engine.run(query))) };
    } catch {
      return undefined;
    }
  }

  /**
   * Samples of failing values, only for tests that did not pass: inline ones came back with the
   * test's own query, or with the fused statement; with inline samples the other row-level ones
   * come from ONE extra statement; else one bounded query each.
   */
  private async samples(
    engine: Engine,
    plan: DatasetPlan,
    wanted: Array<{ plan: TestPlan; test: TestReport }>,
    ownRows: Map<TestPlan, Row>,
    fusedSamples?: Map<TestPlan, Sample | undefined>,
  ): Promise<void> {
    const batch: Array<{ plan: TestPlan; test: TestReport }> = [];
    for (const item of wanted) {
      if (item.plan.inlineSample) item.test.sample = item.plan.inlineSample(ownRows.get(item.plan) ?? {});
      else if (fusedSamples?.has(item.plan)) item.test.sample = truncateSample(fusedSamples.get(item.plan));
      else if (item.plan.sample) item.test.sample = await this.sample(engine, item.plan.sample);
      else if (item.plan.rowSample && engine.dialect.inlineSamples) batch.push(item);
    }
    if (batch.length === 0) return;
    const { query, read } = plan.samples(batch.map((b) => b.plan));
    try {
      const samples = read(rowObject(await engine.run(query)));
      batch.forEach((b, i) => (b.test.sample = truncateSample(samples[i])));
    } catch {
      // A sample is a courtesy; the results stand without it.
    }
  }

  /**
   * Runs the combined scan. When it fails, each test's aggregates are tried on an empty input
   * (binder errors: unknown column in an expression, bad SQL, type mismatch), the culprits are set
   * aside with their error, and the scan runs again without them. If it still fails (a runtime
   * error such as a corrupt file), every remaining test carries the error.
   */
  private async scan(engine: Engine, build: (plans: TestPlan[]) => Select, plans: TestPlan[], errors: Map<TestPlan, string>): Promise<Row | undefined> {
    try {
      return rowObject(await engine.run(build(plans)));
    } catch (first) {
      const empty = (q: Select): Select => ({
        ...q,
        from: { rel: { k: 'query', query: select(q.from!.rel, [{ expr: { k: 'star' } }], { limit: 0 }) }, as: 'empty' },
      });
      const remaining: TestPlan[] = [];
      for (const p of plans) {
        if (!p.scanItems?.length) {
          remaining.push(p);
          continue;
        }
        try {
          await engine.run(empty(build([p])));
          remaining.push(p);
        } catch (err) {
          errors.set(p, this.mask(errorMessage(err)));
        }
      }
      if (remaining.length === plans.length) {
        for (const p of plans) errors.set(p, this.mask(errorMessage(first)));
        return undefined;
      }
      if (remaining.length === 0) return undefined;
      try {
        return rowObject(await engine.run(build(remaining)));
      } catch (again) {
        for (const p of remaining) errors.set(p, this.mask(errorMessage(again)));
        return undefined;
      }
    }
  }

  private async sample(engine: Engine, query: Select): Promise<TestReport['sample']> {
    try {
      const result = await engine.run(query);
      return truncateSample({ columns: result.columns, rows: result.rows });
    } catch {
      return undefined; // a sample is a courtesy; the test's result stands without it
    }
  }

  private base(test: DataTest): Pick<TestReport, 'id' | 'name' | 'type' | 'column' | 'severity' | 'location'> {
    return { id: test.id, name: test.name, type: test.spec.type, column: testColumnLabel(test), severity: test.thresholds.severity, location: test.location };
  }

  private errored(test: DataTest, error: string): TestReport {
    const message = this.mask(error);
    return { ...this.base(test), status: 'error', threshold: '', message, error: message };
  }

  private reported(test: DataTest, e: Evaluation): TestReport {
    const { anomalousMetric, ...fields } = e;
    void anomalousMetric;
    return { ...this.base(test), ...fields };
  }

  async close(): Promise<void> {
    const engines: Array<Promise<Engine> | Engine> = [...this.postgres.values()];
    if (this.duckdb) engines.push(this.duckdb);
    for (const e of engines)
      await Promise.resolve(e)
        .then((engine) => engine.close())
        .catch(() => undefined);
  }
}

function truncateSample(sample: Sample | undefined): Sample | undefined {
  if (!sample) return undefined;
  return { columns: sample.columns, rows: sample.rows.map((r) => r.map((v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 197)}...` : v))) };
}

/** `file:line:col: dataset 'x', test 'y': message` — the one-line form for logs and errors. */
export function describeProblem(dataset: string, test: Pick<TestReport, 'name' | 'location' | 'message'>): string {
  return `${formatLocation(test.location)}: dataset '${dataset}', test '${test.name}': ${test.message}`;
}
