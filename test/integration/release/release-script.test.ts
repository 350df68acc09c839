/**
 * The release workflow's tagging logic (scripts/release/release.ts, run with tsx as the workflow
 * does) against the fake GitHub API: the dry run prints exactly the refs and release it would
 * create or move and writes nothing; the real run does just that; re-runs, older release lines,
 * pre-releases and conflicts behave; every request matches GitHub's OpenAPI description.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expectNoViolations, fakeSha, startFakeGitHubApi, type FakeGitHubApi } from '../../fakes/github-api/server.js';
import { repoRoot } from '../../harness/paths.js';

const OWNER = 'octo-org';
const REPO = 'dataops-actions';
const TOKEN = 'ghs_releaseWorkflowToken0000000000000';
// tsx's loader in the test's child itself (the tsx CLI would start yet another process).
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const script = path.join(repoRoot, 'scripts', 'release', 'release.ts');

const CHANGELOG = `# Changelog

## 1.4.0 (2026-11-24)

### Features

- **run-data-tests:** anomaly history (fed1234)

## [1.3.0](https://github.com/octo-org/dataops-actions/compare/v1.2.0...v1.3.0) (2026-11-20)

### Features

- **plan-and-comment:** show destroys first (abc1234)

## 1.2.5 (2026-11-19)

### Bug fixes

- keep the sticky comment under the size limit (def5678)

## 2.0.0-rc.1 (2026-11-21)

### ⚠ Breaking changes

- inputs renamed (0123abc)

## 1.0.0 (2026-01-01)

First release.
`;

const commit = (label: string) => fakeSha('release-test', label);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function release(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'release-'));
  writeFileSync(path.join(cwd, 'CHANGELOG.md'), CHANGELOG);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, script, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        GITHUB_API_URL: api.url,
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
        DATAOPS_GITHUB_RETRIES: '0',
        ...env,
      },
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

const writes = () => api.requests.filter((r) => r.method !== 'GET');
const refOf = (tag: string) => api.state.ref(OWNER, REPO, `refs/tags/${tag}`)?.sha;

let api: FakeGitHubApi;
beforeEach(async () => {
  api = await startFakeGitHubApi({ autoCreateRepos: false });
  api.state.addRepo(OWNER, REPO);
});
afterEach(async () => {
  expectNoViolations(api);
  await api.close();
});

describe('a first release', () => {
  const sha = commit('1.0.0');
  beforeEach(() => {
    api.state.seedCommit(OWNER, REPO, sha);
  });

  test('--dry-run prints the refs and release it would create, and writes nothing', async () => {
    const result = await release(['--version', '1.0.0', '--sha', sha, '--dry-run']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      `Dry run: would release v1.0.0 of ${OWNER}/${REPO} at ${sha}:`,
      `  would create refs/tags/v1.0.0 at ${sha} (the release tag; git/create-ref)`,
      `  would publish release v1.0.0 at ${sha}, marked latest (repos/create-release)`,
      `  would create refs/tags/v1.0 at ${sha} (new minor line; git/create-ref)`,
      `  would create refs/tags/v1 at ${sha} (new major line; git/create-ref)`,
      'Nothing was changed (dry run).',
      '',
    ]);
    expect(writes()).toEqual([]);
    expect(new Set(api.requests.map((r) => r.operationId))).toEqual(new Set(['git/get-ref', 'git/list-matching-refs', 'repos/get-release-by-tag']));
    expect(refOf('v1.0.0')).toBeUndefined();
  });

  test('the real run tags, publishes the CHANGELOG section once, and creates the moving tags', async () => {
    const result = await release(['--version', '1.0.0', '--sha', sha]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Released v1.0.0.');
    expect(writes().map((r) => [r.operationId, r.body])).toEqual([
      ['git/create-ref', { ref: 'refs/tags/v1.0.0', sha }],
      [
        'repos/create-release',
        { tag_name: 'v1.0.0', target_commitish: sha, name: 'v1.0.0', body: 'First release.', draft: false, prerelease: false, make_latest: 'true' },
      ],
      ['git/create-ref', { ref: 'refs/tags/v1.0', sha }],
      ['git/create-ref', { ref: 'refs/tags/v1', sha }],
    ]);
    expect([refOf('v1.0.0'), refOf('v1.0'), refOf('v1')]).toEqual([sha, sha, sha]);
    expect(api.state.releases(OWNER, REPO).map((r) => [r.tagName, r.draft, r.prerelease])).toEqual([['v1.0.0', false, false]]);

    // A re-run (say, after a network failure) finds everything done and changes nothing.
    const before = api.requests.length;
    const again = await release(['--version', '1.0.0', '--sha', sha]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('keep release v1.0.0 (already published (a published release is never edited))');
    expect(api.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  test('a token that may only read: the dry run works, the real run stops at the first write naming the permission', async () => {
    api.state.setTokenPermissions(TOKEN, { contents: 'read' });
    expect((await release(['--version', '1.0.0', '--sha', sha, '--dry-run'])).code).toBe(0);
    const result = await release(['--version', '1.0.0', '--sha', sha]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `release: GitHub refused to create refs/tags/v1.0.0 at ${sha} (the release tag; git/create-ref) (HTTP 403: Resource not accessible by integration); the workflow needs \`permissions: contents: write\` (and no tag protection rule blocking it)`,
    );
    expect(api.state.releases(OWNER, REPO)).toEqual([]);
  });
});

describe('later releases', () => {
  const v120 = commit('1.2.0');
  const v130 = commit('1.3.0');

  beforeEach(() => {
    for (const [tag, sha] of [
      ['v1.2.0', v120],
      ['v1.2', v120],
      ['v1.3.0', v130],
      ['v1.3', v130],
      ['v1', v130],
    ] as const) {
      api.state.seedTag(OWNER, REPO, tag, sha, { annotated: tag === 'v1.2.0' });
    }
    api.state.seedRelease(OWNER, REPO, { tagName: 'v1.2.0', targetCommitish: v120 });
    api.state.seedRelease(OWNER, REPO, { tagName: 'v1.3.0', targetCommitish: v130 });
  });

  test('a version whose tag exists at another commit is refused, even in a dry run', async () => {
    const other = commit('elsewhere');
    api.state.seedCommit(OWNER, REPO, other);
    const result = await release(['--version', '1.3.0', '--sha', other, '--dry-run']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `release: tag v1.3.0 already exists at ${v130}, not ${other}: a released version never moves; release a new version instead`,
    );
    expect(writes()).toEqual([]);
  });

  test('a new minor creates v1.4 and moves v1 (a dry run first says so)', async () => {
    const v140 = commit('1.4.0');
    api.state.seedCommit(OWNER, REPO, v140, { parents: [v130] });
    const dry = await release(['--version', '1.4.0', '--sha', v140, '--dry-run']);
    expect(dry.stdout.split('\n').slice(1, 5)).toEqual([
      `  would create refs/tags/v1.4.0 at ${v140} (the release tag; git/create-ref)`,
      `  would publish release v1.4.0 at ${v140}, marked latest (repos/create-release)`,
      `  would create refs/tags/v1.4 at ${v140} (new minor line; git/create-ref)`,
      `  would move refs/tags/v1 from ${v130} to ${v140} (moves to v1.4.0; git/update-ref, force)`,
    ]);
    expect(writes()).toEqual([]);
    expect((await release(['--version', '1.4.0', '--sha', v140])).code).toBe(0);
    expect([refOf('v1.4.0'), refOf('v1.4'), refOf('v1'), refOf('v1.3')]).toEqual([v140, v140, v140, v130]);
  });

  test('a fix on the older 1.2 line moves v1.2 but not v1, and is not marked latest', async () => {
    const v125 = commit('1.2.5');
    api.state.seedCommit(OWNER, REPO, v125, { parents: [v120] });
    const dry = await release(['--version', '1.2.5', '--sha', v125, '--dry-run']);
    expect(dry.stdout.split('\n').slice(1, 5)).toEqual([
      `  would create refs/tags/v1.2.5 at ${v125} (the release tag; git/create-ref)`,
      `  would publish release v1.2.5 at ${v125} (repos/create-release)`,
      `  would move refs/tags/v1.2 from ${v120} to ${v125} (moves to v1.2.5; git/update-ref, force)`,
      '  keep refs/tags/v1 (v1.3.0 is newer)',
    ]);
    expect(writes()).toEqual([]);

    const result = await release(['--version', '1.2.5', '--sha', v125]);
    expect(result.code).toBe(0);
    expect(writes().map((r) => [r.operationId, decodeURIComponent(r.path), r.body])).toEqual([
      ['git/create-ref', `/repos/${OWNER}/${REPO}/git/refs`, { ref: 'refs/tags/v1.2.5', sha: v125 }],
      [
        'repos/create-release',
        `/repos/${OWNER}/${REPO}/releases`,
        expect.objectContaining({
          tag_name: 'v1.2.5',
          make_latest: 'false',
          body: '### Bug fixes\n\n- keep the sticky comment under the size limit (def5678)',
        }),
      ],
      ['git/update-ref', `/repos/${OWNER}/${REPO}/git/refs/tags/v1.2`, { sha: v125, force: true }],
    ]);
    expect([refOf('v1.2'), refOf('v1'), refOf('v1.3')]).toEqual([v125, v130, v130]);
  });

  test('a pre-release moves no tag and is published as a pre-release', async () => {
    const rc = commit('2.0.0-rc.1');
    api.state.seedCommit(OWNER, REPO, rc);
    const result = await release(['--version', '2.0.0-rc.1', '--sha', rc]);
    expect(result.code).toBe(0);
    expect(writes().map((r) => [r.operationId, (r.body as { ref?: string; prerelease?: boolean; make_latest?: string }).ref ?? [r.body]])).toEqual([
      ['git/create-ref', 'refs/tags/v2.0.0-rc.1'],
      ['repos/create-release', [expect.objectContaining({ tag_name: 'v2.0.0-rc.1', prerelease: true, make_latest: 'false' })]],
    ]);
    expect(refOf('v2')).toBeUndefined();
  });
});

test('mistakes are refused before any request', async () => {
  const cases: Array<[string[], number, string]> = [
    [
      ['--version', '1.5.0', '--sha', commit('x')],
      1,
      'release: CHANGELOG.md has no section for 1.5.0: run `npx tsx scripts/release/changelog.ts --version 1.5.0 --write`, merge it, and release that commit',
    ],
    [['--version', 'v1.3.0', '--sha', commit('x')], 2, 'release: --version must be X.Y.Z or X.Y.Z-pre without a leading v (the tag is vX.Y.Z), got "v1.3.0"'],
    [['--version', '1.3', '--sha', commit('x')], 2, 'release: --version must be X.Y.Z or X.Y.Z-pre without a leading v (the tag is vX.Y.Z), got "1.3"'],
    [['--version', '1.3.0', '--sha', 'main'], 2, 'release: --sha (or GITHUB_SHA) must be a full lower-case commit SHA, got "main"'],
  ];
  // Independent processes with their own folders: run them side by side.
  const results = await Promise.all(cases.map(([args]) => release(args)));
  expect(results.map((r) => [r.code, r.stderr.trim()])).toEqual(cases.map(([, code, message]) => [code, message]));
  expect(api.requests).toEqual([]);
});
