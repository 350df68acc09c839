/**
 * What the changelog needs from git: the release tags reachable from a commit and the commits
 * since the previous release. git runs with argument arrays (never a shell) in the given folder.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Commit } from './conventional-commits.js';
import { compareVersions, parseVersion, type Version } from './semver.js';

const run = promisify(execFile);

export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`git ${args.join(' ')} failed: ${(e.stderr || e.message).trim().split('\n')[0]}`, { cause: err });
  }
}

export interface ReleaseTag {
  tag: string;
  version: Version;
}

/** `vX.Y.Z` tags reachable from `to`, newest version first. */
export async function releaseTags(cwd: string, to = 'HEAD'): Promise<ReleaseTag[]> {
  const names = (await git(cwd, ['tag', '--merged', to, '--list', 'v*'])).split('\n').filter(Boolean);
  return names
    .map((tag) => ({ tag, version: parseVersion(tag) }))
    .filter((t): t is ReleaseTag => t.version !== undefined && t.tag.startsWith('v'))
    .sort((a, b) => compareVersions(b.version, a.version));
}

/**
 * The release a changelog for `version` starts after: the newest release tag reachable from `to`
 * that is older than `version` (a stable release counts only stable ones, so its notes include
 * everything its pre-releases had).
 */
export async function previousRelease(cwd: string, to: string, version?: Version): Promise<ReleaseTag | undefined> {
  const tags = await releaseTags(cwd, to);
  return tags.find((t) => (!version || compareVersions(t.version, version) < 0) && (version?.prerelease !== undefined || t.version.prerelease === undefined));
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/** Commits after `from` (exclusive) up to `to`, oldest first, merges left out. */
export async function commitsBetween(cwd: string, from: string | undefined, to = 'HEAD'): Promise<Commit[]> {
  const range = from ? `${from}..${to}` : to;
  const out = await git(cwd, ['log', '--no-merges', '--reverse', `--format=%H${FIELD}%s${FIELD}%b${RECORD}`, range, '--']);
  return out
    .split(RECORD)
    .map((r) => r.replace(/^\n/, ''))
    .filter((r) => r.includes(FIELD))
    .map((r) => {
      const [hash, subject, body] = r.split(FIELD) as [string, string, string];
      return { hash, subject, body: body.trimEnd() };
    });
}
