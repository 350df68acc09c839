/**
 * What is in a runner tool cache, in @actions/tool-cache's layout (<tool>/<version>/<arch> with an
 * `<arch>.complete` marker): complete installs, and everything else (partial folders, folders
 * without their marker, markers without their folder, an install missing its executable). Empty
 * folders are not counted: nothing could be mistaken for an install there.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { record } from './ledger.js';

export interface ToolCacheScan {
  complete: string[];
  partial: string[];
}

export function scanToolCache(root: string, executables: Record<string, string> = { terraform: 'terraform', tofu: 'tofu' }): ToolCacheScan {
  const scan: ToolCacheScan = { complete: [], partial: [] };
  if (!existsSync(root)) return scan;
  for (const tool of readdirSync(root)) {
    const toolDir = path.join(root, tool);
    if (!statSync(toolDir).isDirectory()) {
      scan.partial.push(tool);
      continue;
    }
    for (const version of readdirSync(toolDir)) {
      const versionDir = path.join(toolDir, version);
      // An empty version folder (left by a refused install) holds nothing anyone could mistake for an install.
      const entries = statSync(versionDir).isDirectory() ? readdirSync(versionDir) : [];
      for (const entry of entries) {
        const id = `${tool}/${version}/${entry}`;
        if (entry.endsWith('.complete')) {
          if (!existsSync(path.join(versionDir, entry.slice(0, -'.complete'.length)))) scan.partial.push(`${id} (marker without its folder)`);
          continue;
        }
        if (!existsSync(path.join(versionDir, `${entry}.complete`))) {
          scan.partial.push(`${id} (no .complete marker)`);
          continue;
        }
        const exe = executables[tool] ?? tool;
        const found = [exe, `${exe}.exe`].some((name) => existsSync(path.join(versionDir, entry, name)));
        if (found) scan.complete.push(id);
        else scan.partial.push(`${id} (executable missing)`);
      }
    }
  }
  return scan;
}

/** Scans and writes the partial entries to the ledger (the "partial installs left" figure). */
export function recordToolCache(root: string): ToolCacheScan {
  const scan = scanToolCache(root);
  record({ kind: 'partial', partial: scan.partial });
  return scan;
}
