/**
 * A git repository with two commits of one Terraform root module (`infra/prod`), wired to the
 * Terraform CLI test double (test/fixtures/terraform-double, first on PATH): the good commit
 * (v1, scenario update-in-place) and the new one (v2, scenario creates-only). Each commit's
 * prod.tfvars names its version, so the double's log shows which configuration a plan read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../harness/paths.js';
import { createRunnerDirs, type RunnerDirs } from '../../harness/run-action.js';
import { TerraformCli } from '../../../shared/src/terraform/cli.js';
import { readPlanSummary } from '../../../shared/src/terraform/plan-json.js';

export const doubleBin = path.join(repoRoot, 'test', 'fixtures', 'terraform-double', 'bin');
export const MODULE = 'infra/prod';

export interface TerraformRepo {
  dirs: RunnerDirs;
  moduleDir: string;
  good: string;
  bad: string;
  /** The double's invocation log. */
  log: string;
  env: Record<string, string>;
  git(...args: string[]): string;
  invocations(): Array<{ argv: string[]; cwd: string; varFiles?: Record<string, string> }>;
}

function writeModule(dir: string, version: string, scenario: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'main.tf'), `# ${version}\nresource "null_resource" "app" {}\n`);
  writeFileSync(path.join(dir, 'prod.tfvars'), `app_version = "${version}"\n`);
  writeFileSync(path.join(dir, '.terraform-double-scenario'), `${scenario}\n`);
}

export function createTerraformRepo(): TerraformRepo {
  const dirs = createRunnerDirs();
  const moduleDir = path.join(dirs.workspace, MODULE);
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dirs.workspace,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    }).trim();
  git('init', '-q', '-b', 'main');
  writeFileSync(path.join(dirs.workspace, '.gitignore'), '.terraform/\n*.tfplan\n');
  writeModule(moduleDir, 'v1', 'update-in-place');
  git('add', '-A');
  git('commit', '-q', '-m', 'v1');
  const good = git('rev-parse', 'HEAD');
  writeModule(moduleDir, 'v2', 'creates-only');
  git('add', '-A');
  git('commit', '-q', '-m', 'v2');
  const bad = git('rev-parse', 'HEAD');
  const log = path.join(dirs.root, 'terraform-double.log');
  return {
    dirs,
    moduleDir,
    good,
    bad,
    log,
    env: { PATH: `${doubleBin}${path.delimiter}${process.env.PATH}`, TERRAFORM_DOUBLE_LOG: log },
    git,
    invocations() {
      return existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line))
        : [];
    },
  };
}

/** Plans the checked-out module with the double, as plan-and-comment does; returns the plan file and its digest. */
export async function planWithDouble(repo: TerraformRepo, planFile: string): Promise<{ planFile: string; digest: string }> {
  const tf = await TerraformCli.create({
    tool: 'terraform',
    cwd: repo.moduleDir,
    tempDir: repo.dirs.temp,
    binary: path.join(doubleBin, 'terraform'),
    stream: false,
  });
  await tf.init();
  await tf.plan({ out: planFile, varFiles: ['prod.tfvars'] });
  const json = path.join(repo.dirs.temp, 'plan.json');
  await tf.showJson(planFile, json);
  return { planFile, digest: (await readPlanSummary(json)).digest };
}

/** Applies a saved plan with the double (to make another plan stale). */
export async function applyWithDouble(repo: TerraformRepo, planFile: string): Promise<void> {
  const tf = await TerraformCli.create({
    tool: 'terraform',
    cwd: repo.moduleDir,
    tempDir: repo.dirs.temp,
    binary: path.join(doubleBin, 'terraform'),
    stream: false,
  });
  await tf.apply(planFile);
}
