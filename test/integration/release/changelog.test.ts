/**
 * CHANGELOG.md from conventional commits: the parser on its own, then scripts/release/changelog.ts
 * (run with tsx) on a scratch git repository made in a temporary folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { changeSize, parseCommit } from '../../../scripts/release/conventional-commits.js';
import { insertSection, sectionBody } from '../../../scripts/release/changelog-file.js';
import { bump, compareVersions, parseVersion } from '../../../scripts/release/semver.js';
import { repoRoot } from '../../harness/paths.js';

// tsx's loader in the test's child itself (the tsx CLI would start yet another process).
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const script = path.join(repoRoot, 'scripts', 'release', 'changelog.ts');

describe('parseCommit', () => {
  test.each([
    ['feat: anomaly history', '', { type: 'feat', scope: undefined, description: 'anomaly history', breaking: undefined }],
    [
      'fix(plan-and-comment): keep the comment under 65536 characters',
      '',
      { type: 'fix', scope: 'plan-and-comment', description: 'keep the comment under 65536 characters' },
    ],
    ['Feat(Deploy)!: strategy is required', '', { type: 'feat', scope: 'Deploy', breaking: 'strategy is required' }],
    [
      'refactor: inputs',
      'Longer text.\n\nBREAKING CHANGE: `timeout` is now a duration\nlike 10m.\nRefs: #12',
      { type: 'refactor', breaking: '`timeout` is now a duration like 10m.' },
    ],
    ['chore: x', 'BREAKING-CHANGE: y', { type: 'chore', breaking: 'y' }],
    ['README quick start (demo and test commands)', '', { type: undefined, description: 'README quick start (demo and test commands)' }],
    ['feat:no space is not the convention', '', { type: undefined }],
    ['Merge pull request #3 from x/y', '', { type: undefined }],
  ])('%j', (subject, body, expected) => {
    expect(parseCommit({ hash: 'a'.repeat(40), subject, body })).toMatchObject(expected);
  });

  test('the size of a release: breaking > feature > anything else', () => {
    const of = (...subjects: string[]) => changeSize(subjects.map((subject) => parseCommit({ hash: 'a', subject, body: '' })));
    expect(of('fix: a', 'feat: b', 'feat!: c')).toBe('major');
    expect(of('fix: a', 'feat: b')).toBe('minor');
    expect(of('fix: a', 'docs: b', 'plain words')).toBe('patch');
    expect(bump(parseVersion('1.4.2'), 'major')).toEqual({ major: 2, minor: 0, patch: 0 });
    expect(bump(parseVersion('0.4.2'), 'major')).toEqual({ major: 0, minor: 5, patch: 0 });
    expect(bump(undefined, 'patch')).toEqual({ major: 0, minor: 1, patch: 0 });
  });

  test('semver order, pre-releases before their release', () => {
    const sorted = ['1.10.0', '1.2.0', '2.0.0-rc.1', '2.0.0', '2.0.0-beta.2', '2.0.0-beta.11'].map((v) => parseVersion(v)!).sort(compareVersions);
    expect(sorted.map((v) => `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}`)).toEqual([
      '1.2.0',
      '1.10.0',
      '2.0.0-beta.2',
      '2.0.0-beta.11',
      '2.0.0-rc.1',
      '2.0.0',
    ]);
    expect(parseVersion('01.2.3')).toBeUndefined();
  });
});

describe('CHANGELOG.md sections', () => {
  const changelog = '# Changelog\n\nIntro.\n\n## Unreleased (2026-01-01)\n\n- wip\n\n## [1.0.0](https://x/compare/a...b) (2025-12-01)\n\nFirst.\n';

  test('a release replaces the Unreleased section; older sections stay', () => {
    const out = insertSection(changelog, '## 1.1.0 (2026-01-02)\n\n### Features\n\n- new\n', '1.1.0');
    expect(out).toBe('# Changelog\n\nIntro.\n\n## 1.1.0 (2026-01-02)\n\n### Features\n\n- new\n\n## [1.0.0](https://x/compare/a...b) (2025-12-01)\n\nFirst.\n');
    expect(sectionBody(out, '1.0.0')).toBe('First.');
    expect(sectionBody(out, '1.1.0')).toBe('### Features\n\n- new');
    expect(sectionBody(out, '1.2.0')).toBeUndefined();
    expect(() => insertSection(out, '## 1.0.0 (x)\n', '1.0.0')).toThrow('CHANGELOG.md already has a section for 1.0.0');
  });
});

function scratchRepo(): { dir: string; commit: (subject: string, body?: string) => string; tag: (name: string) => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'changelog-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  let n = 0;
  return {
    dir,
    commit: (subject, body) => {
      writeFileSync(path.join(dir, `file${n++}.txt`), subject);
      git('add', '.');
      git('commit', '-q', '-m', subject, ...(body ? ['-m', body] : []));
      return git('rev-parse', 'HEAD');
    },
    tag: (name) => git('tag', '-a', name, '-m', name),
  };
}

function changelog(dir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, script, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

describe('scripts/release/changelog.ts on a scratch repository', () => {
  test('suggests the version, writes the section since the last release tag, and prints it back as release notes', async () => {
    const repo = scratchRepo();
    repo.commit('feat: first release');
    repo.tag('v1.0.0');
    const feat = repo.commit('feat(run-data-tests): anomaly history', 'Keeps the last 30 runs.');
    const fix = repo.commit('fix: sticky comment under the size limit');
    repo.commit('chore: bump dev tools');
    const plain = repo.commit('Explain the harness in CONTRIBUTING');
    const [suggest, preview] = await Promise.all([
      changelog(repo.dir, ['--suggest']),
      changelog(repo.dir, ['--version', '1.1.0', '--date', '2026-11-25', '--repo-url', 'https://github.com/octo-org/dataops-actions']),
    ]);
    expect(suggest).toMatchObject({ code: 0, stdout: '1.1.0\n' });
    expect(preview.code).toBe(0);
    const link = (sha: string) => `([${sha.slice(0, 7)}](https://github.com/octo-org/dataops-actions/commit/${sha}))`;
    expect(preview.stdout).toBe(
      [
        '## [1.1.0](https://github.com/octo-org/dataops-actions/compare/v1.0.0...v1.1.0) (2026-11-25)',
        '',
        '### Features',
        '',
        `- **run-data-tests:** anomaly history ${link(feat)}`,
        '',
        '### Bug fixes',
        '',
        `- sticky comment under the size limit ${link(fix)}`,
        '',
        '### Other changes',
        '',
        `- Explain the harness in CONTRIBUTING ${link(plain)}`,
        '',
      ].join('\n'),
    );

    const write = await changelog(repo.dir, ['--version', '1.1.0', '--write', '--date', '2026-11-25']);
    expect(write).toMatchObject({ code: 0, stderr: 'CHANGELOG.md: 1.1.0 section from 4 commit(s) since v1.0.0\n' });
    const written = readFileSync(path.join(repo.dir, 'CHANGELOG.md'), 'utf8');
    expect(written).toMatch(/^# Changelog\n\nAll notable changes to dataops-actions\./);
    expect(written).toContain(`## 1.1.0 (2026-11-25)\n\n### Features\n\n- **run-data-tests:** anomaly history (${feat.slice(0, 7)})\n`);
    expect(written).not.toContain('bump dev tools');

    const notes = await changelog(repo.dir, ['--section', '1.1.0']);
    expect(notes.code).toBe(0);
    expect(notes.stdout).toBe(`${sectionBody(written, '1.1.0')}\n`);
    expect(notes.stdout.startsWith('### Features')).toBe(true);

    // The same version twice, or one not newer than a released one, is refused.
    const twice = await changelog(repo.dir, ['--version', '1.1.0', '--write']);
    expect(twice).toMatchObject({ code: 1, stderr: 'changelog: CHANGELOG.md already has a section for 1.1.0\n' });
    const older = await changelog(repo.dir, ['--version', '0.9.0']);
    expect(older).toMatchObject({ code: 1, stderr: 'changelog: v1.0.0 is already released: the next version must be newer\n' });
  });

  test('breaking changes call for a major version; a smaller one is released with a warning', async () => {
    const repo = scratchRepo();
    repo.commit('feat: one');
    repo.tag('v1.0.0');
    repo.commit('refactor(inputs)!: rename timeout to timeout-minutes');
    const [suggest, smaller] = await Promise.all([changelog(repo.dir, ['--suggest']), changelog(repo.dir, ['--version', '1.1.0', '--date', '2026-01-01'])]);
    expect(suggest.stdout).toBe('2.0.0\n');
    expect(smaller.code).toBe(0);
    expect(smaller.stderr).toBe('warning: the commits since v1.0.0 call for 2.0.0 (major change); releasing 1.1.0\n');
    expect(smaller.stdout).toContain('### ⚠ Breaking changes\n\n- **inputs:** rename timeout to timeout-minutes');
  });

  test('no commits since the last release: nothing to suggest; usage mistakes exit 2', async () => {
    const repo = scratchRepo();
    repo.commit('feat: one');
    repo.tag('v1.0.0');
    const [suggest, bad, missing] = await Promise.all([
      changelog(repo.dir, ['--suggest']),
      changelog(repo.dir, ['--version', 'v2.0.0']),
      changelog(repo.dir, ['--section', '3.0.0']),
    ]);
    expect(suggest).toMatchObject({ code: 1, stderr: 'changelog: no commits since v1.0.0: nothing to release\n' });
    expect(bad).toMatchObject({ code: 2, stderr: 'changelog: --version must be X.Y.Z or X.Y.Z-pre (no leading v), got "v2.0.0"\n' });
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('changelog: ') });
  });
});
