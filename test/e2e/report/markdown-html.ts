/**
 * A small, dependency-free renderer for the GitHub-flavoured Markdown our actions write (PR
 * comments, job summaries): headings, paragraphs, emphasis, code spans and fences (any fence length),
 * tables with alignment, nested lists, block quotes with GitHub alerts (`> [!CAUTION]`), `<details>`
 * blocks, HTML comments (hidden), and mermaid `xychart-beta` charts drawn as inline SVG (other
 * mermaid diagrams are shown as their source).
 *
 * Raw HTML is sanitised the way GitHub does it in spirit: only an allowlist of tags survives, with
 * no attributes except `open` on <details> and `align` on cells; everything else is shown as text,
 * so untrusted text in a comment stays inert here too.
 */
import { renderMermaid } from './mermaid-svg.js';

const ALLOWED_TAGS = new Set([
  'details',
  'summary',
  'sub',
  'sup',
  'br',
  'b',
  'i',
  'strong',
  'em',
  'code',
  'kbd',
  'p',
  'div',
  'span',
  'ins',
  'del',
  's',
  'hr',
  'pre',
]);
const BLOCK_TAGS = new Set(['details', 'summary', 'div', 'p', 'pre', 'hr']);

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An allowlisted tag without attributes (except `open` on details), or undefined when not allowed. */
function sanitizeTag(tag: string): string | undefined {
  const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^<>]*)?)\s*(\/?)>$/.exec(tag);
  if (!m) return undefined;
  const [, closing, rawName, attrs, selfClosing] = m;
  const name = rawName.toLowerCase();
  if (!ALLOWED_TAGS.has(name)) return undefined;
  const open = name === 'details' && !closing && /\bopen\b/i.test(attrs) ? ' open' : '';
  return `<${closing}${name}${open}${selfClosing && name === 'br' ? ' /' : ''}>`;
}

const safeUrl = (url: string) => (/^(https?:|mailto:|#|\.{0,2}\/)/i.test(url.trim()) ? url.trim() : '#');

/** Inline Markdown → HTML. */
export function renderInline(text: string): string {
  const slots: string[] = [];
  const hold = (html: string) => `\uE000${slots.push(html) - 1}\uE000`;
  let s = text;
  // Code spans first: nothing inside them is Markdown or HTML.
  s = s.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => hold(`<code>${escapeHtml(code.replace(/^ (.*) $/s, '$1'))}</code>`));
  s = s.replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g, (_, ch: string) => hold(escapeHtml(ch)));
  s = s.replace(/<(https?:\/\/[^\s<>]+)>/g, (_, url: string) => hold(`<a href="${escapeHtml(safeUrl(url))}">${escapeHtml(url)}</a>`));
  s = s.replace(/<\/?[a-zA-Z][^<>]*>/g, (tag) => {
    const clean = sanitizeTag(tag);
    return clean ? hold(clean) : tag;
  });
  // Character references (&gt; &#124; &#x2014;) stay references, as GitHub renders them; other text is escaped.
  s = s.replace(/&(#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/gi, (entity) => hold(entity));
  s = escapeHtml(s);
  s = s.replace(/!\[([^\]]*)\]\(([^)\s]+)(?:\s+&quot;[^&]*&quot;)?\)/g, (_, alt: string, src: string) =>
    hold(`<img alt="${alt}" src="${escapeHtml(safeUrl(src))}">`),
  );
  s = s.replace(
    /\[([^\]]+)\]\(([^)\s]+)(?:\s+&quot;[^&]*&quot;)?\)/g,
    (_, label: string, url: string) => `${hold(`<a href="${escapeHtml(safeUrl(url.replace(/&amp;/g, '&')))}">`)}${label}${hold('</a>')}`,
  );
  s = s.replace(/(^|[\s(])(https?:\/\/[^\s<\uE000]+[^\s<.,;:!?)'"\uE000])/g, (_, pre: string, url: string) => `${pre}${hold(`<a href="${url}">${url}</a>`)}`);
  s = s.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '<strong>$2</strong>');
  s = s.replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\*)/g, '$1<em>$2</em>');
  s = s.replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>');
  s = s.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>');
  s = s.replace(/ {2,}\n|\\\n/g, '<br>\n');
  return s.replace(/\uE000(\d+)\uE000/g, (_, i: string) => slots[Number(i)]);
}

