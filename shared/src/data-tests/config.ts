/**
 * Loads the check file (`dataops-tests.yml`): YAML with positions, `${ENV}` interpolation (values
 * that land in `sources` are secrets), JSON Schema validation with file:line:column for every
 * mistake, and normalization into DataTestConfig. A mistake inside one test or dataset marks only
 * that test or dataset invalid (it reports as an error and the rest still runs); a mistake at the
 * top level stops the run.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { isAlias, isScalar, visit, isPair, isMap, type Node, type Scalar } from 'yaml';
import { ActionError, errorMessage } from '../errors.js';
import type { DataTest, DataTestConfig, DatasetSpec, FileFormat, FileRelation, Location, SourceSpec, TableRelation } from './model.js';
import { describeSchemaError, errorPath, schemaErrors } from './schema.js';
import { invalidTest, normalizeTestEntry } from './test-entry.js';
import { ConfigError, YamlSource, type YamlPath } from './yaml-source.js';
import { importDbtSchema } from './dbt.js';

export { ConfigError } from './yaml-source.js';

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** dbt schema.yml files whose tests run too. */
  dbtSchemas?: string[];
  /** Paths in messages are shown relative to this folder (the workspace). */
  displayRoot?: string;
}

export function displayPath(file: string, root = process.cwd()): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : errorMessage(err);
    throw new ActionError(`Cannot read the ${what} ${file}: ${reason}`);
  }
}

export async function loadConfig(configPath: string, options: LoadConfigOptions = {}): Promise<DataTestConfig> {
  const file = path.resolve(configPath);
  const root = options.displayRoot ?? process.cwd();
  const config = parseConfig(await readText(file, 'check file'), { file: displayPath(file, root), baseDir: path.dirname(file), env: options.env });
  for (const dbtFile of options.dbtSchemas ?? []) {
    const abs = path.resolve(dbtFile);
    const dbtSrc = new YamlSource(displayPath(abs, root), await readText(abs, 'dbt schema file'));
    toValue(dbtSrc); // its alias mistakes get file:line:column too
    importDbtSchema(config, dbtSrc);
  }
  checkReferences(config);
  return config;
}

export interface ParseOptions {
  /** The check file's name in messages. */
  file: string;
  baseDir: string;
  env?: NodeJS.ProcessEnv;
}

export function parseConfig(text: string, options: ParseOptions): DataTestConfig {
  const src = new YamlSource(options.file, text);
  const secrets = interpolateEnv(src, options.env ?? process.env);
  const value = toValue(src);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(src.locate([]), 'the check file must be a map with version, sources and datasets');
  }
  const problems = classify(src, schemaErrors(value));
  const root = value as Record<string, unknown>;
  const sources: Record<string, SourceSpec> = {};
  for (const [name, raw] of Object.entries((root.sources ?? {}) as Record<string, { type: 'postgres'; url: string }>)) {
    sources[name] = { name, type: raw.type, url: raw.url, location: src.locate(['sources', name], true) };
    secrets.push(...urlSecrets(raw.url));
  }
  const datasets = ((root.datasets ?? []) as unknown[]).map((raw, i) => buildDataset(src, raw as RawDataset, i, problems, sources));
  const seen = new Map<string, Location>();
  for (const ds of datasets) {
    const first = seen.get(ds.name);
    if (first) ds.invalid ??= `dataset name '${ds.name}' is used twice (first at line ${first.line})`;
    else seen.set(ds.name, ds.location);
  }
  const dbt = root.dbt as { source?: string; schema?: string } | undefined;
  return {
    version: 1,
    file: options.file,
    baseDir: options.baseDir,
    sources,
    datasets,
    secrets: [...new Set(secrets.filter((s) => s.length >= 3))],
    dbt: dbt ? { ...dbt, location: src.locate(['dbt'], true) } : undefined,
  };
}

/**
 * The document as plain values. The yaml library only finds alias mistakes while converting, and
 * throws a bare ReferenceError (no position) or builds a circular value; check them first instead.
 */
