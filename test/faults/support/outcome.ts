/**
 * Classifies what a run did under a fault into the ledger's outcomes, from the run result and
 * the facts a test checked in the fake services (is the work there, was anything done twice,
 * is anything half-installed or half-done).
 */
import { expect } from '@jest/globals';
import type { ActionRunResult } from '../../harness/run-action.js';
import { record, type Outcome } from './ledger.js';

export interface Facts {
  /** Everything the step promises is there (installed and on PATH, the comment with its URL, the SHA live, ...). */
  workDone: boolean;
  /** Comments, deployments or other records made more than once. */
  duplicates?: number;
  /** Half-installed tool-cache entries. */
  partial?: string[];
  /** Work left half-done by a failed step (a deployment never given a final status, ...). */
  halfDone?: string[];
  /** What the step's error must say (tested against the whole failure message). */
  error?: RegExp;
}

// Signs that an error message is an accident of the code rather than a sentence for the user.
const INTERNALS = [
  /\n\s+at .+:\d+:\d+/,
  /\bTypeError\b/,
  /Cannot read propert/,
  /Cannot use 'in' operator/,
  /is not a function/,
  /\[object Object\]/,
  /\bundefined\b/,
];

/** Why the step's failure message is not a clear one-line error, or undefined when it is. */
export function unclearError(action: string, result: ActionRunResult, expected?: RegExp): string | undefined {
  if (result.signal) return `the step was killed by ${result.signal}`;
  if (result.exitCode !== 1) return `exit code ${result.exitCode}`;
  // core.setFailed is the last error annotation; earlier ones report parts (one module, one upload).
  const failure = result.errors[result.errors.length - 1];
  if (failure === undefined) return 'no error annotation';
  const [first] = failure.split('\n');
  if (!first.startsWith(`${action}: `)) return `the error does not start with "${action}: ": ${first}`;
  if (first.length > 600) return `the error line is ${first.length} characters long`;
  // Earlier errors (one module, one upload) are part of the story too.
  for (const error of result.errors) {
    const internal = INTERNALS.find((re) => re.test(error));
    if (internal) return `an error shows internals (${internal}): ${error.split('\n')[0]}`;
  }
  if (expected && !expected.test(failure)) return `the error does not say ${expected}: ${first}`;
  return undefined;
}

export function observe(action: string, result: ActionRunResult, facts: Facts): Outcome {
  if (facts.partial?.length) return 'partial-install';
  if (facts.duplicates) return 'duplicate';
  if (result.exitCode === 0 && !result.signal) return facts.workDone ? 'succeeded' : 'silent-success';
  if (facts.halfDone?.length) return 'half-done';
  return unclearError(action, result, facts.error) ? 'failed-unclearly' : 'failed-clearly';
}

/** A readable explanation of an outcome, for the ledger and for assertion messages. */
export function explain(action: string, result: ActionRunResult, facts: Facts): string {
  const parts = [`exit ${result.signal ?? result.exitCode}`];
  if (result.errors.length) parts.push(`errors: ${JSON.stringify(result.errors)}`);
  if (result.warnings.length) parts.push(`warnings: ${JSON.stringify(result.warnings)}`);
  if (!facts.workDone) parts.push('work missing');
  if (facts.duplicates) parts.push(`${facts.duplicates} duplicate(s)`);
  if (facts.partial?.length) parts.push(`partial: ${facts.partial.join(', ')}`);
  if (facts.halfDone?.length) parts.push(`half-done: ${facts.halfDone.join(', ')}`);
  const unclear = result.exitCode === 0 ? undefined : unclearError(action, result, facts.error);
  if (unclear) parts.push(`unclear: ${unclear}`);
  return parts.join('; ');
}

export interface FaultCase {
  action: string;
  fault: string;
  /** Requests the fault hit (from the fake's own log): a fault that never fired proves nothing. */
  hits: number;
  /** The documented outcome (or outcomes: a cut-off answer to a create may be recovered or reported). */
  expected: Outcome | Outcome[];
}

/** Records the case in the ledger, then asserts the fault fired and the outcome is the documented one. */
export function checkFault(c: FaultCase, result: ActionRunResult, facts: Facts): void {
  const observed = observe(c.action, result, facts);
  const detail = explain(c.action, result, facts);
  const expected = [c.expected].flat();
  record({ kind: 'fault', action: c.action, fault: c.fault, hits: c.hits, expected, observed, detail });
  expect(c.hits).toBeGreaterThan(0);
  // One string, so a failure shows the outcome and why at a glance.
  expect(`${observed} (${detail})`).toMatch(new RegExp(`^(${expected.join('|')}) \\(`));
}
