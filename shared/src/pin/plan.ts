/**
 * Decides, reference by reference, what each file should become: `pin` turns `@tag` into
 * `@<sha> # tag`; `update` also moves pins (and tags) to the newest tag of the same major. Nothing
 * is written here: the result is every file's new text, or the problems that stop the run.
 */
import { mapLimit } from '../concurrency.js';
import { errorMessage } from '../errors.js';
import { applyEdits, commentWord, PinError, pinEdits, verifyRewrite, versionInComment, type Edit, type ExpectedPin } from './rewrite.js';
import { FatalLookupError, type TagSource } from './tag-source.js';
import type { UsesRef } from './uses-refs.js';
import { scanUsesRefs, YamlFileError } from './uses-refs.js';
import { actionName, isFullSha, withRef } from './uses-value.js';
import { compareTagVersions, newestOfSameMajor, parseTagVersion } from './versions.js';

export type PinMode = 'pin' | 'update';

export interface SourceFile {
  /** The path as shown to the user (relative to the working directory). */
  display: string;
  text: string;
}

export interface RefChange {
  line: number;
  from: string;
  to: string;
}

export interface FilePlan {
  file: SourceFile;
  newText: string;
  changes: RefChange[];
}

export interface Finding {
  display: string;
  line: number;
  message: string;
}

export interface PinPlan {
  files: FilePlan[];
  /** Anything that stops the run: nothing is written when there is one. */
  problems: Finding[];
  /** Things worth knowing that do not stop it (a pin left alone in --update). */
  notes: Finding[];
  references: number;
}

interface Target {
  /** The ref to write (a commit SHA) and the tag named in its comment. */
  sha: string;
  tag: string;
}

export async function planPins(files: SourceFile[], mode: PinMode, source: TagSource): Promise<PinPlan> {
  const problems: Finding[] = [];
  const notes: Finding[] = [];
  const scanned = files.flatMap((file) => {
    try {
      return [{ file, scan: scanUsesRefs(file.text, file.display) }];
    } catch (err) {
      problems.push({
        display: file.display,
        line: err instanceof YamlFileError ? err.line : 1,
        message: err instanceof YamlFileError ? err.reason : errorMessage(err),
      });
      return [];
    }
  });
  for (const { file, scan } of scanned) for (const m of scan.malformed) problems.push({ display: file.display, line: m.line, message: m.reason });

  // Every decision is made first (lookups run concurrently and are cached), then each file is edited.
  const jobs = scanned.flatMap(({ file, scan }) => scan.refs.map((ref) => ({ file, ref })));
  const targets = new Map<UsesRef, Target>();
  await mapLimit(jobs, 8, async ({ file, ref }) => {
    try {
      const target = await decide(ref, mode, source, (message) => notes.push({ display: file.display, line: ref.line, message }));
      if (target) targets.set(ref, target);
    } catch (err) {
      if (err instanceof FatalLookupError) throw err;
      problems.push({ display: file.display, line: ref.line, message: errorMessage(err) });
    }
  });
  const references = jobs.filter((j) => j.ref.target.kind === 'remote').length;

  const plans: FilePlan[] = [];
  for (const { file, scan } of scanned) {
    const edits: Edit[] = [];
    const expected: ExpectedPin[] = [];
    const changes: RefChange[] = [];
    scan.refs.forEach((ref, index) => {
      const target = targets.get(ref);
      if (!target || ref.target.kind !== 'remote') return;
      const value = withRef(ref.target, target.sha);
      if (value === ref.value && commentWord(ref.comment) === target.tag) return;
      try {
        edits.push(...pinEdits(file.text, ref, target.sha, target.tag));
        expected.push({ index, value, tag: target.tag });
        changes.push({ line: ref.line, from: describe(ref.value, versionInComment(ref.comment)), to: describe(value, target.tag) });
      } catch (err) {
        problems.push({ display: file.display, line: err instanceof PinError ? err.line : ref.line, message: errorMessage(err) });
      }
    });
    if (!edits.length) continue;
    const newText = applyEdits(file.text, edits);
    try {
      verifyRewrite(file.display, file.text, newText, expected);
    } catch (err) {
      problems.push({ display: file.display, line: err instanceof PinError ? err.line : 1, message: errorMessage(err) });
      continue;
    }
    plans.push({ file, newText, changes });
  }
  problems.sort((a, b) => a.display.localeCompare(b.display) || a.line - b.line);
  notes.sort((a, b) => a.display.localeCompare(b.display) || a.line - b.line);
  return { files: plans, problems, notes, references };
}

function describe(value: string, comment: string | undefined): string {
  return comment && !value.endsWith(`@${comment}`) ? `${value} # ${comment}` : value;
}

/** Where one reference should point, or undefined to leave it as it is. */
async function decide(ref: UsesRef, mode: PinMode, source: TagSource, note: (message: string) => void): Promise<Target | undefined> {
  if (ref.target.kind !== 'remote') {
    if (ref.target.kind === 'invalid') throw new Error(`uses: ${JSON.stringify(ref.value)} ${ref.target.reason}`);
    return undefined;
  }
  const { owner, repo } = ref.target;
  const pinned = isFullSha(ref.target.ref);
  if (mode === 'pin') {
    if (pinned) return undefined;
    return { sha: await source.commitOf(owner, repo, ref.target.ref), tag: ref.target.ref };
  }

  // --update: start from the version the reference names (its tag, or a pin's comment).
  let current = pinned ? versionInComment(ref.comment) : ref.target.ref;
  if (pinned && !current) {
    current = await versionAt(source, owner, repo, ref.target.ref.toLowerCase());
    if (!current) {
      note(`${actionName(ref.target)}@${ref.target.ref.slice(0, 12)}… has no version comment and no version tag points at it; left as it is`);
      return undefined;
    }
  }
  const version = parseTagVersion(current!);
  let tag = current!;
  if (version) {
    const prefix = `${version.prefix}${version.parts[0]}`;
    const newest = newestOfSameMajor(
      version,
      (await source.tags(owner, repo, prefix)).map((t) => t.name),
    );
    if (newest && compareTagVersions(newest, version) > 0) tag = newest.tag;
    else if (!newest) note(`${actionName(ref.target)}: no tags of major ${prefix} found; kept ${current}`);
  }
  return { sha: await source.commitOf(owner, repo, tag), tag };
}

/** The most precise version tag pointing at `sha` (for a pin written without a comment). */
async function versionAt(source: TagSource, owner: string, repo: string, sha: string): Promise<string | undefined> {
  const candidates = (await source.tags(owner, repo, ''))
    .map((t) => ({ ref: t, version: parseTagVersion(t.name) }))
    .filter((c) => c.version !== undefined && c.version.prerelease === undefined)
    .sort((a, b) => compareTagVersions(b.version!, a.version!))
    // Peeling annotated tags costs a request each: look at the newest versions only.
    .slice(0, 50);
  for (const c of candidates) {
    if (c.ref.object.type === 'commit' ? c.ref.object.sha.toLowerCase() === sha : (await source.peel(owner, repo, c.ref)) === sha) return c.ref.name;
  }
  return undefined;
}
