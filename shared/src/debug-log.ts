/**
 * Structured debug lines (`event key=value ...`, logfmt style) through the runner's debug channel:
 * shown only when the run has debug logging on (the `ACTIONS_STEP_DEBUG` secret or variable, or
 * "re-run with debug logging"; the runner then sets RUNNER_DEBUG=1). Fields may be given as a
 * function so nothing is computed when debug is off.
 */
import * as core from '@actions/core';

export type Fields = Record<string, unknown>;

export const isDebug = (): boolean => core.isDebug();

/** A value as one logfmt token: bare when simple, JSON-quoted otherwise (never a line break). */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return /^[\w.:/@+-]+$/.test(text) ? text : JSON.stringify(text);
}

export function formatFields(event: string, fields: Fields = {}): string {
  const pairs = Object.entries(fields).map(([k, v]) => `${k}=${formatValue(v)}`);
  return [event, ...pairs].join(' ');
}

/** Logs `event key=value ...` when debug logging is on. */
export function debug(event: string, fields?: Fields | (() => Fields)): void {
  if (!core.isDebug()) return;
  core.debug(formatFields(event, typeof fields === 'function' ? fields() : fields));
}
