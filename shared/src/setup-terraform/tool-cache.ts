/**
 * The runner's tool cache, in @actions/tool-cache's layout (<root>/<tool>/<version>/<arch> plus an
 * `<arch>.complete` marker) so other tools find our installs, but installed atomically: the
 * content is built in a temporary folder beside the target and renamed into place only after it
 * is complete and verified. An interrupted install never looks like a cached one.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ActionError } from '../errors.js';
import type { Platform } from './platform.js';

export interface CachedTool {
  dir: string;
  binary: string;
}

export function toolCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNNER_TOOL_CACHE || path.join(env.RUNNER_TEMP || os.tmpdir(), 'tool-cache');
}

function locations(name: string, version: string, platform: Platform, root: string) {
  const versionDir = path.join(root, name, version);
  const dir = path.join(versionDir, platform.cacheArch);
  return { versionDir, dir, marker: `${dir}.complete`, binary: path.join(dir, `${name}${platform.exe}`) };
}

/** A completed install of this exact version, found without touching the network. */
export function findCached(name: string, version: string, platform: Platform, root = toolCacheRoot()): CachedTool | undefined {
  const loc = locations(name, version, platform, root);
  return existsSync(loc.marker) && existsSync(loc.binary) ? { dir: loc.dir, binary: loc.binary } : undefined;
}

/**
 * Runs `populate` on an empty temporary folder, checks the executable is there, then moves the
 * folder into the tool cache. On any failure the temporary folder is removed and nothing is cached.
 */
export async function installAtomically(
  name: string,
  version: string,
  platform: Platform,
  populate: (dir: string) => Promise<void>,
  root = toolCacheRoot(),
): Promise<CachedTool> {
  const loc = locations(name, version, platform, root);
  await mkdir(loc.versionDir, { recursive: true });
  const tmp = path.join(loc.versionDir, `.${platform.cacheArch}.partial-${randomUUID()}`);
  await mkdir(tmp);
  try {
    await populate(tmp);
    const exe = path.join(tmp, `${name}${platform.exe}`);
    const info = await stat(exe).catch(() => undefined);
    if (!info?.isFile()) throw new ActionError(`The archive did not contain ${name}${platform.exe}`);
    await chmod(exe, 0o755);
    if (existsSync(loc.marker) && existsSync(loc.binary)) {
      // Another job on this machine finished the same install first: keep theirs.
      await rm(tmp, { recursive: true, force: true });
      return { dir: loc.dir, binary: loc.binary };
    }
    // A folder without its marker is a leftover of an interrupted install.
    await rm(loc.dir, { recursive: true, force: true });
    try {
      await rename(tmp, loc.dir);
    } catch (err) {
      // Another job on this machine moved its copy in between: keep theirs once it is complete.
      if (!existsSync(loc.dir)) throw err;
      await rm(tmp, { recursive: true, force: true });
      return { dir: loc.dir, binary: loc.binary };
    }
    await writeFile(loc.marker, '');
    return { dir: loc.dir, binary: loc.binary };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
