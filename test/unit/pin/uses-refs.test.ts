/**
 * The scanner finds exactly the `uses:` values GitHub reads (steps of jobs and composite actions,
 * reusable-workflow calls), through anchors, aliases and merge keys, with exact offsets and the
 * line's comment, and nothing that merely looks like `uses:` (block scalars, comments, `with:`).
 */
import { scanUsesRefs, YamlFileError } from '#shared/pin/uses-refs.js';
import { parseUses } from '#shared/pin/uses-value.js';

const values = (text: string) => scanUsesRefs(text, 'wf.yml').refs.map((r) => r.value);

describe('parseUses', () => {
  test.each([
    ['actions/checkout@v4', { kind: 'remote', owner: 'actions', repo: 'checkout', path: '', ref: 'v4' }],
    ['github/codeql-action/init@v3.27.0', { kind: 'remote', owner: 'github', repo: 'codeql-action', path: '/init', ref: 'v3.27.0' }],
    [
      'octo-org/wf/.github/workflows/ci.yml@release/v2',
      { kind: 'remote', owner: 'octo-org', repo: 'wf', path: '/.github/workflows/ci.yml', ref: 'release/v2' },
    ],
    ['my.org/repo.js@11bd71901bbe5b1630ceea73d27597364c9af683', { kind: 'invalid' }],
    ['octo/repo.js@11bd71901bbe5b1630ceea73d27597364c9af683', { kind: 'remote', repo: 'repo.js', ref: '11bd71901bbe5b1630ceea73d27597364c9af683' }],
    ['./actions/setup', { kind: 'local' }],
    ['../shared-action', { kind: 'local' }],
    ['docker://alpine:3.20', { kind: 'docker' }],
    ['actions/checkout', { kind: 'invalid', reason: 'has no @ref (expected owner/repo[/path]@ref)' }],
    ['actions/checkout@', { kind: 'invalid' }],
    ['${{ matrix.action }}@v1', { kind: 'invalid', reason: 'expressions are not allowed in uses:' }],
    ['checkout@v4', { kind: 'invalid' }],
  ])('%s', (value, expected) => {
    expect(parseUses(value)).toMatchObject(expected);
  });
});

