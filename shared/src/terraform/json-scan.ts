/**
 * A streaming JSON scanner that materialises only the parts a caller selects. Unselected subtrees
 * are skipped without building values, and an array marked `each` hands over one element at a
 * time: this is how a 100 MB Terraform plan is summarised in one pass with memory bounded by its
 * largest single resource change rather than by the file. Skipped sections are still checked for
 * structure (brackets, separators, literals, strings and raw newlines in them); the remaining
 * character rules are left to JSON.parse on the parts that are read.
 */
import { createReadStream } from 'node:fs';

/** What to do with the value under a key: parse it whole, parse each array element, or descend. */
export type Selection = 'value' | 'each' | Selector;
export interface Selector {
  [key: string]: Selection;
}

/**
 * `element` is true for one element of an `each` array, false for a value handed over whole
 * (including an `each` key whose value is not an array: the caller decides whether that is valid).
 */
export type ValueHandler = (path: readonly string[], value: unknown, element: boolean) => void;

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`invalid JSON at line ${line}, column ${column}: ${reason}`);
    this.name = 'JsonSyntaxError';
  }
}

/** What the scanner expects next. */
const Expect = {
  Value: 0, // a value (after `:` or `[` or `,` in an array, or at the top)
  ValueOrEnd: 1, // right after `[`
  Key: 2, // after `,` in an object
  KeyOrEnd: 3, // right after `{`
  Colon: 4,
  CommaOrEnd: 5,
  Done: 6, // the top-level value is complete
} as const;
type Expect = (typeof Expect)[keyof typeof Expect];

interface Frame {
  isObject: boolean;
  /** Descend selector for object members, or 'each' for array elements; undefined when skipping. */
  selection: Selector | 'each' | undefined;
  path: string[];
  key: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LITERAL = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/** Buffer#indexOf, with "not found" as the buffer's length. */
function indexIn(chunk: Buffer, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? chunk.length : at;
}

function isLiteralByte(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x45;
}

export class JsonScanner {
  private readonly stack: Frame[] = [];
  private expect: Expect = Expect.Value;
  private inString = false;
  private escaped = false;
  private inLiteral = false;
  private literal = '';
  /** Bytes of an object key we need to compare (only in frames we descend into). */
  private keyParts: Buffer[] | undefined;
  private keyFrom = -1;
  /** The value being captured: its depth and the pieces collected so far. */
  private captureDepth = -1;
  private capturePath: readonly string[] = [];
  private captureElement = false;
  private captureParts: Buffer[] = [];
  private captureFrom = -1;
  private line = 1;
  private lineStart = 0;
  private offset = 0;
  readonly topLevelKeys = new Set<string>();

  constructor(
    private readonly root: Selector,
    private readonly onValue: ValueHandler,
  ) {}

  private fail(reason: string, at: number): never {
    throw new JsonSyntaxError(reason, this.line, this.offset + at - this.lineStart + 1);
  }

