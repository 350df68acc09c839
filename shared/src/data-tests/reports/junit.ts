/**
 * JUnit XML for test-report tools: one <testsuite> per dataset, one <testcase> per test; a failed
 * test is a <failure>, a test that could not run an <error>, a warning passes with the warning in
 * <system-out>. Written to a temporary file and renamed, never half-written.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { countStatuses, type DataTestReport, type TestReport } from '../model.js';
import { formatValue, sampleItems } from './format.js';

/** XML-safe text: the five entities, and control characters XML 1.0 forbids removed. */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const attrs = (values: Record<string, string | number | undefined>) =>
  Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function body(t: TestReport): string {
  const lines = [t.message, `threshold: ${t.threshold || '-'}`, `declared at ${t.location.file}:${t.location.line}:${t.location.column}`];
  const items = sampleItems(t.sample);
  if (items) lines.push(`sample: ${items.map((i) => `${i.value} (${i.rows} rows)`).join('; ')}`);
  else if (t.sample?.rows.length)
    lines.push(`failing rows:\n${[t.sample.columns.join('\t'), ...t.sample.rows.map((r) => r.map(formatValue).join('\t'))].join('\n')}`);
  return lines.join('\n');
}

export function junitXml(report: DataTestReport): string {
  const counts = report.counts;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'dataops-tests', tests: counts.total, failures: counts.failed, errors: counts.errored, skipped: 0, time: seconds(report.durationMs), timestamp: report.startedAt })}>`,
  ];
  for (const ds of report.datasets) {
    const c = countStatuses(ds.tests);
    out.push(
      `  <testsuite${attrs({ name: ds.name, tests: c.total, failures: c.failed, errors: c.errored, skipped: 0, time: seconds(ds.durationMs), timestamp: report.startedAt, file: ds.location.file })}>`,
    );
    out.push('    <properties>');
    out.push(`      <property${attrs({ name: 'relation', value: ds.relation })}/>`);
    out.push(`      <property${attrs({ name: 'engine', value: ds.engine })}/>`);
    if (ds.rowCount !== undefined) out.push(`      <property${attrs({ name: 'rows', value: ds.rowCount })}/>`);
    out.push('    </properties>');
    for (const t of ds.tests) {
      const open = `    <testcase${attrs({ name: t.name, classname: ds.name, file: t.location.file, line: t.location.line, time: '0' })}`;
      if (t.status === 'pass') out.push(`${open}/>`);
      else if (t.status === 'fail')
        out.push(`${open}>`, `      <failure${attrs({ message: t.message, type: t.type })}>${xmlEscape(body(t))}</failure>`, '    </testcase>');
      else if (t.status === 'error')
        out.push(`${open}>`, `      <error${attrs({ message: t.message, type: t.type })}>${xmlEscape(body(t))}</error>`, '    </testcase>');
      else out.push(`${open}>`, `      <system-out>${xmlEscape(`WARNING: ${body(t)}`)}</system-out>`, '    </testcase>');
    }
    if (ds.error) out.push(`    <system-err>${xmlEscape(ds.error)}</system-err>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

export async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}

export async function writeJUnit(report: DataTestReport, file: string): Promise<void> {
  await writeAtomically(file, junitXml(report));
}
