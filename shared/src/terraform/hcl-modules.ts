/**
 * Finds the `source` of every `module` block in Terraform configuration text, enough to build the
 * local-module dependency graph for `changed-only`. A small HCL lexer (comments, quoted strings
 * with `${…}` templates, heredocs, braces) rather than a regular expression, so commented-out
 * blocks, strings that look like blocks and nested blocks do not fool it. `.tf.json` files are
 * read as JSON.
 */

export interface ModuleCall {
  name: string;
  source: string;
}

type Token = { kind: 'ident' | 'string' | 'template' | 'punct'; text: string };

/** Reads a quoted string starting at `start` (the opening quote). Returns the end (after the closing quote). */
function readString(text: string, start: number): { end: number; value: string; template: boolean } {
  let i = start + 1;
  let value = '';
  let template = false;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1] ?? '';
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
      continue;
    }
    if (c === '"') return { end: i + 1, value, template };
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      if (text[i - 1] === c && text[i - 2] !== c) {
        // `$${` and `%%{` are literal
        value += '{';
        i += 2;
        continue;
      }
      template = true;
      i = skipTemplate(text, i + 2);
      continue;
    }
    if (c === '\n') return { end: i, value, template }; // unterminated: stop at the line end
    value += c;
    i++;
  }
  return { end: i, value, template };
}

/** Skips a `${ … }` expression (nested braces and strings included); returns the index after `}`. */
function skipTemplate(text: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < text.length && depth > 0) {
    const c = text[i];
    if (c === '"') {
      i = readString(text, i).end;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    i++;
  }
  return i;
}

export function tokenizeHcl(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (c === '"') {
      const s = readString(text, i);
      tokens.push({ kind: s.template ? 'template' : 'string', text: s.value });
      i = s.end;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (m) {
        const marker = m[1];
        let pos = i + m[0].length;
        for (;;) {
          const nl = text.indexOf('\n', pos);
          const line = text.slice(pos, nl < 0 ? text.length : nl);
          pos = nl < 0 ? text.length : nl + 1;
          if (line.trim() === marker || nl < 0) break;
        }
        tokens.push({ kind: 'template', text: '' });
        i = pos;
        continue;
      }
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i, i + 256))!;
      tokens.push({ kind: 'ident', text: m[0] });
      i += m[0].length;
      continue;
    }
    if ('{}[]()=,'.includes(c)) tokens.push({ kind: 'punct', text: c });
    else if (c === '\n') tokens.push({ kind: 'punct', text: '\n' });
    i++;
  }
  return tokens;
}

/** Every top-level `module "<name>" { source = "…" }` in HCL native syntax. */
export function moduleCallsInHcl(text: string): ModuleCall[] {
  const tokens = tokenizeHcl(text);
  const calls: ModuleCall[] = [];
  let depth = 0;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok.kind === 'punct' && (tok.text === '{' || tok.text === '[' || tok.text === '(')) depth++;
    else if (tok.kind === 'punct' && (tok.text === '}' || tok.text === ']' || tok.text === ')')) depth = Math.max(0, depth - 1);
    if (depth !== 0 || tok.kind !== 'ident' || tok.text !== 'module') continue;
    const label = tokens[t + 1];
    const open = tokens[t + 2];
    if (!label || (label.kind !== 'string' && label.kind !== 'ident') || open?.text !== '{') continue;
    // Walk the block body; `source = "…"` must be directly inside it (depth 1).
    let inner = 0;
    let source: string | undefined;
    let u = t + 3;
    for (; u < tokens.length; u++) {
      const b = tokens[u];
      if (b.kind === 'punct' && (b.text === '{' || b.text === '[' || b.text === '(')) inner++;
      else if (b.kind === 'punct' && (b.text === '}' || b.text === ']' || b.text === ')')) {
        if (inner === 0) break;
        inner--;
      } else if (inner === 0 && b.kind === 'ident' && b.text === 'source' && tokens[u + 1]?.text === '=' && tokens[u + 2]?.kind === 'string') {
        source = tokens[u + 2].text;
      }
    }
    if (source !== undefined) calls.push({ name: label.text, source });
    t = u; // continue after the block's closing brace (depth is back to 0)
  }
  return calls;
}

/** Module calls in a `.tf.json` file: `{ "module": { "<name>": { "source": "…" } } }`. */
export function moduleCallsInJson(text: string): ModuleCall[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const calls: ModuleCall[] = [];
  const blocks = (doc as { module?: unknown })?.module;
  for (const group of Array.isArray(blocks) ? blocks : [blocks]) {
    if (!group || typeof group !== 'object') continue;
    for (const [name, body] of Object.entries(group as Record<string, unknown>)) {
      for (const b of Array.isArray(body) ? body : [body]) {
        const source = (b as { source?: unknown })?.source;
        if (typeof source === 'string') calls.push({ name, source });
      }
    }
  }
  return calls;
}

export function moduleCalls(fileName: string, text: string): ModuleCall[] {
  return fileName.endsWith('.json') ? moduleCallsInJson(text) : moduleCallsInHcl(text);
}

/** Terraform treats a source as a local path only when it starts with ./ or ../ */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}
