/**
 * The `terraform` strategy (Terraform or OpenTofu, through the shared CLI runner).
 *
 * - prepare: init the module, select the workspace, take the saved plan (plan-file, or
 *   plan-and-comment's artifact of this run), compute its normalised digest and REFUSE unless it
 *   equals the reviewed one (plan-digest input, the PR comment's marker, the deployment payload,
 *   or digest.txt saved with the plan). Nothing has changed yet when it refuses.
 * - deploy: pull the state into a backup artifact, then apply exactly the saved plan with
 *   -lock-timeout. "Saved plan is stale" (or a lock never acquired) means nothing was applied, and
 *   is reported as such: there is nothing to roll back. If Terraform could not save the state
 *   after applying, it writes errored.tfstate: that file is uploaded as an artifact.
 * - rollback: check the good SHA out into a separate git worktree, init, plan and apply THAT
 *   configuration against the live state (a forward apply; an old state is never pushed back).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as core from '@actions/core';
import { ActionError, errorMessage } from '../errors.js';
import { uploadArtifact, type UploadedArtifact } from '../terraform/artifacts.js';
import { TerraformCli, TerraformCommandError, type TerraformTool } from '../terraform/cli.js';
import { readPlanSummary } from '../terraform/plan-json.js';
import { shortSha } from './deployments.js';
import { digestBesidePlan, downloadPlanArtifact, type ExpectedDigest } from './plan-source.js';
import {
  DeployFailedError,
  NothingAppliedError,
  type DeployReport,
  type DeployStrategy,
  type DeployTarget,
  type RollbackTarget,
  type StrategyArtifacts,
} from './strategy.js';
import { addWorktree, pathInRepo } from './worktree.js';

export interface TerraformStrategyOptions {
  tool: TerraformTool;
  /** The root module directory (absolute). */
  moduleDir: string;
  workspace: string;
  planFile?: string;
  planArtifact?: string;
  /** The plan-digest input, when given. */
  expectedDigest?: ExpectedDigest;
  /** Other places the reviewed digest may be recorded (PR comment, deployment event), looked up in prepare. */
  findExpectedDigest: () => Promise<ExpectedDigest | undefined>;
  varFiles: string[];
  vars: Record<string, unknown>;
  backendConfig: string[];
  initArgs: string[];
  lockTimeoutMs: number;
  timeoutMs: number;
  tempDir: string;
  secrets: string[];
  environment: string;
  /** The CLI binary (tests); default: the tool on PATH. */
  binary?: string;
  upload?: (name: string, rootDir: string, files: string[]) => Promise<UploadedArtifact>;
}

export const ERRORED_STATE_FILE = 'errored.tfstate';

/** Artifact names allow neither `/` nor `:`: environment names are reduced to [a-z0-9._-]. */
export function artifactSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'env'
  );
}

export function stateBackupArtifactName(environment: string, deploymentId: number): string {
  return `terraform-state-backup-${artifactSlug(environment)}-${deploymentId}`;
}

export function erroredStateArtifactName(environment: string, deploymentId: number): string {
  return `terraform-errored-state-${artifactSlug(environment)}-${deploymentId}`;
}

/** The last lines of Terraform's diagnostics, for one-line reasons. */
function diagnostics(err: unknown): string {
  const text = err instanceof TerraformCommandError ? err.errorOutput : errorMessage(err);
  const summary = /Error: ([^\n│]+)/.exec(text)?.[1]?.trim();
  return summary ?? text.split('\n').filter(Boolean).slice(-1)[0] ?? errorMessage(err);
}

const STALE = /Saved plan is stale/i;
const LOCK = /Error acquiring the state lock/i;

