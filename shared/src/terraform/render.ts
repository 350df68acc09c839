/**
 * The plan report as markdown, for the pull request comment and the job summary. Layout: a
 * headline, one status line per module (counts and digest), destroys and replaces called out
 * first, then per module a table of changed resources, output changes, drift and failed checks,
 * and the human-readable plan in a collapsed block.
 *
 * Size: `renderReport` fits the report into `limit` (GitHub's 65,536 characters for a comment,
 * 1 MiB for a step summary) by degrading in a fixed order: shorten each module's plan text
 * (largest first, a fair share each), then shorten the resource tables, then the destroy list,
 * then error output. Every module's status line and counts always survive; what was cut is
 * pointed to in the job summary and the plan artifacts.
 *
 * Everything that came from the repository or the plan (paths, addresses, output values, plan
 * and error text) goes through the markdown helpers, so it cannot inject markup or mentions.
 */
import { codeFence, escapeText, htmlText, inlineCode, truncate } from '../markdown.js';
import type { ChangeKind, PlanSummary, ResourceChangeSummary } from './plan-json.js';

export type ModuleStatus = 'no-changes' | 'changes' | 'error';

export interface ModuleReport {
  relativeDir: string;
  workspace: string;
  status: ModuleStatus;
  summary?: PlanSummary;
  /** The beginning of `show -no-color` (the whole of it when `planTextTotal` equals its length). */
  planText?: string;
  /** Length in characters of the whole plan text (for "N more characters" notes). */
  planTextTotal?: number;
  error?: { stage: string; output: string };
  artifactName?: string;
  artifactUrl?: string;
}

export interface ReportContext {
  title: string;
  tool: string;
  toolVersion?: string;
  /** The commit the plans were made at (the checkout's HEAD). */
  commitSha: string;
  commitUrl?: string;
  /** Where the full report is (the job summary) — omitted when rendering the summary itself. */
  summaryUrl?: string;
  runUrl?: string;
  /** Modules left out by `changed-only` (nothing they use changed). */
  unchangedModules?: string[];
  /** Shown for scheduled drift checks. */
  driftCheck?: boolean;
}

interface Caps {
  text: number;
  rows: number;
  warnings: number;
  errorText: number;
}

const DEFAULT_ERROR_TEXT = 6000;

const KIND_LABEL: Record<ChangeKind, string> = {
  delete: '🗑️ destroy',
  replace: '♻️ replace',
  forget: '🫥 forget',
  create: '➕ create',
  update: '✏️ update',
  read: '📖 read',
  'no-op': '↔️ no change',
};
const KIND_ORDER: ChangeKind[] = ['delete', 'replace', 'forget', 'create', 'update', 'no-op', 'read'];

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function statusIcon(status: ModuleStatus): string {
  return status === 'error' ? '❌' : status === 'changes' ? '📝' : '✅';
}

function moduleName(m: ModuleReport): string {
  return m.workspace && m.workspace !== 'default' ? `${inlineCode(m.relativeDir)} (workspace ${inlineCode(m.workspace)})` : inlineCode(m.relativeDir);
}

/** "3 to add, 1 to change, 0 to replace, 2 to destroy" plus the rarer kinds when present. */
export function countsText(summary: PlanSummary): string {
  const c = summary.counts;
  const parts = [`**${c.create}** to add`, `**${c.update}** to change`, `**${c.replace}** to replace`, `**${c.delete}** to destroy`];
  if (c.forget) parts.push(`${c.forget} to forget`);
  if (c.import) parts.push(`${c.import} to import`);
  if (c.move) parts.push(`${c.move} to move`);
  if (c.read) parts.push(`${plural(c.read, 'data source')} to read`);
  if (summary.outputChanges.length) parts.push(`${plural(summary.outputChanges.length, 'output')} changing`);
  return parts.join(', ');
}

export function statusLine(m: ModuleReport): string {
  const head = `${statusIcon(m.status)} ${moduleName(m)}`;
  if (m.status === 'error') return `- ${head}: **${escapeText(m.error?.stage ?? 'plan')} failed**`;
  const s = m.summary!;
  const drift = s.drift.length ? ` · ⚠️ ${plural(s.drift.length, 'resource')} drifted` : '';
  if (m.status === 'no-changes') return `- ${head}: no changes${drift}`;
  return `- ${head}: ${countsText(s)}${drift} · digest ${inlineCode(s.digest)}`;
}

