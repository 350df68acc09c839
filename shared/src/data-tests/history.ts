/**
 * Run history for anomaly scoring and baselines: one JSON line per run and dataset, in a file per
 * dataset. In GitHub Actions the files travel with @actions/cache, one cache per branch and
 * dataset whose restore keys fall back to the default branch; or they live in a folder the user
 * keeps (history-path, the CLI's --history).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { restoreCacheSafely, saveCacheSafely } from '../cache.js';

export interface HistoryRecord {
  at: string;
  runId?: string;
  sha?: string;
  ref?: string;
  metrics: Record<string, number>;
  /** Metrics this run flagged as anomalous: left out when later runs are scored. */
  anomalies: string[];
}

export interface Baseline {
  record: HistoryRecord;
  /** The branch the baseline run came from, for messages. */
  ref?: string;
}

export interface HistoryStore {
  /** Past runs of the dataset, oldest first. */
  load(dataset: string): Promise<HistoryRecord[]>;
  /** The run to compare with (change_vs_baseline): the base branch's latest, else this branch's previous. */
  baseline(dataset: string): Promise<Baseline | undefined>;
  append(dataset: string, record: HistoryRecord): Promise<void>;
}

/** A file name for the dataset that is safe on every OS and cannot collide. */
export function historyFileName(dataset: string): string {
  const slug = dataset.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(dataset).digest('hex').slice(0, 8);
  return `${slug}-${hash}.jsonl`;
}

export function parseHistory(text: string): HistoryRecord[] {
  const records: HistoryRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as HistoryRecord;
      if (r && typeof r.at === 'string' && r.metrics && typeof r.metrics === 'object')
        records.push({ ...r, anomalies: Array.isArray(r.anomalies) ? r.anomalies : [] });
    } catch {
      // A torn or hand-edited line is skipped rather than losing the whole history.
    }
  }
  return records;
}

export interface FileHistoryOptions {
  /** A folder holding the base branch's history files (pull requests). */
  baselineDir?: string;
  baselineRef?: string;
  /** Records kept per dataset; older ones are dropped. */
  maxRecords?: number;
}

/**
 * What every store shares: a dataset's records are read once per run and kept, the run before this
 * one is remembered (the baseline when the base branch has none), and at most maxRecords are kept.
 */
export abstract class BufferedHistory implements HistoryStore {
  private readonly cache = new Map<string, HistoryRecord[]>();
  private readonly previous = new Map<string, HistoryRecord | undefined>();

  constructor(protected readonly maxRecords = 500) {}

  /** The dataset's stored records, oldest first. */
  protected abstract read(dataset: string): Promise<HistoryRecord[]>;
  /** The base branch's latest run, when there is one. */
  protected abstract readBaseline(dataset: string): Promise<Baseline | undefined>;
  /** Stores `added`; `records` is the dataset's whole history after it. */
  protected abstract write(dataset: string, records: HistoryRecord[], added: HistoryRecord): Promise<void>;

  async load(dataset: string): Promise<HistoryRecord[]> {
    let records = this.cache.get(dataset);
    if (!records) {
      records = await this.read(dataset);
      this.cache.set(dataset, records);
      this.previous.set(dataset, records[records.length - 1]);
    }
    return records;
  }

  async baseline(dataset: string): Promise<Baseline | undefined> {
    const base = await this.readBaseline(dataset);
    if (base) return base;
    await this.load(dataset);
    const previous = this.previous.get(dataset);
    return previous ? { record: previous, ref: previous.ref } : undefined;
  }

  async append(dataset: string, record: HistoryRecord): Promise<void> {
    const records = [...(await this.load(dataset)), record].slice(-this.maxRecords);
    this.cache.set(dataset, records);
    await this.write(dataset, records, record);
  }
}

export class FileHistory extends BufferedHistory {
  constructor(
    readonly dir: string,
    private readonly options: FileHistoryOptions = {},
  ) {
    super(options.maxRecords);
  }

  file(dataset: string, dir = this.dir): string {
    return path.join(dir, historyFileName(dataset));
  }

