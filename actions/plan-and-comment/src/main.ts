/**
 * Thin entrypoint: read every input first (a bad one fails before any command runs), plan and
 * report through the shared core, set the outputs, then fail the step if a module failed.
 */
import * as core from '@actions/core';
import { runAction, type ActionContext } from '#shared/action.js';
import { ActionError } from '#shared/errors.js';
import { getBoolean, getDuration, getEnum, getInteger, getLines, getSecret, getString } from '#shared/inputs.js';
import { isOpenTofu, TOOL_NAMES } from '#shared/tool-name.js';
import { digestsOutput, modulesOutput, planAndComment, type PlanAndCommentSettings } from '#shared/terraform/plan-and-comment.js';
import { parseVarsInput, validateExtraArgs } from '#shared/terraform/settings.js';
import { ACTION_NAME, Inputs, Outputs } from './constants.js';

function readInputs(): PlanAndCommentSettings {
  const workingDirectories = getLines(Inputs.WorkingDirectories);
  if (workingDirectories.length === 0) throw new ActionError(`Input '${Inputs.WorkingDirectories}' is required but was not set`);
  const workspace = getString(Inputs.Workspace) || 'default';
  if (!/^[A-Za-z0-9_.-]+$/.test(workspace))
    throw new ActionError(`Input '${Inputs.Workspace}' has invalid value ${JSON.stringify(workspace)}: expected letters, digits, '.', '_' and '-'`);
  return {
    workingDirectories,
    workspace,
    varFiles: getLines(Inputs.VarFiles),
    vars: parseVarsInput(Inputs.Vars, core.getInput(Inputs.Vars)),
    backendConfig: getLines(Inputs.BackendConfig),
    initArgs: validateExtraArgs(Inputs.InitArgs, 'init', getLines(Inputs.InitArgs)),
    planArgs: validateExtraArgs(Inputs.PlanArgs, 'plan', getLines(Inputs.PlanArgs)),
    tool: isOpenTofu(getEnum(Inputs.Tool, TOOL_NAMES, 'terraform')) ? 'tofu' : 'terraform',
    parallelism: getInteger(Inputs.Parallelism, { min: 1, max: 32 }, 1),
    lockTimeoutMs: getDuration(Inputs.LockTimeout, 120_000),
    changedOnly: getBoolean(Inputs.ChangedOnly, false),
    comment: getBoolean(Inputs.Comment, true),
    commentKey: getString(Inputs.CommentKey),
    label: getBoolean(Inputs.Label, false),
    driftIssue: getBoolean(Inputs.DriftIssue, false),
    uploadArtifacts: getBoolean(Inputs.UploadArtifacts, true),
    githubToken: getSecret(Inputs.GitHubToken),
  };
}

async function main({ metrics }: ActionContext): Promise<void> {
  const settings = readInputs();
  const result = await planAndComment(
    settings,
    { workingDirectories: Inputs.WorkingDirectories, varFiles: Inputs.VarFiles, backendConfig: Inputs.BackendConfig },
    metrics,
  );
  core.setOutput(Outputs.HasChanges, String(result.hasChanges));
  core.setOutput(Outputs.Add, String(result.totals.add));
  core.setOutput(Outputs.Change, String(result.totals.change));
  core.setOutput(Outputs.Replace, String(result.totals.replace));
  core.setOutput(Outputs.Destroy, String(result.totals.destroy));
  core.setOutput(Outputs.Modules, modulesOutput(result.modules));
  core.setOutput(Outputs.CommentUrl, result.commentUrl ?? '');
  core.setOutput(Outputs.PlanDigests, digestsOutput(result.modules));
  core.setOutput(Outputs.Drift, String(result.drift));
  if (result.failure) throw result.failure;
}

export async function run(): Promise<void> {
  await runAction(ACTION_NAME, main);
}
