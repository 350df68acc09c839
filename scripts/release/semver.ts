/**
 * The repository's one version (all actions release together): strict `X.Y.Z` or `X.Y.Z-pre`,
 * tagged `vX.Y.Z`, with the moving `vX` and `vX.Y` tags users reference.
 */

export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease?: string;
}

const SEMVER =
  /^v?(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

export function parseVersion(text: string): Version | undefined {
  const m = SEMVER.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] };
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}`;
}

export const tagOf = (v: Version) => `v${formatVersion(v)}`;

export function compareVersions(a: Version, b: Version): number {
  const d = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (d !== 0) return d;
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === undefined) return 1;
  if (b.prerelease === undefined) return -1;
  const as = a.prerelease.split('.');
  const bs = b.prerelease.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    if (as[i] === undefined) return -1;
    if (bs[i] === undefined) return 1;
    const [x, y] = [as[i]!, bs[i]!];
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The moving tags a stable release updates: `vX.Y` and `vX` (pre-releases move nothing). */
export function movingTags(v: Version): string[] {
  return v.prerelease ? [] : [`v${v.major}.${v.minor}`, `v${v.major}`];
}

/** The next version after `previous` for a change of this size (a 0.x major bump stays in 0.x, as semver allows). */
export function bump(previous: Version | undefined, change: 'major' | 'minor' | 'patch'): Version {
  if (!previous) return { major: 0, minor: 1, patch: 0 };
  if (change === 'major' && previous.major > 0) return { major: previous.major + 1, minor: 0, patch: 0 };
  if (change === 'major' || change === 'minor') return { major: previous.major, minor: previous.minor + 1, patch: 0 };
  return { major: previous.major, minor: previous.minor, patch: previous.patch + 1 };
}
