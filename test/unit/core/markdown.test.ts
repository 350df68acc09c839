import fc from 'fast-check';
import { codeFence, COMMENT_LIMIT, details, escapeText, htmlText, inlineCode, table, truncate } from '#shared/markdown.js';

describe('escapeText renders hostile text inert', () => {
  test.each([
    ['</details><img src=x onerror=alert(1)>', '&lt;/details&gt;&lt;img src=x onerror=alert\\(1\\)&gt;'],
    ['<!-- dataops-actions:plan:x -->', '&lt;\\!-- dataops-actions:plan:x --&gt;'],
    ['@octo-org/admins please look', '@\u200bocto-org/admins please look'],
    ['line1\nline2', 'line1 line2'],
    ['a lone CR\r===', 'a lone CR ==='],
    ['`code` | pipe', '\\`code\\` \\| pipe'],
  ])('%j', (input, output) => expect(escapeText(input)).toBe(output));

  test('property: no raw <, >, newline or unescaped backtick survives', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = escapeText(text);
        expect(out).not.toMatch(/[<>\r\n]/);
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

  // Markdown: a pipe after an odd run of backslashes is escaped; after an even run (0, 2, ...) it ends the cell.
  test.each([
    ['a raw pipe', 'x|y', 'x\\|y'],
    ['a cell from escapeText, unchanged', escapeText('a | b'), 'a \\| b'],
    ['escapeText of an escaped pipe, unchanged', escapeText('a \\| b'), 'a \\\\\\| b'],
    ['an escaped backslash, then a pipe', 'a\\\\|b', 'a\\\\\\|b'],
    ['a lone CR, CRLF and LF', 'a\rb\r\nc\nd', 'a b c d'],
  ])('table cell: %s', (_, cell, expected) => {
    expect(table(['h'], [[cell]]).split('\n')[2]).toBe(`| ${expected} |`);
  });

  test('property: every pipe in a cell is escaped, and escapeText cells are kept as they are', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('\\', '|', 'a', ' ', '\r', '\n') }), (text) => {
        const row = (cell: string) => table(['h'], [[cell]]).split('\n');
        const raw = row(text);
        expect(raw).toHaveLength(3);
        // Each pipe inside the cell follows an odd run of backslashes.
        for (const m of raw[2].slice(2, -2).matchAll(/(\\*)\|/g)) expect(m[1].length % 2).toBe(1);
        expect(row(escapeText(text))[2]).toBe(`| ${escapeText(text)} |`);
      }),
    );
  });
  test('details escapes its summary', () => expect(details('<b>x</b>', 'body')).toContain('<summary>&lt;b&gt;x&lt;/b&gt;</summary>'));
  // GitHub reads no markdown inside <summary>: a backslash escape there would be shown.
  test('details keeps markdown characters of its summary as they are', () =>
    expect(details('Failing rows of not_null(email) (first 2)', 'body')).toContain('<summary>Failing rows of not_null(email) (first 2)</summary>'));
  test.each([
    ['a & b', 'a &amp; b'],
    ['</summary><img src=x>', '&lt;/summary&gt;&lt;img src=x&gt;'],
    ['ping @octocat', 'ping @\u200boctocat'],
    ['two\r\nlines\rand\nmore', 'two lines and more'],
    ['snake_case *stars* [link](x)', 'snake_case *stars* [link](x)'],
  ])('htmlText(%j) is %j', (input, expected) => expect(htmlText(input)).toBe(expected));
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
