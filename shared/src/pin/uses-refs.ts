/**
 * Finds every `uses:` reference of a workflow (`jobs.<id>.uses`, `jobs.<id>.steps[].uses`) or a
 * composite action (`runs.steps[].uses`) with its exact place in the text. The YAML parser only
 * locates things (so block scalars, quoted text and comments that merely look like `uses:` are
 * never touched); edits are then spliced into the original text, keeping every other byte.
 * Anchors, aliases and merge keys are followed to the one scalar that holds the value.
 */
import YAML, { type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { ActionError } from '../errors.js';
import { parseUses, type UsesTarget } from './uses-value.js';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

export interface SourceComment {
  /** Offset of the `#`. */
  start: number;
  end: number;
  /** The comment as written, `#` included. */
  text: string;
}

export interface UsesRef {
  /** 1-based line and column of the value. */
  line: number;
  column: number;
  /** Offsets of the value's source text (quotes or block header included). */
  start: number;
  end: number;
  style: ScalarStyle;
  value: string;
  target: UsesTarget;
  /** The comment at the end of the line on which the value ends, if any. */
  comment?: SourceComment;
  /** Offset where the value's last line ends (before `\r\n` or `\n`). */
  lineEnd: number;
}

export type YamlFileKind = 'workflow' | 'action' | 'other';

export interface ScanResult {
  kind: YamlFileKind;
  refs: UsesRef[];
  /** `uses:` keys whose value is not a string (a mapping, a list, null). */
  malformed: Array<{ line: number; column: number; reason: string }>;
  /** Parsed with the options scanning uses; rewrite.ts re-parses the result the same way to verify it. */
  document: Document.Parsed;
}

/** A YAML file that cannot be read: the message names the file and line. */
export class YamlFileError extends ActionError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'YamlFileError';
  }
}

/** The same options everywhere: aliases are bounded (a "billion laughs" file fails instead of exhausting memory). */
export const YAML_OPTIONS = { merge: true, prettyErrors: false, uniqueKeys: true } as const;
export const MAX_ALIAS_COUNT = 1000;

export function parseYaml(text: string, file: string): Document.Parsed {
  const doc = YAML.parseDocument(text, YAML_OPTIONS);
  const problem = doc.errors[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line ?? lineAt(lineStarts(text), problem.pos[0]).line;
    throw new YamlFileError(file, line, `not valid YAML: ${problem.message.split('\n')[0]}`);
  }
  // The parser accepts an alias without an anchor; GitHub does not.
  let dangling: { source: string; offset: number } | undefined;
  YAML.visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) !== undefined) return undefined;
      dangling = { source: alias.source, offset: alias.range?.[0] ?? 0 };
      return YAML.visit.BREAK;
    },
  });
  if (dangling)
    throw new YamlFileError(
      file,
      lineAt(lineStarts(text), dangling.offset).line,
      `not valid YAML: alias *${dangling.source} has no anchor &${dangling.source} before it`,
    );
  return doc;
}

/** Offsets where each line starts (a `\r\n` counts as one line break). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function lineAt(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Where the physical line holding `offset` ends, before its `\r\n`/`\n` (or the end of the text). */
export function endOfLine(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  if (i < 0) i = text.length;
  return i > offset && text[i - 1] === '\r' ? i - 1 : i;
}

/** Every comment token's position, from the parser's concrete syntax tree (never guessed from `#`). */
export function commentsOf(text: string): SourceComment[] {
  const found: SourceComment[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
    } else if (v && typeof v === 'object') {
      const token = v as { type?: unknown; offset?: unknown; source?: unknown };
      if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
        found.push({ start: token.offset, end: token.offset + token.source.length, text: token.source });
      } else {
        for (const child of Object.values(v)) walk(child);
      }
    }
  };
  for (const token of new YAML.Parser().parse(text)) walk(token);
  return found.sort((a, b) => a.start - b.start);
}

function styleOf(scalar: Scalar): ScalarStyle {
  switch (scalar.type) {
    case 'QUOTE_SINGLE':
      return 'single';
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return 'block';
    default:
      return 'plain';
  }
}

