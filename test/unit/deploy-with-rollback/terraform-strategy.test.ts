/**
 * The terraform strategy against the Terraform CLI test double: the digest gate before anything
 * changes, the state backup before apply, "Saved plan is stale" as nothing-applied, errored.tfstate
 * kept, and the rollback planned and applied from the good commit in a separate worktree.
 */
import { jest } from '@jest/globals';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { terraformStrategy, stateBackupArtifactName, type TerraformStrategyOptions } from '../../../shared/src/deploy/terraform-strategy.js';
import { NothingAppliedError, DeployFailedError } from '../../../shared/src/deploy/strategy.js';
import { digestMarkerPattern, digestFromDeploymentEvent } from '../../../shared/src/deploy/plan-source.js';
import { createTerraformRepo, planWithDouble, applyWithDouble, doubleBin, type TerraformRepo } from '../../integration/deploy-with-rollback/terraform-repo.js';

beforeAll(() => {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

interface Upload {
  name: string;
  files: Record<string, string>;
}

function strategyFor(repo: TerraformRepo, overrides: Partial<TerraformStrategyOptions> = {}) {
  const uploads: Upload[] = [];
  const strategy = terraformStrategy({
    tool: 'terraform',
    moduleDir: repo.moduleDir,
    workspace: 'default',
    findExpectedDigest: async () => undefined,
    varFiles: ['prod.tfvars'],
    vars: {},
    backendConfig: [],
    initArgs: [],
    lockTimeoutMs: 90_000,
    timeoutMs: 60_000,
    tempDir: repo.dirs.temp,
    secrets: [],
    environment: 'Prod/EU',
    binary: path.join(doubleBin, 'terraform'),
    upload: async (name, rootDir, files) => {
      uploads.push({ name, files: Object.fromEntries(files.map((f) => [path.relative(rootDir, f), readFileSync(f, 'utf8')])) });
      return { name, id: uploads.length };
    },
    ...overrides,
  });
  return { strategy, uploads };
}

let repo: TerraformRepo;
// Several action runs (or CLI-double processes) per test: allow for a busy CI machine.
jest.setTimeout(600_000);
beforeEach(() => {
  repo = createTerraformRepo();
  process.env.TERRAFORM_DOUBLE_LOG = repo.log;
});
afterAll(() => {
  delete process.env.TERRAFORM_DOUBLE_LOG;
});

test('a matching digest: backup artifact of the pulled state, then apply exactly the saved plan with -lock-timeout', async () => {
  const { planFile, digest } = await planWithDouble(repo, path.join(repo.dirs.temp, 'v2.tfplan'));
  const { strategy, uploads } = strategyFor(repo, { planFile, expectedDigest: { digest, source: 'the plan-digest input' } });
  await strategy.prepare();
  expect(strategy.payload()).toMatchObject({ planDigest: digest, planDigestSource: 'the plan-digest input' });
  const report = await strategy.deploy({ sha: repo.bad, environment: 'Prod/EU', deploymentId: 42 });
  expect(uploads.map((u) => u.name)).toEqual(['terraform-state-backup-prod-eu-42']);
  expect(JSON.parse(uploads[0].files['terraform.tfstate'])).toMatchObject({ version: 4, serial: 1 });
  expect(strategy.artifacts()).toEqual({ stateBackup: stateBackupArtifactName('Prod/EU', 42) });
  expect(report.note).toMatch(/applied the saved plan/);
  const calls = repo.invocations().map((i) => i.argv.slice(0, 1).concat(i.argv.filter((a) => a.startsWith('-lock-timeout'))));
  expect(calls.slice(-3)).toEqual([['show'], ['state'], ['apply', '-lock-timeout=90s']]);
  expect(repo.invocations().at(-1)!.argv.at(-1)).toBe(planFile);
});

test('a different digest is refused in prepare, before anything is applied or backed up', async () => {
  const { planFile } = await planWithDouble(repo, path.join(repo.dirs.temp, 'v2.tfplan'));
  const other = `sha256:${'0'.repeat(64)}`;
  const { strategy, uploads } = strategyFor(repo, {
    planFile,
    findExpectedDigest: async () => ({ digest: other, source: 'the plan comment on pull request #7' }),
  });
  await expect(strategy.prepare()).rejects.toThrow(
    /^Refusing to apply: the plan's digest sha256:[0-9a-f]{64} differs from sha256:0{64} recorded in the plan comment on pull request #7\. Nothing was changed\.$/,
  );
  expect(uploads).toEqual([]);
  expect(repo.invocations().some((i) => i.argv[0] === 'apply' || i.argv[0] === 'state')).toBe(false);
});

test('without any reviewed digest it refuses; digest.txt saved with the plan is one', async () => {
  const { planFile, digest } = await planWithDouble(repo, path.join(repo.dirs.temp, 'plan', 'plan.tfplan'));
  await expect(strategyFor(repo, { planFile }).strategy.prepare()).rejects.toThrow(/no reviewed plan digest to compare it with/);
  writeFileSync(path.join(repo.dirs.temp, 'plan', 'digest.txt'), `${digest}\n`);
  const { strategy } = strategyFor(repo, { planFile });
  await strategy.prepare();
  expect(strategy.payload()).toMatchObject({ planDigestSource: 'digest.txt saved with the plan' });
});

test('a stale plan: Terraform refuses, and it is reported as nothing applied (no rollback needed)', async () => {
  const { planFile, digest } = await planWithDouble(repo, path.join(repo.dirs.temp, 'v2.tfplan'));
  const other = await planWithDouble(repo, path.join(repo.dirs.temp, 'other.tfplan'));
  await applyWithDouble(repo, other.planFile); // the state moved on since v2.tfplan was made
  const { strategy } = strategyFor(repo, { planFile, expectedDigest: { digest, source: 'x' } });
  await strategy.prepare();
  const err = await strategy.deploy({ sha: repo.bad, environment: 'prod', deploymentId: 1 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NothingAppliedError);
  expect((err as Error).message).toMatch(/terraform reports the saved plan is stale .*nothing was applied/);
});

test('an apply that leaves errored.tfstate: the file is uploaded and the deploy fails', async () => {
  const { planFile, digest } = await planWithDouble(repo, path.join(repo.dirs.temp, 'v2.tfplan'));
  // The double does not model a failed state write: a thin wrapper does, and delegates the rest to it.
  const wrapper = path.join(repo.dirs.root, 'terraform-errored');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nif [ "$1" = "apply" ]; then printf '{"version":4,"serial":9}' > errored.tfstate; printf 'Error: Failed to persist state to backend\\n' >&2; exit 1; fi\nexec "${doubleBin}/terraform" "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  const { strategy, uploads } = strategyFor(repo, { planFile, expectedDigest: { digest, source: 'x' }, binary: wrapper });
  await strategy.prepare();
  const err = await strategy.deploy({ sha: repo.bad, environment: 'prod', deploymentId: 5 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeployFailedError);
  expect(err).not.toBeInstanceOf(NothingAppliedError);
  expect((err as Error).message).toBe('terraform apply failed: Failed to persist state to backend');
  expect(uploads.map((u) => u.name)).toEqual(['terraform-state-backup-prod-eu-5', 'terraform-errored-state-prod-eu-5']);
  expect(uploads[1].files['errored.tfstate']).toBe('{"version":4,"serial":9}');
  expect(strategy.artifacts()).toEqual({ stateBackup: 'terraform-state-backup-prod-eu-5', erroredState: 'terraform-errored-state-prod-eu-5' });
});

test("rollback: the good commit's configuration is planned and applied from a separate worktree, which is removed after", async () => {
  const { strategy, uploads } = strategyFor(repo, { planFile: path.join(repo.dirs.temp, 'unused.tfplan'), expectedDigest: { digest: 'x', source: 'x' } });
  const before = repo.invocations().length;
  const report = await strategy.rollback({ sha: repo.good, environment: 'prod', deploymentId: 8, failedSha: repo.bad, failedDeploymentId: 7 });
  expect(report.note).toMatch(/planned and applied [0-9a-f]{7}'s configuration from a separate worktree/);
  const calls = repo.invocations().slice(before);
  expect(calls.map((c) => c.argv[0])).toEqual(['init', 'state', 'plan', 'apply']);
  const worktreeModule = calls[0].cwd;
  expect(worktreeModule).toMatch(new RegExp(`^${repo.dirs.temp}/rollback-${repo.good.slice(0, 12)}-[0-9a-f]{8}/infra/prod$`));
  expect(calls.every((c) => c.cwd === worktreeModule)).toBe(true);
  expect(calls[2].varFiles).toEqual({ 'prod.tfvars': 'app_version = "v1"\n' });
  expect(calls[2].argv).toContain('-lock-timeout=90s');
  expect(uploads.map((u) => u.name)).toEqual(['terraform-state-backup-prod-eu-8']);
  expect(existsSync(worktreeModule)).toBe(false);
  expect(repo.git('worktree', 'list').split('\n')).toHaveLength(1);
  // The workspace itself was not touched: still v2.
  expect(readFileSync(path.join(repo.moduleDir, 'prod.tfvars'), 'utf8')).toBe('app_version = "v2"\n');
});

test('rollback to a commit the shallow checkout lacks is fetched from origin first', async () => {
  // A shallow clone of the repo (as actions/checkout makes by default): only the newest commit.
  const shallow = path.join(repo.dirs.root, 'shallow');
  repo.git('clone', '-q', '--depth=1', `file://${repo.dirs.workspace}`, shallow);
  expect(() => repo.git('-C', shallow, 'cat-file', '-e', `${repo.good}^{commit}`)).toThrow();
  const moduleDir = path.join(shallow, 'infra', 'prod');
  const { strategy } = strategyFor(repo, { moduleDir, planFile: 'x', expectedDigest: { digest: 'x', source: 'x' } });
  await strategy.rollback({ sha: repo.good, environment: 'prod', deploymentId: 9, failedSha: repo.bad, failedDeploymentId: 8 });
  const plan = repo
    .invocations()
    .filter((c) => c.argv[0] === 'plan')
    .at(-1)!;
  expect(plan.varFiles).toEqual({ 'prod.tfvars': 'app_version = "v1"\n' });
});

describe('digest sources', () => {
  test('the PR comment marker of plan-and-comment is matched per module slug', () => {
    const body = `<!-- dataops-actions:plan-digest infra-prod sha256:${'a'.repeat(64)} -->\n<!-- dataops-actions:plan-digest infra-prod-eu sha256:${'b'.repeat(64)} -->`;
    expect(digestMarkerPattern('infra-prod').exec(body)?.[1]).toBe(`sha256:${'a'.repeat(64)}`);
    expect(digestMarkerPattern('infra-prod-eu').exec(body)?.[1]).toBe(`sha256:${'b'.repeat(64)}`);
    expect(digestMarkerPattern('infra').exec(body)).toBeNull();
  });

  test('the deployment event payload', () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    expect(digestFromDeploymentEvent('deployment', { deployment: { id: 3, payload: { planDigest: digest } } })).toEqual({
      digest,
      source: 'the payload of deployment 3',
    });
    expect(digestFromDeploymentEvent('push', { deployment: { id: 3, payload: { planDigest: digest } } })).toBeUndefined();
    expect(digestFromDeploymentEvent('deployment', { deployment: { id: 3, payload: { planDigest: 'nope' } } })).toBeUndefined();
  });
});
