import fc from 'fast-check';
import { codeFence, COMMENT_LIMIT, details, escapeText, inlineCode, table, truncate } from '#shared/markdown.js';

describe('escapeText renders hostile text inert', () => {
  test.each([
    ['</details><img src=x onerror=alert(1)>', '&lt;/details&gt;&lt;img src=x onerror=alert\\(1\\)&gt;'],
    ['<!-- dataops-actions:plan:x -->', '&lt;\\!-- dataops-actions:plan:x --&gt;'],
    ['@octo-org/admins please look', '@\u200bocto-org/admins please look'],
    ['line1\nline2', 'line1 line2'],
    ['`code` | pipe', '\\`code\\` \\| pipe'],
  ])('%j', (input, output) => expect(escapeText(input)).toBe(output));

  test('property: no raw <, >, newline or unescaped backtick survives', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = escapeText(text);
        expect(out).not.toMatch(/[<>\n]/);
        expect(out).not.toMatch(/(^|[^\\])`/);
        expect(out).not.toMatch(/@[A-Za-z0-9]/);
      }),
    );
  });
});

describe('codeFence cannot be broken out of', () => {
  test('content with a ``` line gets a longer fence', () => {
    const fenced = codeFence('a\n```\n</details>\nb', 'hcl');
    expect(fenced.startsWith('````hcl\n')).toBe(true);
    expect(fenced.endsWith('\n````')).toBe(true);
  });

  test('property: the closing fence is the first line of backticks at least as long as the opening one', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', '\n', ' ') }), (content) => {
        const lines = codeFence(content).split('\n');
        const fence = lines[0];
        const closing = lines.findIndex((line, i) => i > 0 && /^`+\s*$/.test(line) && line.trim().length >= fence.length);
        expect(closing).toBe(lines.length - 1);
      }),
    );
  });
});

describe('inlineCode, table, details', () => {
  test('inline code uses a longer backtick run than the content', () => expect(inlineCode('a `b` c')).toBe('``a `b` c``'));
  test('table cells cannot add columns or rows', () => {
    expect(table(['a', 'b'], [['x|y', 'line\nbreak']])).toBe('| a | b |\n| --- | --- |\n| x\\|y | line break |');
  });
  test('details escapes its summary', () => expect(details('<b>x</b>', 'body')).toContain('<summary>&lt;b&gt;x&lt;/b&gt;</summary>'));
});

describe('truncate', () => {
  test('short text is unchanged', () => expect(truncate('abc', 10, 'see the summary')).toBe('abc'));
  test('long text fits the limit, says how much was cut and where the rest is, and closes an open fence', () => {
    const text = `intro\n\`\`\`\n${'x'.repeat(100)}\n`.repeat(2000);
    const out = truncate(text, COMMENT_LIMIT, 'the full plan is in the job summary.');
    expect(out.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(out).toMatch(/characters cut here to stay within GitHub's size limit; the full plan is in the job summary\.$/);
    expect((out.match(/^```/gm) ?? []).length % 2).toBe(0);
  });
  test('property: never exceeds the limit', () => {
    fc.assert(fc.property(fc.string({ maxLength: 5000 }), fc.integer({ min: 400, max: 3000 }), (text, limit) => truncate(text, limit, 'x').length <= limit));
  });
});
