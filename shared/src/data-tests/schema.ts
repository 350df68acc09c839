/**
 * The JSON Schema of the check file (`dataops-tests.yml`), published at
 * actions/run-data-tests/dataops-tests.schema.json for editors, and the ajv validation that maps
 * each schema error to the line and column of the offending YAML node.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export const SCHEMA_ID = 'https://dataops-actions.dev/schemas/dataops-tests.schema.json';

/** Keys every test accepts, in our spelling and in dbt's `config:` block. */
const CONDITION = {
  type: 'string',
  pattern: '^\\s*(>=|<=|!=|<>|==|=|>|<)\\s*[0-9]+(\\.[0-9]+)?\\s*%?\\s*$',
  description: 'A condition on the failing rows: `>0`, `>=10`, `!=0`, or a percentage of the rows tested: `>1%`.',
};
const SEVERITY = { enum: ['error', 'warn', 'ERROR', 'WARN'], description: 'error (default) fails the run when error_if holds; warn only warns.' };
const NAME = { type: 'string', minLength: 1, description: 'A name for the test in reports (default: the test type and column).' };
const WHERE = { type: 'string', minLength: 1, description: 'A SQL condition limiting the rows tested.' };
const DURATION = {
  description: 'A duration: 30m, 6h, 1d, 1h30m; a number of seconds; or { count: 6, period: hour }.',
  anyOf: [
    { type: 'string', pattern: '^\\s*([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+\\s*$', description: 'A duration: 30m, 6h, 1d, 1h30m.' },
    { type: 'number', minimum: 0, description: 'Seconds.' },
    {
      type: 'object',
      description: "dbt's spelling: { count: 6, period: hour }.",
      properties: { count: { type: 'number', minimum: 0 }, period: { enum: ['minute', 'hour', 'day'] } },
      required: ['count', 'period'],
      additionalProperties: false,
    },
  ],
};
const PERCENT = {
  anyOf: [
    { type: 'number', minimum: 0 },
    { type: 'string', pattern: '^\\s*[0-9]+(\\.[0-9]+)?\\s*%\\s*$' },
  ],
  description: 'A percentage: 10 or "10%".',
};
const SCALAR = { type: ['string', 'number', 'boolean'] };
const BOUND = { type: ['number', 'string'], description: 'A number, or an ISO date/timestamp for date columns.' };
const METRICS = ['row_count', 'null_rate', 'distinct_count', 'mean', 'median', 'min', 'max', 'sum', 'freshness_lag'];
const IGNORED = { description: 'Accepted for dbt compatibility; not used.' };

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

const testConfig = {
  type: 'object',
  description: "dbt's test config block.",
  properties: {
    severity: ref('severity'),
    warn_if: ref('condition'),
    error_if: ref('condition'),
    where: ref('where'),
    enabled: { type: 'boolean' },
    name: ref('name'),
    tags: IGNORED,
    meta: IGNORED,
    store_failures: IGNORED,
    store_failures_as: IGNORED,
    alias: IGNORED,
    limit: IGNORED,
    description: IGNORED,
  },
  additionalProperties: false,
};

