/**
 * An action used from a branch (`@main`) warns once, through the shipped bundle under the runner
 * contract; release tags, commit SHAs and local actions (`uses: ./…`, no ref) do not.
 */
import { isReleaseRef } from '#shared/ref-warning.js';
import { runAction } from '../../harness/run-action.js';

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

test.each([
  ['v1', true],
  ['v1.2', true],
  ['v1.2.3', true],
  ['1.2.3', true],
  ['v2.0.0-rc.1', true],
  [SHA, true],
  [SHA.toUpperCase(), true],
  ['main', false],
  ['master', false],
  ['releases/v1', false],
  ['v1-branch', false],
  ['feature/new-thing', false],
  [SHA.slice(0, 7), false],
  ['v1.2.3.4', false],
])('isReleaseRef(%j) is %s', (ref, expected) => {
  expect(isReleaseRef(ref)).toBe(expected);
});

describe('the action-template bundle', () => {
  test('from @main: one warning that says what to reference instead, and the step still succeeds', async () => {
    const result = await runAction('action-template', { inputs: { who: 'ops' }, env: { GITHUB_ACTION_REF: 'main' } });
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([
      'action-template runs from dataops-actions/dataops-actions@main, a branch or other moving ref: the code can change between runs without review. ' +
        'Reference a release tag (@v1) or pin a commit (@<full sha> # v1.2.3; `npx dataops-actions pin` does it).',
    ]);
    expect(result.outputs.message).toBe('Hello, ops!');
  });

  test('a ref with workflow-command characters cannot inject a command', async () => {
    const result = await runAction('action-template', { inputs: { who: 'ops' }, env: { GITHUB_ACTION_REF: 'evil%0A::error::x\n::error::y' } });
    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(1);
  });

  test.each([
    ['a major tag', 'v1'],
    ['a full version', 'v1.4.2'],
    ['a commit SHA', SHA],
    ['a local action (no ref)', ''],
  ])('from %s: no warning', async (_name, ref) => {
    const result = await runAction('action-template', { inputs: { who: 'ops' }, env: { GITHUB_ACTION_REF: ref } });
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([]);
  });
});