export function terraformStrategy(options: TerraformStrategyOptions): DeployStrategy {
  const upload = options.upload ?? ((name: string, rootDir: string, files: string[]) => uploadArtifact(name, rootDir, files, { retentionDays: 90 }));
  const artifacts: StrategyArtifacts = {};
  let cli: TerraformCli | undefined;
  let planFile = '';
  let digest = '';
  let digestSource = '';

  const createCli = async (cwd: string) => {
    const tf = await TerraformCli.create({
      tool: options.tool,
      cwd,
      tempDir: options.tempDir,
      secrets: options.secrets,
      timeoutMs: options.timeoutMs,
      binary: options.binary,
    });
    await tf.init({ backendConfig: options.backendConfig, args: options.initArgs });
    if (options.workspace !== 'default') await tf.selectWorkspace(options.workspace);
    return tf;
  };

  /** Pulls the state into an artifact before anything is applied; without a backup nothing is applied. */
  const backupState = async (tf: TerraformCli, deploymentId: number): Promise<string> => {
    const name = stateBackupArtifactName(options.environment, deploymentId);
    const dir = path.join(options.tempDir, `state-backup-${randomUUID()}`);
    try {
      const state = await tf.statePull();
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, 'terraform.tfstate');
      await writeFile(file, state, { mode: 0o600, flag: 'wx' });
      await upload(name, dir, [file]);
      core.info(`State backed up as the artifact ${name}`);
      return name;
    } catch (err) {
      throw new NothingAppliedError(`the state could not be backed up before apply (${errorMessage(err)}), so nothing was applied`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  /** Applies a plan file; an errored.tfstate written by this apply is uploaded. */
  const apply = async (tf: TerraformCli, plan: string, deploymentId: number, what: string): Promise<void> => {
    const started = Date.now();
    try {
      await tf.apply(plan, { lockTimeoutMs: options.lockTimeoutMs });
    } catch (err) {
      const output = err instanceof TerraformCommandError ? err.errorOutput : errorMessage(err);
      if (STALE.test(output)) {
        throw new NothingAppliedError(
          `${options.tool} reports the saved plan is stale (the state changed since it was planned); nothing was applied — plan again`,
        );
      }
      if (LOCK.test(output)) throw new NothingAppliedError(`the state lock was not acquired within -lock-timeout; nothing was applied`);
      const errored = path.join(tf.cwd, ERRORED_STATE_FILE);
      if (existsSync(errored) && statSync(errored).mtimeMs >= started - 1000) {
        const name = erroredStateArtifactName(options.environment, deploymentId);
        try {
          await upload(name, tf.cwd, [errored]);
          artifacts.erroredState = name;
          core.error(
            `${options.tool} could not save the state after applying; it wrote ${ERRORED_STATE_FILE}, uploaded as the artifact ${name}. Push it back with \`${options.tool} state push\` once the backend works.`,
          );
        } catch (uploadErr) {
          core.error(`${ERRORED_STATE_FILE} exists in ${tf.cwd} but could not be uploaded: ${errorMessage(uploadErr)}`);
        }
      }
      throw new DeployFailedError(`${what} failed: ${diagnostics(err)}`, { ...artifacts });
    }
  };

  return {
    name: 'terraform',
    artifacts: () => ({ ...artifacts }),
    payload: () => ({
      planDigest: digest,
      planDigestSource: digestSource,
      terraform: { tool: options.tool, workspace: options.workspace, artifact: options.planArtifact ?? null },
    }),

    async prepare() {
      cli = await createCli(options.moduleDir);
      planFile = options.planFile ?? (await downloadPlanArtifact(options.planArtifact!, options.tempDir));
      const json = path.join(options.tempDir, `plan-${randomUUID()}.json`);
      try {
        await cli.showJson(planFile, json);
        digest = (await readPlanSummary(json, path.basename(planFile))).digest;
      } finally {
        await rm(json, { force: true }); // it holds the planned values, secrets included
      }
      const expected = options.expectedDigest ?? (await options.findExpectedDigest()) ?? (await digestBesidePlan(planFile));
      if (!expected) {
        throw new ActionError(`Refusing to apply ${path.basename(planFile)}: no reviewed plan digest to compare it with (its own digest is ${digest})`, {
          hint: "Pass plan-digest (plan-and-comment's plan-digests output), or apply plan-and-comment's artifact, which carries digest.txt.",
        });
      }
      if (expected.digest !== digest) {
        throw new ActionError(
          `Refusing to apply: the plan's digest ${digest} differs from ${expected.digest} recorded in ${expected.source}. Nothing was changed.`,
          {
            hint: 'The plan is not the one that was reviewed: plan again and review the new plan.',
          },
        );
      }
      digestSource = expected.source;
      core.info(`Plan digest ${digest} matches ${expected.source}`);
    },

    async deploy(target: DeployTarget): Promise<DeployReport> {
      if (!cli) throw new Error('terraform strategy: prepare() was not called');
      artifacts.stateBackup = await backupState(cli, target.deploymentId);
      await apply(cli, planFile, target.deploymentId, `${options.tool} apply`);
      return { note: `applied the saved plan (${digest.slice(0, 19)}…); state backup ${artifacts.stateBackup}`, artifacts: { ...artifacts } };
    },

    async rollback(target: RollbackTarget): Promise<DeployReport> {
      const relative = await pathInRepo(options.moduleDir);
      const worktree = await addWorktree(options.moduleDir, target.sha, options.tempDir);
      try {
        const moduleDir = path.join(worktree.dir, relative);
        if (!existsSync(moduleDir)) throw new DeployFailedError(`the module ${relative} does not exist at ${shortSha(target.sha)}`);
        core.info(`Rolling back: ${shortSha(target.sha)} checked out in ${worktree.dir}; planning its configuration of ${relative}`);
        const tf = await createCli(moduleDir);
        const backup = await backupState(tf, target.deploymentId);
        const plan = path.join(options.tempDir, `rollback-${randomUUID()}.tfplan`);
        try {
          await tf.plan({ out: plan, varFiles: options.varFiles, vars: options.vars, lockTimeoutMs: options.lockTimeoutMs });
          await apply(tf, plan, target.deploymentId, `${options.tool} apply of ${shortSha(target.sha)}'s configuration`);
        } finally {
          await rm(plan, { force: true });
        }
        return { note: `planned and applied ${shortSha(target.sha)}'s configuration from a separate worktree; state backup ${backup}` };
      } finally {
        await worktree.remove();
      }
    },
  };
}
