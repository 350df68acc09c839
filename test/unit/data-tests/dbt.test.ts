/**
 * Reading a dbt schema.yml: models and sources become datasets on the check file's dbt source
 * (or add to the check file's dataset of the same name), tests keep their schema.yml line, dbt's
 * spellings map onto ours, and a custom dbt test the engine cannot run is an error of its own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '#shared/data-tests/config.js';
import { repoRoot } from '../../harness/paths.js';

const jaffle = path.join(repoRoot, 'test', 'fixtures', 'data-tests', 'dbt', 'jaffle_shop');

describe('dbt schema import', () => {
  test('the jaffle_shop schema runs unchanged on the check file’s dbt source', async () => {
    const config = await loadConfig(path.join(jaffle, 'dataops-tests.yml'), {
      env: { JAFFLE_URL: 'postgres://u:pw-123@db/jaffle' },
      dbtSchemas: [path.join(jaffle, 'models', 'schema.yml')],
      displayRoot: jaffle,
    });
    const byName = Object.fromEntries(config.datasets.map((d) => [d.name, d]));
    expect(Object.keys(byName)).toEqual(['customers', 'orders', 'raw.payments']);
    expect(byName.customers).toMatchObject({ source: 'warehouse', relation: { kind: 'table', parts: ['analytics', 'customers'] } });
    expect(byName['raw.payments'].relation).toEqual({ kind: 'table', parts: ['raw', 'payments'] });
    expect(byName.orders.tests.map((t) => [t.name, t.invalid])).toEqual([
      ['expression(amount = credit_card_amount + coupon_amount + bank_transf...)', undefined],
      ['unique(order_id)', undefined],
      ['not_null(order_id)', undefined],
      ['not_null(customer_id)', undefined],
      ['relationships(customer_id)', undefined],
      ['accepted_values(status)', undefined],
      ['not_null(amount)', undefined],
      ['not_null(credit_card_amount)', undefined],
      ['not_null(coupon_amount)', undefined],
      ['not_null(bank_transfer_amount)', undefined],
      ['not_null(gift_card_amount)', undefined],
    ]);
    const rel = byName.orders.tests[4];
    expect(rel.spec).toEqual({ type: 'relationships', column: 'customer_id', to: 'customers', field: 'customer_id' });
    expect(rel.location).toEqual({ file: 'models/schema.yml', line: 75, column: 13 });
    expect(byName.orders.tests[0].thresholds.severity).toBe('warn');
    expect(byName.customers.tests[2].spec).toEqual({
      type: 'range',
      column: 'number_of_orders',
      min: 0,
      max: undefined,
      minInclusive: true,
      maxInclusive: true,
    });
  });

  test("old `tests:` spelling, a custom dbt test (an error of its own), and merging into the check file's dataset", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dq-dbt-'));
    writeFileSync(
      path.join(dir, 'dataops-tests.yml'),
      `version: 1
datasets:
  - name: orders
    path: orders.parquet
    columns:
      - name: id
        tests: [not_null]
`,
    );
    writeFileSync(
      path.join(dir, 'schema.yml'),
      `version: 2
models:
  - name: orders
    columns:
      - name: id
        tests:
          - unique
          - my_package.is_even
          - accepted_values: { values: [1, 2], quote: false, valuez: 3 }
  - name: disabled_model
    config: { enabled: false }
    columns: [{ name: x, tests: [unique] }]
  - name: elsewhere
    columns: [{ name: x, tests: [unique] }]
`,
    );
    const config = await loadConfig(path.join(dir, 'dataops-tests.yml'), { dbtSchemas: [path.join(dir, 'schema.yml')], displayRoot: dir });
    const orders = config.datasets.find((d) => d.name === 'orders')!;
    expect(orders.tests.map((t) => [t.id, t.name, t.invalid, t.location.file])).toEqual([
      ['orders#1', 'not_null(id)', undefined, 'dataops-tests.yml'],
      ['orders#2', 'unique(id)', undefined, 'schema.yml'],
      ['orders#3', 'my_package.is_even(id)', expect.stringMatching(/^unknown test 'my_package.is_even' \(known tests: /), 'schema.yml'],
      ['orders#4', 'accepted_values(id)', expect.stringMatching(/^unknown key 'valuez'/), 'schema.yml'],
    ]);
    expect(orders.tests[2].location.line).toBe(8);
    expect(config.datasets.map((d) => d.name)).toEqual(['orders', 'elsewhere']);
    expect(config.datasets[1].invalid).toMatch(/no dataset 'elsewhere' in dataops-tests.yml and no database to find its table in/);
  });

  test('a dbt file that is not version 2, or malformed, names its line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dq-dbt-'));
    writeFileSync(path.join(dir, 'dataops-tests.yml'), 'version: 1\n');
    writeFileSync(path.join(dir, 'schema.yml'), 'version: 3\nmodels: []\n');
    await expect(loadConfig(path.join(dir, 'dataops-tests.yml'), { dbtSchemas: [path.join(dir, 'schema.yml')], displayRoot: dir })).rejects.toThrow(
      'schema.yml:1:10: dbt schema files have version: 2, got 3',
    );
    writeFileSync(path.join(dir, 'schema.yml'), 'version: 2\nmodels:\n  - name: [x\n');
    await expect(loadConfig(path.join(dir, 'dataops-tests.yml'), { dbtSchemas: [path.join(dir, 'schema.yml')], displayRoot: dir })).rejects.toThrow(
      /^schema\.yml:\d+:\d+: invalid YAML/,
    );
  });
});
