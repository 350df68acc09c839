/**
 * Versions and version constraints in Terraform's own grammar (the one `required_version` and
 * `.terraform-version` use), not npm's: `~> 1.9` is >= 1.9.0 and < 2.0.0, `~> 1.9.0` is >= 1.9.0
 * and < 1.10.0, constraints are comma-separated and ALL must hold, `!=` excludes one version.
 * npm semver reads `~> 1.9` differently, which is how the official action silently widened ranges.
 *
 * Pre-releases follow Terraform's documented rule: only an exact constraint selects one, unless the
 * caller opts in (`include-prereleases`), in which case they take part in ordinary comparisons.
 */

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** `rc1`, `alpha20210728`, `beta2`; '' for a release. */
  prerelease: string;
  /** How many numeric segments were written (1 for `1`, 2 for `1.9`): `~>` depends on it. */
  segments: number;
  /** The text as written (without a leading `v`). */
  raw: string;
}

const VERSION_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]+)?$/;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const nums = [m[1], m[2], m[3]].map((s) => (s === undefined ? 0 : Number(s)));
  if (nums.some((n) => !Number.isSafeInteger(n))) return undefined;
  return {
    major: nums[0],
    minor: nums[1],
    patch: nums[2],
    prerelease: m[4] ?? '',
    segments: m[3] !== undefined ? 3 : m[2] !== undefined ? 2 : 1,
    raw: text.trim().replace(/^v/, ''),
  };
}

/** A complete release version (three segments), the only kind the release indexes contain. */
export function isExactVersion(text: string): boolean {
  const v = parseVersion(text);
  return v !== undefined && v.segments === 3;
}

/** Natural order of pre-release identifiers: rc2 < rc10, alpha < beta < rc. */
function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1; // a release sorts after its pre-releases
  if (b === '') return -1;
  const split = (s: string) => s.split(/[.-]|(?<=\d)(?=\D)|(?<=\D)(?=\d)/).filter(Boolean);
  const pa = split(a);
  const pb = split(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb) {
      const d = Number(pa[i]) - Number(pb[i]);
      if (d !== 0) return Math.sign(d);
    } else if (na !== nb) {
      return na ? -1 : 1;
    } else if (pa[i] !== pb[i]) {
      return pa[i] < pb[i] ? -1 : 1;
    }
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  return Math.sign(a.major - b.major) || Math.sign(a.minor - b.minor) || Math.sign(a.patch - b.patch) || comparePrerelease(a.prerelease, b.prerelease);
}

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';

export interface Clause {
  op: Operator;
  version: Version;
}

export interface Constraint {
  clauses: Clause[];
  text: string;
}

export class ConstraintSyntaxError extends Error {
  constructor(
    readonly text: string,
    readonly detail: string,
  ) {
    super(`invalid version constraint ${JSON.stringify(text)}: ${detail}`);
    this.name = 'ConstraintSyntaxError';
  }
}

const CLAUSE_RE = /^(=|!=|>=|<=|>|<|~>)?\s*(\S+)$/;

/** Parses `1.9.8`, `= 1.9.8`, `~> 1.9`, `>= 1.5, < 2.0, != 1.7.3`. */
export function parseConstraint(text: string): Constraint {
  const trimmed = text.trim();
  if (trimmed === '') throw new ConstraintSyntaxError(text, 'it is empty');
  const clauses = trimmed.split(',').map((part) => {
    const p = part.trim();
    const m = CLAUSE_RE.exec(p);
    if (!m) throw new ConstraintSyntaxError(text, `cannot read ${JSON.stringify(p)} (expected an operator =, !=, >, >=, <, <=, ~> and a version)`);
    const version = parseVersion(m[2]);
    if (!version) throw new ConstraintSyntaxError(text, `${JSON.stringify(m[2])} is not a version`);
    const op = (m[1] ?? '=') as Operator;
    return { op, version };
  });
  return { clauses, text: trimmed };
}

/** The version this constraint pins, when it is a single exact `= x.y.z` (no network needed). */
export function pinnedVersion(c: Constraint): string | undefined {
  if (c.clauses.length === 1 && c.clauses[0].op === '=' && c.clauses[0].version.segments === 3) return c.clauses[0].version.raw;
  return undefined;
}

/** The exclusive upper bound of `~>`: bump the second-to-last written segment. */
function pessimisticUpper(v: Version): Version | undefined {
  switch (v.segments) {
    case 3:
      return { ...v, minor: v.minor + 1, patch: 0, prerelease: '', segments: 3 };
    case 2:
      return { ...v, major: v.major + 1, minor: 0, patch: 0, prerelease: '', segments: 3 };
    default:
      return undefined; // `~> 1` lets every later component move: no upper bound
  }
}

function clauseAllows(clause: Clause, v: Version): boolean {
  const c = clause.version;
  const cmp = compareVersions(v, c);
  switch (clause.op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '~>': {
      if (cmp < 0) return false;
      const upper = pessimisticUpper(c);
      return upper === undefined || compareVersions(v, upper) < 0;
    }
  }
}

export interface MatchOptions {
  includePrereleases?: boolean;
}

export function satisfies(v: Version, c: Constraint, options: MatchOptions = {}): boolean {
  if (v.prerelease !== '' && !options.includePrereleases) {
    // Documented rule: a pre-release is chosen only by an exact constraint naming it.
    const exact = c.clauses.some((cl) => cl.op === '=' && compareVersions(cl.version, v) === 0);
    if (!exact) return false;
  }
  return c.clauses.every((clause) => clauseAllows(clause, v));
}

/** The newest version in the list that satisfies the constraint, or undefined. */
export function newestSatisfying(versions: string[], c: Constraint, options: MatchOptions = {}): string | undefined {
  let best: Version | undefined;
  for (const text of versions) {
    const v = parseVersion(text);
    if (!v || v.segments !== 3) continue;
    if (satisfies(v, c, options) && (!best || compareVersions(v, best) > 0)) best = v;
  }
  return best?.raw;
}

/** Newest first; unparseable entries are dropped. */
export function sortVersionsDescending(versions: string[]): string[] {
  return versions
    .map((t) => parseVersion(t))
    .filter((v): v is Version => v !== undefined)
    .sort((a, b) => compareVersions(b, a))
    .map((v) => v.raw);
}

/** Up to `count` published versions closest to the requested one, for a helpful "not found". */
export function nearbyVersions(versions: string[], wanted: string, count = 5): string[] {
  const target = parseVersion(wanted);
  const sorted = sortVersionsDescending(versions).filter((v) => !parseVersion(v)!.prerelease || target?.prerelease);
  if (!target) return sorted.slice(0, count);
  const idx = sorted.findIndex((v) => compareVersions(parseVersion(v)!, target) < 0);
  const at = idx < 0 ? sorted.length : idx;
  const start = Math.max(0, Math.min(at - Math.ceil(count / 2), sorted.length - count));
  return sorted.slice(start, start + count);
}
