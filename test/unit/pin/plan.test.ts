/**
 * Pinning and updating, file text in and file text out, with tags from memory: the value keeps its
 * quoting, the version comment is added or refreshed, and every other byte stays where it was.
 */
import { planPins, type PinMode } from '#shared/pin/plan.js';
import { MemoryTags, sha } from './memory-tags.js';

const CHECKOUT_V4 = sha('4');
const CHECKOUT_V422 = sha('a');
const CHECKOUT_V430 = sha('b');
const CACHE_V4 = sha('c');
const LEGACY = sha('d');

function tags() {
  return new MemoryTags({
    'actions/checkout': {
      v3: LEGACY,
      'v3.6.0': LEGACY,
      v4: CHECKOUT_V4,
      'v4.2.2': CHECKOUT_V422,
      'v4.3.0': CHECKOUT_V430,
      'v5.0.0-beta.1': sha('e'),
      v40: sha('f'),
    },
    'actions/cache': { v4: CACHE_V4, 'v4.0.0': CACHE_V4 },
    'github/codeql-action': { v3: sha('1'), 'v3.27.0': sha('1'), 'v3.28.1': sha('2') },
    'octo/release': { 'release-2024': sha('3') },
  });
}

const workflow = (step: string) => `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${step}\n`;

async function pinOne(step: string, mode: PinMode = 'pin', source = tags()) {
  const plan = await planPins([{ display: 'wf.yml', text: workflow(step) }], mode, source);
  if (plan.problems.length) return { problems: plan.problems.map((p) => `${p.line}: ${p.message}`) };
  const text = plan.files[0]?.newText ?? workflow(step);
  return { line: text.split('\n')[5], notes: plan.notes.map((n) => n.message) };
}

describe('pin: @tag becomes @<sha> # tag, everything else on the line kept', () => {
  test.each([
    ['plain', '      - uses: actions/checkout@v4', `      - uses: actions/checkout@${CHECKOUT_V4} # v4`],
    ['single-quoted', "      - uses: 'actions/checkout@v4.2.2'", `      - uses: 'actions/checkout@${CHECKOUT_V422}' # v4.2.2`],
    ['double-quoted', '      - uses: "actions/checkout@v4"', `      - uses: "actions/checkout@${CHECKOUT_V4}" # v4`],
    ['odd spacing', '      -   uses:     actions/checkout@v4', `      -   uses:     actions/checkout@${CHECKOUT_V4} # v4`],
    ['trailing blanks stay after the comment', '      - uses: actions/checkout@v4   ', `      - uses: actions/checkout@${CHECKOUT_V4} # v4   `],
    ['a version comment is replaced', '      - uses: actions/checkout@v4.2.2 # v4.1.0', `      - uses: actions/checkout@${CHECKOUT_V422} # v4.2.2`],
    ['tag= comments keep their style', '      - uses: actions/checkout@v4 #tag=v3  keep', `      - uses: actions/checkout@${CHECKOUT_V4} #tag=v4  keep`],
    [
      'the author’s words follow the version',
      '      - uses: actions/checkout@v4    # fetch the code',
      `      - uses: actions/checkout@${CHECKOUT_V4}    # v4 fetch the code`,
    ],
    ['a path inside the repository', '      - uses: github/codeql-action/init@v3.27.0', `      - uses: github/codeql-action/init@${sha('1')} # v3.27.0`],
    [
      'a flow mapping gets its comment at the end of the line',
      '      - { uses: actions/cache@v4, with: { path: "a # b" } }',
      `      - { uses: actions/cache@${CACHE_V4}, with: { path: "a # b" } } # v4`,
    ],
    ['a tag that is no version', '      - uses: octo/release@release-2024', `      - uses: octo/release@${sha('3')} # release-2024`],
  ])('%s', async (_name, step, expected) => {
    expect((await pinOne(step)).line).toBe(expected);
  });

  test.each([
    ['an existing pin', `      - uses: actions/checkout@${LEGACY} # whatever`],
    ['a pin without comment', `      - uses: actions/checkout@${LEGACY}`],
    ['a local action', '      - uses: ./actions/x'],
    ['a docker image', '      - uses: docker://alpine:3.20'],
  ])('leaves %s alone and looks nothing up', async (_name, step) => {
    const source = tags();
    const plan = await planPins([{ display: 'wf.yml', text: workflow(step) }], 'pin', source);
    expect(plan).toMatchObject({ files: [], problems: [] });
    expect(source.lookups).toEqual([]);
  });

  test('an unknown tag is a problem naming the nearby tags; nothing is planned for the file', async () => {
    const result = await pinOne('      - uses: actions/checkout@v4.9\n      - uses: actions/cache@v4');
    expect(result.problems).toEqual(['6: actions/checkout has no tag v4.9; nearby tags: v4.3.0, v4.2.2, v40, v4, v5.0.0-beta.1']);
  });

  test.each([
    ['a value folded over lines', '      - uses: >-\n          actions/checkout@v4', /spans several lines/],
    ['escape sequences', '      - uses: "actions/checkout\\u0040v4"', /escape sequences/],
    ['no @ref', '      - uses: actions/checkout', /has no @ref/],
  ])('%s cannot be pinned: a problem, not a guess', async (_name, step, message) => {
    const { problems } = await pinOne(step);
    expect(problems).toHaveLength(1);
    expect(problems![0]).toMatch(message);
  });

  test('an anchored value is pinned once and its aliases follow', async () => {
    const text = 'jobs:\n  a:\n    steps:\n      - uses: &co actions/checkout@v4 # v4\n      - uses: *co\n  b:\n    steps:\n      - uses: *co\n';
    const plan = await planPins([{ display: 'wf.yml', text }], 'pin', tags());
    expect(plan.files[0]!.newText).toBe(text.replace('actions/checkout@v4', `actions/checkout@${CHECKOUT_V4}`));
  });
});

