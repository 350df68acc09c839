/**
 * Timers for any duration an input accepts (up to a year, see inputs.ts). setTimeout holds at most
 * 2^31-1 ms (about 24.8 days): a longer delay fires after 1 ms with only a TimeoutOverflowWarning,
 * which would end a bake period or kill a deploy at once. Longer waits here are chained in chunks.
 */

/** The longest delay setTimeout (and AbortSignal.timeout) can hold. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimer {
  cancel(): void;
}

/** Calls `fn` once `ms` have passed, however long; `unref` lets the process exit meanwhile. */
export function setLongTimeout(fn: () => void, ms: number, options: { unref?: boolean } = {}): LongTimer {
  let timer: NodeJS.Timeout | undefined;
  const wait = (left: number) => {
    const step = Math.min(Math.max(left, 0), MAX_TIMER_MS);
    timer = setTimeout(() => (left > step ? wait(left - step) : fn()), step);
    if (options.unref) timer.unref();
  };
  wait(ms);
  return { cancel: () => clearTimeout(timer) };
}

/** Resolves after `ms`, however long. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setLongTimeout(resolve, ms));
}

/** AbortSignal.timeout for any length: aborts with the same TimeoutError once `ms` have passed. */
export function timeoutSignal(ms: number): AbortSignal {
  if (Number.isInteger(ms) && ms >= 0 && ms <= MAX_TIMER_MS) return AbortSignal.timeout(ms);
  const controller = new AbortController();
  setLongTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms, { unref: true });
  return controller.signal;
}
