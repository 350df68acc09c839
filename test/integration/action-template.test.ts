/**
 * The harness contract, proven on the action template's bundle (the skeleton every new action
 * starts from): defaults reach the action, every runner file is read back, post gets main's
 * state, and a bad input fails the step before anything is written.
 */
import path from 'node:path';
import { runAction, runActionWithPost } from '../harness/run-action.js';

describe('action-template bundle under the runner contract', () => {
  test('inputs with defaults reach the action; outputs, env, path, state and summary are read back', async () => {
    const { main, post } = await runActionWithPost('action-template', { inputs: { who: 'data team' } });
    expect(main.exitCode).toBe(0);
    expect(main.errors).toEqual([]);
    expect(main.outputs).toMatchObject({ message: 'Hello, data team!', 'timeout-ms': '30000' });
    expect(JSON.parse(main.outputs.metrics)).toMatchObject({
      action: 'action-template',
      outcome: 'success',
      counters: { greetings: 1 },
      repository: 'octo-org/data-platform',
      runId: '4242',
    });
    expect(main.exportedEnv).toEqual({ ACTION_TEMPLATE_GREETED: 'data team' });
    expect(main.addedPath).toEqual([path.join(main.dirs.temp, 'action-template', 'bin')]);
    expect(main.state).toEqual({ isPost: 'true', message: 'Hello, data team!' });
    expect(main.summary).toContain('### Hello, data team\\!');
    expect(post.exitCode).toBe(0);
    expect(post.log).toContain('Post step: the main step said "Hello, data team!"');
    expect(post.outputs).toEqual({});
  });

  test('given inputs override defaults', async () => {
    const result = await runAction('action-template', { inputs: { who: 'ops', greeting: 'Hi', timeout: '1h30m', 'dry-run': 'true' } });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.message).toBe('Hi, ops!');
    expect(result.outputs['timeout-ms']).toBe(String(90 * 60 * 1000));
    expect(result.exportedEnv).toEqual({});
    expect(result.addedPath).toEqual([]);
  });

  test.each([
    ['timeout', '5 minutes', /Input 'timeout' has invalid value "5 minutes": expected a duration/],
    ['dry-run', 'yes', /Input 'dry-run' has invalid value "yes": expected true or false/],
  ])('invalid %s=%j fails the step naming the input, and nothing else happens', async (input, value, message) => {
    const result = await runAction('action-template', { inputs: { who: 'ops', [input]: value } });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^action-template: /);
    expect(result.errors[0]).toMatch(message);
    expect(Object.keys(result.outputs)).toEqual(['metrics']);
    expect(JSON.parse(result.outputs.metrics).outcome).toBe('failure');
    expect(result.exportedEnv).toEqual({});
    expect(result.addedPath).toEqual([]);
    expect(result.summary).toBe('');
  });

  test('a missing required input fails with its name', async () => {
    const result = await runAction('action-template', {});
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual(["action-template: Input 'who' is required but was not set"]);
  });

  test('the harness rejects inputs the action does not declare', async () => {
    await expect(runAction('action-template', { inputs: { who: 'x', colour: 'red' } })).rejects.toThrow(/no input 'colour'/);
  });
});