describe('update: the newest tag of the same major', () => {
  test.each([
    ['a tag', '      - uses: actions/checkout@v4', `      - uses: actions/checkout@${CHECKOUT_V430} # v4.3.0`],
    ['a pin with its version comment', `      - uses: actions/checkout@${CHECKOUT_V422} # v4.2.2`, `      - uses: actions/checkout@${CHECKOUT_V430} # v4.3.0`],
    ['a pin to the moving major tag', `      - uses: actions/checkout@${CHECKOUT_V4} # v4`, `      - uses: actions/checkout@${CHECKOUT_V430} # v4.3.0`],
    ['never the next major, a prerelease or v40', '      - uses: actions/checkout@v3', `      - uses: actions/checkout@${LEGACY} # v3.6.0`],
    [
      'a pin without comment gets one from the tag at its commit',
      `      - uses: github/codeql-action/init@${sha('1')}`,
      `      - uses: github/codeql-action/init@${sha('2')} # v3.28.1`,
    ],
    ['already newest: unchanged', `      - uses: actions/cache@${CACHE_V4} # v4.0.0`, `      - uses: actions/cache@${CACHE_V4} # v4.0.0`],
    ['a tag that is no version is refreshed in place', '      - uses: octo/release@release-2024', `      - uses: octo/release@${sha('3')} # release-2024`],
  ])('%s', async (_name, step, expected) => {
    expect((await pinOne(step, 'update')).line).toBe(expected);
  });

  test('a pin no tag points at is left alone with a note', async () => {
    const result = await pinOne(`      - uses: actions/checkout@${sha('9')}`, 'update');
    expect(result.line).toBe(`      - uses: actions/checkout@${sha('9')}`);
    expect(result.notes).toEqual([`actions/checkout@${sha('9').slice(0, 12)}… has no version comment and no version tag points at it; left as it is`]);
  });
});

describe('what is preserved', () => {
  test('a real-looking workflow: only the uses: values and their comments change', async () => {
    const text = [
      '# CI for the warehouse   ',
      'name: "CI"',
      'on:',
      '  pull_request: {}',
      'defaults: &defaults',
      '  run: { shell: bash }',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest   # the cheap one',
      '    steps:',
      '      - uses: actions/checkout@v4   # fetch',
      '      - &cache',
      '        name: Cache',
      "        uses:    'actions/cache@v4'",
      '        with:',
      '          path: |',
      '            ~/.cache',
      '            # uses: not/this@v1',
      '      - run: \'echo "uses: a/b@v1"\'',
      '',
    ].join('\r\n');
    const plan = await planPins([{ display: 'ci.yml', text }], 'pin', tags());
    const expected = text
      .replace('actions/checkout@v4   # fetch', `actions/checkout@${CHECKOUT_V4}   # v4 fetch`)
      .replace("'actions/cache@v4'", `'actions/cache@${CACHE_V4}' # v4`);
    expect(plan.problems).toEqual([]);
    expect(plan.files[0]!.newText).toBe(expected);
    expect(plan.files[0]!.changes).toEqual([
      { line: 11, from: 'actions/checkout@v4', to: `actions/checkout@${CHECKOUT_V4} # v4` },
      { line: 14, from: 'actions/cache@v4', to: `actions/cache@${CACHE_V4} # v4` },
    ]);
  });

  test('a BOM and a missing final newline survive', async () => {
    const text = '\uFEFFjobs:\n  a:\n    steps:\n      - uses: actions/cache@v4';
    const plan = await planPins([{ display: 'wf.yml', text }], 'pin', tags());
    expect(plan.files[0]!.newText).toBe(`\uFEFFjobs:\n  a:\n    steps:\n      - uses: actions/cache@${CACHE_V4} # v4`);
  });
});
