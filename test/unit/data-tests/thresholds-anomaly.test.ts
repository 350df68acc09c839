/**
 * dbt threshold semantics (severity, warn_if, error_if, percentages) and the robust z-score used
 * for anomalies (median/MAD, min_history, past anomalies left out, direction).
 */
import fc from 'fast-check';
import { decide, parseCondition, defaultThresholds } from '#shared/data-tests/thresholds.js';
import { median, scoreAnomaly } from '#shared/data-tests/anomaly.js';
import type { Thresholds } from '#shared/data-tests/model.js';

const th = (severity: 'error' | 'warn', warnIf: string, errorIf: string): Thresholds => ({
  severity,
  warnIf: parseCondition(warnIf)!,
  errorIf: parseCondition(errorIf)!,
});

describe('thresholds', () => {
  test.each([
    ['>0', { op: '>', value: 0, percent: false, text: '>0' }],
    ['>= 10', { op: '>=', value: 10, percent: false, text: '>=10' }],
    ['<>0', { op: '!=', value: 0, percent: false, text: '!=0' }],
    ['==3', { op: '=', value: 3, percent: false, text: '=3' }],
    ['>1.5%', { op: '>', value: 1.5, percent: true, text: '>1.5%' }],
    [' > 0.5 % ', { op: '>', value: 0.5, percent: true, text: '>0.5%' }],
  ])('parses %j', (text, expected) => expect(parseCondition(text)).toEqual(expected));

  test.each(['', '>', 'more than 3', '>-1', '> 1%%', '>1e3'])('rejects %j', (text) => expect(parseCondition(text)).toBeUndefined());

  test.each([
    // dbt's defaults: any failing row fails
    [defaultThresholds(), 0, 100, 'pass'],
    [defaultThresholds(), 1, 100, 'fail'],
    [defaultThresholds('warn'), 1, 100, 'warn'],
    // warn above 0 rows, error above 1% of the rows
    [th('error', '>0', '>1%'), 1, 1000, 'warn'],
    [th('error', '>0', '>1%'), 10, 1000, 'warn'],
    [th('error', '>0', '>1%'), 11, 1000, 'fail'],
    [th('error', '>0', '>1%'), 0, 1000, 'pass'],
    // severity warn ignores error_if
    [th('warn', '>5', '>0'), 3, 10, 'pass'],
    [th('warn', '>5', '>0'), 6, 10, 'warn'],
    // counts
    [th('error', '>=10', '>=100'), 9, undefined, 'pass'],
    [th('error', '>=10', '>=100'), 10, undefined, 'warn'],
    [th('error', '>=10', '>=100'), 100, undefined, 'fail'],
    // percent of nothing is 0
    [th('error', '>0%', '>0%'), 0, 0, 'pass'],
  ] as const)('%j with %i failing of %s → %s', (thresholds, failing, total, status) => {
    expect(decide(thresholds, failing, total).status).toBe(status);
  });

  test('more failing rows never give a better status (monotonic)', () => {
    const rank = { pass: 0, warn: 1, fail: 2 } as const;
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), fc.integer({ min: 1, max: 1000 }), fc.nat(20), (w, e, total, extra) => {
        const t = th('error', `>${w}`, `>${e}%`);
        const a = Math.min(total, extra);
        const b = Math.min(total, a + extra);
        return rank[decide(t, b, total).status] >= rank[decide(t, a, total).status];
      }),
    );
  });
});

describe('robust z-score', () => {
  const options = { sensitivity: 3, minHistory: 7, window: 30, direction: 'both' as const };

  test('median of odd and even lengths', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('learning until min_history runs exist', () => {
    expect(scoreAnomaly([100, 101, 99], 1000, options)).toEqual({ verdict: 'learning', used: 3 });
  });

  test('a value far from the median of a noisy history is anomalous; a close one is not', () => {
    const history = [100, 102, 98, 101, 99, 103, 97, 100];
    const far = scoreAnomaly(history, 150, options);
    expect(far.verdict).toBe('anomalous');
    expect(far.median).toBe(100);
    expect(far.mad).toBe(1.5); // deviations 0,2,2,1,1,3,3,0
    expect(far.score).toBeCloseTo((0.6745 * 50) / 1.5, 6);
    expect(scoreAnomaly(history, 103, options).verdict).toBe('normal');
  });

  test('one outlier in the history does not hide the next one (median/MAD are robust)', () => {
    const history = [100, 101, 99, 100, 5000, 100, 101, 99];
    expect(scoreAnomaly(history, 130, options).verdict).toBe('anomalous');
  });

  test('a constant history: any change is anomalous, no change is normal', () => {
    expect(scoreAnomaly([5, 5, 5, 5, 5, 5, 5], 5, options)).toMatchObject({ verdict: 'normal', score: 0 });
    expect(scoreAnomaly([5, 5, 5, 5, 5, 5, 5], 6, options)).toMatchObject({ verdict: 'anomalous', score: Infinity });
  });

  test('MAD of 0 with spread falls back to the mean absolute deviation', () => {
    const history = [10, 10, 10, 10, 10, 10, 10, 20];
    const normal = scoreAnomaly(history, 11, options);
    expect(normal.verdict).toBe('normal');
    expect(scoreAnomaly(history, 40, options).verdict).toBe('anomalous');
  });

  test('direction up ignores drops, down ignores rises', () => {
    const history = [100, 102, 98, 101, 99, 103, 97, 100];
    expect(scoreAnomaly(history, 10, { ...options, direction: 'up' }).verdict).toBe('normal');
    expect(scoreAnomaly(history, 10, { ...options, direction: 'down' }).verdict).toBe('anomalous');
    expect(scoreAnomaly(history, 300, { ...options, direction: 'down' }).verdict).toBe('normal');
  });

  test('only the last `window` runs train the score', () => {
    const old = Array(20).fill(1000);
    const recent = [100, 102, 98, 101, 99, 103, 97, 100];
    expect(scoreAnomaly([...old, ...recent], 100, { ...options, window: 8 }).verdict).toBe('normal');
    expect(scoreAnomaly([...old, ...recent], 100, { ...options, window: 28 }).median).toBe(1000);
  });
});
