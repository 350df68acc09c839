/** Open deployments are tracked in the step state and closed by the post step only while still running. */
import { jest } from '@jest/globals';
import { closeAbandonedDeployments, parseOpenDeployments, stateTracker } from '../../../shared/src/deploy/abandoned.js';
import type { DeploymentState } from '../../../shared/src/deploy/deployments.js';

beforeAll(() => {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

test('the tracker rewrites the state on every change, so a killed step leaves the latest set', () => {
  const saved: string[] = [];
  const tracker = stateTracker((_name, value) => saved.push(value));
  tracker.opened(5);
  tracker.opened(9);
  tracker.closed(5);
  tracker.closed(42);
  expect(saved).toEqual(['[5]', '[5,9]', '[9]']);
  expect(parseOpenDeployments(saved.at(-1)!)).toEqual([9]);
});

test.each([
  ['', []],
  ['not json', []],
  ['{"a":1}', []],
  ['[1,"2",-3,4.5,7]', [1, 7]],
])('parseOpenDeployments(%j)', (state, ids) => expect(parseOpenDeployments(state)).toEqual(ids));

test('only deployments still running are closed, as error; a failing API call is a warning, not a failure', async () => {
  const states: Record<number, DeploymentState | undefined> = { 1: 'in_progress', 2: 'success', 3: undefined, 4: 'in_progress' };
  const set: Array<[number, string, string]> = [];
  const api = {
    latestStatus: async (id: number) => {
      if (id === 4) throw new Error('HTTP 502');
      return states[id] ? { state: states[id]!, createdAt: '', description: '', logUrl: '' } : undefined;
    },
    setStatus: async (id: number, state: 'error', details?: { description?: string }) => {
      set.push([id, state, details?.description ?? '']);
    },
  };
  const closed = await closeAbandonedDeployments(api, [1, 2, 3, 4], 'https://github.com/o/r/actions/runs/1');
  expect(closed).toEqual([1, 3]);
  expect(set.map(([id, state]) => [id, state])).toEqual([
    [1, 'error'],
    [3, 'error'],
  ]);
  expect(set[0][2]).toMatch(/ended before this deployment finished/);
});
