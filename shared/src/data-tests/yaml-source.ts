/**
 * A YAML file parsed with the position of every node, so any mistake found later (schema,
 * unknown key, missing column) can name the file, line and column it came from.
 */
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import { ActionError } from '../errors.js';
import type { Location } from './model.js';

export type YamlPath = ReadonlyArray<string | number>;

/** A mistake in a check file or dbt schema, with where it is. Its message starts with `file:line:column`. */
export class ConfigError extends ActionError {
  readonly location: Location;
  constructor(location: Location, message: string, hint?: string) {
    super(`${location.file}:${location.line}:${location.column}: ${message}`, { hint });
    this.name = 'ConfigError';
    this.location = location;
  }
}

export class YamlSource {
  readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  /** `file` is the name shown in messages (relative to the workspace when possible). */
  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(protectReferences(text), { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false, strict: true });
    const problem = this.doc.errors[0];
    if (problem) {
      const more = this.doc.errors.length > 1 ? ` (and ${this.doc.errors.length - 1} more YAML error(s))` : '';
      throw new ConfigError(this.at(problem.pos[0]), `invalid YAML: ${problem.message.split('\n')[0]}${more}`);
    }
  }

  at(offset: number): Location {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** The node at a path of map keys and sequence indexes, if any. */
  node(path: YamlPath): Node | undefined {
    let current: unknown = this.doc.contents;
    for (const segment of path) {
      if (isMap(current)) {
        const pair = current.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        current = pair?.value ?? undefined;
      } else if (isSeq(current) && typeof segment === 'number') {
        current = current.items[segment];
      } else return undefined;
    }
    return (current ?? undefined) as Node | undefined;
  }

  /** The key node of the last segment (for "unknown key" messages that point at the key itself). */
  keyNode(path: YamlPath): Node | undefined {
    if (path.length === 0) return undefined;
    const parent = this.node(path.slice(0, -1));
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path[path.length - 1]));
    return (pair?.key ?? undefined) as Node | undefined;
  }

  /** Where the path points: the key for map entries, else the value; falls back to the nearest parent. */
  locate(path: YamlPath, preferKey = false): Location {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      const node = (preferKey || n < path.length ? this.keyNode(sub) : undefined) ?? this.node(sub) ?? this.keyNode(sub);
      if (node?.range) return this.at(node.range[0]);
    }
    return { file: this.file, line: 1, column: 1 };
  }

  /** A scalar's text with `${NAME}` references restored (see protectReferences). */
  static restore(text: string): string {
    return text.replace(/\uE000/g, '{').replace(/\uE001/g, '}');
  }

  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }
}

/**
 * `url: ${PG_URL}` inside a flow map (`{ type: postgres, url: ${PG_URL} }`) is not valid YAML: the
 * braces end the map. References are rewritten to private-use characters of the same length before
 * parsing (so every column stays right) and restored in each scalar afterwards.
 */
function protectReferences(text: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*(?::-[^{}\n\r]*)?)\}/g, '$\uE000$1\uE001');
}
