/**
 * Inputs for robustness properties: random text weighted towards what breaks parsers (the
 * grammar's own symbols, quotes, line breaks, huge repeats that make backtracking regexes
 * explode), and the test every parser must pass: a value, or ONE documented error class with a
 * readable message.
 */
import fc from 'fast-check';

/** Text built from a parser's own symbols, so random strings reach deep into its grammar. */
export function textOf(symbols: string[], maxLength = 40): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...symbols) }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }), { maxLength })
    .map((parts) => parts.join(''));
}

/** Any text: unicode, control characters, line breaks, and long repeats of a few characters (backtracking bait). */
export const messyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
  // Without `{` and `[`: thousands of nested flow collections make the yaml library exhaust Node 20's
  // regexp compiler memory and kill the process (a library limit, reported apart; see docs/reliability.md).
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 4 }).filter((s) => !/[{[]/.test(s)),
        fc.integer({ min: 1000, max: 20_000 }),
      )
      .map(([s, n]) => s.repeat(n)),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '\r\n', '\t', '\0', '\u2028', '\uFEFF', '%', '::', '${{ x }}') },
);

// Signs that a message is an accident of the code, not a sentence for the user.
const ACCIDENTS = [
  /\bundefined\b/,
  /\[object Object\]/,
  /\bNaN\b/,
  /is not a function/,
  /Cannot read propert/,
  /Cannot use 'in' operator/,
  /Maximum call stack/,
];

/**
 * A parser's thrown value is acceptable when it is one of the documented error classes and its
 * message is non-empty and shows no accident. (Length is not judged: an input error quotes the
 * value, however long the value is.)
 */
export function isClearError(err: unknown, classes: Array<abstract new (...args: never[]) => Error>): boolean {
  if (!classes.some((c) => err instanceof c)) return false;
  const message = (err as Error).message;
  return message.trim() !== '' && !ACCIDENTS.some((re) => re.test(message));
}

/** Runs `parse`; passes when it returns (and `valid` accepts the value) or throws a clear error of the given classes. */
export function parsesOrFailsClearly<T>(
  parse: () => T,
  classes: Array<abstract new (...args: never[]) => Error>,
  valid: (value: T) => boolean = () => true,
): boolean {
  let value: T;
  try {
    value = parse();
  } catch (err) {
    if (isClearError(err, classes)) return true;
    throw err;
  }
  return valid(value);
}
