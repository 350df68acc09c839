/**
 * Turns "pin this reference to that SHA, tagged so" into byte edits of the original text: the
 * value keeps its quoting, the version comment replaces an old version in the comment or is added
 * at the end of the line, and nothing else changes. The result is parsed again and must mean the
 * same document with only the pinned values changed, or the file is left alone.
 */
import { isDeepStrictEqual } from 'node:util';
import YAML, { type Document } from 'yaml';
import { ActionError } from '../errors.js';
import { MAX_ALIAS_COUNT, scanUsesRefs, type SourceComment, type UsesRef } from './uses-refs.js';
import { withRef } from './uses-value.js';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A reference that cannot be rewritten as written (the message says how to write it instead). */
export class PinError extends ActionError {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'PinError';
  }
}

// `# v4.2.2`, `#v4`, `# tag=v1.2.3 checkout`: the first word is the version when it has a digit.
const COMMENT = /^#(\s*)(tag=)?(\S*)(.*)$/s;
const TAG_LIKE = /^[A-Za-z0-9._+/-]*\d[A-Za-z0-9._+/-]*$/;

/** The first word of a comment (after an optional `tag=`), e.g. `v4.2.2` in `# v4.2.2 checkout`. */
export function commentWord(comment: SourceComment | undefined): string | undefined {
  const word = comment ? COMMENT.exec(comment.text)?.[3] : undefined;
  return word || undefined;
}

/** The tag a comment names (`# v4.2.2` → `v4.2.2`), when its first word looks like a version. */
export function versionInComment(comment: SourceComment | undefined): string | undefined {
  const word = commentWord(comment);
  return word && TAG_LIKE.test(word) ? word : undefined;
}

/** The comment with `tag` as its first word: it replaces a version (or the old ref) there, or goes in front. */
function commentWithTag(comment: SourceComment, tag: string, oldRef: string): string {
  const m = COMMENT.exec(comment.text)!;
  const [, space, prefix = '', word, rest] = m;
  if (TAG_LIKE.test(word!) || word === oldRef) return `#${space}${prefix}${tag}${rest}`;
  // Keep the author's words after the version.
  const words = `${word}${rest}`;
  return words.trim() ? `# ${tag} ${words.replace(/^\s+/, '')}` : `# ${tag}`;
}

/** The edits that make `ref` read `<action>@<newRef> # <tag>`. */
export function pinEdits(text: string, ref: UsesRef, newRef: string, tag: string): Edit[] {
  if (ref.target.kind !== 'remote') throw new PinError(ref.line, `uses: ${JSON.stringify(ref.value)} is not a remote action`);
  const raw = text.slice(ref.start, ref.end);
  if (ref.style === 'block' || /[\r\n]/.test(raw)) {
    throw new PinError(ref.line, `the uses: value ${JSON.stringify(ref.value)} spans several lines; write it on one line so it can be pinned`);
  }
  const quote = ref.style === 'single' ? "'" : ref.style === 'double' ? '"' : '';
  if (raw !== `${quote}${ref.value}${quote}`) {
    throw new PinError(ref.line, `the uses: value ${raw} uses escape sequences; write it as plain text so it can be pinned`);
  }
  const newValue = withRef(ref.target, newRef);
  const edits: Edit[] = [{ start: ref.start, end: ref.end, text: `${quote}${newValue}${quote}` }];
  if (ref.comment) {
    const next = commentWithTag(ref.comment, tag, ref.target.ref);
    if (next !== ref.comment.text) edits.push({ start: ref.comment.start, end: ref.comment.end, text: next });
  } else {
    // Right after the value when only blanks follow; after a flow mapping's rest (`, with: …}`) otherwise.
    const rest = text.slice(ref.end, ref.lineEnd);
    const at = rest.trim() === '' ? ref.end : ref.lineEnd;
    edits.push({ start: at, end: at, text: ` # ${tag}` });
  }
  return edits;
}

export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

export interface ExpectedPin {
  /** Index of the reference among the file's scanned references. */
  index: number;
  value: string;
  tag: string;
}

/**
 * Proves a rewrite harmless: the new text parses, has the same references in the same order,
 * the pinned ones carry their new value and version comment, and the whole document equals the
 * old one with just those values replaced (so no comment or quote swallowed anything).
 */
export function verifyRewrite(file: string, oldText: string, newText: string, expected: ExpectedPin[]): void {
  const before = scanUsesRefs(oldText, file);
  let after;
  try {
    after = scanUsesRefs(newText, file);
  } catch (err) {
    throw new PinError(
      expected.length ? before.refs[expected[0]!.index]!.line : 1,
      `pinning would make the file invalid (${(err as Error).message}); pin this file by hand`,
    );
  }
  const fail = (index: number, why: string) => {
    throw new PinError(before.refs[index]?.line ?? 1, `pinning would change more than the reference (${why}); pin this line by hand`);
  };
  if (after.refs.length !== before.refs.length) fail(0, 'the number of uses: references changed');
  const byIndex = new Map(expected.map((e) => [e.index, e]));
  before.refs.forEach((ref, i) => {
    const want = byIndex.get(i);
    const got = after.refs[i]!;
    if (got.value !== (want ? want.value : ref.value)) fail(i, `expected ${want?.value ?? ref.value}, read back ${got.value}`);
    if (want && commentWord(got.comment) !== want.tag) fail(i, `the version comment did not read back as ${want.tag}`);
  });
  const replaced = new Map(expected.map((e) => [before.refs[e.index]!.start, e.value]));
  if (!isDeepStrictEqual(toJS(before.document, replaced), toJS(after.document))) fail(expected[0]?.index ?? 0, 'the parsed document differs');
}

/** The document as data, with the scalars starting at the given offsets replaced. */
function toJS(doc: Document.Parsed, replace = new Map<number, string>()): unknown {
  // Scalars are matched by where they start: aliases to a replaced scalar then read the new value too.
  if (replace.size) {
    YAML.visit(doc, {
      Scalar(_key, node) {
        const start = node.range?.[0];
        if (start !== undefined && replace.has(start)) node.value = replace.get(start);
      },
    });
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new PinError(1, `the file cannot be read back safely (${(err as Error).message}); pin it by hand`);
  }
}
