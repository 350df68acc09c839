/**
 * History files (JSON lines per dataset, atomic appends, torn lines skipped, baselines), the cache
 * keys per branch and dataset with their default-branch fallback, and file globbing for datasets.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileHistory, historyCacheKeys, historyFileName, parseHistory, type HistoryRecord } from '#shared/data-tests/history.js';
import { globRegExp, resolveFiles } from '#shared/data-tests/files.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'dq-hist-'));
const record = (n: number, extra: Partial<HistoryRecord> = {}): HistoryRecord => ({
  at: `2025-01-0${n}T00:00:00.000Z`,
  metrics: { row_count: n },
  anomalies: [],
  ...extra,
});

describe('history', () => {
  test('file names are safe and distinct for datasets differing only in punctuation', () => {
    expect(historyFileName('raw.orders')).toMatch(/^raw\.orders-[0-9a-f]{8}\.jsonl$/);
    expect(historyFileName('a/b')).not.toBe(historyFileName('a_b'));
    expect(historyFileName('../../etc/passwd')).not.toContain('/');
  });

  test('appends one JSON line per run, reads them back oldest first, keeps the last N', async () => {
    const dir = tmp();
    const store = new FileHistory(dir, { maxRecords: 3 });
    for (let n = 1; n <= 5; n++) await store.append('orders', record(n));
    const lines = readFileSync(path.join(dir, historyFileName('orders')), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l).metrics.row_count)).toEqual([3, 4, 5]);
    expect((await new FileHistory(dir).load('orders')).map((r) => r.metrics.row_count)).toEqual([3, 4, 5]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a torn or foreign line is skipped, not fatal', () => {
    const text = `${JSON.stringify(record(1))}\n{"at": "2025-01-02T00:00:00Z", "metr\nnot json\n${JSON.stringify({ at: 'x' })}\n${JSON.stringify(record(3))}\n`;
    expect(parseHistory(text).map((r) => r.metrics.row_count)).toEqual([1, 3]);
  });

  test("baseline: the base branch's latest run when given, else this branch's previous run", async () => {
    const dir = tmp();
    const base = tmp();
    await new FileHistory(base).append('orders', record(7, { ref: 'main' }));
    const own = new FileHistory(dir);
    expect(await own.baseline('orders')).toBeUndefined();
    await own.append('orders', record(2));
    const fresh = new FileHistory(dir);
    expect((await fresh.baseline('orders'))?.record.metrics.row_count).toBe(2);
    // Appending this run does not make it its own baseline.
    await fresh.append('orders', record(3));
    expect((await fresh.baseline('orders'))?.record.metrics.row_count).toBe(2);
    const pr = new FileHistory(dir, { baselineDir: base, baselineRef: 'main' });
    expect(await pr.baseline('orders')).toMatchObject({ record: { metrics: { row_count: 7 } }, ref: 'main' });
  });

  test('cache keys: per branch and dataset, unique per run, restoring from the branch then the default branch', () => {
    const scope = { branch: 'feature/x', defaultBranch: 'main', runId: '42', runAttempt: '2', configKey: 'cfg' };
    const keys = historyCacheKeys('orders', scope);
    expect(keys.key).toMatch(/^dataops-tests-history-v1-[0-9a-f]{16}-feature\/x-42-2$/);
    expect(keys.restoreKeys).toEqual([keys.key.replace(/42-2$/, ''), keys.key.replace(/feature\/x-42-2$/, 'main-')]);
    expect(historyCacheKeys('customers', scope).key).not.toBe(keys.key);
    expect(historyCacheKeys('orders', { ...scope, configKey: 'other' }).key).not.toBe(keys.key);
    expect(historyCacheKeys('orders', { ...scope, branch: 'main' }).restoreKeys).toHaveLength(1);
  });
});

describe('dataset files', () => {
  test.each([
    ['*.parquet', 'a.parquet', true],
    ['*.parquet', 'x/a.parquet', false],
    ['**/*.parquet', 'x/y/a.parquet', true],
    ['**/*.parquet', 'a.parquet', true],
    ['part-?.csv', 'part-1.csv', true],
    ['part-[0-9].csv', 'part-a.csv', false],
    ['{a,b}.csv', 'b.csv', true],
    ['a.csv', 'a+csv', false],
    ['(x).csv', '(x).csv', true],
  ])('%s matches %s: %s', (pattern, file, matches) => expect(globRegExp(pattern).test(file)).toBe(matches));

  test('globs expand relative to the check file folder, sorted; one file without a glob', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'data', '2025'), { recursive: true });
    for (const f of ['data/b.csv', 'data/a.csv', 'data/2025/c.csv', 'data/x.parquet']) writeFileSync(path.join(dir, f), 'a\n1\n');
    expect(await resolveFiles(dir, 'data/*.csv')).toEqual([path.join(dir, 'data/a.csv'), path.join(dir, 'data/b.csv')]);
    expect(await resolveFiles(dir, 'data/**/*.csv')).toHaveLength(3);
    expect(await resolveFiles(dir, 'data/x.parquet')).toEqual([path.join(dir, 'data/x.parquet')]);
  });

  test('an empty glob, a missing file and a folder are errors naming the path', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'data'));
    await expect(resolveFiles(dir, 'data/*.parquet')).rejects.toThrow(`path data/*.parquet matched no files (relative to ${dir})`);
    await expect(resolveFiles(dir, 'data/none.csv')).rejects.toThrow('file data/none.csv does not exist');
    await expect(resolveFiles(dir, 'data')).rejects.toThrow('data is not a file');
  });
});
