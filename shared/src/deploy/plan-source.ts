/**
 * Where the saved plan to apply comes from (a file, or plan-and-comment's artifact from this run),
 * and the digest it must have: the one people reviewed. Sources of the expected digest, first
 * found wins: the `plan-digest` input; the plan-and-comment PR comment's hidden marker
 * `<!-- dataops-actions:plan-digest <module-slug> sha256:… -->`; the `planDigest` of the
 * deployment payload when the workflow runs on a `deployment` event; digest.txt beside the plan
 * (what plan-and-comment computed when it made the plan).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ActionError, errorMessage } from '../errors.js';
import type { GitHubClient } from '../github.js';
import { explainGitHubError } from '../github.js';
import { PLAN_ARTIFACT_FILES } from '../terraform/artifacts.js';
import { parseDigest } from '../terraform/digest.js';

export interface ExpectedDigest {
  digest: string;
  /** Where it came from, for the summary and the refusal message. */
  source: string;
}

/** The digest marker plan-and-comment hides in its PR comment. */
export function digestMarkerPattern(slug: string): RegExp {
  const escaped = slug.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<!-- dataops-actions:plan-digest ${escaped} (sha256:[0-9a-f]{64}) -->`);
}

/** The digest recorded for `slug` in the newest comment of the pull request that carries one. */
export async function digestFromPullRequest(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  pullNumber: number,
  slug: string,
): Promise<ExpectedDigest | undefined> {
  const pattern = digestMarkerPattern(slug);
  let found: { digest: string; updatedAt: string; url: string } | undefined;
  try {
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, { ...repo, issue_number: pullNumber, per_page: 100 })) {
      for (const comment of page.data) {
        const match = comment.body ? pattern.exec(comment.body) : null;
        if (match && (!found || comment.updated_at > found.updatedAt)) found = { digest: match[1], updatedAt: comment.updated_at, url: comment.html_url };
      }
    }
  } catch (err) {
    throw explainGitHubError(err, `read the comments of pull request #${pullNumber}`);
  }
  return found ? { digest: found.digest, source: `the plan comment on pull request #${pullNumber}` } : undefined;
}

/** `planDigest` of a `deployment` event's payload (a deployment requested elsewhere with the reviewed digest). */
export function digestFromDeploymentEvent(eventName: string, payload: Record<string, unknown>): ExpectedDigest | undefined {
  if (eventName !== 'deployment') return undefined;
  const deployment = payload.deployment as { id?: number; payload?: unknown } | undefined;
  const inner = deployment?.payload;
  const digest = inner && typeof inner === 'object' ? (inner as { planDigest?: unknown }).planDigest : undefined;
  return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest)
    ? { digest, source: `the payload of deployment ${deployment?.id ?? ''}`.trim() }
    : undefined;
}

/** digest.txt next to the plan file, if any. */
export async function digestBesidePlan(planFile: string): Promise<ExpectedDigest | undefined> {
  const file = path.join(path.dirname(planFile), PLAN_ARTIFACT_FILES.digest);
  if (!existsSync(file)) return undefined;
  const digest = parseDigest(await readFile(file, 'utf8'));
  return digest ? { digest, source: `${PLAN_ARTIFACT_FILES.digest} saved with the plan` } : undefined;
}

/** Downloads plan-and-comment's artifact `name` of this workflow run into a new folder; returns the plan file in it. */
export async function downloadPlanArtifact(name: string, tempDir: string): Promise<string> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const dir = path.join(tempDir, `plan-artifact-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
  try {
    const { artifact } = await client.getArtifact(name);
    await client.downloadArtifact(artifact.id, { path: dir });
  } catch (err) {
    throw new ActionError(`Could not download the plan artifact ${name} of this workflow run: ${errorMessage(err)}`, {
      hint: 'Run plan-and-comment (upload-artifacts: true) in an earlier job of the same run, or download the artifact yourself and pass plan-file.',
      cause: err,
    });
  }
  const planFile = path.join(dir, PLAN_ARTIFACT_FILES.plan);
  if (!existsSync(planFile)) throw new ActionError(`The artifact ${name} has no ${PLAN_ARTIFACT_FILES.plan}: it is not a plan-and-comment plan artifact`);
  return planFile;
}
