/**
 * User commands: argument arrays (no shell), the deployment's variables in their environment and
 * none of the action's private ones; exit codes and timeouts mapped to failure vs error.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childEnvironment, parseCommand } from '../../../shared/src/deploy/command.js';
import { commandHealthCheck } from '../../../shared/src/deploy/command-probe.js';
import { commandStrategy } from '../../../shared/src/deploy/command-strategy.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dwr-command-'));
const node = process.execPath;
/** A node script that writes its argv and selected env to a file, then exits with EXIT_CODE. */
const recorder = path.join(dir, 'record.mjs');
writeFileSync(
  recorder,
  `import { writeFileSync } from 'node:fs';
const pick = (re) => Object.fromEntries(Object.entries(process.env).filter(([k]) => re.test(k)));
writeFileSync(process.env.RECORD_TO, JSON.stringify({ argv: process.argv.slice(2), env: pick(/^(DEPLOY|ROLLBACK|HEALTH|INPUT_|STATE_|GITHUB_OUTPUT|GITHUB_STATE|ACTIONS_RUNTIME_TOKEN|KEEP_ME)/) }));
if (process.env.SLEEP_MS) await new Promise((r) => setTimeout(r, Number(process.env.SLEEP_MS)));
console.log(process.env.SAY ?? 'done');
process.exit(Number(process.env.EXIT_CODE ?? 0));
`,
);
const read = async (file: string) => JSON.parse((await import('node:fs')).readFileSync(file, 'utf8'));

describe('parseCommand', () => {
  test('one argument per line, blank and # lines ignored, nothing is split on spaces', () => {
    expect(parseCommand('deploy-command', 'bash\n\n# the script\nscripts/my deploy.sh\n--flag=$HOME; rm -rf /\n', dir)).toEqual({
      argv: ['bash', 'scripts/my deploy.sh', '--flag=$HOME; rm -rf /'],
      cwd: dir,
    });
  });

  test('an empty value is no command', () => {
    expect(parseCommand('rollback-command', ' \n# nothing\n', dir)).toBeUndefined();
  });

  test('a program given as a path is resolved against the working directory and must exist', () => {
    const script = path.join(dir, 'deploy.sh');
    writeFileSync(script, '#!/bin/sh\nexit 0\n');
    chmodSync(script, 0o755);
    expect(parseCommand('deploy-command', './deploy.sh', dir)?.argv).toEqual([script]);
    expect(() => parseCommand('deploy-command', './missing.sh\n--x', dir)).toThrow(
      /Input 'deploy-command' has invalid value "\.\/missing\.sh": expected a program on PATH or an existing file/,
    );
  });
});

describe('childEnvironment', () => {
  test("drops the action's inputs, state, output files and runtime token; keeps the rest and adds the extras", () => {
    const env = childEnvironment(
      { DEPLOY_SHA: 'abc' },
      {
        PATH: '/bin',
        'INPUT_GITHUB-TOKEN': 'ghs_x',
        STATE_isPost: 'true',
        GITHUB_OUTPUT: '/o',
        GITHUB_STATE: '/s',
        ACTIONS_RUNTIME_TOKEN: 't',
        GITHUB_ENV: '/e',
        KEEP_ME: '1',
      },
    );
    expect(env).toEqual({ PATH: '/bin', GITHUB_ENV: '/e', KEEP_ME: '1', DEPLOY_SHA: 'abc' });
  });
});

