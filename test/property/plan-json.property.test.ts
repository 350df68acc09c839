/**
 * The Terraform JSON plan reader on anything `show -json` could be replaced with: random JSON,
 * real plans cut off at any byte, real plans with fields deleted or given the wrong type. It
 * returns a summary whose counts add up, or a PlanFormatError naming the source — never a crash.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ActionError } from '#shared/errors.js';
import { PlanFormatError, summarizePlanText } from '#shared/terraform/plan-json.js';
import { repoRoot } from '../harness/paths.js';
import { checkProperty } from './support/runs.js';
import { messyText, parsesOrFailsClearly } from './support/arbitraries.js';

const scenarios = path.join(repoRoot, 'test', 'fixtures', 'terraform-double', 'scenarios');
const PLANS = readdirSync(scenarios)
  .map((name) => path.join(scenarios, name, 'plan.json'))
  .filter((file) => existsSync(file))
  .map((file) => readFileSync(file, 'utf8'))
  .filter((text) => text.length < 200_000 && text.includes('resource_changes'));

const SOURCE = 'plan.json of infra/prod';
const sane = (s: ReturnType<typeof summarizePlanText>) =>
  Object.values(s.counts).every((n) => Number.isSafeInteger(n) && n >= 0) &&
  /^sha256:[0-9a-f]{64}$/.test(s.digest) &&
  s.changes.every((r) => typeof r.address === 'string');
const classes = [PlanFormatError, ActionError];

test('there are real plans to mutate', () => {
  expect(PLANS.length).toBeGreaterThan(5);
});

test('random JSON and random text: a summary or a PlanFormatError', () => {
  checkProperty(
    'plan JSON: random documents',
    fc.property(
      fc.oneof(
        fc.json({ maxDepth: 4 }),
        messyText,
        fc.jsonValue().map((v) => JSON.stringify({ format_version: '1.2', resource_changes: v })),
      ),
      (text) => parsesOrFailsClearly(() => summarizePlanText(text, SOURCE), classes, sane),
    ),
  );
});

test('real plans cut off at any byte: never a summary of half a plan without an error', () => {
  checkProperty(
    'plan JSON: truncated real plans',
    fc.property(fc.constantFrom(...PLANS), fc.double({ min: 0, max: 0.999, noNaN: true }), (plan, at) => {
      const cut = plan.slice(0, Math.floor(plan.length * at));
      return parsesOrFailsClearly(
        () => summarizePlanText(cut, SOURCE),
        classes,
        () => cut.trim().length === 0 || false,
      );
    }),
    50,
  );
});

/** Replaces or deletes the value at a random path of a parsed plan. */
function mutate(doc: unknown, choices: number[], replacement: unknown): unknown {
  let node = doc as Record<string, unknown> | unknown[];
  for (const choice of choices) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length];
    const child = (node as Record<string, unknown>)[key];
    if (child && typeof child === 'object' && choice % 3 !== 0) {
      node = child as Record<string, unknown>;
      continue;
    }
    if (replacement === undefined && !Array.isArray(node)) delete (node as Record<string, unknown>)[key];
    else (node as Record<string, unknown>)[key] = replacement;
    break;
  }
  return doc;
}

test('real plans with a field deleted or given the wrong type: a summary or a PlanFormatError', () => {
  const wrong = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant([]),
    fc.constant({}),
    fc.constant(['delete', 'create', 'bogus']),
  );
  checkProperty(
    'plan JSON: mutated real plans',
    fc.property(fc.constantFrom(...PLANS), fc.array(fc.nat(40), { minLength: 1, maxLength: 8 }), wrong, (plan, choices, replacement) => {
      const text = JSON.stringify(mutate(JSON.parse(plan), choices, replacement));
      return parsesOrFailsClearly(() => summarizePlanText(text, SOURCE), classes, sane);
    }),
  );
});

// A malformed resource_changes must not read as "no changes": the comment would show a green plan.
test('a resource_changes that is not an array of objects is refused, never summarised as no changes', () => {
  const notAList = fc.oneof(
    fc.constant(null),
    fc.constant({}),
    fc.string(),
    fc.integer(),
    fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { minLength: 1, maxLength: 3 }),
  );
  checkProperty(
    'plan JSON: malformed resource_changes',
    fc.property(notAList, (value) => {
      const text = JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', resource_changes: value, planned_values: { root_module: {} } });
      try {
        summarizePlanText(text, SOURCE);
        return false;
      } catch (err) {
        return err instanceof PlanFormatError;
      }
    }),
    30,
  );
});
