/** Shared set-up for the setup-terraform bundle tests: the local release mirror and runner dirs. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runAction, createRunnerDirs, type ActionRunOptions, type RunnerDirs } from '../../harness/run-action.js';
import { startReleaseMirror, type MirrorOptions, type ReleaseMirror } from '../../fakes/release-mirror/server.js';

export const TERRAFORM_VERSIONS = ['0.15.5', '1.5.7', '1.8.5', '1.9.0', '1.9.8', '1.10.0-rc1', '1.10.1', '1.10.2', '2.0.0', '2.1.0-beta1'];
export const OPENTOFU_VERSIONS = ['1.9.0-alpha1', '1.8.5', '1.7.3'];

export function startMirror(options: MirrorOptions = {}): Promise<ReleaseMirror> {
  return startReleaseMirror({ terraform: TERRAFORM_VERSIONS, opentofu: OPENTOFU_VERSIONS, ...options });
}

/** Runs the bundle against the mirror, trusting the mirror's test key unless told otherwise. */
export function setup(mirror: ReleaseMirror, inputs: Record<string, string> = {}, options: ActionRunOptions = {}) {
  return runAction('setup-terraform', {
    ...options,
    inputs: { 'releases-url': mirror.url, 'gpg-public-key': mirror.publicKey, ...inputs },
  });
}

/** Every completed install in the tool cache, as `<tool>/<version>/<arch>`. */
export function installed(dirs: RunnerDirs): string[] {
  const found: string[] = [];
  if (!existsSync(dirs.toolCache)) return found;
  for (const tool of readdirSync(dirs.toolCache)) {
    for (const version of readdirSync(path.join(dirs.toolCache, tool))) {
      for (const entry of readdirSync(path.join(dirs.toolCache, tool, version))) {
        if (entry.endsWith('.complete')) found.push(`${tool}/${version}/${entry.replace(/\.complete$/, '')}`);
      }
    }
  }
  return found.sort();
}

/** Everything left in the tool cache and the download folder (for "nothing partial stays behind"). */
export function leftovers(dirs: RunnerDirs): string[] {
  const list = (root: string): string[] => (existsSync(root) ? readdirSync(root, { recursive: true }).map(String) : []);
  return [...list(dirs.toolCache).map((f) => `tool-cache/${f}`), ...list(path.join(dirs.temp, 'setup-terraform')).map((f) => `temp/setup-terraform/${f}`)];
}

export { createRunnerDirs };