function changeLabel(c: ResourceChangeSummary): string {
  const extras: string[] = [];
  if (c.previousAddress) extras.push(`moved from ${inlineCode(c.previousAddress)}`);
  if (c.importing) extras.push(c.importId ? `import ${inlineCode(c.importId)}` : 'import');
  if (c.deposed) extras.push(`deposed ${inlineCode(c.deposed)}`);
  if (c.reason) extras.push(escapeText(c.reason.replace(/_/g, ' ')));
  return extras.length ? ` (${extras.join(', ')})` : '';
}

function isDestructive(c: ResourceChangeSummary): boolean {
  return c.kind === 'delete' || c.kind === 'replace' || c.kind === 'forget';
}

/** Each module's rows, formatted once: the size search below renders the report many times. */
interface Prepared {
  changeRows: string[];
  destructive: string[];
  outputRows: string[];
  driftRows: string[];
  planText: string;
}

function prepare(m: ModuleReport): Prepared {
  const s = m.summary;
  const rows = s ? [...s.changes].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)) : [];
  return {
    changeRows: rows.map((c) => `| ${KIND_LABEL[c.kind]} | ${inlineCode(c.address)}${changeLabel(c).replace(/\|/g, '\\|')} |`),
    destructive: rows.filter(isDestructive).map((c) => `>   - ${KIND_LABEL[c.kind]} ${inlineCode(c.address)}${changeLabel(c)}`),
    outputRows: (s?.outputChanges ?? []).map((o) => `| ${inlineCode(o.name)} | ${KIND_LABEL[o.kind]} | ${inlineCode(o.after)} |`),
    driftRows: (s?.drift ?? []).map((d) => `- ${KIND_LABEL[d.kind]} ${inlineCode(d.address)}`),
    planText: m.planText ? asDiff(m.planText) : '',
  };
}

function destroyWarning(modules: ModuleReport[], prepared: Map<ModuleReport, Prepared>, cap: number): string {
  const affected = modules.filter((m) => m.status === 'changes' && prepared.get(m)!.destructive.length);
  if (!affected.length) return '';
  const lines = ['> [!CAUTION]', '> **This plan destroys or replaces resources.** Review them before merging:'];
  let left = cap;
  for (const m of affected) {
    const c = m.summary!.counts;
    const counts = [
      c.delete && `${c.delete} to destroy`,
      c.replace && `${c.replace} to replace`,
      c.forget && `${c.forget} to forget (removed from state, not destroyed)`,
    ].filter(Boolean);
    lines.push(`> - ${moduleName(m)}: ${counts.join(', ')}`);
    const items = prepared.get(m)!.destructive;
    const shown = items.slice(0, Math.max(0, left));
    left -= shown.length;
    lines.push(...shown);
    if (shown.length < items.length) lines.push(`>   - … and ${plural(items.length - shown.length, 'more')}`);
  }
  return lines.join('\n');
}

function rowsBlock(header: string[], rows: string[], cap: number, more: (n: number) => string): string {
  if (!rows.length) return '';
  const shown = rows.slice(0, cap);
  const lines = [...header, ...shown];
  if (shown.length < rows.length) lines.push(more(rows.length - shown.length));
  return lines.join('\n');
}

function changeTable(p: Prepared, cap: number, morePointer: string): string {
  return rowsBlock(['| Action | Resource |', '| --- | --- |'], p.changeRows, cap, (n) => `| … | ${plural(n, 'more resource change')}: ${morePointer} |`);
}

function outputTable(p: Prepared, cap: number, morePointer: string): string {
  return rowsBlock(
    ['| Output | Action | New value |', '| --- | --- | --- |'],
    p.outputRows,
    cap,
    (n) => `| … | | ${plural(n, 'more output')}: ${morePointer} |`,
  );
}

function driftList(p: Prepared, cap: number): string {
  const header = `⚠️ **${plural(p.driftRows.length, 'resource')} changed outside Terraform** since the last apply (drift):`;
  return rowsBlock([header], p.driftRows, cap, (n) => `- … and ${plural(n, 'more')}`);
}

function checksList(m: ModuleReport): string {
  const failed = m.summary!.failedChecks;
  if (!failed.length) return '';
  const lines = [`⚠️ **${plural(failed.length, 'check')} failed:**`];
  for (const f of failed.slice(0, 20))
    lines.push(`- ${inlineCode(f.address)} (${escapeText(f.status)})${f.problems.length ? `: ${escapeText(f.problems.join('; ').slice(0, 300))}` : ''}`);
  if (failed.length > 20) lines.push(`- … and ${plural(failed.length - 20, 'more')}`);
  return lines.join('\n');
}

