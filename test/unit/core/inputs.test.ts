import fc from 'fast-check';
import { ActionError, InputError } from '#shared/errors.js';
import { atMostOneOf, exactlyOneOf, parseBoolean, parseDuration, parseEnum, parseInteger, parseList, parsePath } from '#shared/inputs.js';

describe('parseBoolean (YAML 1.2 core schema only)', () => {
  test.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    [' true ', true],
  ])('%j → %s', (value, expected) => expect(parseBoolean('flag', value)).toBe(expected));

  test.each(['yes', 'no', 'on', 'off', '1', '0', 'tRue', 'y'])('%j is rejected naming input, value and what is accepted', (value) => {
    expect(() => parseBoolean('comment', value)).toThrow(`Input 'comment' has invalid value ${JSON.stringify(value)}: expected true or false`);
  });

  test('empty takes the fallback, or is an error without one', () => {
    expect(parseBoolean('x', '', true)).toBe(true);
    expect(() => parseBoolean('x', '')).toThrow(InputError);
  });
});

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['2d', 172_800_000],
    ['1.5s', 1500],
    ['45', 45_000],
  ])('%j → %d ms', (value, ms) => expect(parseDuration('timeout', value)).toBe(ms));

  test.each(['5 minutes', '1x', 's', '-5s', '5m garbage', '1h 30m', 'P1D', '9999d'])('%j is rejected', (value) => {
    expect(() => parseDuration('timeout', value)).toThrow(/Input 'timeout' has invalid value .*: expected a duration such as 30s/);
  });

  // The one-year cap holds whichever form the duration is written in (bare seconds once skipped it).
  const YEAR_MS = 365 * 86_400_000;
  test.each([
    ['365d', YEAR_MS],
    ['8760h', YEAR_MS],
    ['31536000', YEAR_MS],
    ['31536000.0', YEAR_MS],
    ['364d23h59m59s999ms', YEAR_MS - 1],
  ])('%j is at the cap: %d ms', (value, ms) => expect(parseDuration('timeout', value)).toBe(ms));

  test.each(['366d', '365d1ms', '8761h', '31536001', '31536000.001', '99999999999999999999', '9'.repeat(400)])('%j is over a year and rejected', (value) => {
    expect(() => parseDuration('timeout', value)).toThrow(/Input 'timeout' has invalid value .*: expected a duration .*at most 365d$/);
  });

  test('property: any composed valid duration parses to the sum of its parts', () => {
    const part = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom('ms', 's', 'm', 'h'));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
        const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
        const text = parts.map(([n, u]) => `${n}${u}`).join('');
        expect(parseDuration('d', text)).toBe(parts.reduce((sum, [n, u]) => sum + n * unit[u], 0));
      }),
    );
  });

  test('property: arbitrary text either parses to a finite non-negative number or throws an InputError', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          const ms = parseDuration('d', text, 0);
          expect(Number.isFinite(ms) && ms >= 0).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
    );
  });
});

describe('parseEnum and parseInteger', () => {
  test('enum accepts listed values and names them when rejecting', () => {
    expect(parseEnum('tool', 'opentofu', ['terraform', 'opentofu'] as const)).toBe('opentofu');
    expect(parseEnum('tool', '', ['terraform', 'opentofu'] as const, 'terraform')).toBe('terraform');
    expect(() => parseEnum('tool', 'pulumi', ['terraform', 'opentofu'])).toThrow(
      `Input 'tool' has invalid value "pulumi": expected one of terraform, opentofu`,
    );
  });

  test.each([
    ['4', 4],
    ['1', 1],
    ['16', 16],
  ])('integer %j', (value, n) => expect(parseInteger('parallelism', value, { min: 1, max: 16 })).toBe(n));

  test.each(['0', '17', '1.5', 'four', '4x', ''])('integer %j out of 1..16 is rejected', (value) => {
    expect(() => parseInteger('parallelism', value, { min: 1, max: 16 })).toThrow(/expected an integer from 1 to 16/);
  });
});

describe('parseList', () => {
  test.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a\nb\n\nc', ['a', 'b', 'c']],
    [' a , b \n c,d ', ['a', 'b', 'c', 'd']],
    ['# comment\nx', ['x']],
    ['', []],
  ])('%j', (value, list) => expect(parseList(value)).toEqual(list));

  test('property: no item is blank or has surrounding whitespace', () => {
    fc.assert(fc.property(fc.string(), (text) => parseList(text).every((item) => item !== '' && item === item.trim())));
  });
});

describe('parsePath', () => {
  const saved = process.env.GITHUB_WORKSPACE;
  beforeAll(() => (process.env.GITHUB_WORKSPACE = '/ws'));
  afterAll(() => (process.env.GITHUB_WORKSPACE = saved));

  test('relative paths resolve against the workspace', () => expect(parsePath('config', 'tests/a.yml')).toBe('/ws/tests/a.yml'));
  test('escaping the workspace is rejected when it must stay inside', () => {
    expect(() => parsePath('config', '../etc/passwd', { mustStayInside: true })).toThrow(
      `Input 'config' has invalid value "../etc/passwd": expected a path inside the workspace`,
    );
  });
  test('fallback applies to an empty value', () => expect(parsePath('config', '', { fallback: 'dataops-tests.yml' })).toBe('/ws/dataops-tests.yml'));
});

describe('exactlyOneOf / atMostOneOf', () => {
  const lookup = (values: Record<string, string>) => (name: string) => values[name] ?? '';
  test('exactly one', () => {
    expect(exactlyOneOf(['plan-file', 'plan-artifact'], lookup({ 'plan-file': 'x' }))).toBe('plan-file');
    expect(() => exactlyOneOf(['a', 'b'], lookup({}))).toThrow("Exactly one of the inputs 'a', 'b' must be set: none was set");
    expect(() => exactlyOneOf(['a', 'b'], lookup({ a: '1', b: '2' }))).toThrow(ActionError);
  });
  test('at most one', () => {
    expect(atMostOneOf(['a', 'b'], lookup({}))).toBeUndefined();
    expect(() => atMostOneOf(['a', 'b'], lookup({ a: '1', b: '2' }))).toThrow("Only one of the inputs 'a', 'b' may be set: got a, b");
  });
});
