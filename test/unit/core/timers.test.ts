/**
 * Timers past setTimeout's limit (2^31-1 ms, about 24.8 days): a plain setTimeout fires such a
 * delay after 1 ms; these wait the whole time. Jest's fake clock reproduces the overflow, so the
 * waits are checked without waiting.
 */
import { jest } from '@jest/globals';
import { MAX_DURATION_MS } from '#shared/inputs.js';
import { MAX_TIMER_MS, setLongTimeout, sleep, timeoutSignal } from '#shared/timers.js';

const DAY = 86_400_000;

describe('timers past the setTimeout limit', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('the fake clock overflows a plain setTimeout like Node does (the bug these timers avoid)', () => {
    const fired = jest.fn();
    const warning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    setTimeout(fired, 30 * DAY);
    jest.advanceTimersByTime(2);
    expect(fired).toHaveBeenCalled();
    warning.mockRestore();
  });

  test.each([
    ['just past the limit', MAX_TIMER_MS + 1],
    ['30 days', 30 * DAY],
    ['the longest duration an input accepts', MAX_DURATION_MS],
  ])('setLongTimeout waits %s, not a millisecond less', (_, ms) => {
    const fired = jest.fn();
    setLongTimeout(fired, ms);
    jest.advanceTimersByTime(ms - 1);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  test('short delays behave as setTimeout', () => {
    const fired = jest.fn();
    setLongTimeout(fired, 250);
    jest.advanceTimersByTime(249);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  test('cancel stops a long timer in any chunk', () => {
    const fired = jest.fn();
    const timer = setLongTimeout(fired, 60 * DAY);
    jest.advanceTimersByTime(40 * DAY); // into the second chunk
    timer.cancel();
    jest.advanceTimersByTime(60 * DAY);
    expect(fired).not.toHaveBeenCalled();
  });

  test('sleep resolves only once the whole time has passed', async () => {
    let done = false;
    void sleep(30 * DAY).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(25 * DAY);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(5 * DAY);
    expect(done).toBe(true);
  });

  test('a long timeoutSignal aborts with a TimeoutError only at the end', () => {
    const signal = timeoutSignal(30 * DAY);
    jest.advanceTimersByTime(30 * DAY - 1);
    expect(signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });
});