  write(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    let nextBackslash = -1;
    let nextNewline = -1;
    while (i < n) {
      if (this.inString) {
        // Hot loop: run to the next quote or backslash.
        let c = 0;
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        const jsFrom = i;
        while (i < n) {
          c = chunk[i];
          if (c === QUOTE || c === BACKSLASH) break;
          if (c < 0x20) this.fail('control character in a string', i);
          i++;
          if (i - jsFrom === 48) {
            // A long string (attribute values): let native searches find its end. Positions of the
            // next backslash and newline are cached per chunk, so each byte is searched once.
            if (nextBackslash < i) nextBackslash = indexIn(chunk, BACKSLASH, i);
            if (nextNewline < i) nextNewline = indexIn(chunk, 0x0a, i);
            const stop = Math.min(indexIn(chunk, QUOTE, i), nextBackslash);
            if (nextNewline < stop) this.fail('control character in a string', nextNewline);
            i = stop;
            c = chunk[i];
            break;
          }
        }
        if (i === n) break;
        if (c === BACKSLASH) {
          this.escaped = true;
          i++;
          continue;
        }
        this.inString = false;
        this.endString(chunk, i);
        i++;
        continue;
      }
      const c = chunk[i];
      if (this.inLiteral) {
        if (isLiteralByte(c)) {
          if (this.literal.length < 400) this.literal += String.fromCharCode(c);
          i++;
          continue;
        }
        this.inLiteral = false;
        if (!LITERAL.test(this.literal)) this.fail(`invalid literal ${JSON.stringify(this.literal.slice(0, 40))}`, i);
        this.endValue(chunk, i - 1);
        continue; // re-examine c as a delimiter
      }
      switch (c) {
        case 0x20:
        case 0x09:
        case 0x0d:
          break;
        case 0x0a:
          this.line++;
          this.lineStart = this.offset + i + 1;
          break;
        case QUOTE:
          if (this.expect === Expect.Key || this.expect === Expect.KeyOrEnd) {
            this.expect = Expect.Colon;
            const frame = this.stack[this.stack.length - 1];
            if (frame.selection !== undefined && frame.selection !== 'each' && this.captureDepth < 0) {
              this.keyParts = [];
              this.keyFrom = i + 1;
            }
          } else {
            this.beginValue(chunk, i, false);
          }
          this.inString = true;
          break;
        case 0x7b: // {
        case 0x5b: // [
          this.beginValue(chunk, i, true);
          this.stack.push(this.frameFor(c === 0x7b));
          this.expect = c === 0x7b ? Expect.KeyOrEnd : Expect.ValueOrEnd;
          break;
        case 0x7d: // }
        case 0x5d: {
          // ]
          const frame = this.stack[this.stack.length - 1];
          const isObject = c === 0x7d;
          if (!frame || frame.isObject !== isObject) this.fail(`unexpected ${String.fromCharCode(c)}`, i);
          const okEnd = isObject
            ? this.expect === Expect.KeyOrEnd || this.expect === Expect.CommaOrEnd
            : this.expect === Expect.ValueOrEnd || this.expect === Expect.CommaOrEnd;
          if (!okEnd) this.fail(`unexpected ${String.fromCharCode(c)}`, i);
          this.stack.pop();
          this.endValue(chunk, i);
          break;
        }
        case 0x3a: // :
          if (this.expect !== Expect.Colon) this.fail('unexpected :', i);
          this.expect = Expect.Value;
          break;
        case 0x2c: {
          // ,
          if (this.expect !== Expect.CommaOrEnd) this.fail('unexpected ,', i);
          this.expect = this.stack[this.stack.length - 1].isObject ? Expect.Key : Expect.Value;
          break;
        }
        default:
          if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
            this.beginValue(chunk, i, false);
            this.inLiteral = true;
            this.literal = String.fromCharCode(c);
            break;
          }
          this.fail(
            this.expect === Expect.Done ? 'unexpected data after the end of the document' : `unexpected character ${JSON.stringify(String.fromCharCode(c))}`,
            i,
          );
      }
      i++;
    }
    if (this.captureDepth >= 0) {
      this.captureParts.push(chunk.subarray(Math.max(0, this.captureFrom)));
      this.captureFrom = 0;
    }
    if (this.keyParts) {
      this.keyParts.push(chunk.subarray(Math.max(0, this.keyFrom)));
      this.keyFrom = 0;
    }
    this.offset += n;
  }

  /** Call after the last chunk: fails on a truncated document. */
  end(): void {
    if (this.inLiteral) {
      this.inLiteral = false;
      if (!LITERAL.test(this.literal)) this.fail(`invalid literal ${JSON.stringify(this.literal.slice(0, 40))}`, 0);
      this.endValue(Buffer.alloc(0), -1);
    }
    if (this.expect !== Expect.Done || this.inString) this.fail('unexpected end of the document (truncated?)', 0);
  }