/** Arguments of each test type. `column` names the column for tests declared at the dataset level. */
const TEST_ARGUMENTS: Record<string, Record<string, unknown>> = {
  not_null: { column: { type: 'string' } },
  unique: { column: { type: 'string' }, columns: { type: 'array', items: { type: 'string' }, minItems: 1 } },
  accepted_values: { column: { type: 'string' }, values: { type: 'array', items: SCALAR, minItems: 1 }, quote: { type: 'boolean' } },
  range: {
    column: { type: 'string' },
    min: ref('bound'),
    max: ref('bound'),
    min_inclusive: { type: 'boolean' },
    max_inclusive: { type: 'boolean' },
    inclusive: { type: 'boolean', description: 'Both bounds inclusive (dbt_utils.accepted_range).' },
  },
  regex: { column: { type: 'string' }, pattern: { type: 'string', minLength: 1 } },
  length: { column: { type: 'string' }, min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 }, equals: { type: 'integer', minimum: 0 } },
  relationships: { column: { type: 'string' }, to: { type: 'string', minLength: 1 }, field: { type: 'string', minLength: 1 } },
  row_count: { min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 }, equals: { type: 'integer', minimum: 0 } },
  freshness: { column: { type: 'string' }, warn_after: ref('duration'), error_after: ref('duration') },
  schema: {
    required: { type: 'array', items: { type: 'string' } },
    forbidden: { type: 'array', items: { type: 'string' } },
    types: { type: 'object', additionalProperties: { type: 'string' } },
    forbid_extra: { type: 'boolean' },
  },
  expression: { column: { type: 'string' }, expression: { type: 'string', minLength: 1 } },
  sql: { query: { type: 'string', minLength: 1 } },
  anomaly: {
    metric: { enum: METRICS },
    column: { type: 'string' },
    sensitivity: { type: 'number', exclusiveMinimum: 0 },
    min_history: { type: 'integer', minimum: 1 },
    window: { type: 'integer', minimum: 2 },
    direction: { enum: ['both', 'up', 'down'] },
  },
  change_vs_baseline: { metric: { enum: METRICS }, column: { type: 'string' }, max_drop: ref('percent'), max_increase: ref('percent') },
  // dbt_utils tests a dbt project commonly uses, mapped onto the ones above.
  'dbt_utils.expression_is_true': { expression: { type: 'string', minLength: 1 }, column_name: { type: 'string' } },
  'dbt_utils.unique_combination_of_columns': { combination_of_columns: { type: 'array', items: { type: 'string' }, minItems: 1 }, quote_columns: IGNORED },
  'dbt_utils.accepted_range': { min_value: ref('bound'), max_value: ref('bound'), inclusive: { type: 'boolean' } },
  'dbt_utils.not_null_proportion': { at_least: { type: 'number', minimum: 0, maximum: 1 }, at_most: { type: 'number', minimum: 0, maximum: 1 } },
  'dbt_utils.not_empty_string': { trim_whitespace: { type: 'boolean' } },
  'dbt_utils.recency': { datepart: { enum: ['minute', 'hour', 'day'] }, field: { type: 'string' }, interval: { type: 'number', minimum: 0 } },
};

export const TEST_NAMES = Object.keys(TEST_ARGUMENTS);

function testArgsSchema(args: Record<string, unknown>): Record<string, unknown> {
  return {
    type: ['object', 'null'],
    properties: {
      ...args,
      name: ref('name'),
      description: { type: 'string' },
      severity: ref('severity'),
      warn_if: ref('condition'),
      error_if: ref('condition'),
      where: ref('where'),
      arguments: {
        type: 'object',
        description: "dbt 1.10's spelling: the test's arguments nested under `arguments:`.",
        properties: args,
        additionalProperties: false,
      },
      config: ref('testConfig'),
    },
    additionalProperties: false,
  };
}

function buildSchema(): Record<string, unknown> {
  const test = {
    description: 'A test: its type alone (`not_null`) or `{ <type>: { arguments } }`.',
    if: { type: 'string' },
    then: { enum: TEST_NAMES },
    else: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      properties: Object.fromEntries(Object.entries(TEST_ARGUMENTS).map(([name, args]) => [name, testArgsSchema(args)])),
      additionalProperties: false,
    },
  };
  const tests = { type: 'array', items: { $ref: '#/definitions/test' } };
  const column = {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      description: { type: 'string' },
      data_type: { type: 'string' },
      tests,
      data_tests: tests,
      meta: IGNORED,
      tags: IGNORED,
      quote: IGNORED,
    },
    required: ['name'],
    additionalProperties: false,
  };
  const dataset = {
    type: 'object',
    description: 'A dataset: files (`path`) read with the embedded DuckDB, or a `table` of a `source`.',
    properties: {
      name: { type: 'string', minLength: 1, pattern: '^[^\\s]+$' },
      description: { type: 'string' },
      path: { type: 'string', minLength: 1, description: 'A file or glob relative to this file: csv, tsv, parquet, json, ndjson.' },
      format: { enum: ['csv', 'tsv', 'parquet', 'json', 'ndjson'] },
      delimiter: { type: 'string', minLength: 1, maxLength: 1 },
      header: { type: 'boolean' },
      source: { type: 'string', minLength: 1 },
      table: { type: 'string', minLength: 1, description: '`schema.table` in the source.' },
      tests,
      data_tests: tests,
      columns: { type: 'array', items: column },
      meta: IGNORED,
      tags: IGNORED,
    },
    required: ['name'],
    additionalProperties: false,
  };
  const source = {
    type: 'object',
    properties: {
      type: { enum: ['postgres'] },
      url: { type: 'string', minLength: 1, description: 'A connection URL; use ${ENV_VAR} for credentials (masked in every log).' },
    },
    required: ['type', 'url'],
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'dataops-actions data tests',
    description: 'The check file of the run-data-tests action and the dataops-test CLI.',
    type: 'object',
    properties: {
      version: { const: 1 },
      sources: { type: 'object', additionalProperties: { $ref: '#/definitions/source' } },
      dbt: {
        type: 'object',
        description: 'Where the models of an imported dbt schema.yml live.',
        properties: { source: { type: 'string', minLength: 1 }, schema: { type: 'string', minLength: 1 } },
        additionalProperties: false,
      },
      datasets: { type: 'array', items: { $ref: '#/definitions/dataset' } },
    },
    required: ['version'],
    additionalProperties: false,
    definitions: {
      source,
      dataset,
      column,
      test,
      testConfig,
      condition: CONDITION,
      severity: SEVERITY,
      name: NAME,
      where: WHERE,
      duration: DURATION,
      bound: BOUND,
      percent: PERCENT,
    },
  };
}

