/**
 * The built CLI (dist/cli/index.js under Node 24) against the fake GitHub API, whose tags/refs
 * endpoints are checked against GitHub's OpenAPI description, on real-looking workflow files:
 * comments, anchors, flow mappings, odd spacing and CRLF are kept byte for byte outside the refs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectNoViolations, fakeSha, startFakeGitHubApi, type FakeGitHubApi } from '../../fakes/github-api/server.js';
import { node24, repoRoot } from '../../harness/paths.js';

const cli = path.join(repoRoot, 'dist', 'cli', 'index.js');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'pin');
const TOKEN = 'ghp_pinIntegrationToken000000000000000';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: options.cwd, DATAOPS_GITHUB_RETRIES: '0' };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(node24, [cli, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** A scratch repository with the fixtures as its workflow and a composite action (stored under another name, so that pinning this repository never finds it). */
function scratchRepo(options: { crlf?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pin-cli-'));
  mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
  mkdirSync(path.join(dir, '.github', 'actions', 'toolchain'), { recursive: true });
  const convert = (text: string) => (options.crlf ? text.replace(/\n/g, '\r\n') : text);
  writeFileSync(path.join(dir, '.github', 'workflows', 'ci.yml'), convert(readFileSync(path.join(fixtures, 'ci.yml'), 'utf8')));
  writeFileSync(path.join(dir, '.github', 'actions', 'toolchain', 'action.yml'), convert(readFileSync(path.join(fixtures, 'composite-action.yml'), 'utf8')));
  return dir;
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const CI = '.github/workflows/ci.yml';
const ACTION = '.github/actions/toolchain/action.yml';

const commit = (label: string) => fakeSha('commit', label);
const SHAS = {
  checkoutV4: commit('checkout v4.2.2'),
  setupPython: commit('setup-python v5.3.0'),
  cacheV4: commit('cache v4.2.0'),
  docsV210: commit('docs v2.1.0'),
};

/** Tags as GitHub has them: some annotated (a tag object to peel), some lightweight. */
function seedTags(api: FakeGitHubApi): void {
  const s = api.state;
  s.seedTag('actions', 'checkout', 'v4', SHAS.checkoutV4, { annotated: true });
  s.seedTag('actions', 'checkout', 'v4.2.2', SHAS.checkoutV4, { annotated: true });
  s.seedTag('actions', 'checkout', 'v4.1.7', commit('checkout v4.1.7'));
  s.seedTag('actions', 'checkout', 'v3', commit('checkout v3'));
  s.seedTag('actions', 'setup-python', 'v5.3.0', SHAS.setupPython);
  s.seedTag('actions', 'setup-python', 'v5', SHAS.setupPython);
  s.seedTag('actions', 'cache', 'v4', SHAS.cacheV4, { annotated: true });
  s.seedTag('actions', 'cache', 'v4.2.0', SHAS.cacheV4, { annotated: true });
  s.seedTag('actions', 'upload-artifact', 'v4.5.0', '0123456789abcdef0123456789abcdef01234567');
  s.seedTag('octo-org', 'shared-workflows', 'v2.1.0', SHAS.docsV210);
}

/** The fixture with exactly these substrings replaced (each must occur as often as given). */
function expectedText(text: string, replacements: Array<[string, string, number?]>): string {
  let out = text;
  for (const [from, to, times = 1] of replacements) {
    expect(out.split(from).length - 1).toBe(times);
    out = out.split(from).join(to);
  }
  return out;
}

const CI_PINNED: Array<[string, string, number?]> = [
  ['- uses: actions/checkout@v4      # fetch the models', `- uses: actions/checkout@${SHAS.checkoutV4}      # v4 fetch the models`],
  ['- uses: actions/checkout@v4\n', `- uses: actions/checkout@${SHAS.checkoutV4} # v4\n`],
  ["uses:   'actions/setup-python@v5.3.0'", `uses:   'actions/setup-python@${SHAS.setupPython}' # v5.3.0`],
  [`key: 'k-\${{ hashFiles(''**/*.lock'') }}' } }`, `key: 'k-\${{ hashFiles(''**/*.lock'') }}' } } # v4`],
  ['"actions/cache@v4"', `"actions/cache@${SHAS.cacheV4}"`],
  ['docs.yml@v2.1.0', `docs.yml@${SHAS.docsV210} # v2.1.0`],
];
const ACTION_PINNED: Array<[string, string, number?]> = [
  ['actions/setup-python@v5.3.0 # v5.3.0', `actions/setup-python@${SHAS.setupPython} # v5.3.0`],
  ['- uses: actions/cache@v4\n', `- uses: actions/cache@${SHAS.cacheV4} # v4\n`],
];

let api: FakeGitHubApi;
beforeEach(async () => {
  api = await startFakeGitHubApi();
  seedTags(api);
});
afterEach(async () => {
  await api.close();
});

const online = () => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url });