const isMergeKey = (key: unknown) => YAML.isScalar(key) && (typeof key.value === 'symbol' || key.source === '<<');

class UsesCollector {
  readonly scalars = new Set<Scalar>();
  readonly malformed: Array<{ node: YamlNode | null; reason: string }> = [];
  private readonly visiting = new Set<unknown>();

  constructor(private readonly doc: Document.Parsed) {}

  /** Follows aliases to the node they name (bounded, so a cycle cannot loop). */
  resolve(node: unknown): unknown {
    let current = node;
    for (let i = 0; i < 100 && YAML.isAlias(current); i++) current = current.resolve(this.doc);
    return YAML.isAlias(current) ? undefined : current;
  }

  /** The value of `key` in a mapping, including one brought in by a `<<` merge key. */
  valueOf(map: unknown, key: string, depth = 0): unknown {
    const resolved = this.resolve(map);
    if (!YAML.isMap(resolved) || depth > 20) return undefined;
    const pairs = (resolved as YAMLMap).items as Pair[];
    const own = pairs.find((p) => YAML.isScalar(p.key) && p.key.value === key);
    if (own) return own.value ?? null;
    for (const pair of pairs.filter((p) => isMergeKey(p.key))) {
      const sources = this.resolve(pair.value);
      for (const source of YAML.isSeq(sources) ? sources.items : [sources]) {
        const found = this.valueOf(source, key, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  entries(map: unknown): unknown[] {
    const resolved = this.resolve(map);
    if (!YAML.isMap(resolved)) return [];
    return (resolved.items as Pair[]).filter((p) => !isMergeKey(p.key)).map((p) => p.value);
  }

  items(seq: unknown): unknown[] {
    const resolved = this.resolve(seq);
    return YAML.isSeq(resolved) ? resolved.items : [];
  }

  addUses(holder: unknown): void {
    if (this.visiting.has(holder)) return;
    this.visiting.add(holder);
    const value = this.valueOf(holder, 'uses');
    if (value === undefined) return;
    const scalar = this.resolve(value);
    if (YAML.isScalar(scalar) && typeof scalar.value === 'string') this.scalars.add(scalar);
    else this.malformed.push({ node: (YAML.isNode(scalar) ? scalar : YAML.isNode(value) ? value : null) as YamlNode | null, reason: 'uses: is not a string' });
  }

  steps(holder: unknown): void {
    for (const step of this.items(this.valueOf(holder, 'steps'))) this.addUses(step);
  }
}

/** Scans one file's text; throws YamlFileError when it is not YAML. */
export function scanUsesRefs(text: string, file: string): ScanResult {
  const document = parseYaml(text, file);
  const collector = new UsesCollector(document);
  const jobs = collector.valueOf(document.contents, 'jobs');
  const runs = collector.valueOf(document.contents, 'runs');
  let kind: YamlFileKind = 'other';
  if (YAML.isMap(collector.resolve(jobs))) {
    kind = 'workflow';
    for (const job of collector.entries(jobs)) {
      collector.addUses(job); // a reusable workflow call
      collector.steps(job);
    }
  } else if (YAML.isMap(collector.resolve(runs))) {
    kind = 'action';
    collector.steps(runs);
  }

  const starts = lineStarts(text);
  const comments = commentsOf(text);
  const refs: UsesRef[] = [];
  for (const scalar of collector.scalars) {
    const [start, end] = scalar.range!;
    const value = scalar.value as string;
    const lineEnd = endOfLine(text, Math.max(start, end - 1));
    const comment = comments.find((c) => c.start >= end && c.start < lineEnd);
    const { line, column } = lineAt(starts, start);
    refs.push({ line, column, start, end, style: styleOf(scalar), value, target: parseUses(value), comment, lineEnd });
  }
  refs.sort((a, b) => a.start - b.start);
  const malformed = collector.malformed.map(({ node, reason }) => ({ ...lineAt(starts, node?.range?.[0] ?? 0), reason }));
  return { kind, refs, malformed, document };
}
