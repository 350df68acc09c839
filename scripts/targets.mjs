// Every bundle the repository ships: each action under actions/, plus the action template
// (built and tested so the skeleton new actions start from is known to work; not released).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles that are not actions: `{ name, entry }` builds `entry` into dist/<name>/ (e.g. the `npx dataops-actions` CLI). */
export const extraBundles = [{ name: 'cli', entry: 'shared/src/pin/cli.ts' }];

export function bundleTargets() {
  const actions = readdirSync(path.join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, 'actions', d.name, 'src', 'index.ts')))
    .map((d) => ({ name: d.name, dir: path.join(root, 'actions', d.name) }));
  return [...actions, { name: 'action-template', dir: path.join(root, 'action-template') }].sort((a, b) => a.name.localeCompare(b.name));
}
