/**
 * The CLI's report: a readable table per dataset with colours (when the terminal has them),
 * failing samples under each test that did not pass, and the overall result last.
 */
import type { DataTestReport, DatasetReport, TestStatus } from '../model.js';
import { countStatuses } from '../model.js';
import { countsText, formatDuration, formatPercent, formatValue, headline, sampleItems } from './format.js';

export interface ConsoleStyle {
  color: boolean;
  /** Terminal width for cutting long messages. */
  width?: number;
}

const CODES = { red: 31, green: 32, yellow: 33, magenta: 35, dim: 2, bold: 1, cyan: 36 } as const;

export function paint(style: ConsoleStyle, code: keyof typeof CODES, text: string): string {
  return style.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
}

const LABEL: Record<TestStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };
const COLOR: Record<TestStatus, keyof typeof CODES> = { pass: 'green', warn: 'yellow', fail: 'red', error: 'magenta' };

/** Control characters from the data must not drive the terminal. */
// eslint-disable-next-line no-control-regex
const inert = (text: string) => text.replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => (c === '\n' ? ' ' : '?'));

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));

export function datasetText(ds: DatasetReport, style: ConsoleStyle): string {
  const counts = countStatuses(ds.tests);
  const lines = [
    `${paint(style, 'bold', inert(ds.name))} ${paint(style, 'dim', `${inert(ds.relation)}${ds.rowCount !== undefined ? ` · ${ds.rowCount.toLocaleString('en-US')} rows` : ''} · ${formatDuration(ds.durationMs)}`)}`,
  ];
  if (ds.error) lines.push(`  ${paint(style, 'magenta', 'cannot read:')} ${inert(ds.error)}`);
  const nameWidth = Math.min(40, Math.max(...ds.tests.map((t) => t.name.length), 4));
  for (const t of ds.tests) {
    const status = paint(style, COLOR[t.status], pad(LABEL[t.status], 5));
    const pct = t.failingPercent !== undefined && t.failing ? ` ${formatPercent(t.failingPercent)}` : '';
    const where = paint(style, 'dim', `line ${t.location.line}`);
    const text = `${inert(t.message)}${pct && !t.message.includes('%') ? ` (${pct.trim()})` : ''}`;
    lines.push(`  ${status} ${pad(inert(t.name), nameWidth)}  ${cut(text, style.width ? style.width - nameWidth - 20 : 200)}  ${where}`);
    if (t.status === 'pass') continue;
    const items = sampleItems(t.sample);
    if (items) lines.push(`        ${paint(style, 'dim', 'e.g.')} ${items.map((i) => `${inert(i.value)} ×${i.rows}`).join(', ')}`);
    else if (t.sample?.rows.length) {
      lines.push(`        ${paint(style, 'dim', t.sample.columns.map(inert).join(' | '))}`);
      for (const r of t.sample.rows) lines.push(`        ${cut(r.map((v) => inert(formatValue(v))).join(' | '), 160)}`);
    }
  }
  lines.push(`  ${paint(style, 'dim', countsText(counts))}`);
  return lines.join('\n');
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(10, width - 1))}…` : text;
}

export function reportText(report: DataTestReport, style: ConsoleStyle): string {
  const color = report.result === 'pass' ? 'green' : report.result === 'warn' ? 'yellow' : 'red';
  return [
    ...report.datasets.map((d) => datasetText(d, style)),
    '',
    paint(style, color, paint(style, 'bold', `${headline(report)} (${formatDuration(report.durationMs)})`)),
  ]
    .join('\n\n')
    .replace(/\n\n\n/g, '\n\n');
}