interface Fence {
  char: string;
  length: number;
  info: string;
}

const fenceOpen = (line: string): Fence | undefined => {
  const m = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/.exec(line);
  return m ? { char: m[1][0], length: m[1].length, info: m[2].trim() } : undefined;
};
const isFenceClose = (line: string, f: Fence) => new RegExp(`^ {0,3}\\${f.char}{${f.length},}\\s*$`).test(line);
const isTableDelimiter = (line: string) => /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(line) && line.includes('-');
const listMarker = (line: string) => /^( {0,12})([-*+]|\d{1,9}[.)])( +|$)/.exec(line);
const isHr = (line: string) => /^ {0,3}([-*_])( *\1){2,} *$/.test(line);
const htmlBlockStart = (line: string) => {
  const m = /^ {0,3}<\/?([a-zA-Z]+)/.exec(line);
  return m !== null && BLOCK_TAGS.has(m[1].toLowerCase());
};

function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  let inCode = false;
  for (let i = 0; i < row.length; i++) {
    const ch = row[i];
    if (ch === '\\' && row[i + 1] === '|') {
      current += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      current += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(current.trim());
      current = '';
    } else current += ch;
  }
  cells.push(current.trim());
  return cells;
}

function renderTable(header: string, delimiter: string, rows: string[]): string {
  const aligns = splitRow(delimiter).map((d) =>
    d.startsWith(':') && d.endsWith(':') ? 'center' : d.endsWith(':') ? 'right' : d.startsWith(':') ? 'left' : '',
  );
  const cell = (tag: string, text: string, i: number) => `<${tag}${aligns[i] ? ` align="${aligns[i]}"` : ''}>${renderInline(text)}</${tag}>`;
  const head = splitRow(header);
  const body = rows.map((r) => {
    const cells = splitRow(r);
    return `<tr>${head.map((_, i) => cell('td', cells[i] ?? '', i)).join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

const ALERTS: Record<string, string> = { NOTE: 'Note', TIP: 'Tip', IMPORTANT: 'Important', WARNING: 'Warning', CAUTION: 'Caution' };

function renderCode(fence: Fence, code: string): string {
  const lang = fence.info.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (lang === 'mermaid') return renderMermaid(code);
  if (lang === 'diff') {
    const lines = code.split('\n').map((l) => {
      const cls = l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : l.startsWith('~') || l.startsWith('!') ? 'chg' : '';
      return cls ? `<span class="${cls}">${escapeHtml(l)}</span>` : escapeHtml(l);
    });
    return `<pre class="diff"><code>${lines.join('\n')}</code></pre>`;
  }
  return `<pre${lang ? ` class="language-${escapeHtml(lang)}"` : ''}><code>${escapeHtml(code)}</code></pre>`;
}

/** Block-level Markdown → HTML. */
export function renderMarkdown(markdown: string): string {
  const text = markdown.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '');
  return renderBlocks(text.split('\n'));
}

function renderBlocks(lines: string[]): string {
  const out: string[] = [];
  let i = 0;
  const blank = (l: string | undefined) => l === undefined || l.trim() === '';
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = fenceOpen(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !isFenceClose(lines[i], fence)) body.push(lines[i++]);
      i++; // the closing fence (or the end)
      out.push(renderCode(fence, body.join('\n')));
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push(`<h${heading[1].length}>${renderInline(heading[2])}</h${heading[1].length}>`);
      i++;
      continue;
    }
    if (isHr(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && isTableDelimiter(lines[i + 1])) {
      const rows: string[] = [];
      let j = i + 2;
      while (j < lines.length && !blank(lines[j]) && lines[j].includes('|')) rows.push(lines[j++]);
      out.push(renderTable(line, lines[i + 1], rows));
      i = j;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && !blank(lines[i]) && /^ {0,3}>/.test(lines[i])) quoted.push(lines[i++].replace(/^ {0,3}> ?/, ''));
      const alert = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$/.exec(quoted[0] ?? '');
      if (alert)
        out.push(`<div class="alert alert-${alert[1].toLowerCase()}"><p class="alert-title">${ALERTS[alert[1]]}</p>\n${renderBlocks(quoted.slice(1))}</div>`);
      else out.push(`<blockquote>\n${renderBlocks(quoted)}\n</blockquote>`);
      continue;
    }
    const marker = listMarker(line);
    if (marker && marker[1].length <= 3) {
      const ordered = /\d/.test(marker[2]);
      const items: string[][] = [];
      const baseIndent = marker[1].length;
      let loose = false;
      while (i < lines.length) {
        const m = listMarker(lines[i]);
        if (m && m[1].length === baseIndent && /\d/.test(m[2]) === ordered) {
          items.push([lines[i].slice(m[0].length)]);
          i++;
          continue;
        }
        if (blank(lines[i])) {
          // A blank line continues the list only when the next line is indented or another item.
          const next = lines[i + 1];
          const nm = next !== undefined ? listMarker(next) : null;
          const sibling = Boolean(nm && nm[1].length === baseIndent && /\d/.test(nm[2]) === ordered);
          if (next !== undefined && (sibling || /^\s{2,}\S/.test(next))) {
            loose = loose || sibling;
            items[items.length - 1].push('');
            i++;
            continue;
          }
          break;
        }
        if (/^\s+\S/.test(lines[i]) || !startsBlock(lines[i])) {
          items[items.length - 1].push(lines[i].replace(new RegExp(`^ {0,${baseIndent + (ordered ? 3 : 2)}}`), ''));
          i++;
          continue;
        }
        break;
      }
      const tag = ordered ? 'ol' : 'ul';
      const start = ordered && parseInt(marker[2], 10) !== 1 ? ` start="${parseInt(marker[2], 10)}"` : '';
      const rendered = items.map((item) => {
        let html = renderBlocks(item);
        if (!loose) html = html.replace(/^<p>([\s\S]*?)<\/p>/, '$1');
        const task = /^\[([ xX])\]\s+/.exec(item[0]);
        if (task) html = html.replace(/^\[[ xX]\]\s+/, `<input type="checkbox" disabled${task[1] === ' ' ? '' : ' checked'}> `);
        return `<li>${html}</li>`;
      });
      out.push(`<${tag}${start}>\n${rendered.join('\n')}\n</${tag}>`);
      continue;
    }
    if (htmlBlockStart(line)) {
      const block: string[] = [];
      while (i < lines.length && !blank(lines[i])) block.push(lines[i++]);
      out.push(
        block
          .join('\n')
          .split(/(<\/?[a-zA-Z][^<>]*>)/g)
          .map((part, k) => (k % 2 === 1 ? (sanitizeTag(part) ?? escapeHtml(part)) : escapeHtml(part)))
          .join(''),
      );
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !blank(lines[i]) && (para.length === 0 || !startsBlock(lines[i]))) para.push(lines[i++]);
    out.push(`<p>${renderInline(para.join('\n'))}</p>`);
  }
  return out.join('\n');
}

function startsBlock(line: string): boolean {
  return Boolean(
    fenceOpen(line) ||
    /^ {0,3}#{1,6}\s/.test(line) ||
    isHr(line) ||
    /^ {0,3}>/.test(line) ||
    (listMarker(line) && listMarker(line)![1].length <= 3) ||
    htmlBlockStart(line),
  );
}
