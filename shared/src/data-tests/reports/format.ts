/** Shared wording of the reports: status labels, counts, samples as short text. */
import type { Counts, DataTestReport, Sample, TestReport, TestStatus } from '../model.js';

export const STATUS_ORDER: Record<TestStatus, number> = { error: 0, fail: 1, warn: 2, pass: 3 };

export const STATUS_ICON: Record<TestStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', error: '💥' };

export function byStatus(tests: TestReport[]): TestReport[] {
  return tests
    .map((t, i) => [t, i] as const)
    .sort((a, b) => STATUS_ORDER[a[0].status] - STATUS_ORDER[b[0].status] || a[1] - b[1])
    .map(([t]) => t);
}

export function countsText(counts: Counts): string {
  if (counts.total === 0) return 'no tests';
  const parts = [
    counts.failed ? `${counts.failed} failed` : '',
    counts.errored ? `${counts.errored} errored` : '',
    counts.warned ? `${counts.warned} warned` : '',
    `${counts.passed} passed`,
  ].filter(Boolean);
  return parts.join(', ');
}

export function headline(report: DataTestReport): string {
  const word = report.result === 'pass' ? 'passed' : report.result === 'warn' ? 'passed with warnings' : 'failed';
  return `Data tests ${word}: ${countsText(report.counts)}`;
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(null)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * A one-line sample: `lost ×3, (null) ×1` for value/count samples (grouped failing values or
 * keys), or the number of rows for row samples (shown in full elsewhere).
 */
export function sampleItems(sample: Sample | undefined): Array<{ value: string; rows?: number }> | undefined {
  if (!sample || sample.rows.length === 0) return undefined;
  const rowsIndex = sample.columns.lastIndexOf('rows');
  if (rowsIndex !== sample.columns.length - 1 || sample.columns.length < 2) return undefined;
  return sample.rows.map((r) => ({
    value: r.slice(0, rowsIndex).map(formatValue).join(', '),
    rows: Number(r[rowsIndex]),
  }));
}

export function formatPercent(p: number | undefined): string {
  if (p === undefined) return '';
  if (p === 0) return '0%';
  if (p < 0.01) return '<0.01%';
  return `${p.toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
