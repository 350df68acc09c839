/**
 * Checks that hostile text stayed text. Markdown (comments, job summaries) is parsed with
 * Prettier's markdown parser (remark, GFM tables) — an independent reader, not our own escaping —
 * and the log is read with the runner's own rules for workflow commands (ActionCommand.cs:
 * `::name props::data` after leading spaces, the older `##[name props]data` ANYWHERE in a line,
 * both switched off between `::stop-commands::TOKEN` and `::TOKEN::`).
 */
import * as prettier from 'prettier';
import { record } from '../../faults/support/ledger.js';
import type { ActionRunResult } from '../../harness/run-action.js';
import { CANARY } from './hostile.js';

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  title?: string | null;
  alt?: string | null;
  children?: MdNode[];
}

// Prettier's debug API exposes its parser (remark with GFM tables); it is not in Prettier's type declarations.
const debugApi = (prettier as unknown as { __debug: { parse(text: string, options: { parser: string }): Promise<{ ast: unknown }> } }).__debug;
const parseMarkdown = async (text: string): Promise<MdNode> => (await debugApi.parse(text, { parser: 'markdown' })).ast as MdNode;

const CLOSED_COMMENT = /<!--(?:(?!--)[\s\S])*-->/g;
// Tags the report templates write themselves (details blocks, sub-scripted line numbers, line breaks).
const TEMPLATE_TAGS = /<\/?(details|summary|sub|sup|br|b|code|kbd)( open)?\s*\/?>/g;

const textOnly = (node: MdNode): string => (node.type === 'text' ? (node.value ?? '') : '') + (node.children ?? []).map(textOnly).join('');

const plain = (node: MdNode): string => (node.value ?? '') + (node.children ?? []).map(plain).join('');