describe('pin (default mode) through the GitHub API', () => {
  test.each([
    ['LF', false],
    ['CRLF', true],
  ])('pins every reference in the workflows and composite actions; nothing else changes (%s)', async (_name, crlf) => {
    const dir = scratchRepo({ crlf });
    const ci = read(dir, CI);
    const action = read(dir, ACTION);
    const eol = crlf ? '\r\n' : '\n';
    const result = await runCli(['pin'], { cwd: dir, env: online() });
    expect(result.stderr).toContain('Pinned 7 reference(s) in 2 file(s).');
    expect(result.code).toBe(0);
    const fix = (list: Array<[string, string, number?]>) =>
      list.map(([a, b, n]): [string, string, number?] => [a.replace(/\n/g, eol), b.replace(/\n/g, eol), n]);
    expect(read(dir, CI)).toBe(expectedText(ci, fix(CI_PINNED)));
    expect(read(dir, ACTION)).toBe(expectedText(action, fix(ACTION_PINNED)));
    expect(result.stderr).toContain(`${CI}:24: actions/checkout@v4 -> actions/checkout@${SHAS.checkoutV4} # v4\n`);
    // Each tag looked up once (the cache), annotated ones peeled through git/get-tag.
    const gets = api.requestsFor('git/get-ref').map((r) => decodeURIComponent(r.path));
    expect(gets.sort()).toEqual(
      [
        '/repos/actions/cache/git/ref/tags/v4',
        '/repos/actions/checkout/git/ref/tags/v4',
        '/repos/actions/setup-python/git/ref/tags/v5.3.0',
        '/repos/octo-org/shared-workflows/git/ref/tags/v2.1.0',
      ].sort(),
    );
    expect(api.requestsFor('git/get-tag')).toHaveLength(2);
    expect(api.requests.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
    expect(result.stdout).not.toContain(TOKEN);
    expect(result.stderr).not.toContain(TOKEN);
    expectNoViolations(api);
    // No temporary files left beside the workflows.
    expect(readdirSync(path.join(dir, '.github', 'workflows'))).toEqual(['ci.yml']);

    // Then the offline check passes, and a second pin has nothing to do.
    expect(await runCli(['pin', '--check'], { cwd: dir })).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('All 8 reference(s) in 2 file(s) are pinned'),
    });
    const again = await runCli(['pin'], { cwd: dir, env: online() });
    expect(again).toMatchObject({ code: 0, stderr: expect.stringContaining('Nothing to change') });
  });

  test('--dry-run prints a unified diff that git apply turns into exactly what pin writes', async () => {
    const dir = scratchRepo();
    const before = read(dir, CI);
    const result = await runCli(['pin', '--dry-run', CI], { cwd: dir, env: online() });
    expect(result.code).toBe(0);
    expect(read(dir, CI)).toBe(before);
    expect(result.stdout).toMatch(/^--- a\/\.github\/workflows\/ci\.yml\n\+\+\+ b\/\.github\/workflows\/ci\.yml\n@@ -21,11 \+21,11 @@\n {3}lint:\n/);
    expect(result.stderr).toContain('Dry run: 5 reference(s) in 1 file(s) would change; nothing was written.');
    writeFileSync(path.join(dir, 'pin.diff'), `${result.stdout}`);
    const apply = spawn('git', ['apply', 'pin.diff'], { cwd: dir });
    expect(await new Promise((resolve) => apply.on('close', resolve))).toBe(0);
    expect(read(dir, CI)).toBe(expectedText(before, CI_PINNED));
  });

  test('an unknown tag: one line with the nearby tags, exit 1, and no file is changed', async () => {
    const dir = scratchRepo();
    const before = read(dir, CI);
    writeFileSync(path.join(dir, CI), before.replace('actions/checkout@v4      #', 'actions/checkout@v4.9      #'));
    const result = await runCli(['pin'], { cwd: dir, env: online() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${CI}:24: actions/checkout has no tag v4.9; nearby tags: v4.2.2, v4.1.7, v4, v3\n`);
    expect(result.stderr).toContain('1 problem(s); no file was changed.');
    expect(read(dir, CI)).toBe(before.replace('actions/checkout@v4      #', 'actions/checkout@v4.9      #'));
    expect(read(dir, ACTION)).toBe(readFileSync(path.join(fixtures, 'composite-action.yml'), 'utf8'));
    expectNoViolations(api);
  });

  test('a branch instead of a tag is refused with the newest tags', async () => {
    const dir = scratchRepo();
    api.state.seedBranch('actions', 'cache', 'main', commit('cache main'));
    writeFileSync(path.join(dir, ACTION), 'runs:\n  using: composite\n  steps:\n    - uses: actions/cache@main\n');
    const result = await runCli(['pin', ACTION], { cwd: dir, env: online() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${ACTION}:4: main is a branch of actions/cache, not a tag: pin a release tag instead; newest tags: v4.2.0, v4`);
  });

  test('no token: a one-line error before anything is written', async () => {
    const dir = scratchRepo();
    const result = await runCli(['pin'], { cwd: dir, env: { GITHUB_API_URL: api.url } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'error: no GitHub token: set GITHUB_TOKEN or GH_TOKEN to a token that can read the actions’ repositories (for example GH_TOKEN=$(gh auth token))',
    );
    expect(read(dir, CI)).toBe(readFileSync(path.join(fixtures, 'ci.yml'), 'utf8'));
    expect(api.requests).toEqual([]);
  });

  test('GH_TOKEN works too, and a token without contents permission gets a 403 that names it', async () => {
    const dir = scratchRepo();
    api.state.setTokenPermissions(TOKEN, { issues: 'write' });
    const result = await runCli(['pin', ACTION], { cwd: dir, env: { GH_TOKEN: TOKEN, GITHUB_API_URL: api.url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: ${ACTION}:6: GitHub refused to read tag v5.3.0 of actions/setup-python (HTTP 403: Resource not accessible by integration); the token needs permission contents: read on that repository`,
    );
    expectNoViolations(api);
  });

  test('a rejected token stops the run with one line', async () => {
    const dir = scratchRepo();
    api.faults.add({
      kind: 'status',
      status: 401,
      times: 20,
      body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
    });
    const result = await runCli(['pin'], { cwd: dir, env: online() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^error: GitHub rejected the token while trying to read tag \S+ of \S+ \(HTTP 401: Bad credentials\); check GITHUB_TOKEN or GH_TOKEN\n$/,
    );
  });
});

describe('pin --update', () => {
  test('moves tags and pins to the newest tag of the same major, never across majors', async () => {
    const dir = scratchRepo();
    const newer = {
      checkout: commit('checkout v4.3.1'),
      cache: commit('cache v4.2.3'),
      upload: commit('upload-artifact v4.6.2'),
    };
    api.state.seedTag('actions', 'checkout', 'v4.3.1', newer.checkout, { annotated: true });
    api.state.seedTag('actions', 'checkout', 'v5.0.0', commit('checkout v5'));
    api.state.seedTag('actions', 'cache', 'v4.2.3', newer.cache);
    api.state.seedTag('actions', 'upload-artifact', 'v4.6.2', newer.upload);
    api.state.seedTag('octo-org', 'shared-workflows', 'v3.0.0', commit('docs v3'));
    const before = read(dir, CI);
    const result = await runCli(['pin', '--update', CI], { cwd: dir, env: online() });
    expect(result.code).toBe(0);
    expect(read(dir, CI)).toBe(
      expectedText(before, [
        ['- uses: actions/checkout@v4      # fetch the models', `- uses: actions/checkout@${newer.checkout}      # v4.3.1 fetch the models`],
        ['- uses: actions/checkout@v4\n', `- uses: actions/checkout@${newer.checkout} # v4.3.1\n`],
        ["uses:   'actions/setup-python@v5.3.0'", `uses:   'actions/setup-python@${SHAS.setupPython}' # v5.3.0`],
        [`key: 'k-\${{ hashFiles(''**/*.lock'') }}' } }`, `key: 'k-\${{ hashFiles(''**/*.lock'') }}' } } # v4.2.3`],
        ['"actions/cache@v4"', `"actions/cache@${newer.cache}"`],
        ['actions/upload-artifact@0123456789abcdef0123456789abcdef01234567 # v4.5.0', `actions/upload-artifact@${newer.upload} # v4.6.2`],
        ['docs.yml@v2.1.0', `docs.yml@${SHAS.docsV210} # v2.1.0`],
      ]),
    );
    expect(api.requestsFor('git/list-matching-refs').map((r) => decodeURIComponent(r.path))).toContain('/repos/actions/checkout/git/matching-refs/tags/v4');
    expectNoViolations(api);
  });
});

describe('pin --check (offline)', () => {
  test('exit 1 listing every unpinned reference by file and line, without a token or the network', async () => {
    const dir = scratchRepo();
    const before = read(dir, CI);
    const result = await runCli(['pin', '--check'], { cwd: dir, env: { GITHUB_API_URL: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${CI}:24: actions/checkout@v4 is not pinned to a full commit SHA`,
      `${CI}:28: actions/setup-python@v5.3.0 is not pinned to a full commit SHA`,
      `${CI}:36: actions/cache@v4 is not pinned to a full commit SHA`,
      `${CI}:42: actions/checkout@v4 is not pinned to a full commit SHA`,
      `${CI}:50: octo-org/shared-workflows/.github/workflows/docs.yml@v2.1.0 is not pinned to a full commit SHA`,
      `${ACTION}:6: actions/setup-python@v5.3.0 is not pinned to a full commit SHA`,
      `${ACTION}:12: actions/cache@v4 is not pinned to a full commit SHA`,
    ]);
    expect(result.stderr).toContain('7 problem(s) in 2 file(s)');
    expect(read(dir, CI)).toBe(before);
  });

  test('--verify asks GitHub whether each comment still names the pinned commit', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pin-verify-'));
    writeFileSync(
      path.join(dir, 'wf.yml'),
      `jobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@${SHAS.checkoutV4} # v4.2.2\n      - uses: actions/cache@${SHAS.checkoutV4} # v4.2.0\n`,
    );
    const result = await runCli(['pin', '--check', '--verify', 'wf.yml'], { cwd: dir, env: online() });
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe(`wf.yml:6: actions/cache@${SHAS.checkoutV4} says v4.2.0, but v4.2.0 of actions/cache is ${SHAS.cacheV4}`);
    expectNoViolations(api);
  });

  test("this repository's own workflows pass", async () => {
    const result = await runCli(['pin', '--check', '.github/workflows'], { cwd: repoRoot, env: { GITHUB_API_URL: 'http://127.0.0.1:9' } });
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^All \d+ reference\(s\) in \d+ file\(s\) are pinned to full commit SHAs with version comments\.\n$/);
  });

  test('usage mistakes exit 2 with the usage', async () => {
    const result = await runCli(['pin', '--check', '--update'], { cwd: os.tmpdir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dataops-actions: --check changes nothing: it cannot be combined with --update or --dry-run');
    expect(result.stderr).toContain('Usage: dataops-actions pin');
  });
});

test('the bin script runs the bundle', async () => {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'dataops-actions.js'), '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
  expect(Buffer.concat(out).toString()).toMatch(/^Usage: dataops-actions pin \[options\] \[paths\.\.\.\]/);
});