/**
 * Terraform's `+`/`-`/`~` markers moved to the start of the line so GitHub colours the plan as a
 * diff (`~` and replacements become `!`). The symbol legend before "will perform the following
 * actions" is left as Terraform printed it.
 */
export function asDiff(text: string): string {
  const start = text.search(/will perform the following actions:/);
  const [legend, body] = start < 0 ? ['', text] : [text.slice(0, start), text.slice(start)];
  return (
    legend +
    body.replace(/^([ \t]*)(-\/\+|\+\/-|[-+~])(?= )/gm, (_, space: string, marker: string) => {
      const mark = marker === '~' || marker.length === 3 ? '!' : marker;
      return `${mark}${space}`;
    })
  );
}

/** The first `cap` characters of `text`, cut at a line end. */
function head(text: string, cap: number): { text: string; cut: boolean } {
  if (text.length <= cap) return { text, cut: false };
  let cut = text.slice(0, cap);
  const nl = cut.lastIndexOf('\n');
  if (nl > 0) cut = cut.slice(0, nl);
  return { text: cut, cut: true };
}

function planTextBlock(m: ModuleReport, p: Prepared, cap: number, pointer: string): string {
  const text = p.planText;
  if (!text.trim()) return '';
  const total = Math.max(m.planTextTotal ?? text.length, text.length);
  if (cap <= 0) return `<sub>Plan output left out to fit the size limit: ${pointer}</sub>`;
  const part = head(text, cap);
  const cut = part.cut || total > text.length;
  const note = cut ? `\n\n<sub>… ${(total - part.text.length).toLocaleString('en-US')} more characters of plan output: ${pointer}</sub>` : '';
  return `<details><summary>Plan output for ${htmlText(m.relativeDir)}</summary>\n\n${codeFence(part.text, 'diff')}${note}\n\n</details>`;
}

function errorBlock(m: ModuleReport, cap: number, pointer: string): string {
  const output = (m.error?.output ?? '').trim() || '(no error output)';
  const part = head(output, cap);
  const note = part.cut ? `\n<sub>… ${(output.length - part.text.length).toLocaleString('en-US')} more characters: ${pointer}</sub>` : '';
  return `${codeFence(part.text, 'text')}${note}`;
}

function headline(modules: ModuleReport[], ctx: ReportContext): string {
  const n = (s: ModuleStatus) => modules.filter((m) => m.status === s).length;
  const parts: string[] = [];
  if (n('changes')) parts.push(`📝 ${plural(n('changes'), 'module')} with changes`);
  if (n('no-changes')) parts.push(`✅ ${plural(n('no-changes'), 'module')} without changes`);
  if (n('error')) parts.push(`❌ ${plural(n('error'), 'module')} failed`);
  if (!modules.length) parts.push('no module to plan');
  return `### ${escapeText(ctx.title)}${ctx.driftCheck ? ' (scheduled drift check)' : ''}: ${parts.join(' · ')}`;
}

function contextLine(ctx: ReportContext): string {
  const sha = ctx.commitSha
    ? ctx.commitUrl
      ? `[${inlineCode(ctx.commitSha.slice(0, 12))}](${ctx.commitUrl})`
      : inlineCode(ctx.commitSha.slice(0, 12))
    : 'an unknown commit';
  const tool = `${escapeText(ctx.tool)}${ctx.toolVersion ? ` ${escapeText(ctx.toolVersion)}` : ''}`;
  const run = ctx.runUrl ? ` · [workflow run](${ctx.runUrl})` : '';
  return `Planned at commit ${sha} with ${tool}${run}`;
}