/** Where hostile text became live markdown: HTML, links, images, mentions, its own headings or table cells. */
export async function liveMarkdown(markdown: string, where: string): Promise<string[]> {
  const problems: string[] = [];
  const ast = await parseMarkdown(markdown);
  let opens = 0;
  let closes = 0;
  const visit = (node: MdNode) => {
    switch (node.type) {
      case 'html': {
        // The templates' own tags and closed comments (hidden markers) are expected; any other tag,
        // or a comment left open, came from data. Entity-escaped text (&lt;) inside an HTML line is text.
        const rest = (node.value ?? '').replace(CLOSED_COMMENT, '').replace(TEMPLATE_TAGS, '');
        const tag = /<[A-Za-z!/?][^\n]{0,80}/.exec(rest);
        if (tag) problems.push(`${where}: live HTML ${JSON.stringify(tag[0])}`);
        opens += (node.value?.match(/<details[\s>]/g) ?? []).length;
        closes += (node.value?.match(/<\/details>/g) ?? []).length;
        break;
      }
      case 'link':
      case 'image':
      case 'definition':
      case 'linkReference':
      case 'imageReference': {
        // A bare URL in text is autolinked by GitHub too; it shows where it goes. Links with other text and images do not.
        const autolink = node.type === 'link' && (node.url ?? '').startsWith(plain(node));
        if (!autolink && `${node.url ?? ''} ${node.title ?? ''} ${node.alt ?? ''}`.includes(CANARY))
          problems.push(`${where}: live ${node.type} to ${node.url}`);
        break;
      }
      case 'text':
        for (const m of node.value?.matchAll(new RegExp(`(?:^|[^\\w\`])@${CANARY}`, 'g')) ?? [])
          problems.push(`${where}: live mention ${JSON.stringify(m[0])}`);
        break;
      case 'heading':
        // Code spans in a heading are the template quoting a name: only plain text counts.
        if (textOnly(node).includes(`${CANARY}-heading`)) problems.push(`${where}: a heading made by hostile text: ${JSON.stringify(plain(node))}`);
        break;
      case 'table': {
        const widths = (node.children ?? []).map((row) => row.children?.length ?? 0);
        if (widths.some((w) => w !== widths[0])) problems.push(`${where}: a table row with extra cells (${widths.join(', ')})`);
        break;
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(ast);
  if (opens !== closes) problems.push(`${where}: ${opens} <details> but ${closes} </details>`);
  return problems;
}

// The commands the runner knows (ActionCommandManager and its extensions).
const RUNNER_COMMANDS = new Set([
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'add-path',
  'set-env',
  'set-output',
  'save-state',
  'debug',
  'notice',
  'warning',
  'error',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
  'internal-set-repo-path',
]);

export interface ExecutedCommand {
  line: string;
  name: string;
  properties: string;
  data: string;
}

/** Every workflow command the runner would execute in this stdout, in order. */
export function executedCommands(stdout: string): ExecutedCommand[] {
  const executed: ExecutedCommand[] = [];
  let stopToken: string | undefined;
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trimStart();
    let command: ExecutedCommand | undefined;
    const v2 = /^::([^ :]+)(?: ([^:]*))?::(.*)$/.exec(trimmed);
    if (v2 && RUNNER_COMMANDS.has(v2[1])) command = { line, name: v2[1], properties: v2[2] ?? '', data: v2[3] };
    else {
      const at = line.indexOf('##[');
      const end = at >= 0 ? line.indexOf(']', at) : -1;
      if (end > at && at >= 0) {
        const info = line.slice(at + 3, end);
        const name = info.split(' ')[0];
        if (RUNNER_COMMANDS.has(name)) command = { line, name, properties: info.slice(name.length + 1), data: line.slice(end + 1) };
      }
    }
    if (stopToken !== undefined) {
      // While stopped, only the resume line is a command.
      if (trimmed.startsWith(`::${stopToken}::`)) stopToken = undefined;
      continue;
    }
    if (!command) continue;
    executed.push(command);
    if (command.name === 'stop-commands') stopToken = command.data;
  }
  return executed;
}

/** Commands that hostile text injected: the payloads' own names, properties and data. */
export function injectedCommands(stdout: string): string[] {
  return executedCommands(stdout)
    .filter((c) => {
      if (['add-mask', 'set-output', 'save-state', 'set-env', 'add-path', 'stop-commands', 'add-matcher', 'echo', 'internal-set-repo-path'].includes(c.name))
        return c.line.includes(CANARY);
      return (
        /(^|,|;)\s*(title|name)=pwn3d(\W|$)/.test(c.properties) || c.data.trim() === `owned-by-${CANARY}` || c.data.trim().startsWith(`owned-by-${CANARY} `)
      );
    })
    .map((c) => c.line);
}

export interface InertnessReport {
  checked: number;
  live: string[];
}

/**
 * Checks one run: its log (commands the runner would execute), its job summary, its outputs and
 * exported variables (no key made by hostile text), plus any extra markdown (comment bodies).
 * Writes the result to the ledger.
 */
export async function checkRunInert(action: string, result: ActionRunResult, markdown: Record<string, string> = {}): Promise<InertnessReport> {
  const live: string[] = [];
  live.push(...injectedCommands(result.stdout).map((l) => `log: executed ${JSON.stringify(l.slice(0, 160))}`));
  // The runner parses stderr for commands too (same command manager), and reads it apart from stdout:
  // a stop-commands marker on stdout does not reliably cover what comes on stderr.
  live.push(...injectedCommands(result.stderr).map((l) => `stderr: a command the runner may execute ${JSON.stringify(l.slice(0, 160))}`));
  live.push(...result.masks.filter((m) => m.includes(CANARY)).map((m) => `log: a mask added by hostile text: ${JSON.stringify(m)}`));
  live.push(...(await liveMarkdown(result.summary, 'job summary')));
  for (const [where, text] of Object.entries(markdown)) live.push(...(await liveMarkdown(text, where)));
  for (const key of [...Object.keys(result.outputs), ...Object.keys(result.exportedEnv), ...Object.keys(result.state)]) {
    if (key.includes(CANARY)) live.push(`a step output or variable named by hostile text: ${key}`);
  }
  const checked = 4 + Object.keys(markdown).length;
  record({ kind: 'inert', action, checked, live });
  return { checked, live };
}
