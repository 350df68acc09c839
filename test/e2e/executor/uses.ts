/**
 * What a `uses:` value refers to. This repository's actions, written either as a local path
 * (`./actions/<x>`) or the way a copied starter workflow names them
 * (`<owner>/dataops-actions/actions/<x>@<ref>`, any owner and ref), run from their built bundle;
 * anything else is a third-party action that needs a stand-in.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { actionDir, repoRoot } from '../../harness/paths.js';

export type UsesTarget =
  | { kind: 'local'; action: string; ref?: string }
  | { kind: 'third-party'; /** `owner/repo[/path]`, lower-cased: the stand-in key. */ name: string; ref: string }
  | { kind: 'unsupported'; reason: string };

/** The repository's name in `uses:`; the owner is whatever organisation hosts the copy. */
export const REPOSITORY_NAME = 'dataops-actions';

const LOCAL_PATH = /^\.\/(actions\/([\w.-]+)|action-template)\/?$/;
const OWN_REMOTE = new RegExp(`^[\\w.-]+/${REPOSITORY_NAME}/(actions/([\\w.-]+)|action-template)@(\\S+)$`, 'i');
const REMOTE = /^([\w.-]+\/[\w.-]+(?:\/[^@]+)?)@(\S+)$/;

export function resolveUses(uses: string): UsesTarget {
  const local = LOCAL_PATH.exec(uses) ?? OWN_REMOTE.exec(uses);
  if (local) {
    const action = local[1] === 'action-template' ? 'action-template' : local[2];
    if (!existsSync(path.join(actionDir(action), 'action.yml')))
      return { kind: 'unsupported', reason: `${uses}: there is no ${path.relative(repoRoot, actionDir(action))}/action.yml in this repository` };
    return { kind: 'local', action, ref: local[3] };
  }
  if (uses.startsWith('docker://')) return { kind: 'unsupported', reason: `${uses}: container actions are not run by the executor` };
  if (uses.startsWith('./')) return { kind: 'unsupported', reason: `${uses}: only this repository's actions/<name> folders can be used by path` };
  const remote = REMOTE.exec(uses);
  if (!remote) return { kind: 'unsupported', reason: `${uses}: not an owner/repo[/path]@ref reference` };
  return { kind: 'third-party', name: remote[1].toLowerCase(), ref: remote[2] };
}
