/**
 * Reads a dbt `schema.yml` (models, sources, seeds, snapshots) so a dbt project's tests run
 * unchanged: each model becomes a dataset (or adds its tests to the check file's dataset of the
 * same name), and its column and model tests (`tests:` or `data_tests:`, with dbt's `arguments:`
 * and `config:`) become data tests pointing at their line in the schema file.
 */
import type { DataTest, DataTestConfig, DatasetSpec } from './model.js';
import { describeSchemaError, errorPath, testEntryErrors } from './schema.js';
import { invalidTest, normalizeTestEntry } from './test-entry.js';
import { ConfigError, type YamlPath, type YamlSource } from './yaml-source.js';

interface DbtColumn {
  name?: unknown;
  tests?: unknown;
  data_tests?: unknown;
}

interface DbtNode {
  name?: unknown;
  identifier?: unknown;
  config?: { schema?: unknown; alias?: unknown; enabled?: unknown };
  tests?: unknown;
  data_tests?: unknown;
  columns?: unknown;
}

interface DbtSource {
  name?: unknown;
  schema?: unknown;
  tables?: unknown;
  config?: { enabled?: unknown };
}

const NODE_KINDS = ['models', 'seeds', 'snapshots'] as const;

export function importDbtSchema(config: DataTestConfig, src: YamlSource): void {
  const root = src.toJS() as Record<string, unknown> | null;
  if (!root || typeof root !== 'object' || Array.isArray(root))
    throw new ConfigError(src.locate([]), 'a dbt schema file must be a map (version: 2, models: ...)');
  if (root.version !== undefined && root.version !== 2)
    throw new ConfigError(src.locate(['version']), `dbt schema files have version: 2, got ${JSON.stringify(root.version)}`);
  for (const kind of NODE_KINDS) {
    const nodes = root[kind];
    if (nodes === undefined) continue;
    if (!Array.isArray(nodes)) throw new ConfigError(src.locate([kind]), `'${kind}' must be a list`);
    nodes.forEach((node: DbtNode, i) => {
      if (node?.config?.enabled === false) return;
      const name = requireName(src, node, [kind, i], kind.slice(0, -1));
      const table = typeof node.config?.alias === 'string' ? node.config.alias : name;
      const schema = typeof node.config?.schema === 'string' ? node.config.schema : config.dbt?.schema;
      addTests(config, src, name, [kind, i], node, schema ? [schema, table] : [table]);
    });
  }
  const sources = root.sources;
  if (sources !== undefined) {
    if (!Array.isArray(sources)) throw new ConfigError(src.locate(['sources']), "'sources' must be a list");
    sources.forEach((source: DbtSource, s) => {
      if (source?.config?.enabled === false) return;
      const sourceName = requireName(src, source, ['sources', s], 'source');
      const schema = typeof source.schema === 'string' ? source.schema : sourceName;
      const tables = Array.isArray(source.tables) ? source.tables : [];
      tables.forEach((table: DbtNode, t) => {
        if (table?.config?.enabled === false) return;
        const tableName = requireName(src, table, ['sources', s, 'tables', t], 'source table');
        const identifier = typeof table.identifier === 'string' ? table.identifier : tableName;
        addTests(config, src, `${sourceName}.${tableName}`, ['sources', s, 'tables', t], table, [schema, identifier]);
      });
    });
  }
}

function requireName(src: YamlSource, node: { name?: unknown } | undefined, path: YamlPath, what: string): string {
  if (!node || typeof node.name !== 'string' || node.name === '') throw new ConfigError(src.locate(path), `a dbt ${what} needs a 'name'`);
  return node.name;
}

function addTests(config: DataTestConfig, src: YamlSource, name: string, path: YamlPath, node: DbtNode, tableParts: string[]): void {
  const tests: DataTest[] = [];
  let dataset = config.datasets.find((d) => d.name === name);
  let counter = dataset?.tests.length ?? 0;
  const collect = (entries: unknown, listPath: YamlPath, column?: string) => {
    if (entries === undefined || entries === null) return;
    if (!Array.isArray(entries)) throw new ConfigError(src.locate(listPath), `'${listPath[listPath.length - 1]}' must be a list of tests`);
    entries.forEach((entry, i) => {
      const entryPath = [...listPath, i];
      const ctx = { id: `${name}#${++counter}`, dataset: name, column, location: src.locate(entryPath) };
      const error = testEntryErrors(entry)[0];
      if (error) {
        const at = src.locate([...entryPath, ...errorPath(error)], error.keyword === 'additionalProperties');
        const type = typeof entry === 'string' ? entry : (Object.keys(entry ?? {})[0] ?? 'test');
        tests.push(invalidTest({ ...ctx, location: at }, column ? `${type}(${column})` : type, describeSchemaError(error, ['tests', i]), type));
        return;
      }
      const test = normalizeTestEntry(entry, ctx);
      if (test) tests.push(test);
    });
  };
  collect(node.tests, [...path, 'tests']);
  collect(node.data_tests, [...path, 'data_tests']);
  if (node.columns !== undefined) {
    if (!Array.isArray(node.columns)) throw new ConfigError(src.locate([...path, 'columns']), "'columns' must be a list");
    (node.columns as DbtColumn[]).forEach((col, c) => {
      const colName = requireName(src, col, [...path, 'columns', c], 'column');
      collect(col.tests, [...path, 'columns', c, 'tests'], colName);
      collect(col.data_tests, [...path, 'columns', c, 'data_tests'], colName);
    });
  }
  if (tests.length === 0) return;
  if (!dataset) {
    dataset = newDataset(config, name, tableParts, src, path);
    config.datasets.push(dataset);
  }
  dataset.tests.push(...tests);
}

function newDataset(config: DataTestConfig, name: string, parts: string[], src: YamlSource, path: YamlPath): DatasetSpec {
  const location = src.locate(path);
  const sourceNames = Object.keys(config.sources);
  const source = config.dbt?.source ?? (sourceNames.length === 1 ? sourceNames[0] : undefined);
  let invalid: string | undefined;
  if (!source) {
    invalid = `dbt ${name}: no dataset '${name}' in ${config.file} and no database to find its table in; declare the dataset, or set dbt: { source: <name> } in ${config.file}`;
  } else if (!config.sources[source]) {
    invalid = `dbt.source '${source}' is not declared in 'sources' of ${config.file}`;
  }
  return { name, source, relation: { kind: 'table', parts }, tests: [], location, invalid };
}
