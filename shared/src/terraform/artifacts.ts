/**
 * Plan artifacts: where plan-and-comment leaves each root module's saved plan for a later, verified
 * apply (deploy-with-rollback downloads it by name).
 *
 * Convention:
 * - name: `terraform-plan-<module-slug>` (planArtifactName), where the slug is the module's path
 *   relative to the workspace, lower-cased, `/` and other characters outside [a-z0-9._-] turned into
 *   `-` (`infra/prod` → `infra-prod`, the workspace root → `root`), followed by `--ws-<workspace>`
 *   when the Terraform workspace is not `default` (`infra-prod--ws-staging`).
 * - files at the artifact's root (PLAN_ARTIFACT_FILES): `plan.tfplan` (the binary plan to apply),
 *   `plan.json` (`show -json` of it), `digest.txt` (one line `sha256:<hex>`, see digest.ts),
 *   `plan.txt` (`show -no-color`) and `summary.json` (module, workspace, commit, counts, digest).
 * The plan file and its JSON contain the values Terraform planned, secrets included: treat the
 * artifact as sensitive (it is readable by whoever can read the repository's Actions artifacts).
 */
import * as path from 'node:path';
import { ActionError, errorMessage } from '../errors.js';

export const PLAN_ARTIFACT_PREFIX = 'terraform-plan-';

export const PLAN_ARTIFACT_FILES = {
  plan: 'plan.tfplan',
  json: 'plan.json',
  digest: 'digest.txt',
  text: 'plan.txt',
  summary: 'summary.json',
} as const;

function slugPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** The slug of a module: `relativeDir` is its path relative to the workspace (`.` for the root). */
export function moduleSlug(relativeDir: string, workspace = 'default'): string {
  const dir = relativeDir
    .split(path.sep)
    .join('/')
    .replace(/^\.\/?/, '')
    .replace(/\/+$/, '');
  const base = slugPart(dir.replace(/\//g, '-')) || 'root';
  return workspace && workspace !== 'default' ? `${base}--ws-${slugPart(workspace) || 'x'}` : base;
}

export function planArtifactName(relativeDir: string, workspace = 'default'): string {
  return `${PLAN_ARTIFACT_PREFIX}${moduleSlug(relativeDir, workspace)}`;
}

/** The digest line written to digest.txt. */
export function digestFileText(digest: string): string {
  return `${digest}\n`;
}

export interface UploadedArtifact {
  name: string;
  id?: number;
  size?: number;
}

/**
 * Uploads `files` (absolute paths inside `rootDir`) as one artifact. @actions/artifact is loaded
 * only here: it is large and most runs of other actions never need it.
 */
export async function uploadArtifact(name: string, rootDir: string, files: string[], options: { retentionDays?: number } = {}): Promise<UploadedArtifact> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  try {
    const result = await new DefaultArtifactClient().uploadArtifact(name, files, rootDir, { retentionDays: options.retentionDays, compressionLevel: 6 });
    return { name, id: result.id, size: result.size };
  } catch (err) {
    throw new ActionError(`Could not upload the artifact ${name}: ${errorMessage(err)}`, {
      hint: "Artifacts need the runner's Actions service (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL); on GitHub Enterprise Server or local runners set `upload-artifacts: false`.",
      cause: err,
    });
  }
}
