/**
 * A workflow that uses one of our actions `@main` (or any branch) runs whatever that branch holds
 * today: no review of what changed, no way to reproduce yesterday's run. Release tags (`@v1`,
 * `@v1.2.3`) and commit SHAs are what a workflow should reference, so anything else gets a
 * `::warning::` once per step. GITHUB_ACTION_REF is empty for local actions (`uses: ./…`).
 */
import * as core from '@actions/core';

// `v1`, `v1.2`, `v1.2.3`, and pre-releases of a full version (`v1.2.3-rc.1`), with or without the `v`.
const RELEASE_TAG = /^v?\d+(?:\.\d+)?$|^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const COMMIT_SHA = /^[0-9a-f]{40}$/i;

let warned = false;

/** True for refs that do not silently move with development: a release tag or a full commit SHA. */
export function isReleaseRef(ref: string): boolean {
  return RELEASE_TAG.test(ref) || COMMIT_SHA.test(ref);
}

/** Warns (at most once per process) when the action runs from a branch; returns whether it warned. */
export function warnOnBranchRef(actionName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const ref = (env.GITHUB_ACTION_REF ?? '').trim();
  if (warned || ref === '' || isReleaseRef(ref)) return false;
  warned = true;
  const repository = env.GITHUB_ACTION_REPOSITORY || 'dataops-actions';
  core.warning(
    `${actionName} runs from ${repository}@${ref}, a branch or other moving ref: the code can change between runs without review. ` +
      `Reference a release tag (@v1) or pin a commit (@<full sha> # v1.2.3; \`npx dataops-actions pin\` does it).`,
  );
  return true;
}
