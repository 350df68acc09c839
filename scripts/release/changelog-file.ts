/**
 * CHANGELOG.md: a section per release, newest first, under a short header. Sections are generated
 * from conventional commits; an `Unreleased` section is replaced by the release it becomes.
 */
import { SECTIONS, type ParsedCommit } from './conventional-commits.js';

export const CHANGELOG_HEADER = `# Changelog

All notable changes to dataops-actions. One version covers every action in the repository; see
[docs/versioning.md](docs/versioning.md) for how to reference and pin a release. Sections are
generated from conventional commits by \`scripts/release/changelog.ts\`.
`;

export interface SectionOptions {
  /** `1.2.0`, or undefined for the Unreleased section. */
  version?: string;
  /** The previous release tag, for the compare link. */
  previousTag?: string;
  date: string;
  /** `https://github.com/owner/repo`, for links to commits and comparisons. */
  repoUrl?: string;
}

function commitLink(c: ParsedCommit, repoUrl?: string): string {
  const short = c.hash.slice(0, 7);
  return repoUrl ? `([${short}](${repoUrl}/commit/${c.hash}))` : `(${short})`;
}

function entry(c: ParsedCommit, text: string, repoUrl?: string): string {
  return `- ${c.scope ? `**${c.scope}:** ` : ''}${text.replace(/\s+/g, ' ')} ${commitLink(c, repoUrl)}`;
}

export function renderSection(commits: ParsedCommit[], options: SectionOptions): string {
  const tag = options.version ? `v${options.version}` : undefined;
  const title = options.version ?? 'Unreleased';
  const compare = options.repoUrl && options.previousTag ? `${options.repoUrl}/compare/${options.previousTag}...${tag ?? 'HEAD'}` : undefined;
  const lines = [`## ${compare ? `[${title}](${compare})` : title} (${options.date})`, ''];
  const breaking = commits.filter((c) => c.breaking);
  if (breaking.length) lines.push('### ⚠ Breaking changes', '', ...breaking.map((c) => entry(c, c.breaking!, options.repoUrl)), '');
  for (const section of SECTIONS) {
    const listed = commits.filter((c) => section.types.includes(c.type));
    if (listed.length) lines.push(`### ${section.title}`, '', ...listed.map((c) => entry(c, c.description, options.repoUrl)), '');
  }
  if (lines.length === 2) lines.push('No user-facing changes.', '');
  return lines.join('\n');
}

/** Where each `## ` section starts and ends, by its title (`1.2.0` or `Unreleased`). */
function sections(text: string): Array<{ title: string; start: number; end: number }> {
  const found: Array<{ title: string; start: number; end: number }> = [];
  const heading = /^## (?:\[([^\]]+)\]\([^)]*\)|(\S+))/gm;
  for (let m = heading.exec(text); m; m = heading.exec(text)) found.push({ title: (m[1] ?? m[2])!, start: m.index, end: text.length });
  for (let i = 0; i < found.length - 1; i++) found[i]!.end = found[i + 1]!.start;
  return found;
}

/** The changelog with `section` added on top (replacing an Unreleased section); throws if the version is already there. */
export function insertSection(changelog: string, section: string, version?: string): string {
  const text = changelog.trim() ? changelog : CHANGELOG_HEADER;
  const all = sections(text);
  if (version && all.some((s) => s.title === version)) throw new Error(`CHANGELOG.md already has a section for ${version}`);
  const unreleased = all.find((s) => s.title === 'Unreleased');
  if (unreleased) return `${text.slice(0, unreleased.start)}${section.trimEnd()}\n\n${text.slice(unreleased.end)}`.trimEnd() + '\n';
  const first = all[0];
  if (first) return `${text.slice(0, first.start)}${section.trimEnd()}\n\n${text.slice(first.start)}`.trimEnd() + '\n';
  return `${text.trimEnd()}\n\n${section.trimEnd()}\n`;
}

/** The body of the section for `version` (without its heading), or undefined when there is none. */
export function sectionBody(changelog: string, version: string): string | undefined {
  const found = sections(changelog).find((s) => s.title === version);
  if (!found) return undefined;
  return changelog.slice(found.start, found.end).split('\n').slice(1).join('\n').trim();
}
