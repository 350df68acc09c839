/**
 * Properties over generated files: nothing to pin means not one byte changes (whatever the text,
 * YAML or not); pinning changes only the reference lines, and on them only the value and its
 * comment, whatever the spacing, quoting, comments, anchors, decoys and line endings around them.
 */
import fc from 'fast-check';
import { planPins } from '#shared/pin/plan.js';
import { scanUsesRefs } from '#shared/pin/uses-refs.js';
import { MemoryTags, sha } from './memory-tags.js';

const TAGS: Record<string, Record<string, string>> = {
  'actions/checkout': { v4: sha('1'), 'v4.2.2': sha('2') },
  'octo-org/deploy': { v1: sha('3'), 'v1.0.0': sha('4') },
  'github/codeql-action': { v3: sha('5') },
};
const REFS = ['actions/checkout@v4', 'actions/checkout@v4.2.2', 'octo-org/deploy@v1', 'octo-org/deploy@v1.0.0', 'github/codeql-action/init@v3'];
const PINNED = [`actions/checkout@${sha('2')} # v4.2.2`, `octo-org/deploy@${sha('3')} #v1`];

const spaces = (min: number, max: number) => fc.integer({ min, max }).map((n) => ' '.repeat(n));
const words = fc
  .array(fc.constantFrom('fetch', 'the', 'code', 'v9', 'uses:', 'a/b@v1', "it's", '"q"', '&x', '*y', '::'), { minLength: 0, maxLength: 4 })
  .map((w) => w.join(' '));
const comment = fc.option(
  fc.tuple(spaces(1, 3), fc.constantFrom('#', '# ', '#  '), words).map(([s, h, w]) => `${s}${h}${w}`),
  { nil: '' },
);

/** One step whose value is a reference; `pinned` picks already-pinned values. */
const step = (pinned: boolean) =>
  fc
    .record({
      dash: fc.constantFrom('- ', '-   '),
      gap: spaces(1, 4),
      quote: fc.constantFrom('', "'", '"'),
      value: fc.constantFrom(...(pinned ? PINNED.map((p) => p.split(' #')[0]!) : REFS)),
      anchor: fc.constantFrom('', '&s1 '),
      trailing: spaces(0, 2),
      comment,
    })
    .map((s) => {
      // A pinned value keeps its version comment so the file is already fully pinned.
      const own = pinned ? ` #${PINNED.find((p) => p.startsWith(s.value))!.split(' #')[1]}` : s.comment;
      return {
        kind: 'ref' as const,
        text: `      ${s.dash}uses:${s.gap}${s.anchor.replace('&s1 ', '')}${s.quote}${s.value}${s.quote}${s.trailing}${own}`,
        value: s.value,
      };
    });

/** Lines that are not references but look like them or otherwise stress the scanner. */
const filler = fc.constantFrom(
  '      # - uses: actions/checkout@v4',
  '      - run: |\n          uses: actions/checkout@v4\n          echo "# not a comment"',
  "      - name: 'uses: actions/checkout@v4 # not this'\n        run: echo hi",
  '      - uses: ./local/action   # local',
  '      - uses: docker://alpine:3.20',
  '',
  '      - &setup\n        run: echo setup',
  '      - *setup',
  '      - { run: "echo {uses: a/b@v1}" }',
);

const workflow = (pinned: boolean) =>
  fc
    .record({
      eol: fc.constantFrom('\n', '\r\n'),
      bom: fc.boolean(),
      header: fc.constantFrom('# top comment\n', '', 'name:   "CI"   # odd\n'),
      lines: fc.array(
        fc.oneof(
          step(pinned),
          filler.map((text) => ({ kind: 'filler' as const, text, value: '' })),
        ),
        { minLength: 1, maxLength: 8 },
      ),
    })
    .map(({ eol, bom, header, lines }) => {
      // Aliases need their anchor first: drop `*setup` lines that come before `&setup`.
      let anchored = false;
      const kept = lines.filter((l) => {
        if (l.text.includes('&setup')) anchored = true;
        return !l.text.includes('*setup') || anchored;
      });
      const body = `${header}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${kept.map((l) => l.text).join('\n')}\n      - run: echo end\n`;
      return { text: `${bom ? '\uFEFF' : ''}${body.replace(/\n/g, eol)}`, refs: kept.filter((l) => l.kind === 'ref').length };
    });

describe('round trips', () => {
  test('any text at all: nothing pinned means nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        const plan = await planPins([{ display: 'x.yml', text }], 'pin', new MemoryTags(TAGS));
        expect(plan.files.every((f) => f.newText !== text)).toBe(true);
        expect(plan.files.filter((f) => !f.changes.length)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  test('an already pinned workflow is left byte for byte as it is, in pin and update mode', async () => {
    await fc.assert(
      fc.asyncProperty(workflow(true), async ({ text }) => {
        for (const mode of ['pin', 'update'] as const) {
          const plan = await planPins(
            [{ display: 'wf.yml', text }],
            mode,
            new MemoryTags({ ...TAGS, 'actions/checkout': { 'v4.2.2': sha('2') }, 'octo-org/deploy': { v1: sha('3') } }),
          );
          expect(plan.problems).toEqual([]);
          expect(plan.files).toEqual([]);
        }
      }),
      { numRuns: 80 },
    );
  });

  test('pinning changes only the values and comments of reference lines', async () => {
    await fc.assert(
      fc.asyncProperty(workflow(false), async ({ text, refs }) => {
        const plan = await planPins([{ display: 'wf.yml', text }], 'pin', new MemoryTags(TAGS));
        expect(plan.problems).toEqual([]);
        if (refs === 0) return expect(plan.files).toEqual([]);
        const out = plan.files[0]!.newText;
        const before = text.split('\n');
        const after = out.split('\n');
        expect(after).toHaveLength(before.length);
        const scanned = scanUsesRefs(text, 'wf.yml').refs.filter((r) => r.target.kind === 'remote');
        const changedLines = new Set(scanned.map((r) => r.line - 1));
        before.forEach((line, i) => {
          if (!changedLines.has(i)) return expect(after[i]).toBe(line);
          // Up to the value and, without comments, after it, the line is the same.
          const ref = scanned.find((r) => r.line - 1 === i)!;
          const sha40 = /@([0-9a-f]{40})/.exec(after[i]!)![1]!;
          const uncomment = (l: string) =>
            l
              .replace(/\r$/, '')
              .replace(/\s+#.*$/, '')
              .replace(/\s+$/, '');
          expect(uncomment(after[i]!.replace(`@${sha40}`, `@${ref.value.split('@')[1]}`))).toBe(uncomment(line));
          expect(after[i]!.endsWith('\r') === line.endsWith('\r')).toBe(true);
        });
        // Read back: every reference is pinned to its tag's SHA with the tag as the comment.
        const pinnedRefs = scanUsesRefs(out, 'wf.yml').refs.filter((r) => r.target.kind === 'remote');
        expect(pinnedRefs).toHaveLength(scanned.length);
        for (const [i, ref] of pinnedRefs.entries()) {
          const original = scanned[i]!;
          const [name, tag] = original.value.split('@') as [string, string];
          const repo = name.split('/').slice(0, 2).join('/');
          expect(ref.value).toBe(`${name}@${TAGS[repo]![tag]}`);
          expect(ref.comment?.text).toMatch(new RegExp(`^#\\s*${tag.replace(/\./g, '\\.')}(\\s|$)`));
        }
      }),
      { numRuns: 120 },
    );
  });
});
