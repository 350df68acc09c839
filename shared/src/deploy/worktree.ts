/**
 * A separate git worktree of one commit, for rolling back infrastructure: the good SHA's
 * configuration is checked out beside the workspace (never over it), fetched first when a shallow
 * checkout does not have it, and removed afterwards.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { ActionError } from '../errors.js';
import { exec } from '../exec.js';

async function git(cwd: string, args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await exec('git', args, { cwd, stream: false });
  return { exitCode: result.exitCode, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

export interface Worktree {
  dir: string;
  sha: string;
  remove(): Promise<void>;
}

/** The top folder of the git checkout holding `dir`. */
export async function gitRoot(dir: string): Promise<string> {
  const result = await git(dir, ['rev-parse', '--show-toplevel']);
  if (result.exitCode !== 0) {
    throw new ActionError(`${dir} is not inside a git checkout, so the good commit cannot be checked out for the rollback`, {
      hint: 'Check out the repository (actions/checkout) before this step.',
    });
  }
  return result.stdout;
}

/** Checks out `sha` (detached) into a new folder under `parentDir`. */
export async function addWorktree(repoDir: string, sha: string, parentDir: string): Promise<Worktree> {
  const root = await gitRoot(repoDir);
  const present = await git(root, ['cat-file', '-e', `${sha}^{commit}`]);
  if (present.exitCode !== 0) {
    // A shallow checkout (actions/checkout's default fetch-depth: 1) lacks older commits.
    const fetched = await git(root, ['fetch', '--no-tags', '--depth=1', 'origin', sha]);
    if (fetched.exitCode !== 0) {
      throw new ActionError(`Commit ${sha} is not in the checkout and could not be fetched: ${fetched.stderr.split('\n').pop() ?? ''}`, {
        hint: 'Use actions/checkout with fetch-depth: 0, or make sure the remote `origin` still has the commit.',
      });
    }
  }
  const dir = path.join(parentDir, `rollback-${sha.slice(0, 12)}-${randomUUID().slice(0, 8)}`);
  const added = await git(root, ['worktree', 'add', '--detach', dir, sha]);
  if (added.exitCode !== 0) throw new ActionError(`git worktree add for ${sha} failed: ${added.stderr}`);
  return {
    dir,
    sha,
    async remove() {
      await git(root, ['worktree', 'remove', '--force', dir]);
      await git(root, ['worktree', 'prune']);
    },
  };
}

/** The path of `dir` relative to the top of its checkout (`.` for the top itself). */
export async function pathInRepo(dir: string): Promise<string> {
  const root = await gitRoot(dir);
  return path.relative(root, dir) || '.';
}
