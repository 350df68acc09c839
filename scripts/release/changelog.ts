/**
 * CHANGELOG.md from conventional commits (`git log` since the previous `vX.Y.Z` tag).
 *
 *   npx tsx scripts/release/changelog.ts --suggest                  the next version the commits call for
 *   npx tsx scripts/release/changelog.ts --version 1.3.0 [--write]  the section for 1.3.0 (printed, or added to CHANGELOG.md)
 *   npx tsx scripts/release/changelog.ts --unreleased [--write]     the Unreleased section
 *   npx tsx scripts/release/changelog.ts --section 1.3.0            print an existing section (the release notes)
 *
 * Options: --file <CHANGELOG.md> --to <ref> (default HEAD) --date <YYYY-MM-DD> --repo-url <https://github.com/o/r>
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { changeSize, parseCommit } from './conventional-commits.js';
import { insertSection, renderSection, sectionBody } from './changelog-file.js';
import { commitsBetween, git, previousRelease, releaseTags } from './git-history.js';
import { bump, compareVersions, formatVersion, parseVersion } from './semver.js';

interface Options {
  mode: 'suggest' | 'version' | 'unreleased' | 'section';
  version?: string;
  write: boolean;
  file: string;
  to: string;
  date?: string;
  repoUrl?: string;
}

class UsageError extends Error {}

function parseArgs(argv: string[], cwd: string): Options {
  const options: Options = { mode: 'unreleased', write: false, file: path.join(cwd, 'CHANGELOG.md'), to: 'HEAD' };
  let modes = 0;
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--suggest':
        options.mode = 'suggest';
        modes++;
        break;
      case '--unreleased':
        options.mode = 'unreleased';
        modes++;
        break;
      case '--version':
      case '--section':
        options.mode = arg === '--version' ? 'version' : 'section';
        options.version = value(i++, arg);
        modes++;
        break;
      case '--write':
        options.write = true;
        break;
      case '--file':
        options.file = path.resolve(cwd, value(i++, arg));
        break;
      case '--to':
        options.to = value(i++, arg);
        break;
      case '--date':
        options.date = value(i++, arg);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new UsageError(`--date must be YYYY-MM-DD, got ${JSON.stringify(options.date)}`);
        break;
      case '--repo-url':
        options.repoUrl = value(i++, arg).replace(/\/$/, '');
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (modes > 1) throw new UsageError('choose one of --suggest, --version, --unreleased, --section');
  if (options.write && (options.mode === 'suggest' || options.mode === 'section')) throw new UsageError(`--write goes with --version or --unreleased`);
  return options;
}

/** `https://github.com/owner/repo` from the Actions environment or the `origin` remote, if it is GitHub. */
async function repoUrl(cwd: string): Promise<string | undefined> {
  if (process.env.GITHUB_REPOSITORY) return `${(process.env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, '')}/${process.env.GITHUB_REPOSITORY}`;
  const remote = (await git(cwd, ['remote', 'get-url', 'origin']).catch(() => '')).trim();
  const m = /github\.com[:/]([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(remote);
  return m ? `https://github.com/${m[1]}` : undefined;
}

async function main(argv: string[]): Promise<void> {
  const cwd = process.cwd();
  const options = parseArgs(argv, cwd);

  if (options.mode === 'section') {
    const body = sectionBody(await readFile(options.file, 'utf8'), options.version!);
    if (body === undefined) throw new Error(`${path.relative(cwd, options.file)} has no section for ${options.version}`);
    process.stdout.write(`${body}\n`);
    return;
  }

  const wanted = options.version !== undefined ? parseVersion(options.version) : undefined;
  if (options.version !== undefined && (!wanted || options.version.startsWith('v')))
    throw new UsageError(`--version must be X.Y.Z or X.Y.Z-pre (no leading v), got ${JSON.stringify(options.version)}`);
  const previous = await previousRelease(cwd, options.to, wanted);
  const commits = (await commitsBetween(cwd, previous?.tag, options.to)).map(parseCommit);
  const next = bump(previous?.version, changeSize(commits));

  if (options.mode === 'suggest') {
    if (previous && commits.length === 0) throw new Error(`no commits since ${previous.tag}: nothing to release`);
    process.stdout.write(`${formatVersion(next)}\n`);
    return;
  }
  if (wanted) {
    const newest = (await releaseTags(cwd, options.to))[0];
    if (newest && compareVersions(newest.version, wanted) >= 0 && !wanted.prerelease)
      throw new Error(`${newest.tag} is already released: the next version must be newer`);
    if (!wanted.prerelease && compareVersions(wanted, next) < 0) {
      console.error(
        `warning: the commits since ${previous?.tag ?? 'the start'} call for ${formatVersion(next)} (${changeSize(commits)} change); releasing ${formatVersion(wanted)}`,
      );
    }
  }

  const section = renderSection(commits, {
    version: wanted ? formatVersion(wanted) : undefined,
    previousTag: previous?.tag,
    date: options.date ?? new Date().toISOString().slice(0, 10),
    repoUrl: options.repoUrl ?? (await repoUrl(cwd)),
  });
  if (!options.write) {
    process.stdout.write(section);
    return;
  }
  const current = await readFile(options.file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? '' : Promise.reject(err)));
  const updated = insertSection(current, section, wanted ? formatVersion(wanted) : undefined);
  // Atomic: a temporary file renamed over CHANGELOG.md.
  const temp = `${options.file}.${process.pid}.tmp`;
  await writeFile(temp, updated);
  await rename(temp, options.file);
  console.error(
    `${path.relative(cwd, options.file)}: ${wanted ? formatVersion(wanted) : 'Unreleased'} section from ${commits.length} commit(s) since ${previous?.tag ?? 'the first commit'}`,
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`changelog: ${(err as Error).message}`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
