/**
 * The job summary (and the sticky PR comment): overall status first, then a table per dataset
 * (test, column, status, failing count and %, threshold, sample of failing values), failing rows
 * in collapsible blocks, and a mermaid chart of each anomaly metric's history with the current
 * point marked. Every value from the data or the check file is escaped.
 */
import { codeFence, details, escapeText, inlineCode, table } from '../../markdown.js';
import { countStatuses, type AnomalyDetail, type DataTestReport, type DatasetReport, type TestReport } from '../model.js';
import { byStatus, countsText, formatDuration, formatPercent, formatValue, headline, sampleItems, STATUS_ICON } from './format.js';

export interface SummaryOptions {
  /** Only tests that did not pass, no charts (the PR comment). */
  compact?: boolean;
  /** Where the full report is, for the compact form. */
  detailsUrl?: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function summaryMarkdown(report: DataTestReport, options: SummaryOptions = {}): string {
  const icon = report.result === 'pass' ? '✅' : report.result === 'warn' ? '⚠️' : '❌';
  const rows = report.datasets.reduce((sum, d) => sum + (d.rowCount ?? 0), 0);
  const out: string[] = [
    `## ${icon} ${escapeText(headline(report))}`,
    '',
    `${inlineCode(report.configFile)} · ${report.datasets.length} dataset${report.datasets.length === 1 ? '' : 's'} · ${fmt(rows)} rows scanned · ${formatDuration(report.durationMs)}`,
  ];
  for (const ds of report.datasets) out.push('', ...datasetSection(ds, options));
  if (options.compact && options.detailsUrl) out.push('', `[Full report in the job summary](${options.detailsUrl})`);
  return out.join('\n') + '\n';
}

function datasetSection(ds: DatasetReport, options: SummaryOptions): string[] {
  const counts = countStatuses(ds.tests);
  const icon = counts.errored ? STATUS_ICON.error : counts.failed ? STATUS_ICON.fail : counts.warned ? STATUS_ICON.warn : STATUS_ICON.pass;
  const facts = [inlineCode(ds.relation), ds.rowCount !== undefined ? `${fmt(ds.rowCount)} rows` : '', formatDuration(ds.durationMs)]
    .filter(Boolean)
    .join(' · ');
  const lines = [`### ${icon} ${escapeText(ds.name)}: ${escapeText(countsText(counts))}`, '', facts];
  if (ds.error) lines.push('', `> **Could not be read:** ${escapeText(ds.error)}`);
  const shown = options.compact ? byStatus(ds.tests).filter((t) => t.status !== 'pass') : byStatus(ds.tests);
  if (shown.length) {
    lines.push(
      '',
      table(
        ['Status', 'Test', 'Column', 'Failing', '%', 'Threshold', 'Details'],
        shown.map((t) => [
          `${STATUS_ICON[t.status]} ${t.status}`,
          `${escapeText(t.name)} <sub>line ${t.location.line}</sub>`,
          t.column ? inlineCode(t.column) : '',
          t.failing !== undefined ? fmt(t.failing) : '',
          formatPercent(t.failingPercent),
          escapeText(t.threshold),
          detailsCell(t),
        ]),
      ),
    );
  }
  for (const t of shown) {
    if (t.status === 'pass' || !t.sample || sampleItems(t.sample)) continue;
    lines.push('', details(`Failing rows of ${t.name} (first ${t.sample.rows.length})`, sampleTable(t.sample.columns, t.sample.rows)));
  }
  if (!options.compact) {
    for (const t of ds.tests) if (t.anomaly && t.anomaly.history.length) lines.push('', anomalyChart(ds.name, t.anomaly));
  }
  return lines;
}

function detailsCell(t: TestReport): string {
  const message = escapeText(t.message);
  const items = t.status === 'pass' ? undefined : sampleItems(t.sample);
  if (!items) return message;
  const sample = items.map((i) => `${inlineCode(i.value)}${i.rows !== undefined ? ` ×${fmt(i.rows)}` : ''}`).join(', ');
  return `${message}<br>e.g. ${sample}`;
}

function sampleTable(columns: string[], rows: unknown[][]): string {
  const shownColumns = columns.slice(0, 10);
  return table(
    shownColumns.map((c) => escapeText(c)),
    rows.map((r) => shownColumns.map((_, i) => inlineCode(formatValue(r[i]).slice(0, 80)))),
  );
}

/** Mermaid only understands a narrow syntax; labels are reduced to characters it cannot misread. */
const mermaidText = (s: string) => s.replace(/[^A-Za-z0-9 _.:()%!\u25B6-]/g, '_').slice(0, 80);

export function anomalyChart(dataset: string, a: AnomalyDetail): string {
  const points = [
    ...a.history.map((h) => ({ label: h.at.slice(5, 16).replace('T', ' '), value: h.value, anomalous: h.anomalous })),
    { label: 'now', value: a.value, anomalous: false },
  ];
  const label = (p: (typeof points)[number], i: number) => (i === points.length - 1 ? '▶ now' : p.anomalous ? `${p.label} (!)` : p.label);
  const values = points.map((p) => (Number.isFinite(p.value) ? Number(p.value.toPrecision(6)) : 0));
  const chart = [
    'xychart-beta',
    `  title "${mermaidText(`${dataset}: ${a.metric}`)}${a.score !== undefined && Number.isFinite(a.score) ? ` (z ${a.score.toFixed(1)})` : ''}"`,
    `  x-axis [${points.map((p, i) => `"${mermaidText(label(p, i))}"`).join(', ')}]`,
    `  y-axis "${mermaidText(a.metric)}"`,
    `  line [${values.join(', ')}]`,
  ];
  if (a.median !== undefined) chart.push(`  line [${points.map(() => Number(a.median!.toPrecision(6))).join(', ')}]`);
  const caption = `History of ${dataset} ${a.metric}: the last point (▶ now) is this run${a.median !== undefined ? '; the flat line is the median of the history' : ''}.`;
  return `${escapeText(caption)}\n\n${codeFence(chart.join('\n'), 'mermaid')}`;
}
