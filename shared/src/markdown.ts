/**
 * Markdown for comments and summaries that untrusted text cannot break: escaped HTML and
 * mentions, table cells without pipes or newlines, and code fences longer than any backtick run.
 */

// Markdown ends a line at LF, CRLF and a lone CR alike; a lone CR would end a table row or make a heading.
const LINE_BREAK = /\r\n?|\n/g;

/**
 * Inert text inside an HTML block such as `<summary>`: GitHub does not read markdown there, so a
 * backslash escape would show literally; only HTML, mentions and line breaks need care.
 */
export function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b')
    .replace(LINE_BREAK, ' ');
}

/** Inert inline text: no HTML (so no `<!--`, `</details>`), no @mentions, no markdown links or emphasis. */
export function escapeText(text: string): string {
  return htmlText(text).replace(/([\\`*_[\]()#|~!])/g, '\\$1');
}

/** Text inside inline code, safe in a table cell. */
export function inlineCode(text: string): string {
  const clean = text.replace(LINE_BREAK, ' ').replace(/\|/g, '\u2758');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${clean}${pad}${ticks}`;
}

/** A fenced block that content cannot close: the fence is longer than any backtick run inside. */
export function codeFence(content: string, language = ''): string {
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${content.replace(/\n$/, '')}\n${fence}`;
}

/**
 * A table of markdown cells (build them with the helpers above). Every pipe not yet escaped is
 * escaped, so a cell cannot add columns, and cells from escapeText stay as they are.
 */
export function table(headers: string[], rows: string[][]): string {
  // A pipe after an odd run of backslashes is escaped already (escapeText's `\|`); one more
  // backslash would make `\\|`: an escaped backslash, then a live cell delimiter.
  const pipes = (value: string) => value.replace(/(\\*)\|/g, (match, slashes: string) => (slashes.length % 2 === 1 ? match : `${slashes}\\|`));
  const cell = (value: string) => pipes(value.replace(LINE_BREAK, ' '));
  const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** A collapsible block; the summary is escaped, the body is trusted markdown (build it with the helpers above). */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${htmlText(summary)}</summary>\n\n${body}\n\n</details>`;
}

/** GitHub's limit for issue and PR comment bodies, in characters. */
export const COMMENT_LIMIT = 65_536;

/**
 * Cuts text to fit `limit` characters, saying what was cut and where the full text is.
 * Cuts at a line boundary, and closes a code fence left open by the cut.
 */
export function truncate(text: string, limit: number, whereFull: string): string {
  if (text.length <= limit) return text;
  const note = (cut: number) => `\n\n… ${cut.toLocaleString('en-US')} characters cut here to stay within GitHub's size limit; ${whereFull}`;
  const reserve = note(text.length).length + 20;
  let head = text.slice(0, Math.max(0, limit - reserve));
  const lastNewline = head.lastIndexOf('\n');
  if (lastNewline > head.length / 2) head = head.slice(0, lastNewline);
  const fences = head.match(/^`{3,}/gm) ?? [];
  if (fences.length % 2 === 1) head += `\n${fences[fences.length - 1]}`;
  return head + note(text.length - head.length);
}
