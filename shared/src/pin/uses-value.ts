/**
 * What a `uses:` value names: a local action (`./path`), a Docker image (`docker://…`), or a
 * remote action or reusable workflow (`owner/repo[/path]@ref`), which is what pin rewrites.
 */

export type UsesTarget =
  | { kind: 'local'; value: string }
  | { kind: 'docker'; value: string }
  | { kind: 'remote'; value: string; owner: string; repo: string; /** `/path/inside` or '' */ path: string; ref: string }
  | { kind: 'invalid'; value: string; reason: string };

// Owner: GitHub login characters; repository: letters, digits, `.`, `_`, `-`; the ref is anything
// without whitespace (tags and branches may contain `/`), so the path is everything up to the last `@`.
const REMOTE = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)((?:\/[^\s@]+)?)@([^\s@]+)$/;

export function parseUses(value: string): UsesTarget {
  if (value.startsWith('./') || value.startsWith('../') || value === '.') return { kind: 'local', value };
  if (value.startsWith('docker://')) return { kind: 'docker', value };
  if (value.includes('${{')) return { kind: 'invalid', value, reason: 'expressions are not allowed in uses:' };
  if (!value.includes('@')) return { kind: 'invalid', value, reason: 'has no @ref (expected owner/repo[/path]@ref)' };
  const m = REMOTE.exec(value);
  if (!m) return { kind: 'invalid', value, reason: 'is not owner/repo[/path]@ref' };
  return { kind: 'remote', value, owner: m[1]!, repo: m[2]!, path: m[3]!, ref: m[4]! };
}

/** A full commit SHA: the only ref that cannot move. */
export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/i.test(ref);
}

/** `owner/repo[/path]`: what a remote reference names, without its ref. */
export function actionName(target: { owner: string; repo: string; path: string }): string {
  return `${target.owner}/${target.repo}${target.path}`;
}

/** The `uses:` value with another ref. */
export function withRef(target: { owner: string; repo: string; path: string }, ref: string): string {
  return `${actionName(target)}@${ref}`;
}