describe('commandStrategy', () => {
  const record = path.join(dir, 'strategy.json');
  const deploy = { argv: [node, recorder, 'deploy', 'arg with spaces'], cwd: dir };
  const rollback = { argv: [node, recorder, 'rollback'], cwd: dir };

  beforeEach(() => {
    process.env.RECORD_TO = record;
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_secretTokenValue';
    process.env.ROLLBACK_TO_SHA = 'from-the-runner';
    delete process.env.EXIT_CODE;
    delete process.env.SLEEP_MS;
  });
  afterAll(() => {
    for (const k of ['RECORD_TO', 'INPUT_GITHUB-TOKEN', 'ROLLBACK_TO_SHA', 'EXIT_CODE', 'SLEEP_MS']) delete process.env[k];
  });

  test('deploy runs the argument array with DEPLOY_* set and the rollback variables empty', async () => {
    const report = await commandStrategy({ deploy, timeoutMs: 10_000, secrets: [] }).deploy({ sha: 'a'.repeat(40), environment: 'prod', deploymentId: 7 });
    expect(report.note).toMatch(/exited 0/);
    expect(await read(record)).toEqual({
      argv: ['deploy', 'arg with spaces'],
      env: { DEPLOY_SHA: 'a'.repeat(40), DEPLOY_ENVIRONMENT: 'prod', DEPLOYMENT_ID: '7', ROLLBACK_TO_SHA: '', ROLLBACK_FROM_SHA: '' },
    });
  });

  test('rollback uses rollback-command with ROLLBACK_TO_SHA = DEPLOY_SHA and ROLLBACK_FROM_SHA', async () => {
    await commandStrategy({ deploy, rollback, timeoutMs: 10_000, secrets: [] }).rollback({
      sha: 'b'.repeat(40),
      environment: 'prod',
      deploymentId: 9,
      failedSha: 'a'.repeat(40),
      failedDeploymentId: 7,
    });
    expect(await read(record)).toEqual({
      argv: ['rollback'],
      env: { DEPLOY_SHA: 'b'.repeat(40), DEPLOY_ENVIRONMENT: 'prod', DEPLOYMENT_ID: '9', ROLLBACK_TO_SHA: 'b'.repeat(40), ROLLBACK_FROM_SHA: 'a'.repeat(40) },
    });
  });

  test('rollback falls back to deploy-command (a rollback is a forward deploy)', async () => {
    await commandStrategy({ deploy, timeoutMs: 10_000, secrets: [] }).rollback({
      sha: 'b'.repeat(40),
      environment: 'prod',
      deploymentId: 9,
      failedSha: 'a'.repeat(40),
      failedDeploymentId: 7,
    });
    expect((await read(record)).argv).toEqual(['deploy', 'arg with spaces']);
  });

  test("the deploy script's stderr is streamed on stdout inside the stop-commands block (the runner reads stderr apart)", async () => {
    process.env.SAY = 'ignored';
    const script = path.join(dir, 'noisy.mjs');
    writeFileSync(script, "process.stderr.write('::error::from-stderr\\n'); process.stdout.write('on-stdout\\n');\n");
    const out: string[] = [];
    const err: string[] = [];
    const outSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => (out.push(String(chunk)), true));
    const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => (err.push(String(chunk)), true));
    try {
      await commandStrategy({ deploy: { argv: [node, script], cwd: dir }, timeoutMs: 10_000, secrets: [] }).deploy({
        sha: 'a'.repeat(40),
        environment: 'prod',
        deploymentId: 1,
      });
    } finally {
      outSpy.mockRestore();
      errSpy.mockRestore();
    }
    const text = out.join('');
    const token = /::stop-commands::(\S+)\n/.exec(text)?.[1];
    expect(token).toBeDefined();
    const inside = text.slice(text.indexOf(`::stop-commands::${token}`), text.indexOf(`::${token}::`));
    expect(inside).toContain('::error::from-stderr');
    expect(inside).toContain('on-stdout');
    expect(err.join('')).not.toContain('from-stderr');
  });

  test('a non-zero exit, a timeout and a missing program are deploy failures saying which', async () => {
    process.env.EXIT_CODE = '3';
    const strategy = commandStrategy({ deploy, timeoutMs: 10_000, secrets: [] });
    const target = { sha: 'a'.repeat(40), environment: 'prod', deploymentId: 7 };
    await expect(strategy.deploy(target)).rejects.toThrow('the deploy command exited with code 3');
    process.env.EXIT_CODE = '0';
    process.env.SLEEP_MS = '5000';
    await expect(commandStrategy({ deploy, timeoutMs: 300, secrets: [] }).deploy(target)).rejects.toThrow(/did not finish within 300 ms and was stopped/);
    await expect(commandStrategy({ deploy: { argv: ['/nonexistent/deployer'], cwd: dir }, timeoutMs: 1000, secrets: [] }).deploy(target)).rejects.toThrow(
      /could not start/,
    );
  });
});

describe('commandHealthCheck', () => {
  const record = path.join(dir, 'probe.json');
  const probe = (timeoutMs = 5000) =>
    commandHealthCheck({
      command: { argv: [node, recorder, 'check'], cwd: dir },
      timeoutMs,
      env: { DEPLOY_SHA: 'c'.repeat(40), DEPLOY_ENVIRONMENT: 'prod' },
      secrets: ['hunter2secret'],
    });

  beforeEach(() => {
    process.env.RECORD_TO = record;
    delete process.env.EXIT_CODE;
    delete process.env.SLEEP_MS;
    delete process.env.SAY;
  });
  afterAll(() => {
    for (const k of ['RECORD_TO', 'EXIT_CODE', 'SLEEP_MS', 'SAY']) delete process.env[k];
  });

  test('exit 0 is a success, with the deployment and the round in the environment', async () => {
    expect(await probe().probe({ round: 4 })).toMatchObject({ outcome: 'success', detail: 'exit 0' });
    expect((await read(record)).env).toEqual({ DEPLOY_SHA: 'c'.repeat(40), DEPLOY_ENVIRONMENT: 'prod', HEALTH_PROBE_ROUND: '4' });
  });

  test('another exit code is a failure, showing the last output line with secrets masked', async () => {
    process.env.EXIT_CODE = '1';
    process.env.SAY = 'replication lag 90s (password hunter2secret)';
    const result = await probe().probe({ round: 1 });
    expect(result).toMatchObject({ outcome: 'failure', detail: 'exit 1: replication lag 90s (password ***)' });
  });

  test('a timeout or a program that cannot start is an error', async () => {
    process.env.SLEEP_MS = '5000';
    expect(await probe(200).probe({ round: 1 })).toMatchObject({ outcome: 'error', detail: 'did not finish within 200 ms (timeout)' });
    const missing = commandHealthCheck({ command: { argv: ['/nonexistent/check'], cwd: dir }, timeoutMs: 1000, env: {}, secrets: [] });
    expect((await missing.probe({ round: 1 })).outcome).toBe('error');
  });
});
