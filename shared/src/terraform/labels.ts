/**
 * Plan labels on the pull request: `terraform:no-changes`, `terraform:changes` and (with
 * `terraform:changes`) `terraform:destroy` when something is destroyed or replaced. Labels are
 * created in the repository when missing; the ones that no longer apply are removed. When a
 * module failed, the outcome is unknown and all three are removed.
 */
import type { GitHubClient } from '../github.js';
import { explainGitHubError } from '../github.js';

export const PLAN_LABELS = {
  noChanges: { name: 'terraform:no-changes', color: '0e8a16', description: 'Terraform plan: no changes' },
  changes: { name: 'terraform:changes', color: 'fbca04', description: 'Terraform plan: changes to apply' },
  destroy: { name: 'terraform:destroy', color: 'b60205', description: 'Terraform plan: destroys or replaces resources' },
} as const;

export type PlanOutcome = 'no-changes' | 'changes' | 'destroy' | 'unknown';

export function labelsFor(outcome: PlanOutcome): string[] {
  switch (outcome) {
    case 'no-changes':
      return [PLAN_LABELS.noChanges.name];
    case 'changes':
      return [PLAN_LABELS.changes.name];
    case 'destroy':
      return [PLAN_LABELS.changes.name, PLAN_LABELS.destroy.name];
    default:
      return [];
  }
}

export interface LabelTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

/** Sets the plan labels for `outcome`; returns the labels added and removed. */
export async function applyPlanLabels(octokit: GitHubClient, target: LabelTarget, outcome: PlanOutcome): Promise<{ added: string[]; removed: string[] }> {
  const { owner, repo, issueNumber } = target;
  const all = Object.values(PLAN_LABELS);
  const wanted = labelsFor(outcome);
  let current: string[];
  try {
    const labels = await octokit.paginate(octokit.rest.issues.listLabelsOnIssue, { owner, repo, issue_number: issueNumber, per_page: 100 });
    current = labels.map((l) => l.name);
  } catch (err) {
    throw explainGitHubError(err, 'list the pull request labels');
  }
  const added = wanted.filter((name) => !current.includes(name));
  const removed = all.map((l) => l.name).filter((name) => current.includes(name) && !wanted.includes(name));
  for (const name of added) {
    const spec = all.find((l) => l.name === name)!;
    try {
      await octokit.rest.issues.createLabel({ owner, repo, name: spec.name, color: spec.color, description: spec.description });
    } catch (err) {
      // 422: the label already exists in the repository, which is what we want.
      if ((err as { status?: number }).status !== 422) throw explainGitHubError(err, `create the label ${name}`);
    }
  }
  try {
    if (added.length) await octokit.rest.issues.addLabels({ owner, repo, issue_number: issueNumber, labels: added });
    for (const name of removed) {
      try {
        await octokit.rest.issues.removeLabel({ owner, repo, issue_number: issueNumber, name });
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err; // already gone
      }
    }
  } catch (err) {
    throw explainGitHubError(err, 'label the pull request');
  }
  return { added, removed };
}
