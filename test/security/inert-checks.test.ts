/**
 * The injection checks themselves must be able to fail: raw payloads are caught, the same
 * payloads through the shared markdown helpers and inside stop-commands are not.
 */
import { codeFence, details, escapeText, inlineCode, table } from '#shared/markdown.js';
import { ALL_IN_ONE, CANARY, PAYLOADS } from './support/hostile.js';
import { executedCommands, injectedCommands, liveMarkdown } from './support/inert.js';

describe('the markdown check', () => {
  test.each(Object.entries(PAYLOADS).filter(([k]) => ['closeDetails', 'htmlComment', 'html', 'mention', 'link', 'heading'].includes(k)))(
    'catches the raw %s payload',
    async (_kind, payload) => {
      // At the start of a line, as text reaching a line break would put it.
      const md = details('Plan', `Resource\n${payload.trim()}\nchanged`);
      expect(await liveMarkdown(md, 'raw')).not.toEqual([]);
    },
  );

  test('catches a cell that adds columns', async () => {
    const md = `| a | b |\n| --- | --- |\n| x ${PAYLOADS.tableCell} | y |`;
    expect((await liveMarkdown(md, 'raw')).join('\n')).toMatch(/extra cells/);
  });

  test('finds nothing live in every payload passed through escapeText, inlineCode and codeFence', async () => {
    const md = [
      details(ALL_IN_ONE, escapeText(ALL_IN_ONE)),
      table(['Resource', 'Reason'], [[inlineCode(ALL_IN_ONE), 'text']]),
      details('Output', codeFence(ALL_IN_ONE)),
      `<!-- hidden ${CANARY} marker -->`,
    ].join('\n\n');
    expect(await liveMarkdown(md, 'escaped')).toEqual([]);
  });

  // shared/src/markdown.ts: escapeText turns `|` into `\|`, then table() escapes that pipe again
  // (`\\|`: an escaped backslash, then a live cell delimiter). The reports put escapeText(...) in cells.
  test('a cell escaped with escapeText keeps its pipes inside the cell (no extra columns)', async () => {
    const md = table(['Test', 'Details'], [['not_null', escapeText(`value ${PAYLOADS.tableCell} here`)]]);
    expect(await liveMarkdown(md, 'table')).toEqual([]);
  });
});

describe('the workflow-command check', () => {
  test('sees both command syntaxes, the old one anywhere in a line', () => {
    const out = ['::add-mask::a', 'text ##[warning]b', '  ::error title=t::c', '::not-a-command::d', 'plain'].join('\n');
    expect(executedCommands(out).map((c) => [c.name, c.data])).toEqual([
      ['add-mask', 'a'],
      ['warning', 'b'],
      ['error', 'c'],
    ]);
  });

  test('honours stop-commands, as the runner does', () => {
    const out = ['::stop-commands::tok', PAYLOADS.addMask, PAYLOADS.legacyCommand, '::tok::', PAYLOADS.error].join('\n');
    expect(injectedCommands(out)).toEqual(['::error title=pwn3d::owned-by-pwn3d']);
  });

  test('a hostile stop-commands cannot be ended by anything but its own token', () => {
    const out = [PAYLOADS.stopCommands, '::error title=pwn3d::owned-by-pwn3d'].join('\n');
    expect(injectedCommands(out)).toEqual(['::stop-commands::pwn3d-token']);
  });

  test('an annotation QUOTING hostile text is not an injection; one MADE by it is', () => {
    const quoted = `::error title=orders%3A not_null::column ${JSON.stringify(ALL_IN_ONE).replace(/\n/g, '%0A')} failed`;
    expect(injectedCommands(quoted)).toEqual([]);
    expect(injectedCommands(`Testing ${ALL_IN_ONE}`)).not.toEqual([]);
  });
});
