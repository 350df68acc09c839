/**
 * The demo's index.html: what a person would see on GitHub after the workflows ran — the pull
 * request conversation (our comments), each run's jobs with their steps and job summaries, the
 * JUnit report and the metrics — as one self-contained, offline page.
 */
import { escapeHtml, renderMarkdown } from './markdown-html.js';

export interface PageComment {
  author: string;
  body: string;
  updatedAt: string;
}

export interface PageStep {
  name: string;
  conclusion: string;
  outcome: string;
}

export interface PageJob {
  name: string;
  result: string;
  steps: PageStep[];
  summary: string;
  permissions: Record<string, string>;
}

export interface PageRun {
  workflow: string;
  file: string;
  event: string;
  conclusion: string;
  jobs: PageJob[];
}

export interface JunitCase {
  suite: string;
  name: string;
  status: 'passed' | 'warned' | 'failed' | 'error' | 'skipped';
  message?: string;
}

export interface MetricRow {
  workflow: string;
  step: string;
  action: string;
  outcome: string;
  durationMs?: number;
  phases: string;
  counters: string;
}

export interface DemoPage {
  title: string;
  verdict: string;
  pullRequest: { number: number; title: string; comments: PageComment[] };
  runs: PageRun[];
  junit?: { file: string; cases: JunitCase[] };
  metrics: MetricRow[];
  files: Array<{ path: string; what: string }>;
}

const ICON: Record<string, string> = { success: '✅', failure: '❌', skipped: '⏭️', passed: '✅', warned: '⚠️', failed: '❌', error: '⛔' };
const icon = (status: string) => ICON[status] ?? '•';

const CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f8fa; color: #1f2328; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
header { background: #24292f; color: #fff; padding: 16px 32px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; color: #d1d9e0; }
main { max-width: 1012px; margin: 24px auto; padding: 0 16px; }
section { margin-bottom: 40px; }
h2.section { font-size: 20px; border-bottom: 1px solid #d1d9e0; padding-bottom: 8px; }
.comment { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; margin: 16px 0; }
.comment > .head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; border-radius: 6px 6px 0 0; color: #59636e; }
.comment > .head b { color: #1f2328; }
.markdown { padding: 16px; overflow-wrap: break-word; }
.markdown h1, .markdown h2, .markdown h3, .markdown h4 { margin: 16px 0 8px; line-height: 1.25; }
.markdown h3 { font-size: 1.25em; } .markdown h4 { font-size: 1em; }
.markdown table { border-collapse: collapse; margin: 8px 0 16px; display: block; overflow: auto; }
.markdown th, .markdown td { border: 1px solid #d1d9e0; padding: 6px 13px; }
.markdown tr:nth-child(2n) td { background: #f6f8fa; }
.markdown code { background: #eff1f3; border-radius: 6px; padding: .2em .4em; font: 85% ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.markdown pre { background: #f6f8fa; border-radius: 6px; padding: 16px; overflow: auto; }
.markdown pre code { background: none; padding: 0; }
.markdown details { margin: 8px 0; } .markdown summary { cursor: pointer; }
.diff .add { color: #116329; background: #dafbe1; } .diff .del { color: #82071e; background: #ffebe9; } .diff .chg { color: #953800; }
.alert { border-left: 4px solid #d1d9e0; padding: 8px 16px; margin: 8px 0; }
.alert-title { font-weight: 600; margin: 0 0 4px; }
.alert-note { border-color: #0969da; } .alert-note .alert-title { color: #0969da; }
.alert-tip { border-color: #1a7f37; } .alert-tip .alert-title { color: #1a7f37; }
.alert-important { border-color: #8250df; } .alert-important .alert-title { color: #8250df; }
.alert-warning { border-color: #9a6700; } .alert-warning .alert-title { color: #9a6700; }
.alert-caution { border-color: #d1242f; } .alert-caution .alert-title { color: #d1242f; }
blockquote { color: #59636e; border-left: .25em solid #d1d9e0; margin: 0; padding: 0 1em; }
.run { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; margin: 16px 0; }
.run > h3 { margin: 0; padding: 12px 16px; border-bottom: 1px solid #d1d9e0; font-size: 16px; }
.job { padding: 8px 16px 16px; }
.steps { list-style: none; padding: 0; margin: 8px 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.perm { color: #59636e; font-size: 12px; }
.summary { border: 1px solid #d1d9e0; border-radius: 6px; margin-top: 8px; }
.summary > .head { background: #f6f8fa; padding: 6px 16px; border-bottom: 1px solid #d1d9e0; font-weight: 600; }
table.plain { border-collapse: collapse; background: #fff; }
table.plain th, table.plain td { border: 1px solid #d1d9e0; padding: 4px 10px; text-align: left; vertical-align: top; }
.xychart text { font-size: 11px; fill: #59636e; } .xychart .chart-title { font-size: 14px; fill: #1f2328; font-weight: 600; }
.xychart .grid { stroke: #eaeef2; } .xychart .axis { stroke: #8c959f; } .xychart .axis-title { font-size: 12px; }
figure.mermaid-chart { margin: 8px 0; }
.note { color: #59636e; font-size: 12px; }
`;

function stepList(steps: PageStep[]): string {
  return `<ul class="steps">${steps
    .map(
      (s) =>
        `<li>${icon(s.conclusion)} ${escapeHtml(s.name)}${s.outcome !== s.conclusion ? ` <span class="note">(${escapeHtml(s.outcome)}, continue-on-error)</span>` : ''}</li>`,
    )
    .join('')}</ul>`;
}

export function renderPage(page: DemoPage): string {
  const comments = page.pullRequest.comments.length
    ? page.pullRequest.comments
        .map(
          (c) =>
            `<div class="comment"><div class="head"><b>${escapeHtml(c.author)}</b> commented · ${escapeHtml(c.updatedAt)}</div><div class="markdown">${renderMarkdown(c.body)}</div></div>`,
        )
        .join('\n')
    : '<p class="note">No comments were written.</p>';
  const runs = page.runs
    .map(
      (
        run,
      ) => `<div class="run"><h3>${icon(run.conclusion)} ${escapeHtml(run.workflow)} <span class="note">${escapeHtml(run.file)} · on ${escapeHtml(run.event)}</span></h3>
${run.jobs
  .map(
    (job) => `<div class="job"><h4>${icon(job.result)} ${escapeHtml(job.name)}</h4>
<div class="perm">GITHUB_TOKEN permissions: ${escapeHtml(
      Object.entries(job.permissions)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', '),
    )}</div>
${stepList(job.steps)}
${job.summary.trim() ? `<div class="summary"><div class="head">Job summary</div><div class="markdown">${renderMarkdown(job.summary)}</div></div>` : ''}</div>`,
  )
  .join('\n')}</div>`,
    )
    .join('\n');
  const junit = page.junit
    ? `<p>From <code>${escapeHtml(page.junit.file)}</code> (uploaded as an artifact), as a test-report tool shows it:</p>
<table class="plain"><thead><tr><th>Suite</th><th>Test</th><th>Status</th><th>Message</th></tr></thead><tbody>
${page.junit.cases.map((c) => `<tr><td>${escapeHtml(c.suite)}</td><td>${escapeHtml(c.name)}</td><td>${icon(c.status)} ${c.status}</td><td>${escapeHtml(c.message ?? '')}</td></tr>`).join('\n')}
</tbody></table>`
    : '<p class="note">No JUnit report was produced.</p>';
  const metrics = `<table class="plain"><thead><tr><th>Workflow</th><th>Step</th><th>Action</th><th>Outcome</th><th>Duration</th><th>Phases</th><th>Counters</th></tr></thead><tbody>
${page.metrics
  .map(
    (m) =>
      `<tr><td>${escapeHtml(m.workflow)}</td><td>${escapeHtml(m.step)}</td><td>${escapeHtml(m.action)}</td><td>${icon(m.outcome)} ${escapeHtml(m.outcome)}</td><td>${m.durationMs !== undefined ? `${(m.durationMs / 1000).toFixed(1)} s` : ''}</td><td>${escapeHtml(m.phases)}</td><td>${escapeHtml(m.counters)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
  const files = `<ul>${page.files.map((f) => `<li><a href="${escapeHtml(f.path)}"><code>${escapeHtml(f.path)}</code></a> — ${escapeHtml(f.what)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)}</title><style>${CSS}</style></head>
<body>
<header><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.verdict)}</p></header>
<main>
<section id="conversation"><h2 class="section">Pull request #${page.pullRequest.number}: ${escapeHtml(page.pullRequest.title)}</h2>${comments}</section>
<section id="runs"><h2 class="section">Workflow runs</h2>${runs}</section>
<section id="junit"><h2 class="section">JUnit report</h2>${junit}</section>
<section id="metrics"><h2 class="section">Metrics</h2><p class="note">The <code>metrics</code> output of each of our steps (phases with durations, counters, outcome).</p>${metrics}</section>
<section id="files"><h2 class="section">Files</h2>${files}</section>
</main>
</body>
</html>
`;
}
