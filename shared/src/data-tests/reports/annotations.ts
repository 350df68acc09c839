/**
 * Annotations pointing at the line of the check file (or dbt schema) that declared each test that
 * did not pass: errors for failed and errored tests, warnings for warned ones. GitHub shows only
 * the first few per step, so errors come first.
 */
import type { DataTestReport } from '../model.js';
import { sampleItems, STATUS_ORDER } from './format.js';

export interface AnnotationProps {
  title: string;
  file: string;
  startLine: number;
  startColumn: number;
}

export type Annotate = (level: 'error' | 'warning', message: string, props: AnnotationProps) => void;

export function annotateReport(report: DataTestReport, annotate: Annotate): number {
  let count = 0;
  const all = report.datasets.flatMap((ds) => ds.tests.map((t) => ({ ds, t })));
  all.sort((a, b) => STATUS_ORDER[a.t.status] - STATUS_ORDER[b.t.status]);
  for (const { ds, t } of all) {
    if (t.status === 'pass') continue;
    const items = sampleItems(t.sample);
    const sample = items
      ? ` (e.g. ${items
          .slice(0, 3)
          .map((i) => `${i.value} ×${i.rows}`)
          .join(', ')})`
      : '';
    const what = t.status === 'error' ? 'could not run' : t.status === 'fail' ? 'failed' : 'warned';
    annotate(t.status === 'warn' ? 'warning' : 'error', `${t.message}${sample}`, {
      title: `${ds.name}: ${t.name} ${what}`,
      file: t.location.file,
      startLine: t.location.line,
      startColumn: t.location.column,
    });
    count++;
  }
  return count;
}
