/**
 * Root modules to plan: the `working-directories` input (directories or globs, relative to the
 * workspace) resolved to directories holding Terraform files, and each one's local modules
 * (followed transitively through `module { source = "./…" }`) for `changed-only`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as glob from '@actions/glob';
import { InputError } from '../errors.js';
import { isLocalSource, moduleCalls } from './hcl-modules.js';

export interface RootModule {
  /** Absolute path. */
  dir: string;
  /** Relative to the workspace, with `/` separators; `.` for the workspace itself. */
  relativeDir: string;
}

const isTerraformFile = (name: string) => name.endsWith('.tf') || name.endsWith('.tf.json');

export function hasTerraformFiles(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some((e) => e.isFile() && isTerraformFile(e.name));
  } catch {
    return false;
  }
}

export function relativeToWorkspace(workspace: string, dir: string): string {
  const rel = path.relative(workspace, dir).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

const GLOB_CHARS = /[*?[\]]/;

/**
 * Resolves the patterns to root modules, sorted by path. A plain path must be a directory with
 * .tf files; a glob must match at least one. Everything must stay inside the workspace.
 */
export async function findRootModules(patterns: string[], workspace: string, inputName = 'working-directories'): Promise<RootModule[]> {
  const found = new Map<string, RootModule>();
  const root = path.resolve(workspace);
  const inside = (dir: string) => {
    const rel = path.relative(root, dir);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  for (const pattern of patterns) {
    if (pattern.includes('\0')) throw new InputError(inputName, pattern, 'a directory or glob');
    if (!GLOB_CHARS.test(pattern)) {
      const dir = path.resolve(root, pattern);
      if (!inside(dir)) throw new InputError(inputName, pattern, 'a directory inside the workspace');
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(inputName, pattern, 'an existing directory (relative to the workspace)');
      if (!hasTerraformFiles(dir)) throw new InputError(inputName, pattern, 'a directory containing .tf or .tf.json files');
      found.set(dir, { dir, relativeDir: relativeToWorkspace(root, dir) });
      continue;
    }
    const absolute = path.isAbsolute(pattern) ? pattern : path.join(root, pattern);
    const globber = await glob.create(absolute, { matchDirectories: true, implicitDescendants: false, followSymbolicLinks: false });
    let matched = 0;
    for await (const match of globber.globGenerator()) {
      if (!inside(match) || !hasTerraformFiles(match)) continue;
      matched++;
      found.set(match, { dir: match, relativeDir: relativeToWorkspace(root, match) });
    }
    if (matched === 0) throw new InputError(inputName, pattern, 'a glob matching at least one directory with .tf files inside the workspace');
  }
  return [...found.values()].sort((a, b) => a.relativeDir.localeCompare(b.relativeDir));
}

/** The local module directories a module calls (direct calls only), as absolute paths. */
export async function localModuleCalls(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter(isTerraformFile);
  } catch {
    return [];
  }
  const dirs = new Set<string>();
  for (const name of entries) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    for (const call of moduleCalls(name, text)) if (isLocalSource(call.source)) dirs.add(path.resolve(dir, call.source));
  }
  return [...dirs];
}

/** Every directory a root module depends on through local module sources (transitively), itself included. */
export async function moduleDependencies(rootDir: string): Promise<Set<string>> {
  const seen = new Set<string>([rootDir]);
  const queue = [rootDir];
  while (queue.length) {
    for (const dep of await localModuleCalls(queue.shift()!)) {
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return seen;
}

/**
 * The root modules affected by a set of changed files (absolute paths). Each changed file belongs
 * to the deepest known module directory containing it (so a nested root or local module does not
 * also count as a change to its parent); a root is affected when it or one of its local modules
 * owns a changed file, or when one of `extraFiles` (var files, backend files) changed.
 */
export async function affectedModules(
  roots: RootModule[],
  changedFiles: string[],
  extraFiles: (root: RootModule) => string[] = () => [],
): Promise<RootModule[]> {
  const deps = new Map<string, Set<string>>();
  const moduleDirs = new Set<string>();
  for (const r of roots) {
    const d = await moduleDependencies(r.dir);
    deps.set(r.dir, d);
    for (const dir of d) moduleDirs.add(dir);
  }
  const changedDirs = new Set<string>();
  for (const file of changedFiles) {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (moduleDirs.has(dir)) {
        changedDirs.add(dir);
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  const changed = new Set(changedFiles);
  return roots.filter((r) => [...deps.get(r.dir)!].some((d) => changedDirs.has(d)) || extraFiles(r).some((f) => changed.has(f)));
}
