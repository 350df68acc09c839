/**
 * The plan digest: planning the same change again gives the same digest whatever else differs
 * (timestamps, versions, formatting, order, refresh-only drift, no-op resources); any difference
 * in what would be applied gives another digest; secrets are never hashed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { applyMasks, canonicalJson, parseDigest, planDigest } from '#shared/terraform/digest.js';
import { readPlanSummary, summarizePlanText } from '#shared/terraform/plan-json.js';
import { repoRoot } from '../../harness/paths.js';

const scenarios = path.join(repoRoot, 'test', 'fixtures', 'terraform-double', 'scenarios');
const load = (name: string) => JSON.parse(readFileSync(path.join(scenarios, name, 'plan.json'), 'utf8'));
const digestOf = (plan: unknown) => summarizePlanText(JSON.stringify(plan)).digest;
const reverseKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(reverseKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reverseKeys(x)]),
        )
      : v;

describe('the same change planned again gives the same digest', () => {
  const original = load('replace');
  const same = digestOf(original);

  test.each([
    ['another timestamp and Terraform version', (p: any) => ({ ...p, timestamp: '2030-01-01T00:00:00Z', terraform_version: '1.15.0' })],
    ['pretty-printed instead of one line', (p: any) => p],
    ['resource changes in another order', (p: any) => ({ ...p, resource_changes: [...p.resource_changes].reverse() })],
    ['object keys in another order, at every level', (p: any) => reverseKeys(p)],
    [
      'other variables, configuration and prior state',
      (p: any) => ({ ...p, variables: { x: { value: 'y' } }, configuration: {}, prior_state: { values: {} } }),
    ],
    [
      'extra no-op resources',
      (p: any) => ({
        ...p,
        resource_changes: [
          ...p.resource_changes,
          {
            address: 'aws_s3_bucket.other',
            mode: 'managed',
            type: 'aws_s3_bucket',
            name: 'other',
            change: { actions: ['no-op'], before: { id: 'o' }, after: { id: 'o' }, after_unknown: {} },
          },
        ],
      }),
    ],
    [
      'drift detected by the refresh',
      (p: any) => ({ ...p, resource_drift: [{ address: 'aws_s3_bucket.raw', change: { actions: ['update'], before: { acl: 'a' }, after: { acl: 'b' } } }] }),
    ],
    [
      'another action_reason (display only)',
      (p: any) => ({ ...p, resource_changes: p.resource_changes.map((rc: any) => ({ ...rc, action_reason: 'replace_by_request' })) }),
    ],
    ['unknown future fields', (p: any) => ({ ...p, future: true, resource_changes: p.resource_changes.map((rc: any) => ({ ...rc, future: 1 })) })],
  ])('%s', (_, change) => {
    const variant = change(structuredClone(original));
    expect(digestOf(variant)).toBe(same);
    expect(summarizePlanText(JSON.stringify(variant, null, 2)).digest).toBe(same);
  });
});

describe('a different change gives a different digest', () => {
  const original = load('update-in-place');
  const same = digestOf(original);
  const first = (p: any) => p.resource_changes[0];

  test.each([
    ['another after value', (p: any) => (first(p).change.after.acl = 'public-read')],
    ['another before value (the object changed since)', (p: any) => (first(p).change.before.acl = 'public-read')],
    ['another action', (p: any) => (first(p).change.actions = ['delete', 'create'])],
    ['another address', (p: any) => (first(p).address = 'aws_s3_bucket.raw2')],
    ['a move', (p: any) => (p.resource_changes[2].previous_address = 'aws_s3_bucket.old')],
    ['an import', (p: any) => (p.resource_changes[2].change.importing = { id: 'acme-curated' })],
    ['a value becoming unknown', (p: any) => ((first(p).change.after_unknown = { tags: true }), delete first(p).change.after.tags)],
    [
      'an output change',
      (p: any) =>
        (p.output_changes = {
          url: { actions: ['create'], before: null, after: 'https://x', after_unknown: false, before_sensitive: false, after_sensitive: false },
        }),
    ],
    ['a deposed object', (p: any) => (first(p).deposed = '00000001')],
  ])('%s', (_, mutate) => {
    const variant = structuredClone(original);
    mutate(variant);
    expect(digestOf(variant)).not.toBe(same);
  });
});

describe('secrets', () => {
  test('sensitive values are replaced by a marker before hashing: a different secret gives the same digest', () => {
    const plan = load('sensitive');
    const other = structuredClone(plan);
    other.resource_changes[0].change.after.password = 'another-secret';
    other.output_changes.db_password.after = 'another-secret';
    expect(digestOf(other)).toBe(digestOf(plan));
    // …while the same attribute without the sensitive mark is part of the digest.
    const open = structuredClone(other);
    open.resource_changes[0].change.after_sensitive = {};
    expect(digestOf(open)).not.toBe(digestOf(plan));
  });

  test('masks: sensitive wins over unknown; unknown keys absent from after are still there; unmarked values pass through', () => {
    expect(applyMasks({ a: 1, s: 'x', l: [1, 2] }, { s: true, l: [false, true] }, { u: true })).toEqual({
      a: 1,
      s: { '\u0000sensitive': true },
      l: [1, { '\u0000sensitive': true }],
      u: { '\u0000unknown': true },
    });
    expect(applyMasks('secret', true, true)).toEqual({ '\u0000sensitive': true });
    expect(applyMasks(null, false, { nested: { x: true } })).toEqual({ nested: { x: { '\u0000unknown': true } } });
    expect(applyMasks([1], [], [false, false, true])).toEqual([1, null, { '\u0000unknown': true }]);
    expect(applyMasks(undefined, false, false)).toBeNull();
  });
});

describe('one digest, however it is computed', () => {
  test('planDigest (a parsed plan) equals the streaming reader for every committed scenario', async () => {
    const names = readdirSync(scenarios).filter((n) => !n.startsWith('mixed-'));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const file = path.join(scenarios, name, 'plan.json');
      expect((await readPlanSummary(file)).digest).toBe(planDigest(JSON.parse(readFileSync(file, 'utf8'))));
    }
  });

  test('digests differ between scenarios', () => {
    const names = ['creates-only', 'update-in-place', 'replace', 'destroy', 'moved-import', 'sensitive', 'drift', 'outputs-only'];
    expect(new Set(names.map((n) => planDigest(load(n)))).size).toBe(names.length);
  });

  test('property: shuffling changes and object keys never changes the digest', () => {
    const plan = load('moved-import');
    const shuffleKeys = (v: unknown, order: number[]): unknown => {
      if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, order));
      if (v && typeof v === 'object') {
        const keys = Object.keys(v);
        const sorted = keys.map((k, i) => [k, order[i % order.length] ?? 0] as const).sort((a, b) => a[1] - b[1]);
        return Object.fromEntries(sorted.map(([k]) => [k, shuffleKeys((v as Record<string, unknown>)[k], order)]));
      }
      return v;
    };
    const expected = planDigest(plan);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(plan.resource_changes, { minLength: plan.resource_changes.length }),
        fc.array(fc.integer(), { minLength: 1, maxLength: 8 }),
        (changes, order) => {
          const variant = shuffleKeys({ ...plan, resource_changes: changes }, order);
          expect(planDigest(variant as never)).toBe(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('canonical JSON sorts keys and drops undefined; parseDigest reads digest.txt', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }], e: null })).toBe('{"a":[{"c":"x"}],"b":1,"e":null}');
    expect(parseDigest(`sha256:${'ab'.repeat(32)}\n`)).toBe(`sha256:${'ab'.repeat(32)}`);
    expect(parseDigest('sha256:short')).toBeUndefined();
    expect(planDigest({})).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
