/**
 * The outcome classifier behind the fault figures must be able to say "not as documented": a green
 * step without its work, a duplicate, a half-done failure, an unclear or internal error message.
 */
import type { ActionRunResult } from '../harness/run-action.js';
import { observe, unclearError, type Facts } from './support/outcome.js';

function run(exitCode: number | null, errors: string[] = [], signal: NodeJS.Signals | null = null): ActionRunResult {
  return { exitCode, signal, errors } as ActionRunResult;
}

test.each([
  ['a green step with its work', 'succeeded', run(0), { workDone: true }],
  ['a green step without its work', 'silent-success', run(0), { workDone: false }],
  ['a second comment', 'duplicate', run(0), { workDone: true, duplicates: 1 }],
  ['a partial tool-cache entry', 'partial-install', run(1, ['x: failed']), { workDone: false, partial: ['terraform/1.9.8/x64 (no .complete marker)'] }],
  ['a clear failure', 'failed-clearly', run(1, ['x: Download of https://m/a.zip failed: HTTP 502']), { workDone: false, error: /HTTP 502/ }],
  ['a failure leaving a deployment in progress', 'half-done', run(1, ['x: failed']), { workDone: false, halfDone: ['deployment 1 left in_progress'] }],
  ['a failure showing a TypeError', 'failed-unclearly', run(1, ["x: Cannot use 'in' operator to search for 'id' in"]), { workDone: false }],
  ['a failure without the action name', 'failed-unclearly', run(1, ['Error: boom']), { workDone: false }],
  ['a failure that does not say what was expected', 'failed-unclearly', run(1, ['x: something else']), { workDone: false, error: /HTTP 404/ }],
  ['a crash without an annotation (exit 13: unsettled top-level await)', 'failed-unclearly', run(13), { workDone: false }],
  ['a killed step', 'failed-unclearly', run(null, [], 'SIGKILL'), { workDone: false }],
] as const)('%s is %s', (_what, expected, result, facts) => {
  expect(observe('x', result, facts as Facts)).toBe(expected);
});

test('an earlier error with internals makes the failure unclear even when the last line is fine', () => {
  expect(unclearError('x', run(1, ['Could not comment: Cannot read properties of undefined', 'x: could not comment']))).toMatch(/internals/);
});
