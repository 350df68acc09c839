/**
 * Which files pin looks at, reading them exactly, and writing them atomically: a temporary file
 * beside the target, renamed over it, so a reader sees the old or the new file and never half of one.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ActionError } from '../errors.js';

const YAML_FILE = /\.ya?ml$/i;
const ACTION_FILE = /^action\.ya?ml$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface FoundFile {
  /** The file to read and write (symbolic links resolved). */
  path: string;
  /** The path to show, relative to the working directory. */
  display: string;
}

async function walk(dir: string, keep: (file: string) => boolean, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) await walk(full, keep, out);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && keep(full)) {
      out.push(full);
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The files named (a directory means every .yml/.yaml below it), or by default the repository's
 * workflows (`.github/workflows/`) and every composite action (`action.yml`) under `cwd`.
 */
export async function findFiles(paths: string[], cwd: string): Promise<FoundFile[]> {
  const found: string[] = [];
  if (paths.length === 0) {
    const workflows = path.join(cwd, '.github', 'workflows');
    if (await exists(workflows)) await walk(workflows, (f) => YAML_FILE.test(f), found);
    await walk(cwd, (f) => ACTION_FILE.test(path.basename(f)), found);
  }
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let info;
    try {
      info = await stat(full);
    } catch {
      throw new ActionError(`${given}: no such file or directory`);
    }
    if (info.isDirectory()) await walk(full, (f) => YAML_FILE.test(f), found);
    else found.push(full);
  }
  const seen = new Set<string>();
  const files: FoundFile[] = [];
  for (const file of found) {
    const real = await realpath(file).catch(() => file);
    if (seen.has(real)) continue;
    seen.add(real);
    files.push({ path: real, display: path.relative(cwd, file) || file });
  }
  return files;
}

/** The file's text; refuses bytes that are not UTF-8, which could not be written back unchanged. */
export async function readExact(file: string, display: string): Promise<string> {
  const bytes = await readFile(file);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new ActionError(`${display}: not valid UTF-8; pin cannot rewrite it without changing other bytes`);
  return text;
}

/**
 * Replaces `file` with `text` atomically, keeping its mode, and only if it still holds `expected`
 * (someone editing it meanwhile is reported rather than overwritten).
 */
export async function writeAtomic(file: string, display: string, text: string, expected: string): Promise<void> {
  const current = await readFile(file, 'utf8');
  if (current !== expected) throw new ActionError(`${display} changed while pinning; run pin again`);
  const { mode } = await lstat(file);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw new ActionError(`${display}: could not write (${(err as Error).message})`, { cause: err });
  }
}
