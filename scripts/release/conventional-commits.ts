/**
 * Conventional commits (`type(scope)!: description`, `BREAKING CHANGE:` footers) read from
 * `git log`, grouped into changelog sections. Commits that do not follow the convention are
 * listed under "Other changes" rather than dropped: the changelog never hides a change.
 */

export interface Commit {
  hash: string;
  subject: string;
  body: string;
}

export interface ParsedCommit extends Commit {
  /** Lower-cased type (`feat`), or undefined for a commit that does not follow the convention. */
  type?: string;
  scope?: string;
  description: string;
  /** The breaking-change note (`BREAKING CHANGE:` footer, or the description for `type!:`). */
  breaking?: string;
}

const HEADER = /^(\w+)(?:\(([^()\r\n]*)\))?(!)?: +(\S.*)$/;
const FOOTER_TOKEN = /^(?:BREAKING[ -]CHANGE|[\w-]+)(?:: | #)/;

/** The text of a `BREAKING CHANGE:` footer: its line and the lines after it up to the next footer or blank line. */
function breakingNote(body: string): string | undefined {
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^BREAKING[ -]CHANGE: /.test(l));
  if (start < 0) return undefined;
  const note = [lines[start]!.replace(/^BREAKING[ -]CHANGE: */, '')];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || FOOTER_TOKEN.test(line)) break;
    note.push(line.trim());
  }
  return note.join(' ').trim() || undefined;
}

export function parseCommit(commit: Commit): ParsedCommit {
  const m = HEADER.exec(commit.subject.trim());
  if (!m) return { ...commit, type: undefined, description: commit.subject.trim() };
  const [, type, scope, bang, description] = m;
  const breaking = breakingNote(commit.body) ?? (bang ? description!.trim() : undefined);
  return { ...commit, type: type!.toLowerCase(), scope: scope?.trim() || undefined, description: description!.trim(), breaking };
}

export type ChangeSize = 'major' | 'minor' | 'patch';

/** How big a release these commits make: breaking → major, a feature → minor, anything else → patch. */
export function changeSize(commits: ParsedCommit[]): ChangeSize {
  if (commits.some((c) => c.breaking)) return 'major';
  if (commits.some((c) => c.type === 'feat')) return 'minor';
  return 'patch';
}

/** Section titles in the order they appear; types not listed (chore, ci, test, style, build) are left out. */
export const SECTIONS: Array<{ title: string; types: Array<string | undefined> }> = [
  { title: 'Features', types: ['feat'] },
  { title: 'Bug fixes', types: ['fix'] },
  { title: 'Performance', types: ['perf'] },
  { title: 'Reverts', types: ['revert'] },
  { title: 'Documentation', types: ['docs'] },
  { title: 'Other changes', types: ['refactor', undefined] },
];
