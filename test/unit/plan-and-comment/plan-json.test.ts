/**
 * The JSON plan reader: real plans recorded by Terraform 0.12–1.15 (when the reference folder is
 * there), the double's scenarios, every action combination, forward compatibility, and clear
 * failures on documents that are not plans.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { JsonScanner, JsonSyntaxError, scanJsonText } from '#shared/terraform/json-scan.js';
import { classifyActions, PlanFormatError, readPlanSummary, summarizePlanText } from '#shared/terraform/plan-json.js';
import { repoRoot } from '../../harness/paths.js';

const referenceDir = path.resolve(repoRoot, '..', 'shared', 'reference', 'terraform-plans');
const haveReference = existsSync(referenceDir);
const scenarios = path.join(repoRoot, 'test', 'fixtures', 'terraform-double', 'scenarios');
const scenarioText = (name: string) => readFileSync(path.join(scenarios, name, 'plan.json'), 'utf8');
const scenario = (name: string) => summarizePlanText(scenarioText(name), name);

describe('action classification', () => {
  test.each([
    [['no-op'], 'no-op'],
    [['create'], 'create'],
    [['read'], 'read'],
    [['update'], 'update'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['delete'], 'delete'],
    [['forget'], 'forget'],
    [['create', 'forget'], 'forget'],
    [[], 'no-op'],
    // Combinations a future version might add are classified by what they may destroy.
    [['delete', 'forget'], 'delete'],
    [['create', 'delete', 'forget'], 'replace'],
    [['archive'], 'update'],
  ])('%j → %s', (actions, kind) => expect(classifyActions(actions)).toBe(kind));
});

(haveReference ? describe : describe.skip)('real plans recorded by Terraform 0.12.11 to 1.15.0', () => {
  const files = haveReference ? readdirSync(referenceDir).filter((f) => f.endsWith('.json')) : [];
  const read = (name: string) => readPlanSummary(path.join(referenceDir, name), name);

  test('every plan but the malformed one is read, across format versions 0.1 to 1.2', async () => {
    const versions = new Set<string>();
    for (const file of files.filter((f) => f !== 'invalid.json')) {
      const summary = await read(file);
      versions.add(summary.formatVersion);
      expect(summary.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    expect([...versions].sort()).toEqual(['0.1', '0.2', '1.0', '1.1', '1.2']);
  });

  test('the deliberately malformed plan fails with its line and column', async () => {
    const err = await read('invalid.json').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanFormatError);
    expect((err as Error).message).toMatch(/^invalid\.json: invalid JSON at line 676, column 29: unexpected \}/);
  });

  test('counts match what each recorded plan contains', async () => {
    expect((await read('basic.json')).counts).toMatchObject({ create: 7, read: 1, delete: 0 });
    expect((await read('013_module_depends_on.json')).counts).toMatchObject({ create: 2, read: 1 });
    expect((await read('action_reason.json')).changes).toEqual([
      expect.objectContaining({ address: 'null_resource.example', kind: 'replace', reason: 'replace_because_tainted' }),
    ]);
    expect((await read('config_resource_depends_on.json')).counts).toMatchObject({ replace: 1, noop: 1 });
    expect((await read('deep_module.json')).changes.map((c) => c.address)).toEqual(['module.foo.module.bar.null_resource.baz']);
  });

  test('a moved block is a move, not a change; an import block is an import', async () => {
    const moved = await read('moved_block.json');
    expect(moved.counts).toMatchObject({ noop: 1, move: 1, create: 0, delete: 0 });
    expect(moved.changes).toEqual([expect.objectContaining({ address: 'random_id.test2', previousAddress: 'random_id.test', kind: 'no-op' })]);
    expect(moved.hasChanges).toBe(true);
    const imported = await read('identity.json');
    expect(imported.counts).toMatchObject({ update: 1, import: 1 });
    expect(imported.changes[0]).toMatchObject({ importing: true, kind: 'update' });
  });

  test('plans whose only changes are outputs still have changes (has_changes and, despite its name, no_changes)', async () => {
    for (const name of ['has_changes.json', 'no_changes.json']) {
      const summary = await read(name);
      expect(summary.changes).toEqual([]);
      expect(summary.counts.noop).toBe(6);
      expect(summary.outputChanges.map((o) => o.name)).toContain('string');
      expect(summary.hasChanges).toBe(true);
    }
  });

  test('a plan with no resource changes at all (actions.json) has no changes', async () => {
    const summary = await read('actions.json');
    expect(summary.hasChanges).toBe(false);
    expect(summary.changes).toEqual([]);
  });

  test('sensitive outputs stay (sensitive value), in every format version (0.1 has only planned_values.outputs to tell)', async () => {
    for (const name of ['basic.json', '110_basic.json', '110_sensitive_values.json', '120_basic.json', 'has_changes.json']) {
      const foo = (await read(name)).outputChanges.find((o) => o.name === 'foo');
      expect(foo).toMatchObject({ sensitive: true, after: '(sensitive value)' });
    }
  });

  test('unknown output values are (known after apply); passing checks are not failures', async () => {
    expect((await read('output_depends_on.json')).outputChanges).toEqual([expect.objectContaining({ name: 'id', after: '(known after apply)' })]);
    expect((await read('has_checks.json')).failedChecks).toEqual([]);
  });
});

describe("the double's scenarios", () => {
  test.each([
    ['no-changes', { noop: 2 }, false],
    ['creates-only', { create: 3 }, true],
    ['update-in-place', { update: 2, noop: 1 }, true],
    ['replace', { replace: 3 }, true],
    ['destroy', { delete: 2, noop: 1 }, true],
    ['moved-import', { noop: 2, update: 1, forget: 2, move: 1, import: 2 }, true],
    ['outputs-only', { noop: 1 }, true],
    ['drift-only', { noop: 1 }, false],
  ])('%s', (name, counts, hasChanges) => {
    const summary = scenario(name);
    expect(summary.counts).toMatchObject(counts);
    expect(summary.hasChanges).toBe(hasChanges);
    expect(summary.formatVersion).toBe('1.2');
  });

  test('drift is read from resource_drift, separately from the changes', () => {
    const summary = scenario('drift');
    expect(summary.drift.map((d) => [d.address, d.kind])).toEqual([
      ['aws_s3_bucket.raw', 'update'],
      ['aws_iam_role.loader', 'delete'],
    ]);
    expect(summary.counts).toMatchObject({ update: 1, create: 1 });
  });

  test('failed check blocks are reported with their problems', () => {
    expect(scenario('failed-checks').failedChecks).toEqual([
      { address: 'check.bucket_reachable', status: 'fail', problems: ['The bucket acme-raw did not answer with 200.'] },
    ]);
  });

  test('no secret value of the sensitive scenario reaches the summary', () => {
    const text = JSON.stringify(scenario('sensitive'));
    for (const secret of ['hunter2-double-secret', 'old-secret-value', 'tok-double-secret']) expect(text).not.toContain(secret);
    expect(scenario('sensitive').outputChanges).toEqual([{ name: 'db_password', kind: 'update', sensitive: true, after: '(sensitive value)' }]);
  });

  test('a file is read the same as the text (the streaming path)', async () => {
    const file = path.join(scenarios, 'moved-import', 'plan.json');
    expect(await readPlanSummary(file)).toEqual(summarizePlanText(readFileSync(file, 'utf8'), file));
  });
});

describe('forward compatibility and clear refusals', () => {
  const base = () => JSON.parse(scenarioText('replace'));

  test('unknown properties anywhere are ignored (a future minor version)', () => {
    const plan = base();
    plan.some_future_section = { nested: [1, 2, { deep: true }] };
    plan.format_version = '1.9';
    for (const rc of plan.resource_changes) {
      rc.future_field = 'x';
      rc.change.future_change_field = [{ a: 1 }];
    }
    const summary = summarizePlanText(JSON.stringify(plan));
    const original = summarizePlanText(JSON.stringify(base()));
    expect(summary.counts).toEqual(original.counts);
    expect(summary.digest).toBe(original.digest);
    expect(summary.formatVersion).toBe('1.9');
  });

  test('an unknown major format_version is refused, naming it', () => {
    const plan = { ...base(), format_version: '2.0' };
    expect(() => summarizePlanText(JSON.stringify(plan), 'plan.json')).toThrow(
      /^plan\.json: unsupported plan format_version 2\.0: this action reads format versions 0\.x and 1\.x/,
    );
  });

  test.each([
    ['a state, not a plan', { format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } }, /looks like a Terraform state, not a plan/],
    ['JSON without format_version', { resource_changes: [] }, /no format_version: this JSON is not a Terraform plan/],
    ['a format_version that is not a version', { format_version: 'latest', planned_values: {} }, /format_version "latest" is not a version number/],
    ['neither planned_values nor resource_changes', { format_version: '1.2', foo: 1 }, /not a plan: neither planned_values nor resource_changes/],
  ])('%s is refused', (_, doc, message) => {
    expect(() => summarizePlanText(JSON.stringify(doc))).toThrow(message);
  });

  // Unreadable changes must never read as "no changes" (a green comment on a damaged plan).
  test.each([
    ['resource_changes as an object', { resource_changes: { address: 'a', change: { actions: ['delete'] } } }, /resource_changes is an object, not an array/],
    ['resource_changes null', { resource_changes: null }, /resource_changes is null, not an array/],
    ['a resource change that is a string', { resource_changes: ['aws_s3_bucket.raw'] }, /resource_changes has an element that is a string/],
    ['a resource change that is an array', { resource_changes: [[]] }, /resource_changes has an element that is an array/],
    ['resource_drift as a number', { resource_drift: 1 }, /resource_drift is a number, not an array/],
    ['a resource change without actions', { resource_changes: [{ address: 'a', change: {} }] }, /resource change "a" has no actions/],
    ['actions that are a string', { resource_changes: [{ address: 'a', change: { actions: 'delete' } }] }, /resource change "a" has actions that are a string/],
    ['output_changes as an array', { output_changes: [] }, /output_changes is an array, not an object/],
    ['an output change that is null', { output_changes: { url: null } }, /output_changes "url" is null/],
    [
      'output actions that are not names',
      { output_changes: { url: { actions: [1] } } },
      /output change "url" has actions that are an array, not an array of action names/,
    ],
  ])('%s is refused', (_, fields, message) => {
    const doc = { format_version: '1.2', planned_values: {}, ...fields };
    expect(() => summarizePlanText(JSON.stringify(doc), 'plan.json')).toThrow(PlanFormatError);
    expect(() => summarizePlanText(JSON.stringify(doc), 'plan.json')).toThrow(message);
  });

  test('absent or empty change lists are a plan without changes (older and empty plans)', () => {
    for (const fields of [{}, { resource_changes: [] }, { resource_changes: [], output_changes: {} }]) {
      expect(summarizePlanText(JSON.stringify({ format_version: '1.2', planned_values: {}, ...fields })).hasChanges).toBe(false);
    }
  });

  test.each([
    ['an array', '[1,2]', /expected a JSON object at the top level/],
    ['a string', '"plan"', /expected a JSON object at the top level/],
    ['truncated JSON', '{"format_version":"1.2","resource_changes":[{"address":"a"', /unexpected end of the document/],
    ['a missing comma', '{"format_version":"1.2" "planned_values":{}}', /line 1, column 25: expected , or \}/],
    ['data after the document', '{"format_version":"1.2","planned_values":{}}{}', /unexpected data after the end of the document/],
    ['a bad literal in a skipped section', '{"format_version":"1.2","planned_values":{},"configuration":{"x":tru}}', /invalid literal "tru"/],
    ['a raw newline inside a string', '{"format_version":"1.2","planned_values":{},"x":"a\nb"}', /control character in a string/],
    ['an empty file', '', /unexpected end of the document/],
  ])('%s fails clearly', (_, text, message) => {
    expect(() => summarizePlanText(text)).toThrow(PlanFormatError);
    expect(() => summarizePlanText(text)).toThrow(message);
  });

  test('errored plans are flagged', () => {
    expect(summarizePlanText(JSON.stringify({ ...base(), errored: true })).errored).toBe(true);
    expect(summarizePlanText(JSON.stringify(base())).errored).toBe(false);
  });

  test('a file that is not there is an error, not an empty plan', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plan-json-'));
    await expect(readPlanSummary(path.join(dir, 'missing.json'))).rejects.toThrow(/ENOENT/);
    writeFileSync(path.join(dir, 'empty.json'), '');
    await expect(readPlanSummary(path.join(dir, 'empty.json'))).rejects.toThrow(/unexpected end of the document/);
  });
});

describe('the streaming scanner', () => {
  const collect = (chunks: Buffer[]) => {
    const seen: Array<[string, unknown]> = [];
    const scanner = new JsonScanner({ a: 'value', list: 'each', nested: { inner: 'value' } }, (p, v) => seen.push([p.join('.'), v]));
    for (const c of chunks) scanner.write(c);
    scanner.end();
    return seen;
  };

  test('selected values, each element, nested selection; escaped keys are decoded', () => {
    const text = '{"a":{"x":[1,"}"]},"skip":{"list":[9]},"li\\u0073t":[{"k":"v\\"}"},2,"s",null,true,-1.5e3],"nested":{"inner":"ü€𝄞","other":1}}';
    expect(collect([Buffer.from(text)])).toEqual([
      ['a', { x: [1, '}'] }],
      ['list', { k: 'v"}' }],
      ['list', 2],
      ['list', 's'],
      ['list', null],
      ['list', true],
      ['list', -1500],
      ['nested.inner', 'ü€𝄞'],
    ]);
  });

  test('an element of an each array is told apart from a non-array value handed over whole', () => {
    const seen: Array<[unknown, boolean]> = [];
    scanJsonText('{"list":[{"a":1}],"other":{"list":0}}', { list: 'each' }, (_, v, element) => seen.push([v, element]));
    scanJsonText('{"list":{"a":1}}', { list: 'each' }, (_, v, element) => seen.push([v, element]));
    expect(seen).toEqual([
      [{ a: 1 }, true],
      [{ a: 1 }, false],
    ]);
  });

  test('property: any split into chunks (even inside multi-byte characters and escapes) gives the same values', () => {
    const text = readFileSync(path.join(scenarios, 'moved-import', 'plan.json'), 'utf8').replace('"acme-raw"', '"acme-ráw-€-\\"quoted\\""');
    const bytes = Buffer.from(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let from = 0;
        for (const p of points) {
          chunks.push(bytes.subarray(from, p));
          from = p;
        }
        chunks.push(bytes.subarray(from));
        const seen: unknown[] = [];
        const scanner = new JsonScanner({ resource_changes: 'each' }, (_, v) => seen.push(v));
        for (const c of chunks) scanner.write(c);
        scanner.end();
        expect(seen).toEqual(JSON.parse(text).resource_changes);
      }),
      { numRuns: 100 },
    );
  });

  test('syntax errors carry line and column', () => {
    const err = (() => {
      try {
        scanJsonText('{\n  "a": 1,\n  "b": ]\n}', {}, () => undefined);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(JsonSyntaxError);
    expect(err).toMatchObject({ line: 3, column: 8 });
  });
});
