/**
 * `dataops-actions pin`: finds the files, then checks, plans, prints or writes. Every problem is one
 * line `file:line: what is wrong`; when there is any, nothing is written and the exit code is 1.
 */
import { errorMessage } from '../errors.js';
import { githubClient, type GitHubClient } from '../github.js';
import type { PinArgs } from './args.js';
import { checkPins, verifyPins } from './check.js';
import { unifiedDiff } from './diff.js';
import { findFiles, readExact, writeAtomic, type FoundFile } from './files.js';
import { planPins, type Finding, type SourceFile } from './plan.js';
import { FatalLookupError, GitHubTagSource, type TagSource } from './tag-source.js';

export interface PinIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Replaces the GitHub lookups (tests); by default the GitHub API with the token from env. */
  source?: TagSource;
}

/** Made on first use: a run that resolves nothing needs no token. */
export function tokenClient(env: NodeJS.ProcessEnv): () => GitHubClient {
  let client: GitHubClient | undefined;
  return () => {
    if (client) return client;
    const token = env.GITHUB_TOKEN || env.GH_TOKEN;
    if (!token)
      throw new FatalLookupError(
        'no GitHub token: set GITHUB_TOKEN or GH_TOKEN to a token that can read the actions’ repositories (for example GH_TOKEN=$(gh auth token))',
      );
    // Inside GitHub Actions the token is masked in the log; elsewhere ::add-mask:: would print it.
    client = githubClient(token, { mask: env.GITHUB_ACTIONS === 'true' });
    return client;
  };
}

const formatFinding = (f: Finding) => `${f.display}:${f.line}: ${f.message}`;

export async function runPin(args: PinArgs, io: PinIO): Promise<number> {
  const files: Array<SourceFile & { path: string }> = [];
  try {
    const found: FoundFile[] = await findFiles(args.paths, io.cwd);
    for (const f of found) files.push({ path: f.path, display: f.display, text: await readExact(f.path, f.display) });
  } catch (err) {
    io.err(`error: ${errorMessage(err)}`);
    return 1;
  }
  if (files.length === 0) {
    io.err(
      `error: no workflow or action files found${args.paths.length ? ` in ${args.paths.join(', ')}` : ' (looked in .github/workflows/ and for action.yml files)'}`,
    );
    return 1;
  }
  const source = io.source ?? new GitHubTagSource(tokenClient(io.env));

  if (args.check) {
    const result = checkPins(files);
    const findings = [...result.findings];
    if (args.verify && result.pinned.length) {
      try {
        findings.push(...(await verifyPins(result.pinned, source)));
      } catch (err) {
        io.err(`error: ${errorMessage(err)}`);
        return 1;
      }
    }
    for (const f of findings) io.out(formatFinding(f));
    if (findings.length) {
      io.err(
        `${findings.length} problem(s) in ${new Set(findings.map((f) => f.display)).size} file(s); run \`npx dataops-actions pin\` to pin every reference to a commit SHA`,
      );
      return 1;
    }
    io.err(
      `All ${result.references} reference(s) in ${files.length} file(s) are pinned to full commit SHAs with version comments${args.verify ? ' that match' : ''}.`,
    );
    return 0;
  }

  let plan;
  try {
    plan = await planPins(files, args.update ? 'update' : 'pin', source);
  } catch (err) {
    io.err(`error: ${errorMessage(err)}`);
    return 1;
  }
  for (const n of plan.notes) io.err(`note: ${formatFinding(n)}`);
  if (plan.problems.length) {
    // One bad reference stops the whole run: a half-pinned repository is harder to review.
    for (const p of plan.problems) io.err(`error: ${formatFinding(p)}`);
    io.err(`${plan.problems.length} problem(s); no file was changed.`);
    return 1;
  }
  const changes = plan.files.reduce((n, f) => n + f.changes.length, 0);
  for (const f of plan.files) for (const c of f.changes) io.err(`${f.file.display}:${c.line}: ${c.from} -> ${c.to}`);
  if (args.dryRun) {
    for (const f of plan.files) io.out(unifiedDiff(f.file.display, f.file.text, f.newText).replace(/\n$/, ''));
    io.err(`Dry run: ${changes} reference(s) in ${plan.files.length} file(s) would change; nothing was written.`);
    return 0;
  }
  const byDisplay = new Map(files.map((f) => [f.display, f]));
  for (const f of plan.files) {
    try {
      await writeAtomic(byDisplay.get(f.file.display)!.path, f.file.display, f.newText, f.file.text);
    } catch (err) {
      io.err(`error: ${errorMessage(err)}`);
      return 1;
    }
  }
  io.err(
    changes
      ? `Pinned ${changes} reference(s) in ${plan.files.length} file(s).`
      : `Nothing to change: all ${plan.references} reference(s) are ${args.update ? 'up to date' : 'pinned'}.`,
  );
  return 0;
}