function render(modules: ModuleReport[], prepared: Map<ModuleReport, Prepared>, ctx: ReportContext, caps: Caps): { text: string; cut: boolean } {
  let cut = false;
  const pointer = ctx.summaryUrl ? `see the [job summary](${ctx.summaryUrl}) and the plan artifacts` : 'see the plan artifacts of this run';
  const parts: string[] = [headline(modules, ctx), contextLine(ctx), modules.map(statusLine).join('\n')];
  if (ctx.unchangedModules?.length) {
    parts.push(`<sub>Not planned (changed-only: nothing they use changed): ${ctx.unchangedModules.map(inlineCode).join(', ')}</sub>`);
  }
  const warning = destroyWarning(modules, prepared, caps.warnings);
  if (warning) parts.push(warning);
  for (const m of modules) {
    if (m.status === 'no-changes' && !m.summary?.drift.length) continue;
    const section: string[] = [`#### ${statusIcon(m.status)} ${moduleName(m)}`];
    if (m.status === 'error') {
      section.push(`**${escapeText(m.error?.stage ?? 'plan')} failed:**`, errorBlock(m, caps.errorText, pointer));
      if ((m.error?.output ?? '').trim().length > caps.errorText) cut = true;
    } else {
      const p = prepared.get(m)!;
      if (Math.max(p.changeRows.length, p.outputRows.length, p.driftRows.length) > caps.rows) cut = true;
      for (const block of [changeTable(p, caps.rows, pointer), outputTable(p, caps.rows, pointer), driftList(p, caps.rows), checksList(m)])
        if (block) section.push(block);
      const text = planTextBlock(m, p, caps.text, pointer);
      if (text) section.push(text);
      if (p.planText.length > caps.text) cut = true;
    }
    parts.push(section.join('\n\n'));
  }
  const destructive = modules.reduce((n, m) => n + prepared.get(m)!.destructive.length, 0);
  if (destructive > caps.warnings) cut = true;
  const artifacts = modules.filter((m) => m.artifactName);
  const footer: string[] = [];
  if (artifacts.length)
    footer.push(
      `Plan artifacts: ${artifacts.map((m) => (m.artifactUrl ? `[${escapeText(m.artifactName!)}](${m.artifactUrl})` : inlineCode(m.artifactName!))).join(', ')}`,
    );
  if (cut && ctx.summaryUrl) footer.push(`Shortened to fit GitHub's size limit; the full report is in the [job summary](${ctx.summaryUrl}).`);
  if (footer.length) parts.push(`<sub>${footer.join(' · ')}</sub>`);
  return { text: `${parts.join('\n\n')}\n`, cut };
}

export interface RenderOptions {
  /** Maximum size of the result, in the unit `measure` counts. */
  limit: number;
  measure?: (text: string) => number;
}

/** Binary search: the largest value in [lo, hi] for which fits(value) holds (fits(lo) must hold). */
function largest(lo: number, hi: number, fits: (value: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The report, degraded as little as needed to fit the limit (see the module comment for the order). */
export function renderReport(modules: ModuleReport[], ctx: ReportContext, options: RenderOptions): string {
  const measure = options.measure ?? ((t: string) => t.length);
  const prepared = new Map(modules.map((m) => [m, prepare(m)]));
  const attempt = (caps: Caps) => render(modules, prepared, ctx, caps).text;
  const fits = (caps: Caps) => measure(attempt(caps)) <= options.limit;
  const all = [...prepared.values()];
  const maxText = Math.max(0, ...all.map((p) => p.planText.length));
  const maxRows = Math.max(0, ...all.map((p) => Math.max(p.changeRows.length, p.outputRows.length, p.driftRows.length)));
  const maxWarnings = all.reduce((n, p) => n + p.destructive.length, 0);
  const full: Caps = { text: maxText, rows: maxRows, warnings: maxWarnings, errorText: DEFAULT_ERROR_TEXT };
  if (fits(full)) return attempt(full);
  // 1. The plan texts: one shared cap, so the longest ones are cut first and the short ones kept whole.
  if (fits({ ...full, text: 0 })) return attempt({ ...full, text: largest(0, maxText, (text) => fits({ ...full, text })) });
  // 2. The tables.
  const noText = { ...full, text: 0 };
  if (fits({ ...noText, rows: 0 })) return attempt({ ...noText, rows: largest(0, maxRows, (rows) => fits({ ...noText, rows })) });
  // 3. The destroy list (its counts stay), then 4. error output.
  const noRows = { ...noText, rows: 0 };
  if (fits({ ...noRows, warnings: 0 })) return attempt({ ...noRows, warnings: largest(0, maxWarnings, (warnings) => fits({ ...noRows, warnings })) });
  const bare = { ...noRows, warnings: 0 };
  const errorText = largest(0, DEFAULT_ERROR_TEXT, (e) => e === 0 || fits({ ...bare, errorText: e }));
  // 5. Only the status lines left and still too long (hundreds of modules): cut at the limit, saying so.
  const last = attempt({ ...bare, errorText });
  if (measure(last) <= options.limit) return last;
  const where = ctx.summaryUrl ? `the full report is in the job summary: ${ctx.summaryUrl}` : 'see the job summary.';
  const cut = truncate(last, options.limit, where);
  return measure(cut) <= options.limit ? cut : truncate(last, Math.floor(options.limit / 4), where); // 4: the most bytes a character takes
}
