/**
 * Action inputs: every typed reader, fed any text, returns a valid value or throws an InputError
 * (ActionError) that names the input on one line; the accepted grammar round-trips. Includes the
 * deploy and Terraform readers (commit SHAs, environment names, HTTP statuses, header lines whose
 * values must never be echoed, vars whose values must never be echoed, extra arguments).
 */
import fc from 'fast-check';
import { ActionError, InputError } from '#shared/errors.js';
import { parseBoolean, parseDuration, parseEnum, parseInteger, parseList, parsePath } from '#shared/inputs.js';
import { parseCommitSha, parseEnvironmentName } from '#shared/deploy/inputs.js';
import { parseExpectedStatuses, parseHeaderLines, parseHealthUrl } from '#shared/deploy/http-probe.js';
import { parseVarsInput, validateExtraArgs } from '#shared/terraform/settings.js';
import { checkProperty } from './support/runs.js';
import { isClearError, messyText, parsesOrFailsClearly, textOf } from './support/arbitraries.js';

const NAME = 'the-input';
/** An InputError must name the input and stay on one line (a hint may follow on the next). */
const namesInput = (err: unknown) => err instanceof InputError && err.message.startsWith(`Input '${NAME}' has invalid value `) && !err.message.includes('\n');

function readsOrNamesInput<T>(parse: () => T, valid: (v: T) => boolean = () => true): boolean {
  try {
    return valid(parse());
  } catch (err) {
    if (namesInput(err) && isClearError(err, [InputError])) return true;
    throw err;
  }
}

const durationText = textOf(['1', '0', '30', '1.5', 'ms', 's', 'm', 'h', 'd', ' ', '.', '-', 'e5', '9'.repeat(20)]);

describe('durations', () => {
  test('any text: milliseconds (finite, ≥ 0, at most a year) or an error naming the input', () => {
    checkProperty(
      'inputs: durations (any text)',
      fc.property(fc.oneof(durationText, messyText), (text) =>
        readsOrNamesInput(
          () => parseDuration(NAME, text),
          (ms) => Number.isFinite(ms) && ms >= 0 && ms <= 365 * 86_400_000,
        ),
      ),
      undefined,
      // A bare number of seconds skipped the one-year bound.
      [['99999999999999999999']],
    );
  });

  test('written durations round-trip: the sum of their parts', () => {
    const UNIT = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
    const part = fc.tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom(...(Object.keys(UNIT) as Array<keyof typeof UNIT>)));
    checkProperty(
      'inputs: durations (round trip)',
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
        const total = parts.reduce((sum, [n, u]) => sum + n * UNIT[u], 0);
        if (total > 365 * UNIT.d) return true;
        return parseDuration(NAME, parts.map(([n, u]) => `${n}${u}`).join('')) === total;
      }),
    );
  });
});

test('booleans: exactly true/True/TRUE and false/False/FALSE (trimmed), everything else names the input', () => {
  checkProperty(
    'inputs: booleans',
    fc.property(fc.oneof(textOf(['true', 'True', 'TRUE', 'false', 'yes', 'on', '1', ' ', '\n']), messyText), (text) =>
      readsOrNamesInput(
        () => parseBoolean(NAME, text),
        (b) => (b ? ['true', 'True', 'TRUE'] : ['false', 'False', 'FALSE']).includes(text.trim()),
      ),
    ),
  );
});

test('integers: in bounds or an error naming the input; every safe integer in bounds reads back', () => {
  checkProperty(
    'inputs: integers',
    fc.property(fc.oneof(textOf(['1', '0', '-', '9007199254740993', ' ', '.', 'e']), messyText), (text) =>
      readsOrNamesInput(
        () => parseInteger(NAME, text, { min: -5, max: 1000 }),
        (n) => Number.isSafeInteger(n) && n >= -5 && n <= 1000,
      ),
    ),
  );
  checkProperty(
    'inputs: integers (round trip)',
    fc.property(fc.integer({ min: -5, max: 1000 }), (n) => parseInteger(NAME, ` ${n} `, { min: -5, max: 1000 }) === n),
  );
});

test('enums: one of the allowed values, or an error naming the input', () => {
  checkProperty(
    'inputs: enums',
    fc.property(fc.oneof(textOf(['terraform', 'tofu', 'opentofu', ' ', 'Terraform']), messyText), (text) =>
      readsOrNamesInput(
        () => parseEnum(NAME, text, ['terraform', 'opentofu'] as const),
        (v) => v === 'terraform' || v === 'opentofu',
      ),
    ),
  );
});

test('lists: trimmed, non-empty items without separators, never more than the separators allow', () => {
  checkProperty(
    'inputs: lists',
    fc.property(fc.oneof(textOf(['a', 'b c', ',', '\n', '\r\n', '# x', ' ', 'infra/*']), messyText), (text) => {
      const items = parseList(text);
      const separators = (text.match(/[,\n]/g) ?? []).length;
      return items.length <= separators + 1 && items.every((i) => i !== '' && i === i.trim() && !/[,\n]/.test(i));
    }),
  );
});

