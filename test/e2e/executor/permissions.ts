/**
 * The GITHUB_TOKEN permissions a job gets from `permissions:` (the job's, else the workflow's),
 * as GitHub computes them: a mapping grants what it lists and nothing else (metadata is always
 * readable), `read-all` / `write-all` grant every scope, and a pull request from a fork never
 * gets more than read.
 */
import type { PermissionLevel } from './types.js';

export const PERMISSION_SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
] as const;

/** What a repository with the "restricted" default (GitHub's default for new repositories) grants without `permissions:`. */
const RESTRICTED_DEFAULT: Record<string, PermissionLevel> = { contents: 'read', packages: 'read', metadata: 'read' };

export function resolvePermissions(declared: unknown, options: { fork: boolean }): Record<string, PermissionLevel> {
  let granted: Record<string, PermissionLevel>;
  if (declared === undefined || declared === null) granted = { ...RESTRICTED_DEFAULT };
  else if (declared === 'read-all' || declared === 'write-all') {
    const level = declared === 'read-all' ? 'read' : 'write';
    granted = Object.fromEntries(PERMISSION_SCOPES.map((s) => [s, level]));
  } else if (typeof declared === 'object') {
    granted = {};
    for (const [scope, level] of Object.entries(declared as Record<string, unknown>)) {
      if (!(PERMISSION_SCOPES as readonly string[]).includes(scope)) throw new Error(`permissions: unknown scope ${JSON.stringify(scope)}`);
      if (level !== 'read' && level !== 'write' && level !== 'none')
        throw new Error(`permissions: ${scope} must be read, write or none (got ${JSON.stringify(level)})`);
      granted[scope] = level;
    }
  } else throw new Error(`permissions: ${JSON.stringify(declared)} is not read-all, write-all or a mapping`);
  granted.metadata = 'read';
  if (options.fork) for (const scope of Object.keys(granted)) if (granted[scope] === 'write') granted[scope] = 'read';
  for (const scope of Object.keys(granted)) if (granted[scope] === 'none') delete granted[scope];
  return granted;
}

/** The same grant in the fake GitHub API's spelling (`pull_requests`), limited to the scopes it models. */
export function fakeApiPermissions(granted: Record<string, PermissionLevel>): Record<string, PermissionLevel> {
  const modelled = ['issues', 'pull_requests', 'deployments', 'contents', 'metadata', 'statuses', 'checks', 'actions'];
  const result: Record<string, PermissionLevel> = {};
  for (const name of modelled) result[name] = granted[name.replace('_', '-')] ?? 'none';
  return result;
}
