/**
 * Tags a release of the whole repository (run by .github/workflows/release.yml after check-dist
 * and the tests passed on the same commit):
 *
 *   npx tsx scripts/release/release.ts --version 1.3.0 --sha <commit> [--repository owner/repo] [--dry-run]
 *
 * The release notes are CHANGELOG.md's section for the version, which must exist in the commit
 * being released. `--dry-run` reads the current tags and prints exactly which refs and release it
 * would create or move, without writing anything. Needs GITHUB_TOKEN (contents: write to tag;
 * contents: read for a dry run); GITHUB_API_URL defaults to https://api.github.com.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sectionBody } from './changelog-file.js';
import { describeStep, ReleasePlanner } from './github-release.js';
import { formatVersion, parseVersion, tagOf } from './semver.js';

class UsageError extends Error {}

interface Options {
  version: string;
  sha: string;
  repository: string;
  changelog: string;
  dryRun: boolean;
}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Options {
  const options: Partial<Options> = { sha: env.GITHUB_SHA, repository: env.GITHUB_REPOSITORY, changelog: 'CHANGELOG.md', dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--version') options.version = value();
    else if (arg === '--sha') options.sha = value();
    else if (arg === '--repository') options.repository = value();
    else if (arg === '--changelog') options.changelog = value();
    else if (arg === '--dry-run') options.dryRun = true;
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (!options.version) throw new UsageError('--version is required (X.Y.Z)');
  if (!options.sha || !/^[0-9a-f]{40}$/.test(options.sha))
    throw new UsageError(`--sha (or GITHUB_SHA) must be a full lower-case commit SHA, got ${JSON.stringify(options.sha ?? '')}`);
  if (!options.repository || !/^[\w.-]+\/[\w.-]+$/.test(options.repository))
    throw new UsageError(`--repository (or GITHUB_REPOSITORY) must be owner/repo, got ${JSON.stringify(options.repository ?? '')}`);
  return options as Options;
}

async function main(): Promise<void> {
  const env = process.env;
  const options = parseArgs(process.argv.slice(2), env);
  const version = parseVersion(options.version);
  // The input is the bare version; the tag adds the `v`.
  if (!version || options.version.startsWith('v'))
    throw new UsageError(`--version must be X.Y.Z or X.Y.Z-pre without a leading v (the tag is vX.Y.Z), got ${JSON.stringify(options.version)}`);
  const changelogPath = path.resolve(options.changelog);
  const changelog = await readFile(changelogPath, 'utf8').catch(() => '');
  const notes = sectionBody(changelog, formatVersion(version));
  if (notes === undefined) {
    throw new Error(
      `${options.changelog} has no section for ${formatVersion(version)}: run \`npx tsx scripts/release/changelog.ts --version ${formatVersion(version)} --write\`, merge it, and release that commit`,
    );
  }

  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) throw new Error('no GitHub token: set GITHUB_TOKEN (the workflow passes github.token)');
  const [owner, repo] = options.repository.split('/') as [string, string];
  // Loaded only now: argument mistakes are reported without loading the API client.
  const { githubClient } = await import('../../shared/src/github.js');
  const planner = new ReleasePlanner(githubClient(token, { mask: env.GITHUB_ACTIONS === 'true' }), owner, repo);
  const steps = await planner.plan({ owner, repo, version, sha: options.sha, notes });

  console.log(`${options.dryRun ? 'Dry run: would release' : 'Releasing'} ${tagOf(version)} of ${options.repository} at ${options.sha}:`);
  for (const step of steps) {
    if (!options.dryRun) await planner.apply(step);
    console.log(`  ${options.dryRun && step.kind !== 'keep' ? 'would ' : ''}${describeStep(step)}`);
  }
  console.log(options.dryRun ? 'Nothing was changed (dry run).' : `Released ${tagOf(version)}.`);
}

main().catch((err: unknown) => {
  console.error(`release: ${(err as Error).message}`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