  protected async read(dataset: string): Promise<HistoryRecord[]> {
    return parseHistory(await readFile(this.file(dataset), 'utf8').catch(() => ''));
  }

  protected async readBaseline(dataset: string): Promise<Baseline | undefined> {
    if (!this.options.baselineDir) return undefined;
    const records = parseHistory(await readFile(this.file(dataset, this.options.baselineDir), 'utf8').catch(() => ''));
    const last = records[records.length - 1];
    return last ? { record: last, ref: this.options.baselineRef } : undefined;
  }

  protected async write(dataset: string, records: HistoryRecord[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // Written beside the file and renamed: a crash never leaves half a history.
    const file = this.file(dataset);
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await rename(temp, file);
  }
}

export interface CacheScope {
  /** The branch this run belongs to (the PR's head branch, or the pushed branch). */
  branch: string;
  defaultBranch?: string;
  /** The pull request's base branch, whose latest run is the baseline. */
  baseBranch?: string;
  runId: string;
  runAttempt: string;
  /** Distinguishes check files in one repository. */
  configKey: string;
}

const PREFIX = 'dataops-tests-history-v1';

/** The cache path of a dataset's history, as @actions/cache records it (the same on every run). */
export function cachePath(dataset: string): string {
  return `~/.cache/dataops-tests/history/${historyFileName(dataset)}`;
}

export function localHistoryDir(): string {
  return path.join(os.homedir(), '.cache', 'dataops-tests', 'history');
}

const safeRef = (ref: string) => ref.replace(/[^A-Za-z0-9._/-]+/g, '-');

export function historyCacheKeys(dataset: string, scope: CacheScope, branch = scope.branch): { key: string; restoreKeys: string[] } {
  const id = createHash('sha256').update(`${scope.configKey}\n${dataset}`).digest('hex').slice(0, 16);
  const base = (b: string) => `${PREFIX}-${id}-${safeRef(b)}-`;
  const restoreKeys = [base(branch)];
  if (scope.defaultBranch && scope.defaultBranch !== branch) restoreKeys.push(base(scope.defaultBranch));
  return { key: `${base(branch)}${scope.runId}-${scope.runAttempt}`, restoreKeys };
}

/**
 * Restores each dataset's history into the local history folder (falling back to the default
 * branch) and, for pull requests, the base branch's history into `baselineDir`. Never throws.
 */
export async function restoreHistoryFromCache(datasets: string[], scope: CacheScope, baselineDir?: string): Promise<{ restored: number; baselines: number }> {
  const dir = localHistoryDir();
  await mkdir(dir, { recursive: true });
  let restored = 0;
  let baselines = 0;
  for (const dataset of datasets) {
    const file = path.join(dir, historyFileName(dataset));
    if (baselineDir && scope.baseBranch && scope.baseBranch !== scope.branch) {
      await rm(file, { force: true });
      const hit = await restoreCacheSafely([cachePath(dataset)], `${PREFIX}-none`, [historyCacheKeys(dataset, scope, scope.baseBranch).restoreKeys[0]]);
      if (hit && existsSync(file)) {
        await mkdir(baselineDir, { recursive: true });
        await copyFile(file, path.join(baselineDir, historyFileName(dataset)));
        baselines++;
      }
    }
    await rm(file, { force: true });
    const { key, restoreKeys } = historyCacheKeys(dataset, scope);
    if (await restoreCacheSafely([cachePath(dataset)], key, restoreKeys)) restored++;
  }
  return { restored, baselines };
}

/** Saves each dataset's history under this run's key. Never throws. */
export async function saveHistoryToCache(datasets: string[], scope: CacheScope): Promise<number> {
  let saved = 0;
  for (const dataset of datasets) {
    if (!existsSync(path.join(localHistoryDir(), historyFileName(dataset)))) continue;
    if (await saveCacheSafely([cachePath(dataset)], historyCacheKeys(dataset, scope).key)) saved++;
  }
  return saved;
}
