/**
 * The published JSON Schema (actions/run-data-tests/dataops-tests.schema.json) is exactly the one
 * the loader validates with, and it accepts every shipped example while rejecting mistakes.
 * Regenerate the file with: DATAOPS_UPDATE_SCHEMA=1 npm run jest -- test/unit/data-tests/schema.test.ts
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Ajv } from 'ajv';
import { CHECK_FILE_SCHEMA, schemaErrors, testEntryErrors, TEST_NAMES } from '#shared/data-tests/schema.js';
import { TEST_TYPES } from '#shared/data-tests/model.js';
import { repoRoot } from '../../harness/paths.js';

const published = path.join(repoRoot, 'actions', 'run-data-tests', 'dataops-tests.schema.json');
const expected = `${JSON.stringify(CHECK_FILE_SCHEMA, null, 2)}\n`;

describe('check file JSON Schema', () => {
  test('the published schema file matches the schema the loader uses', () => {
    if (process.env.DATAOPS_UPDATE_SCHEMA === '1') writeFileSync(published, expected);
    expect(existsSync(published)).toBe(true);
    expect(readFileSync(published, 'utf8')).toBe(expected);
  });

  test('it is a valid draft-07 schema that a plain ajv (as editors use) compiles', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(published, 'utf8')));
    expect(validate({ version: 1, datasets: [{ name: 'x', path: 'x.csv', tests: ['not_nul'] }] })).toBe(false);
    expect(validate({ version: 1, datasets: [{ name: 'x', path: 'x.csv', columns: [{ name: 'c', tests: ['not_null'] }] }] })).toBe(true);
  });

  test('every test type of the model has arguments in the schema', () => {
    for (const type of TEST_TYPES) expect(TEST_NAMES).toContain(type);
  });

  test('the shipped example check file validates', () => {
    const example = path.join(repoRoot, 'examples', 'data-quality', 'dataops-tests.yml');
    expect(schemaErrors(YAML.parse(readFileSync(example, 'utf8')))).toEqual([]);
  });

  test.each([
    [{ not_null: null }, 0],
    [{ accepted_values: { arguments: { values: ['a'] }, config: { severity: 'warn' } } }, 0],
    [{ accepted_values: { values: ['a'], valuez: 1 } }, 1],
    [{ not_null: {}, unique: {} }, 1],
    [{ row_count: { min: -1 } }, 1],
    [{ freshness: { error_after: '5 minutes' } }, 1],
    [{ freshness: { error_after: { count: 6, period: 'hour' } } }, 0],
    [{ not_null: { error_if: '>1%' } }, 0],
    [{ not_null: { error_if: 'lots' } }, 1],
    ['unique', 0],
    ['uniq', 1],
  ])('test entry %j has %i schema error(s)', (entry, count) => {
    expect(testEntryErrors(entry)).toHaveLength(count);
  });
});
