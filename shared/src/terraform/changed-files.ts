/**
 * The files a pull request changes, as absolute paths: from git when the checkout has both commits
 * (`git diff base...head`, what GitHub shows), else from the API (pulls/{n}/files, which lists at
 * most 3000 files). Renames count as both paths. Undefined when neither can tell: plan everything.
 */
import * as path from 'node:path';
import { exec } from '../exec.js';
import { infoUntrusted } from '../log.js';
import { errorMessage } from '../errors.js';
import type { GitHubClient } from '../github.js';
import { explainGitHubError } from '../github.js';

export interface ChangedFilesRequest {
  /** A directory inside the checkout. */
  cwd: string;
  baseSha: string;
  headSha: string;
  octokit?: GitHubClient;
  owner: string;
  repo: string;
  pullNumber: number;
}

export interface ChangedFiles {
  files: string[];
  via: 'git' | 'api';
}

/** GitHub's cap on pulls/{n}/files. */
export const API_FILE_LIMIT = 3000;

async function git(cwd: string, args: string[]) {
  return exec('git', args, { cwd, stream: false });
}

export async function changedFilesFromGit(cwd: string, baseSha: string, headSha: string): Promise<string[] | undefined> {
  try {
    const top = await git(cwd, ['rev-parse', '--show-toplevel']);
    if (top.exitCode !== 0) return undefined;
    const root = top.stdout.trim();
    const diff = await git(cwd, ['diff', '--name-only', '--no-renames', '-z', `${baseSha}...${headSha}`, '--']);
    if (diff.exitCode !== 0) {
      infoUntrusted(`git cannot diff ${baseSha.slice(0, 7)}...${headSha.slice(0, 7)} here (a shallow checkout?): ${diff.stderr.trim().split('\n')[0]}`);
      return undefined;
    }
    return diff.stdout
      .split('\0')
      .filter(Boolean)
      .map((f) => path.resolve(root, f));
  } catch (err) {
    infoUntrusted(`git is not usable here: ${errorMessage(err)}`);
    return undefined;
  }
}

export async function changedFilesFromApi(request: ChangedFilesRequest, workspace: string): Promise<string[] | undefined> {
  if (!request.octokit) return undefined;
  const files: string[] = [];
  try {
    for await (const page of request.octokit.paginate.iterator(request.octokit.rest.pulls.listFiles, {
      owner: request.owner,
      repo: request.repo,
      pull_number: request.pullNumber,
      per_page: 100,
    })) {
      for (const f of page.data) {
        files.push(path.resolve(workspace, f.filename));
        if (f.previous_filename) files.push(path.resolve(workspace, f.previous_filename));
      }
    }
  } catch (err) {
    throw explainGitHubError(err, 'list the files changed by the pull request');
  }
  if (files.length >= API_FILE_LIMIT) return undefined;
  return files;
}

export async function changedFiles(request: ChangedFilesRequest, workspace: string): Promise<ChangedFiles | undefined> {
  const fromGit = await changedFilesFromGit(request.cwd, request.baseSha, request.headSha);
  if (fromGit) return { files: fromGit, via: 'git' };
  const fromApi = await changedFilesFromApi(request, workspace);
  return fromApi ? { files: fromApi, via: 'api' } : undefined;
}
