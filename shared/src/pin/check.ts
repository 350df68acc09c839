/**
 * `pin --check`: every remote reference must be a full commit SHA with a version comment. This
 * reads only the files (no token, no network), so CI can run it on any pull request. `--verify`
 * additionally asks GitHub that each comment's tag still points at the pinned commit.
 */
import { errorMessage } from '../errors.js';
import { mapLimit } from '../concurrency.js';
import type { Finding, SourceFile } from './plan.js';
import { versionInComment } from './rewrite.js';
import { FatalLookupError, type TagSource } from './tag-source.js';
import { scanUsesRefs, YamlFileError, type UsesRef } from './uses-refs.js';
import { actionName, isFullSha } from './uses-value.js';

export interface CheckResult {
  findings: Finding[];
  /** Remote references seen (pinned or not). */
  references: number;
  /** Pinned references with a version comment, for --verify. */
  pinned: Array<{ display: string; ref: UsesRef }>;
}

export function checkPins(files: SourceFile[]): CheckResult {
  const findings: Finding[] = [];
  const pinned: CheckResult['pinned'] = [];
  let references = 0;
  for (const file of files) {
    let scan;
    try {
      scan = scanUsesRefs(file.text, file.display);
    } catch (err) {
      findings.push({
        display: file.display,
        line: err instanceof YamlFileError ? err.line : 1,
        message: err instanceof YamlFileError ? err.reason : errorMessage(err),
      });
      continue;
    }
    for (const m of scan.malformed) findings.push({ display: file.display, line: m.line, message: m.reason });
    for (const ref of scan.refs) {
      const add = (message: string) => findings.push({ display: file.display, line: ref.line, message });
      const target = ref.target;
      if (target.kind === 'invalid') add(`uses: ${JSON.stringify(ref.value)} ${target.reason}`);
      if (target.kind !== 'remote') continue;
      references++;
      if (!isFullSha(target.ref)) add(`${ref.value} is not pinned to a full commit SHA`);
      else if (!versionInComment(ref.comment)) add(`${actionName(target)}@${target.ref} has no version comment (write \`# v1.2.3\` after it)`);
      else pinned.push({ display: file.display, ref });
    }
  }
  return { findings, references, pinned };
}

/** Findings for pins whose comment names a tag that points elsewhere (or no longer exists). */
export async function verifyPins(pinned: CheckResult['pinned'], source: TagSource): Promise<Finding[]> {
  const findings: Finding[] = [];
  await mapLimit(pinned, 8, async ({ display, ref }) => {
    if (ref.target.kind !== 'remote') return;
    const tag = versionInComment(ref.comment)!;
    try {
      const sha = await source.commitOf(ref.target.owner, ref.target.repo, tag);
      if (sha !== ref.target.ref.toLowerCase())
        findings.push({ display, line: ref.line, message: `${ref.value} says ${tag}, but ${tag} of ${actionName(ref.target)} is ${sha}` });
    } catch (err) {
      if (err instanceof FatalLookupError) throw err;
      findings.push({ display, line: ref.line, message: errorMessage(err) });
    }
  });
  return findings.sort((a, b) => a.display.localeCompare(b.display) || a.line - b.line);
}