test('paths: inside the workspace or an error naming the input (never a path outside)', () => {
  const previous = process.env.GITHUB_WORKSPACE;
  process.env.GITHUB_WORKSPACE = '/runner/work/repo';
  try {
    checkProperty(
      'inputs: workspace paths',
      fc.property(fc.oneof(textOf(['..', '/', '.', 'a', '\0', '~', ' ', '\\']), messyText), (text) =>
        parsesOrFailsClearly(
          () => parsePath(NAME, text, { mustStayInside: true, fallback: '.' }),
          [ActionError],
          (p) => p === '/runner/work/repo' || p.startsWith('/runner/work/repo/'),
        ),
      ),
    );
  } finally {
    process.env.GITHUB_WORKSPACE = previous;
  }
});

describe('deploy-with-rollback readers', () => {
  test('commit SHAs: 40 or 64 lowercase hex, or an error naming the input', () => {
    checkProperty(
      'inputs: commit SHAs',
      fc.property(fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{38,66}$/), messyText), (text) =>
        readsOrNamesInput(
          () => parseCommitSha(NAME, text),
          (s) => /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(s),
        ),
      ),
    );
  });

  test('environment names: 1 to 255 printable characters, or an error naming the input', () => {
    checkProperty(
      'inputs: environment names',
      fc.property(messyText, (text) =>
        readsOrNamesInput(
          () => parseEnvironmentName(NAME, text),
          (v) => v.length >= 1 && v.length <= 255 && ![...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f),
        ),
      ),
    );
  });

  test('expected statuses: ranges within 100-599, or an error naming the input', () => {
    checkProperty(
      'inputs: HTTP status lists',
      fc.property(fc.oneof(textOf(['200', '2xx', '-', ',', '599', '600', '099', ' ', '\n', '5XX']), messyText), (text) =>
        readsOrNamesInput(
          () => parseExpectedStatuses(NAME, text),
          (ranges) => ranges.length > 0 && ranges.every((r) => r.from >= 100 && r.to <= 599 && r.from <= r.to),
        ),
      ),
    );
  });

  test('health headers: an error never shows a header value (they hold credentials)', () => {
    const secret = 'S3CR3T-HEADER-VALUE';
    checkProperty(
      'inputs: health header lines',
      fc.property(
        fc.array(fc.oneof(fc.constant(`Authorization: Bearer ${secret}`), fc.constant(`${secret}`), fc.constant(`: ${secret}`), messyText), { maxLength: 4 }),
        (lines) => {
          try {
            parseHeaderLines(NAME, lines.join('\n'));
            return true;
          } catch (err) {
            return namesInput(err) && !(err as Error).message.includes(secret);
          }
        },
      ),
    );
  });

  test('health URLs: http(s) only, or an error naming the input', () => {
    checkProperty(
      'inputs: health URLs',
      fc.property(fc.oneof(fc.webUrl(), textOf(['http://', 'https://', 'file:///', 'javascript:', 'x', ' ', '@', ':80', '[::1]']), messyText), (text) =>
        readsOrNamesInput(
          () => parseHealthUrl(NAME, text),
          (u) => /^https?:\/\//.test(u),
        ),
      ),
    );
  });
});

describe('plan-and-comment readers', () => {
  test('vars: an object, or an error that never shows a value', () => {
    const secret = 'hunter2-vars-secret';
    const line = fc.oneof(
      fc.constant(`db_password=${secret}`),
      fc.constant(`bad name=${secret}`),
      fc.constant(`${secret}`),
      fc.constant(`{"db_password": "${secret}"`),
      fc.constant('# comment'),
      messyText,
    );
    checkProperty(
      'inputs: vars',
      fc.property(
        fc.oneof(
          fc.array(line, { maxLength: 4 }).map((l) => l.join('\n')),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          try {
            const vars = parseVarsInput(NAME, text);
            return typeof vars === 'object' && vars !== null && !Array.isArray(vars);
          } catch (err) {
            return namesInput(err) && !(err as Error).message.includes(secret);
          }
        },
      ),
    );
  });

  test('extra arguments: managed flags refused without showing -var values', () => {
    const secret = 'hunter2-arg-secret';
    const arg = fc.oneof(
      fc.constantFrom('-upgrade', '-out=x', '-var=a=' + secret, '--var=' + secret, '-backend-config=k=' + secret, '-json', '-target=a.b', 'plain'),
      messyText,
    );
    checkProperty(
      'inputs: init/plan arguments',
      fc.property(fc.array(arg, { maxLength: 4 }), fc.constantFrom('init' as const, 'plan' as const), (args, command) => {
        try {
          validateExtraArgs(NAME, command, args);
          return true;
        } catch (err) {
          return err instanceof InputError && !(err as Error).message.includes(secret);
        }
      }),
    );
  });
});
