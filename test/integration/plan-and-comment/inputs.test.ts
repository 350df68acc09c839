/**
 * Inputs from the bundle: every bad input fails the step before Terraform is run at all, naming
 * the input and what is accepted; the accepted ones reach the CLI as documented (tofu, workspace,
 * var files, backend settings, extra arguments, lock timeout, parallel modules).
 */
import path from 'node:path';
import { createWorkspace, invocations, plan } from './helpers.js';

describe('bad inputs fail before any command runs', () => {
  test.each([
    [
      { 'plan-args': '-var=db_password=hunter2' },
      /^plan-and-comment: Input 'plan-args' has invalid value "-var=db_password=\(value not shown\)": expected a flag the action does not set itself \(use the vars input/,
    ],
    [{ 'working-directories': 'nowhere' }, /^plan-and-comment: Input 'working-directories' has invalid value "nowhere": expected an existing directory/],
    [
      { 'working-directories': 'infra/*\n../elsewhere' },
      /Input 'working-directories' has invalid value "..\/elsewhere": expected a directory inside the workspace/,
    ],
    [{ 'var-files': 'prod.tfvars' }, /Input 'var-files' has invalid value "prod.tfvars": expected a file that exists in every module \(missing in infra\/b\)/],
    [{ vars: 'just-a-secret-value' }, /Input 'vars' has invalid value "line 1 \(not shown\)"/],
    [{ tool: 'terragrunt' }, /Input 'tool' has invalid value "terragrunt": expected one of terraform, opentofu, tofu/],
    [{ parallelism: '0' }, /Input 'parallelism' has invalid value "0": expected an integer from 1 to 32/],
    [{ 'lock-timeout': 'forever' }, /Input 'lock-timeout' has invalid value "forever": expected a duration/],
    [{ 'changed-only': 'yes' }, /Input 'changed-only' has invalid value "yes": expected true or false/],
    [{ workspace: 'prod;rm -rf' }, /Input 'workspace' has invalid value "prod;rm -rf"/],
    [
      { 'backend-config': 'missing.hcl' },
      /Input 'backend-config' has invalid value "missing.hcl": expected key=value or a backend file that exists in every module/,
    ],
  ])('%j', async (inputs, message) => {
    const ws = createWorkspace([
      { dir: 'infra/a', scenario: 'creates-only', files: { 'prod.tfvars': 'x = 1\n' } },
      { dir: 'infra/b', scenario: 'creates-only' },
    ]);
    const result = await plan(ws, { 'working-directories': 'infra/*', ...inputs }, { eventName: 'push' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(message);
    expect(result.errors[0]).not.toMatch(/just-a-secret-value|hunter2/);
    expect(invocations(ws)).toEqual([]);
    expect(result.summary).toBe('');
    expect(Object.keys(result.outputs)).toEqual(['metrics']);
  });

  test('no terraform on PATH says which setup step to add', async () => {
    const ws = createWorkspace([{ dir: '.', scenario: 'no-changes' }]);
    const result = await plan(ws, { tool: 'opentofu' }, { eventName: 'push', env: { PATH: path.dirname(process.execPath) } });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toBe(
      'plan-and-comment: tofu was not found on PATH\nAdd a step with opentofu/setup-opentofu before this one (or set the tool input to the CLI you installed).',
    );
  });
});

test('accepted inputs reach the CLI as documented: tofu, workspace, var files, backend settings, extra args, lock timeout; modules in parallel', async () => {
  const ws = createWorkspace([
    { dir: 'stacks/a', scenario: 'creates-only', files: { 'env/prod.tfvars': 'region = "eu-west-1"\n', 'backend.hcl': 'bucket = "state"\n' } },
    { dir: 'stacks/b', scenario: 'update-in-place', files: { 'env/prod.tfvars': 'region = "eu-west-2"\n', 'backend.hcl': 'bucket = "state"\n' } },
  ]);
  const result = await plan(
    ws,
    {
      'working-directories': 'stacks/*',
      tool: 'tofu',
      workspace: 'prod',
      'var-files': 'env/prod.tfvars',
      vars: '{"replicas": 3}',
      'backend-config': 'backend.hcl\nkey=data.tfstate',
      'init-args': '-upgrade',
      'plan-args': '-refresh=false\n-parallelism=4',
      'lock-timeout': '5m',
      parallelism: '2',
    },
    { eventName: 'push' },
  );
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  const calls = invocations(ws);
  expect(new Set(calls.map((c) => c.tool))).toEqual(new Set(['tofu']));
  const a = (cmd: string) => calls.filter((c) => c.argv[0] === cmd && c.cwd.endsWith(path.join('stacks', 'a')));
  const init = a('init')[0];
  expect(init.argv).toEqual([
    'init',
    '-input=false',
    '-no-color',
    '-backend-config=' + path.join(ws.dirs.workspace, 'stacks/a/backend.hcl'),
    expect.stringMatching(/^-backend-config=.*backend\.tfbackend$/),
    '-upgrade',
  ]);
  expect(Object.values(init.backendFiles!)).toEqual(['bucket = "state"\n', 'key = "data.tfstate"\n']);
  expect(a('workspace').map((c) => c.argv.join(' '))).toEqual(['workspace select prod', 'workspace new prod']);
  const planCall = a('plan')[0];
  expect(planCall.workspace).toBe('prod');
  expect(planCall.argv.slice(0, 6)).toEqual([
    'plan',
    '-input=false',
    '-no-color',
    '-detailed-exitcode',
    expect.stringMatching(/^-out=.*stacks-a--ws-prod\/plan\.tfplan$/),
    '-lock-timeout=300s',
  ]);
  expect(planCall.argv.slice(6)).toEqual([
    `-var-file=${path.join(ws.dirs.workspace, 'stacks/a/env/prod.tfvars')}`,
    expect.stringMatching(/^-var-file=.*\.tfvars\.json$/),
    '-refresh=false',
    '-parallelism=4',
  ]);
  expect(Object.values(planCall.varFiles!)).toEqual(['region = "eu-west-1"\n', '{\n  "replicas": 3\n}\n']);
  // Two modules at once: each command's output is printed whole, after a line naming its module.
  expect(result.log).toMatch(/── stacks\/a: tofu plan → exit code 2 \(\d+ ms\)\n[\s\S]*Plan: 3 to add/);
  expect(result.log).toMatch(/── stacks\/b: tofu plan → exit code 2/);
  expect(result.summary).toContain('with tofu 1.8.5');
});
