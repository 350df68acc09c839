/**
 * Which GITHUB_TOKEN permissions each served operation needs, as GitHub documents them for
 * fine-grained tokens and GitHub Apps ("Permissions required for GitHub Apps"). Each entry lists
 * alternative sets: any one satisfied is enough. GitHub names them in `x-accepted-github-permissions`
 * as `issues=write; pull_requests=write` (sets separated by `; `, permissions within a set by `,`).
 */
import type { PermissionLevel, PermissionName, TokenPermissions } from './state.js';

type Requirement = Partial<Record<PermissionName, 'read' | 'write'>>;

const issuesOrPulls = (level: 'read' | 'write'): Requirement[] => [{ issues: level }, { pull_requests: level }];

export const REQUIRED_PERMISSIONS: Record<string, Requirement[]> = {
  'issues/list-comments': issuesOrPulls('read'),
  'issues/get-comment': issuesOrPulls('read'),
  'issues/create-comment': issuesOrPulls('write'),
  'issues/update-comment': issuesOrPulls('write'),
  'issues/delete-comment': issuesOrPulls('write'),
  'issues/list-labels-on-issue': issuesOrPulls('read'),
  'issues/add-labels': issuesOrPulls('write'),
  'issues/remove-label': issuesOrPulls('write'),
  'issues/create-label': issuesOrPulls('write'),
  'issues/get-label': issuesOrPulls('read'),
  'issues/create': [{ issues: 'write' }],
  'issues/update': issuesOrPulls('write'),
  'issues/list-for-repo': [{ issues: 'read' }],
  'pulls/get': [{ pull_requests: 'read' }],
  'pulls/list-files': [{ pull_requests: 'read' }],
  'repos/compare-commits': [{ contents: 'read' }],
  'repos/create-deployment': [{ deployments: 'write' }],
  'repos/list-deployments': [{ deployments: 'read' }],
  'repos/get-deployment': [{ deployments: 'read' }],
  'repos/create-deployment-status': [{ deployments: 'write' }],
  'repos/list-deployment-statuses': [{ deployments: 'read' }],
  'repos/get-commit': [{ contents: 'read' }],
  'git/get-ref': [{ contents: 'read' }],
  'git/list-matching-refs': [{ contents: 'read' }],
  'git/get-tag': [{ contents: 'read' }],
  'repos/list-tags': [{ metadata: 'read' }],
  'repos/get-release-by-tag': [{ contents: 'read' }],
  'repos/list-releases': [{ contents: 'read' }],
  'repos/create-release': [{ contents: 'write' }],
  'git/create-ref': [{ contents: 'write' }],
  'git/update-ref': [{ contents: 'write' }],
  'repos/get': [{ metadata: 'read' }],
};

const RANK: Record<PermissionLevel, number> = { none: 0, read: 1, write: 2 };

function level(permissions: TokenPermissions, name: PermissionName): PermissionLevel {
  // Every GITHUB_TOKEN can read repository metadata, whatever `permissions:` says.
  if (name === 'metadata') return permissions.metadata === 'write' ? 'write' : 'read';
  return permissions[name] ?? 'none';
}

export function acceptedPermissionsHeader(operationId: string): string | undefined {
  const sets = REQUIRED_PERMISSIONS[operationId];
  if (!sets) return undefined;
  return sets
    .map((set) =>
      Object.entries(set)
        .map(([name, lvl]) => `${name}=${lvl}`)
        .join(','),
    )
    .join('; ');
}

/** True when the token's permissions satisfy one of the operation's alternatives (unknown operations pass). */
export function isPermitted(operationId: string, permissions: TokenPermissions): boolean {
  const sets = REQUIRED_PERMISSIONS[operationId];
  if (!sets) return true;
  return sets.some((set) => Object.entries(set).every(([name, lvl]) => RANK[level(permissions, name as PermissionName)] >= RANK[lvl as PermissionLevel]));
}