  /** What was expected instead of a value, for the error message. */
  private expected(): string {
    const inObject = this.stack[this.stack.length - 1]?.isObject;
    if (this.expect === Expect.Colon) return 'expected :';
    if (this.expect === Expect.CommaOrEnd) return `expected , or ${inObject ? '}' : ']'}`;
    return 'expected a key or the end of the object';
  }

  private frameFor(isObject: boolean): Frame {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      if (!isObject) this.fail('expected a JSON object at the top level', 0);
      return { isObject, selection: this.root, path: [], key: '' };
    }
    if (this.captureDepth >= 0 || parent.selection === undefined || parent.selection === 'each')
      return { isObject, selection: undefined, path: parent.path, key: '' };
    const selection = parent.selection[parent.key];
    const path = [...parent.path, parent.key];
    if (selection === 'each' && !isObject) return { isObject, selection: 'each', path, key: '' };
    if (typeof selection === 'object' && isObject) return { isObject, selection, path, key: '' };
    return { isObject, selection: undefined, path, key: '' };
  }

  private beginValue(chunk: Buffer, at: number, container: boolean): void {
    if (this.expect === Expect.Done) this.fail('unexpected data after the end of the document', at);
    if (this.expect !== Expect.Value && this.expect !== Expect.ValueOrEnd) this.fail(this.expected(), at);
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      if (!container || chunk[at] !== 0x7b) this.fail('expected a JSON object at the top level', at);
      return;
    }
    if (this.captureDepth >= 0 || parent.selection === undefined) return;
    let capture = parent.selection === 'each';
    let path = parent.path;
    if (!capture) {
      const selection = (parent.selection as Selector)[parent.key];
      capture = selection === 'value' || (selection === 'each' && chunk[at] !== 0x5b);
      path = [...parent.path, parent.key];
    }
    if (capture) {
      this.captureDepth = this.stack.length;
      this.capturePath = path;
      this.captureElement = parent.selection === 'each';
      this.captureParts = [];
      this.captureFrom = at;
    }
  }

  private endString(chunk: Buffer, at: number): void {
    if (this.expect === Expect.Colon) {
      if (this.keyParts) {
        this.keyParts.push(chunk.subarray(Math.max(0, this.keyFrom), at));
        const raw = Buffer.concat(this.keyParts).toString('utf8');
        this.keyParts = undefined;
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        this.stack[this.stack.length - 1].key = key;
        if (this.stack.length === 1) this.topLevelKeys.add(key);
      }
      return;
    }
    this.endValue(chunk, at);
  }

  /** A value ended at `at` (inclusive): finish a capture that started at this depth. */
  private endValue(chunk: Buffer, at: number): void {
    this.expect = this.stack.length === 0 ? Expect.Done : Expect.CommaOrEnd;
    if (this.captureDepth !== this.stack.length) return;
    this.captureParts.push(chunk.subarray(Math.max(0, this.captureFrom), at + 1));
    const text = Buffer.concat(this.captureParts).toString('utf8');
    this.captureParts = [];
    this.captureDepth = -1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.fail((err as Error).message, at);
    }
    this.onValue(this.capturePath, value, this.captureElement);
  }
}

/** Scans a file with the selector, calling onValue for each selected value. Returns the top-level keys. */
export async function scanJsonFile(file: string, selector: Selector, onValue: ValueHandler): Promise<Set<string>> {
  const scanner = new JsonScanner(selector, onValue);
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) scanner.write(chunk as Buffer);
  scanner.end();
  return scanner.topLevelKeys;
}

/** Same as scanJsonFile over text already in memory (tests, small plans). */
export function scanJsonText(text: string, selector: Selector, onValue: ValueHandler): Set<string> {
  const scanner = new JsonScanner(selector, onValue);
  scanner.write(Buffer.from(text, 'utf8'));
  scanner.end();
  return scanner.topLevelKeys;
}