export const CHECK_FILE_SCHEMA: Record<string, unknown> = buildSchema();

let ajv: Ajv | undefined;

function validator(ref = ''): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    ajv.addSchema(CHECK_FILE_SCHEMA);
  }
  return ajv.getSchema(`${SCHEMA_ID}${ref}`)!;
}

/** Schema errors of a whole check file. */
export function schemaErrors(value: unknown): ErrorObject[] {
  return run(validator(), value);
}

/** Schema errors of one test entry (for dbt schema files, whose other keys are dbt's business). */
export function testEntryErrors(value: unknown): ErrorObject[] {
  return run(validator('#/definitions/test'), value);
}

function run(validate: ValidateFunction, value: unknown): ErrorObject[] {
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // An anyOf reports each alternative's complaint too; its own error (with the description) is enough.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  // if/then/else adds a summary error for the `if`; the branch's own error says what is wrong.
  return errors.filter((e) => e.keyword !== 'if' && !anyOfPaths.some((p) => e.schemaPath.startsWith(p)));
}

/** The path of an ajv error as YAML path segments (numbers for sequence indexes). */
export function errorPath(error: ErrorObject): Array<string | number> {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (error.keyword === 'additionalProperties') segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
  return segments;
}

/** A one-line explanation of a schema error, naming the offending key or value. */
export function describeSchemaError(error: ErrorObject, prefix: ReadonlyArray<string | number> = []): string {
  const path = [...prefix, ...errorPath(error)];
  const last = path[path.length - 1];
  const params = error.params as Record<string, unknown>;
  const where = typeof last === 'string' ? `'${last}'` : 'this entry';
  const isTestEntry = typeof last === 'number' && /^(tests|data_tests)$/.test(String(path[path.length - 2] ?? ''));
  switch (error.keyword) {
    case 'enum':
      if (isTestEntry) return `unknown test '${String(error.data)}' (known tests: ${TEST_NAMES.join(', ')})`;
      return `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties': {
      const parent = path[path.length - 2];
      const isTestName = /^(tests|data_tests)$/.test(String(path[path.length - 3] ?? '')) && typeof parent === 'number';
      if (isTestName) return `unknown test '${last}' (known tests: ${TEST_NAMES.join(', ')})`;
      const allowed = allowedKeys(error);
      return `unknown key '${last}'${allowed ? ` (allowed: ${allowed})` : ''}`;
    }
    case 'const':
      return `${where} must be ${JSON.stringify(params.allowedValue)}`;
    case 'required':
      return `missing required key '${params.missingProperty}'`;
    case 'type':
      return `${where} must be ${String(params.type).replace(',', ' or ')}`;
    case 'pattern':
      return `${where} has an invalid value: ${patternHint(error)}`;
    case 'maxProperties':
    case 'minProperties':
      return 'a test entry must have exactly one key: the test type';
    case 'anyOf':
      return `${where} has an invalid value: ${(error.parentSchema as { description?: string })?.description ?? 'see the schema'}`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

function allowedKeys(error: ErrorObject): string | undefined {
  const props = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).join(', ') : undefined;
}

function patternHint(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  return description ?? `must match ${(error.params as { pattern: string }).pattern}`;
}
