/**
 * Errors the user can act on. An ActionError's message is shown as-is (one line),
 * and its hint (what to do about it) follows on its own line.
 */
export class ActionError extends Error {
  readonly hint?: string;
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ActionError';
    this.hint = options.hint;
  }
}

/** A bad action input: always names the input, the value and what is accepted. */
export class InputError extends ActionError {
  readonly input: string;
  constructor(input: string, value: string, accepted: string, hint?: string) {
    super(`Input '${input}' has invalid value ${JSON.stringify(value)}: expected ${accepted}`, { hint });
    this.name = 'InputError';
    this.input = input;
  }
}

/** A readable message for any thrown value (strings, objects and non-Errors included). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  if (err === undefined || err === null) return String(err);
  if (typeof err === 'object' && 'message' in err && typeof (err as { message: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}
