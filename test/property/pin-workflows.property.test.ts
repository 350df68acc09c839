/**
 * The pin command's workflow reader (`shared/src/pin/`): any text is scanned into `uses:`
 * references or refused with a YamlFileError naming the file and line; every reference found
 * points at the exact bytes of its value; `uses:` values parse to a target or say why not.
 */
import fc from 'fast-check';
import { ActionError } from '#shared/errors.js';
import { scanUsesRefs, YamlFileError } from '#shared/pin/uses-refs.js';
import { parseUses } from '#shared/pin/uses-value.js';
import { checkProperty } from './support/runs.js';
import { messyText, parsesOrFailsClearly, textOf } from './support/arbitraries.js';

const FILE = '.github/workflows/ci.yml';
const workflowish = textOf(
  [
    'on: push\n',
    'jobs:\n',
    '  build:\n',
    '    runs-on: ubuntu-latest\n',
    '    steps:\n',
    '      - uses: ',
    'actions/checkout@v4',
    '"a/b@v1"',
    "'c/d/e@main'",
    ' # v4\n',
    '\n',
    '  ',
    '- ',
    '&x ',
    '*x',
    '<<: *x\n',
    'uses: ',
    '{ uses: a/b@v1 }',
    '[',
    ']',
    ':',
    '\r\n',
    '|\n',
    '${{ x }}',
    '#',
  ],
  50,
);

test('any text: references, or a YamlFileError naming the file and line', () => {
  checkProperty(
    'pin: workflow files',
    fc.property(fc.oneof({ weight: 3, arbitrary: workflowish }, { weight: 1, arbitrary: messyText }), (text) =>
      parsesOrFailsClearly(
        () => scanUsesRefs(text, FILE),
        [YamlFileError, ActionError],
        (scan) =>
          scan.refs.every(
            (r) => r.start >= 0 && r.end <= text.length && r.start < r.end && text.slice(r.start, r.end).includes(r.value.split('\n')[0]) && r.line >= 1,
          ),
      ),
    ),
    150,
  );
});

test('a YamlFileError names the file and a line that exists', () => {
  checkProperty(
    'pin: error locations',
    fc.property(workflowish, (text) => {
      try {
        scanUsesRefs(text, FILE);
        return true;
      } catch (err) {
        if (!(err instanceof YamlFileError)) throw err;
        return err.file === FILE && err.line >= 1 && err.line <= text.split('\n').length + 1 && err.message.startsWith(`${FILE}:${err.line}: `);
      }
    }),
  );
});

test('uses: values: a local, docker or remote target, or invalid with a reason', () => {
  checkProperty(
    'pin: uses values',
    fc.property(fc.oneof(textOf(['./', '../', 'docker://', 'owner', '/', 'repo', '@', 'v1', '${{ x }}', '.', ' ', 'a'.repeat(50)]), messyText), (value) => {
      const target = parseUses(value);
      if (target.kind === 'invalid') return target.reason.length > 0;
      if (target.kind === 'remote')
        return value === `${target.owner}/${target.repo}${target.path ? `/${target.path}` : ''}@${target.ref}` || value.includes(target.ref);
      return target.value === value;
    }),
  );
});
