/** Paths the tests share: the repository root, the shipped bundles and the Node 24 runtime. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** GitHub runs `node24` actions with Node 24; the machine's own node may be older. */
export const node24 = path.join(repoRoot, 'node_modules', 'node', 'bin', 'node');

/** The folder holding an action's action.yml (actions/<name>, or the template). */
export function actionDir(name: string): string {
  return name === 'action-template' ? path.join(repoRoot, 'action-template') : path.join(repoRoot, 'actions', name);
}