describe('scanUsesRefs finds the references GitHub reads', () => {
  test.each([
    ['a step', 'jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n', ['actions/checkout@v4']],
    ['quoted values', `jobs:\n  a:\n    steps:\n      - uses: 'a/b@v1'\n      - uses: "c/d@v2"\n`, ['a/b@v1', 'c/d@v2']],
    ['a reusable workflow call', 'jobs:\n  call:\n    uses: org/wf/.github/workflows/x.yml@v1\n', ['org/wf/.github/workflows/x.yml@v1']],
    [
      'a composite action',
      'name: x\nruns:\n  using: composite\n  steps:\n    - uses: actions/cache@v4\n    - run: echo hi\n      shell: bash\n',
      ['actions/cache@v4'],
    ],
    ['a flow mapping step', 'jobs:\n  a:\n    steps: [{uses: a/b@v1, with: {x: 1}}, {run: ls}]\n', ['a/b@v1']],
    [
      'local and docker references too (kept, never pinned)',
      'jobs:\n  a:\n    steps:\n      - uses: ./local\n      - uses: docker://alpine:3\n',
      ['./local', 'docker://alpine:3'],
    ],
    [
      'an anchored step reused by an alias (one place to edit)',
      'jobs:\n  a:\n    steps:\n      - &co\n        uses: actions/checkout@v4\n  b:\n    steps:\n      - *co\n',
      ['actions/checkout@v4'],
    ],
    ['an anchored value reused by an alias', 'jobs:\n  a:\n    steps:\n      - uses: &v actions/checkout@v4\n      - uses: *v\n', ['actions/checkout@v4']],
    ['a merge key', 'jobs:\n  a:\n    steps:\n      - &base\n        uses: a/b@v1\n      - <<: *base\n        with: {x: 1}\n', ['a/b@v1']],
    ['aliased steps lists', 'jobs:\n  a:\n    steps: &s\n      - uses: a/b@v1\n  b:\n    steps: *s\n', ['a/b@v1']],
    ['several documents are not a workflow', 'a: 1\n', []],
  ])('%s', (_name, text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  test.each([
    ['uses: inside a run block scalar', 'jobs:\n  a:\n    steps:\n      - run: |\n          uses: x/y@v1\n          - uses: x/y@v1\n'],
    ['uses: in a comment', 'jobs:\n  a:\n    steps:\n      # - uses: x/y@v1\n      - run: ls\n'],
    ['uses: as an input name', 'jobs:\n  a:\n    steps:\n      - uses: ./x\n        with:\n          uses: x/y@v1\n'],
    ['uses: in env', 'env:\n  uses: x/y@v1\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      uses: x/y@v1\n    steps: []\n'],
    ['uses: in a quoted string', 'jobs:\n  a:\n    steps:\n      - run: "uses: x/y@v1"\n'],
    ['a top-level uses: of a file that is neither', 'uses: x/y@v1\n'],
  ])('ignores %s', (_name, text) => {
    expect(values(text).filter((v) => v.startsWith('x/'))).toEqual([]);
  });

  test('positions, styles and the comment on the line (CRLF kept out of the comment)', () => {
    const text = 'jobs:\r\n  a:\r\n    steps:\r\n      - uses:   "a/b@v1"   #  v1.0.0 pinned\r\n      - uses: c/d@v2\r\n';
    const [first, second] = scanUsesRefs(text, 'wf.yml').refs;
    expect(first).toMatchObject({ line: 4, column: 17, style: 'double', value: 'a/b@v1' });
    expect(text.slice(first!.start, first!.end)).toBe('"a/b@v1"');
    expect(first!.comment?.text).toBe('#  v1.0.0 pinned');
    expect(text.slice(first!.lineEnd, first!.lineEnd + 2)).toBe('\r\n');
    expect(second).toMatchObject({ line: 5, style: 'plain', comment: undefined });
  });

  test('a # inside a quoted value is not a comment', () => {
    const [ref] = scanUsesRefs('jobs:\n  a:\n    steps:\n      - {uses: a/b@v1, with: {x: "y # z"}}\n', 'wf.yml').refs;
    expect(ref!.comment).toBeUndefined();
  });

  test('a uses: that is not a string is reported, not skipped', () => {
    const scan = scanUsesRefs('jobs:\n  a:\n    steps:\n      - uses: {owner: a}\n      - uses:\n', 'wf.yml');
    expect(scan.malformed).toEqual([
      { line: 4, column: 15, reason: 'uses: is not a string' },
      { line: 5, column: 14, reason: 'uses: is not a string' },
    ]);
  });
});

describe('hostile YAML fails with the file and line, never a crash', () => {
  test.each([
    // The parser notices the missing quote where the text ends.
    ['unclosed quote', 'jobs:\n  a:\n    steps:\n      - uses: "a/b@v1\n', 5],
    ['bad indentation', 'jobs:\n  a:\n    steps:\n      - uses: a/b@v1\n     - uses: c/d@v1\n', 5],
    ['duplicate key', 'jobs:\n  a:\n    steps:\n      - uses: a/b@v1\n        uses: c/d@v1\n', 5],
    ['undefined alias', 'jobs:\n  a:\n    steps:\n      - uses: *nope\n', 4],
    ['two documents', 'jobs: {}\n---\njobs: {}\n', 2],
    ['a tab for indentation', 'jobs:\n\ta: 1\n', 2],
  ])('%s', (_name, text, line) => {
    let error: unknown;
    try {
      scanUsesRefs(text, 'wf.yml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(YamlFileError);
    expect((error as YamlFileError).line).toBe(line);
    expect((error as YamlFileError).message).toMatch(new RegExp(`^wf\\.yml:${line}: not valid YAML: `));
  });

  test('an alias loop or a billion aliases cannot hang the scanner', () => {
    const laughs = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ];
    const text = `${laughs.join('\n')}\njobs:\n  x:\n    steps: *i\n`;
    expect(scanUsesRefs(text, 'wf.yml').refs).toEqual([]);
  });
});
