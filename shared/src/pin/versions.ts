/**
 * Version tags as actions publish them: `v4`, `v4.2`, `v4.2.2`, `4.2.2`, `v5.0.0-beta.1`. Used to
 * find the newest tag of the same major (`--update`) and to recognise a version comment.
 */

export interface TagVersion {
  tag: string;
  /** `v` or '' : tags of one action keep one style, and `--update` stays within it. */
  prefix: string;
  /** Major, then minor and patch when the tag has them. */
  parts: number[];
  prerelease?: string;
}

const VERSION = /^([vV]?)(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseTagVersion(tag: string): TagVersion | undefined {
  const m = VERSION.exec(tag);
  if (!m) return undefined;
  const parts = [m[2], m[3], m[4]].filter((p): p is string => p !== undefined).map(Number);
  return { tag, prefix: m[1]!, parts, prerelease: m[5] };
}

/**
 * Orders versions; a more precise tag sorts after a less precise one with the same numbers
 * (v4 < v4.2 < v4.2.0), so the newest tag of a major is the precise release rather than the
 * moving major tag. A pre-release sorts before its release.
 */
export function compareTagVersions(a: TagVersion, b: TagVersion): number {
  for (let i = 0; i < 3; i++) {
    const d = (a.parts[i] ?? -1) - (b.parts[i] ?? -1);
    if (d !== 0) return d;
  }
  if (a.prerelease !== b.prerelease) {
    if (a.prerelease === undefined) return 1;
    if (b.prerelease === undefined) return -1;
    return comparePrerelease(a.prerelease, b.prerelease);
  }
  return 0;
}

function comparePrerelease(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const x = as[i];
    const y = bs[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : undefined;
    const ny = /^\d+$/.test(y) ? Number(y) : undefined;
    if (nx !== undefined && ny !== undefined && nx !== ny) return nx - ny;
    if (nx !== undefined && ny === undefined) return -1;
    if (nx === undefined && ny !== undefined) return 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The newest of `tags` with the same major and prefix style as `current`. Pre-releases only count
 * when `current` is one. Undefined when no tag qualifies.
 */
export function newestOfSameMajor(current: TagVersion, tags: string[]): TagVersion | undefined {
  let best: TagVersion | undefined;
  for (const tag of tags) {
    const v = parseTagVersion(tag);
    if (!v || v.prefix !== current.prefix || v.parts[0] !== current.parts[0]) continue;
    if (v.prerelease !== undefined && current.prerelease === undefined) continue;
    if (!best || compareTagVersions(v, best) > 0) best = v;
  }
  return best;
}

/**
 * Tags to suggest when `wanted` does not exist: those sharing the longest prefix with it, newest
 * first, then the newest versions overall.
 */
export function nearbyTags(wanted: string, tags: string[], limit = 5): string[] {
  const common = (t: string) => {
    let i = 0;
    while (i < t.length && i < wanted.length && t[i] === wanted[i]) i++;
    return i;
  };
  const newestFirst = (a: string, b: string) => {
    const va = parseTagVersion(a);
    const vb = parseTagVersion(b);
    if (va && vb) return compareTagVersions(vb, va);
    if (va) return -1;
    if (vb) return 1;
    return b.localeCompare(a);
  };
  return [...new Set(tags)].sort((a, b) => common(b) - common(a) || newestFirst(a, b)).slice(0, limit);
}
