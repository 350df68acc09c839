/**
 * The provider plugin cache: TF_PLUGIN_CACHE_DIR for every later `terraform init` in the job, kept
 * across runs with @actions/cache under a key made of the hash of every `.terraform.lock.hcl` in
 * the workspace, so a change of any pinned provider makes a new cache (older ones still restore
 * as a starting point).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Platform } from './platform.js';
import type { Tool } from './releases.js';

const SKIP_DIRS = new Set(['.git', '.terraform', 'node_modules']);

/** Lock files under root, as sorted workspace-relative paths with forward slashes. */
export function findLockFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 20) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(path.join(dir, e.name), depth + 1);
      else if (e.isFile() && e.name === '.terraform.lock.hcl') found.push(path.relative(root, path.join(dir, e.name)).split(path.sep).join('/'));
    }
  };
  walk(root, 0);
  return found.sort();
}

/** SHA-256 over each lock file's path and content (line endings normalised, so Windows matches). */
export function hashLockFiles(root: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file), 'utf8').replace(/\r\n/g, '\n'));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export interface PluginCachePlan {
  dir: string;
  key: string;
  restoreKeys: string[];
  lockFiles: string[];
}

export function planPluginCache(tool: Tool, platform: Platform, workspace: string, env: NodeJS.ProcessEnv = process.env): PluginCachePlan {
  const lockFiles = findLockFiles(workspace);
  const prefix = `setup-terraform-plugins-${tool}-${platform.os}-${platform.arch}-`;
  const hash = lockFiles.length ? hashLockFiles(workspace, lockFiles) : 'no-lock-files';
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return { dir: path.join(home, '.terraform.d', 'plugin-cache'), key: `${prefix}${hash}`, restoreKeys: [prefix], lockFiles };
}