function toValue(src: YamlSource): unknown {
  const anchors = new Map<string, Node>();
  let firstAlias: Location | undefined;
  visit(src.doc, {
    Node(_key, node, ancestors) {
      if (isAlias(node)) {
        const location = src.at(node.range?.[0] ?? 0);
        firstAlias ??= location;
        // Like the yaml library: the latest anchor of that name before the alias.
        const target = anchors.get(node.source);
        if (!target)
          throw new ConfigError(location, `alias '*${node.source}' has no anchor '&${node.source}' before it; set the anchor first or write the value out`);
        if (ancestors.includes(target))
          throw new ConfigError(location, `alias '*${node.source}' is inside the value of its own anchor '&${node.source}' (a loop); write the value out`);
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  try {
    return src.toJS();
  } catch (err) {
    // Left: the alias-expansion limit (a guard against alias bombs); it names no node.
    if (!(err instanceof ReferenceError)) throw err;
    throw new ConfigError(firstAlias ?? src.locate([]), `cannot expand the YAML aliases: ${errorMessage(err)}; write the values out`);
  }
}

interface RawColumn {
  name: string;
  tests?: unknown;
  data_tests?: unknown;
}

interface RawDataset {
  name: string;
  path?: string;
  format?: FileFormat;
  delimiter?: string;
  header?: boolean;
  source?: string;
  table?: string;
  tests?: unknown;
  data_tests?: unknown;
  columns?: unknown;
}

interface Problems {
  /** By the YAML path of the test entry (`datasets/0/tests/2`). */
  tests: Map<string, { message: string; location: Location }>;
  /** By dataset index. */
  datasets: Map<number, string>;
}

/** Sorts schema errors by what they spoil: one test, one dataset, or the whole file (thrown). */
function classify(src: YamlSource, errors: ReturnType<typeof schemaErrors>): Problems {
  const problems: Problems = { tests: new Map(), datasets: new Map() };
  const global: Array<{ location: Location; text: string }> = [];
  for (const error of errors) {
    const p = errorPath(error);
    const location = src.locate(p, error.keyword === 'additionalProperties');
    const text = describeSchemaError(error);
    const message = `${location.file}:${location.line}:${location.column}: ${text}`;
    const testPath = testEntryPath(p);
    if (testPath) {
      const key = testPath.join('/');
      if (!problems.tests.has(key)) problems.tests.set(key, { message: text, location });
    } else if (p[0] === 'datasets' && typeof p[1] === 'number') {
      if (!problems.datasets.has(p[1])) problems.datasets.set(p[1], message);
    } else global.push({ location, text });
  }
  if (global.length) {
    const more =
      global.length > 1
        ? ` (and ${global.length - 1} more: ${global
            .slice(1)
            .map((g) => `line ${g.location.line}: ${g.text}`)
            .join('; ')})`
        : '';
    throw new ConfigError(global[0].location, `${global[0].text}${more}`);
  }
  return problems;
}

function testEntryPath(p: YamlPath): YamlPath | undefined {
  if (p[0] !== 'datasets' || typeof p[1] !== 'number') return undefined;
  if ((p[2] === 'tests' || p[2] === 'data_tests') && typeof p[3] === 'number') return p.slice(0, 4);
  if (p[2] === 'columns' && typeof p[3] === 'number' && (p[4] === 'tests' || p[4] === 'data_tests') && typeof p[5] === 'number') return p.slice(0, 6);
  return undefined;
}

const FORMAT_BY_EXTENSION: Array<[RegExp, FileFormat]> = [
  [/\.parquet$/i, 'parquet'],
  [/\.tsv(\.gz|\.zst)?$/i, 'tsv'],
  [/\.csv(\.gz|\.zst)?$/i, 'csv'],
  [/\.(ndjson|jsonl)(\.gz)?$/i, 'ndjson'],
  [/\.json(\.gz)?$/i, 'json'],
];

export function formatOf(pattern: string): FileFormat | undefined {
  return FORMAT_BY_EXTENSION.find(([re]) => re.test(pattern))?.[1];
}

function buildDataset(src: YamlSource, raw: RawDataset, index: number, problems: Problems, sources: Record<string, SourceSpec>): DatasetSpec {
  const base: YamlPath = ['datasets', index];
  const name = typeof raw?.name === 'string' ? raw.name : `datasets[${index}]`;
  const location = src.locate(base);
  let invalid = problems.datasets.get(index);
  let relation: FileRelation | TableRelation = { kind: 'files', pattern: '' };
  const where = (key: string) => {
    const loc = src.locate([...base, key], true);
    return `${loc.file}:${loc.line}:${loc.column}`;
  };
  if (!invalid) {
    if (raw.path !== undefined && raw.table !== undefined) invalid = `${where('table')}: dataset '${name}' has both 'path' and 'table'; use one`;
    else if (raw.path !== undefined) {
      if (raw.source !== undefined) invalid = `${where('source')}: dataset '${name}' reads files ('path'); 'source' is only for tables`;
      const format = raw.format ?? formatOf(raw.path);
      if (!format) invalid ??= `${where('path')}: cannot tell the format of '${raw.path}' from its extension; set 'format' (csv, tsv, parquet, json, ndjson)`;
      relation = { kind: 'files', pattern: raw.path, format, delimiter: raw.delimiter, header: raw.header };
    } else if (raw.table !== undefined) {
      if (raw.source === undefined)
        invalid = `${where('table')}: dataset '${name}' names a table but no 'source' (one of: ${Object.keys(sources).join(', ') || 'none declared'})`;
      else if (!sources[raw.source])
        invalid = `${where('source')}: dataset '${name}' uses source '${raw.source}', which is not declared in 'sources' (declared: ${Object.keys(sources).join(', ') || 'none'})`;
      relation = { kind: 'table', parts: raw.table.split('.') };
      if (relation.parts.some((p) => p === '')) invalid ??= `${where('table')}: table '${raw.table}' is not a valid name (schema.table)`;
    } else invalid = `${src.locate(base).file}:${location.line}:${location.column}: dataset '${name}' needs 'path' (files) or 'table' (with 'source')`;
  }
  const tests: DataTest[] = [];
  let counter = 0;
  const add = (entries: unknown, listPath: YamlPath, column?: string) => {
    // Not a list (`tests: 0`): the schema already made the dataset invalid with its line.
    if (!Array.isArray(entries)) return;
    entries.forEach((entry, i) => {
      const entryPath = [...listPath, i];
      const ctx = { id: `${name}#${++counter}`, dataset: name, column, location: src.locate(entryPath) };
      const problem = problems.tests.get(entryPath.join('/'));
      const test = problem
        ? invalidTest({ ...ctx, location: problem.location }, entryName(entry, column), problem.message, entryType(entry))
        : normalizeTestEntry(entry, ctx);
      if (test) tests.push(test);
    });
  };
  if (raw && typeof raw === 'object') {
    add(raw.tests, [...base, 'tests']);
    add(raw.data_tests, [...base, 'data_tests']);
    (Array.isArray(raw.columns) ? (raw.columns as Array<RawColumn | null>) : []).forEach((col, c) => {
      if (!col || typeof col.name !== 'string') return;
      add(col.tests, [...base, 'columns', c, 'tests'], col.name);
      add(col.data_tests, [...base, 'columns', c, 'data_tests'], col.name);
    });
  }
  if (invalid && tests.length === 0) tests.push(invalidTest({ id: `${name}#0`, dataset: name, location }, '(dataset)', invalid));
  return { name, source: raw?.source, relation, tests, location, invalid: invalid?.replace(/^[^ ]+:\d+:\d+: /, '') };
}

function entryType(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') return Object.keys(entry)[0] ?? 'test';
  return 'test';
}

function entryName(entry: unknown, column?: string): string {
  const type = entryType(entry);
  return column ? `${type}(${column})` : type;
}

/** Relationship targets must be datasets of the run (after dbt schemas were merged in). */
function checkReferences(config: DataTestConfig): void {
  const names = new Set(config.datasets.map((d) => d.name));
  for (const ds of config.datasets) {
    for (const test of ds.tests) {
      if (test.invalid || test.spec.type !== 'relationships') continue;
      if (!names.has(test.spec.to)) test.invalid = `relationships: no dataset named '${test.spec.to}' (datasets: ${[...names].join(', ')})`;
    }
  }
}

/** Same check for configs built without loadConfig (tests, the deploy health check). */
export function finishConfig(config: DataTestConfig): DataTestConfig {
  checkReferences(config);
  return config;
}

const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every scalar value (`$${` is a literal `${`). Values
 * that land under `sources` (connection URLs) are returned as secrets to mask.
 */
function interpolateEnv(src: YamlSource, env: NodeJS.ProcessEnv): string[] {
  const secrets: string[] = [];
  visit(src.doc, {
    Scalar(key, node: Scalar, ancestors) {
      if (typeof node.value !== 'string') return;
      const text = YamlSource.restore(node.value);
      node.value = text;
      if (key === 'key' || !text.includes('${')) return;
      // ancestors: Document, the root map, then the top-level pair this value sits under.
      const top = ancestors[2];
      const underSources = isMap(ancestors[1]) && isPair(top) && isScalar(top.key) && top.key.value === 'sources';
      const location = src.at(node.range?.[0] ?? 0);
      node.value = text.replace(REFERENCE, (match: string, inner: string | undefined) => {
        if (match === '$${') return '${';
        const ref = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(inner ?? '');
        if (!ref) throw new ConfigError(location, `invalid environment reference '${match}': use \${NAME} or \${NAME:-default}`);
        const [, name, fallback] = ref;
        const value = env[name];
        if (value === undefined || (value === '' && fallback !== undefined)) {
          if (fallback === undefined)
            throw new ConfigError(
              location,
              `environment variable ${name} is not set`,
              `Set it in the step's env: (for example from a secret), or give a default: \${${name}:-value}.`,
            );
          return fallback;
        }
        if (underSources) secrets.push(value);
        return value;
      });
    },
  });
  return secrets;
}

/** The password (and user:password pair) of a connection URL, to mask even when written literally. */
function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    const password = decodeURIComponent(parsed.password);
    return password ? [password, parsed.password, url] : [];
  } catch {
    return [];
  }
}
