/** The small parts of pin: versions, the offline check, the diff, the command line and atomic writes. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, UsageError } from '#shared/pin/args.js';
import { checkPins } from '#shared/pin/check.js';
import { unifiedDiff } from '#shared/pin/diff.js';
import { findFiles, readExact, writeAtomic } from '#shared/pin/files.js';
import { compareTagVersions, nearbyTags, newestOfSameMajor, parseTagVersion } from '#shared/pin/versions.js';
import { sha } from './memory-tags.js';

describe('versions', () => {
  test.each([
    ['v4', { prefix: 'v', parts: [4] }],
    ['v4.2.2', { prefix: 'v', parts: [4, 2, 2] }],
    ['1.2', { prefix: '', parts: [1, 2] }],
    ['v5.0.0-beta.1', { prefix: 'v', parts: [5, 0, 0], prerelease: 'beta.1' }],
    ['main', undefined],
    ['v1.2.3.4', undefined],
    ['release-2024', undefined],
  ])('%s', (tag, expected) => {
    const parsed = parseTagVersion(tag);
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toMatchObject(expected);
  });

  test('ordering: precise after moving, prerelease before release, numbers numerically', () => {
    const sorted = ['v4.10.0', 'v4', 'v4.2', 'v4.2.0', 'v4.2.0-rc.2', 'v4.2.0-rc.10', 'v4.9.1'].map((t) => parseTagVersion(t)!).sort(compareTagVersions);
    expect(sorted.map((v) => v.tag)).toEqual(['v4', 'v4.2', 'v4.2.0-rc.2', 'v4.2.0-rc.10', 'v4.2.0', 'v4.9.1', 'v4.10.0']);
  });

  test('the newest of the same major keeps the prefix style and skips prereleases', () => {
    const tags = ['v4', 'v4.1.0', 'v4.10.0', '4.99.0', 'v5.0.0', 'v4.11.0-beta.1', 'v40.0.0'];
    expect(newestOfSameMajor(parseTagVersion('v4.1.0')!, tags)?.tag).toBe('v4.10.0');
    expect(newestOfSameMajor(parseTagVersion('v4.0.0-rc.1')!, tags)?.tag).toBe('v4.11.0-beta.1');
    expect(newestOfSameMajor(parseTagVersion('v6')!, tags)).toBeUndefined();
  });

  test('nearby tags share the longest prefix, newest first', () => {
    expect(nearbyTags('v2.1.9', ['v1.0.0', 'v2.0.0', 'v2.1.0', 'v2.1.1', 'v3.0.0', 'latest'])).toEqual(['v2.1.1', 'v2.1.0', 'v2.0.0', 'v3.0.0', 'v1.0.0']);
  });
});

describe('checkPins (offline)', () => {
  const text = [
    'jobs:',
    '  a:',
    '    steps:',
    `      - uses: actions/checkout@${sha('a')} # v4.2.2`,
    `      - uses: actions/cache@${sha('b')}`,
    `      - uses: actions/cache@${sha('b')} # cache it`,
    '      - uses: actions/setup-node@v4',
    '      - uses: ./local',
    '      - uses: nope',
    '',
  ].join('\n');

  test('lists every reference that is not a SHA with a version comment, with its line', () => {
    const result = checkPins([{ display: 'ci.yml', text }]);
    expect(result.references).toBe(4);
    expect(result.findings.map((f) => `${f.display}:${f.line}: ${f.message}`)).toEqual([
      `ci.yml:5: actions/cache@${sha('b')} has no version comment (write \`# v1.2.3\` after it)`,
      `ci.yml:6: actions/cache@${sha('b')} has no version comment (write \`# v1.2.3\` after it)`,
      'ci.yml:7: actions/setup-node@v4 is not pinned to a full commit SHA',
      'ci.yml:9: uses: "nope" has no @ref (expected owner/repo[/path]@ref)',
    ]);
    expect(result.pinned.map((p) => p.ref.line)).toEqual([4]);
  });

  test('a file that is not YAML is a finding with its line', () => {
    expect(checkPins([{ display: 'bad.yml', text: 'jobs:\n  a: [\n' }]).findings).toEqual([
      { display: 'bad.yml', line: 3, message: expect.stringMatching(/^not valid YAML: /) },
    ]);
  });
});

describe('unifiedDiff', () => {
  test('hunks with three lines of context, CR kept out, far changes apart', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const after = [...before];
    after[1] = 'LINE 2';
    after[16] = 'LINE 17';
    const diff = unifiedDiff('ci.yml', `${before.join('\r\n')}\r\n`, `${after.join('\r\n')}\r\n`);
    expect(diff).toBe(
      [
        '--- a/ci.yml',
        '+++ b/ci.yml',
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+LINE 2',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -14,7 +14,7 @@',
        ' line 14',
        ' line 15',
        ' line 16',
        '-line 17',
        '+LINE 17',
        ' line 18',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });

  test('close changes share a hunk; adjacent changed lines list removals first', () => {
    const diff = unifiedDiff('x', 'a\nb\nc\nd\n', 'a\nB\nC\nd\n');
    expect(diff).toBe('--- a/x\n+++ b/x\n@@ -1,4 +1,4 @@\n a\n-b\n-c\n+B\n+C\n d\n');
    expect(unifiedDiff('x', 'same', 'same')).toBe('');
  });
});

describe('parseArgs', () => {
  test.each([
    [[], { command: 'help' }],
    [['pin'], { command: 'pin', paths: [], check: false }],
    [['pin', '--check', 'a.yml', 'dir'], { command: 'pin', paths: ['a.yml', 'dir'], check: true }],
    [['pin', '--verify'], { check: true, verify: true }],
    [['pin', '--update', '--dry-run', '--', '--odd-name.yml'], { update: true, dryRun: true, paths: ['--odd-name.yml'] }],
    [['pin', '--help'], { command: 'help' }],
  ])('%j', (argv, expected) => {
    expect(parseArgs(argv)).toMatchObject(expected);
  });

  test.each([
    [['pni'], /unknown command "pni"/],
    [['pin', '--force'], /unknown option --force/],
    [['pin', '--check', '--update'], /cannot be combined/],
    [['pin', '--check', '--dry-run'], /cannot be combined/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('files', () => {
  const dir = () => mkdtempSync(path.join(os.tmpdir(), 'pin-files-'));

  test('by default: the workflows and every action.yml, skipping node_modules; directories give their YAML files', async () => {
    const root = dir();
    for (const f of [
      '.github/workflows/ci.yml',
      '.github/workflows/notes.txt',
      'actions/x/action.yml',
      'node_modules/y/action.yml',
      'docs/other.yml',
      'templates/a.yaml',
    ]) {
      const full = path.join(root, f);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, 'x: 1\n');
    }
    expect((await findFiles([], root)).map((f) => f.display)).toEqual(['.github/workflows/ci.yml', 'actions/x/action.yml']);
    expect((await findFiles(['templates', 'docs/other.yml', 'templates/a.yaml'], root)).map((f) => f.display)).toEqual(['templates/a.yaml', 'docs/other.yml']);
    await expect(findFiles(['missing.yml'], root)).rejects.toThrow('missing.yml: no such file or directory');
  });

  test('writeAtomic replaces the file, keeps its mode and leaves no temporary file', async () => {
    const root = dir();
    const file = path.join(root, 'ci.yml');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    await writeAtomic(file, 'ci.yml', 'new\n', 'old\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(root)).toEqual(['ci.yml']);
  });

  test('writeAtomic refuses when the file changed since it was read', async () => {
    const root = dir();
    const file = path.join(root, 'ci.yml');
    writeFileSync(file, 'edited meanwhile\n');
    await expect(writeAtomic(file, 'ci.yml', 'new\n', 'old\n')).rejects.toThrow('ci.yml changed while pinning; run pin again');
    expect(readFileSync(file, 'utf8')).toBe('edited meanwhile\n');
  });

  test('readExact refuses bytes that are not UTF-8', async () => {
    const root = dir();
    const file = path.join(root, 'latin1.yml');
    writeFileSync(file, Buffer.from([0x6a, 0x6f, 0x62, 0x73, 0x3a, 0x20, 0xe9, 0x0a]));
    await expect(readExact(file, 'latin1.yml')).rejects.toThrow('latin1.yml: not valid UTF-8');
  });
});
