/**
 * The check-file loader (`dataops-tests.yml`) on random YAML and on valid check files with a
 * value changed to anything: it returns a config (a broken test or dataset is marked invalid with
 * its line, and the rest still runs) or throws a ConfigError naming file:line:column. Never a crash,
 * never an invalid entry without a message.
 */
import fc from 'fast-check';
import YAML from 'yaml';
import { parseConfig, ConfigError } from '#shared/data-tests/config.js';
import { checkProperty } from './support/runs.js';
import { messyText, parsesOrFailsClearly, textOf } from './support/arbitraries.js';

const FILE = 'dataops-tests.yml';
const parse = (text: string) => parseConfig(text, { file: FILE, baseDir: '/workspace', env: { DB_URL: 'postgres://u:p@h/d' } });

const VALID = {
  version: 1,
  sources: { warehouse: { type: 'postgres', url: '${DB_URL}' } },
  datasets: [
    {
      name: 'orders',
      path: 'data/orders.csv',
      tests: [
        { row_count: { min: 1, max: 100 } },
        { freshness: { column: 'updated_at', warn_after: '1h', error_after: '24h' } },
        { sql: { name: 'neg', query: 'select * from {{ dataset }} where amount < 0' } },
      ],
      columns: [
        { name: 'order_id', tests: ['not_null', 'unique'] },
        { name: 'status', tests: [{ accepted_values: { values: ['placed', 'shipped'] } }] },
        { name: 'amount', tests: [{ range: { min: 0, max: 1000 } }, { not_null: { warn_if: '>0', error_if: '>20%' } }] },
      ],
    },
    {
      name: 'customers',
      source: 'warehouse',
      table: 'public.customers',
      columns: [{ name: 'id', tests: [{ relationships: { to: 'orders', field: 'order_id' } }] }],
    },
  ],
};

/** Every invalid test or dataset says why. */
const sane = (config: ReturnType<typeof parse>) =>
  config.datasets.every(
    (d) =>
      typeof d.name === 'string' && (d.invalid === undefined || d.invalid.length > 0) && d.tests.every((t) => t.invalid === undefined || t.invalid.length > 0),
  );

const located = [ConfigError];

test('random YAML-ish text: a config or a ConfigError with file:line:column', () => {
  const yamlish = textOf(
    [
      'version: 1',
      '\n',
      'datasets:',
      '  - ',
      'name: x',
      'path: a.csv',
      'tests: [',
      ']',
      '{',
      '}',
      ':',
      '"',
      "'",
      '&a',
      '*a',
      '<<: *a',
      '${',
      '$${',
      '#',
      '!!binary',
      '\t',
      '- not_null',
    ],
    60,
  );
  checkProperty(
    'data-test config: random text',
    fc.property(fc.oneof(yamlish, messyText), (text) => parsesOrFailsClearly(() => parse(text), located, sane)),
    undefined,
    // An alias without its anchor once escaped as a bare ReferenceError.
    [['*a'], ['<<: *a']],
  );
});

function setAt(doc: unknown, choices: number[], value: unknown): unknown {
  let node = doc as Record<string, unknown>;
  for (const [i, choice] of choices.entries()) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length];
    const child = node[key];
    if (child && typeof child === 'object' && i < choices.length - 1) node = child as Record<string, unknown>;
    else {
      node[key] = value;
      break;
    }
  }
  return doc;
}

test('a valid check file with one value replaced by anything: a config (errors kept to that test or dataset) or a ConfigError', () => {
  const anything = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('${NOPE}', '${DB_URL', '$${x}', '', 'not_nul', -1, 1e308, '10%', '>200%'));
  checkProperty(
    'data-test config: mutated valid files',
    fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }), anything, (choices, value) => {
      const text = YAML.stringify(setAt(structuredClone(VALID), choices, value));
      return parsesOrFailsClearly(() => parse(text), located, sane);
    }),
    undefined,
    // A dataset's tests: 0 (not a list) once crashed the loader with a TypeError.
    [[[2, 0, 10], 0]],
  );
});

test('a ConfigError always points into the file', () => {
  checkProperty(
    'data-test config: error locations',
    fc.property(fc.oneof(textOf(['version: 2', 'datasets: 3', '\n', 'x: y', 'sources: []', '${A}']), messyText), (text) => {
      try {
        parse(text);
        return true;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        return new RegExp(`^${FILE}:\\d+:\\d+: `).test(err.message);
      }
    }),
    undefined,
    [['*a']],
  );
});
