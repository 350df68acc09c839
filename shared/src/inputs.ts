/**
 * Typed, strict action inputs. Every reader validates and throws an InputError that names the
 * input, the value and what is accepted, so an action reads ALL its inputs before any side effect.
 * Readers take the raw lookup as a parameter so they are testable without the runner.
 */
import * as path from 'node:path';
import * as core from '@actions/core';
import { InputError, ActionError } from './errors.js';

export type InputLookup = (name: string) => string;

/** The runner's lookup: INPUT_<NAME> with spaces as underscores, trimmed. */
export const runnerInput: InputLookup = (name) => core.getInput(name);

export function getString(name: string, lookup: InputLookup = runnerInput): string {
  return lookup(name).trim();
}

export function getRequired(name: string, lookup: InputLookup = runnerInput): string {
  const value = getString(name, lookup);
  if (value === '') throw new ActionError(`Input '${name}' is required but was not set`);
  return value;
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** YAML 1.2 core-schema booleans only: "yes", "on", "1" are rejected rather than guessed. */
export function parseBoolean(name: string, value: string, fallback?: boolean): boolean {
  const v = value.trim();
  if (v === '' && fallback !== undefined) return fallback;
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw new InputError(name, value, 'true or false');
}

export function getBoolean(name: string, fallback?: boolean, lookup: InputLookup = runnerInput): boolean {
  return parseBoolean(name, lookup(name), fallback);
}

export function parseEnum<T extends string>(name: string, value: string, allowed: readonly T[], fallback?: T): T {
  const v = value.trim();
  if (v === '' && fallback !== undefined) return fallback;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new InputError(name, value, `one of ${allowed.join(', ')}`);
}

export function getEnum<T extends string>(name: string, allowed: readonly T[], fallback?: T, lookup: InputLookup = runnerInput): T {
  return parseEnum(name, lookup(name), allowed, fallback);
}

export function parseInteger(name: string, value: string, bounds: { min?: number; max?: number } = {}, fallback?: number): number {
  const v = value.trim();
  if (v === '' && fallback !== undefined) return fallback;
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
  if (/^-?\d+$/.test(v)) {
    const n = Number(v);
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  }
  throw new InputError(name, value, `an integer from ${min} to ${max}`);
}

export function getInteger(name: string, bounds: { min?: number; max?: number } = {}, fallback?: number, lookup: InputLookup = runnerInput): number {
  return parseInteger(name, lookup(name), bounds, fallback);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest duration accepted, in ms. Longer than setTimeout can wait: timers use timers.ts. */
export const MAX_DURATION_MS = 365 * UNIT_MS.d;

/**
 * Durations like `30s`, `5m`, `1h30m`, `250ms`, `2d`; a bare number is seconds.
 * Returns milliseconds. Only the units above are accepted (no "5 minutes"), and the result must fit
 * in a year, whichever form it is written in.
 */
export function parseDuration(name: string, value: string, fallback?: number): number {
  const v = value.trim();
  if (v === '' && fallback !== undefined) return fallback;
  const accepted = 'a duration such as 30s, 5m, 1h or 1h30m (units ms, s, m, h, d), at most 365d';
  let total = 0;
  let pos = 0;
  if (/^\d+(\.\d+)?$/.test(v)) {
    total = Number(v) * 1000;
    pos = v.length;
  } else {
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
    let match: RegExpExecArray | null;
    while ((match = re.exec(v)) !== null) {
      total += Number(match[1]) * UNIT_MS[match[2]];
      pos = re.lastIndex;
    }
  }
  // One check for both forms: a bare number of seconds once skipped the cap.
  if (v === '' || pos !== v.length || !Number.isFinite(total) || total > MAX_DURATION_MS) {
    throw new InputError(name, value, accepted);
  }
  return Math.round(total);
}

export function getDuration(name: string, fallback?: number, lookup: InputLookup = runnerInput): number {
  return parseDuration(name, lookup(name), fallback);
}

/** A list separated by newlines or commas; blank entries and `#` comment lines are dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function getList(name: string, lookup: InputLookup = runnerInput): string[] {
  return parseList(lookup(name));
}

/** Newline-separated only: for values that may themselves contain commas (arguments, globs with braces). */
export function getLines(name: string, lookup: InputLookup = runnerInput): string[] {
  return lookup(name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function workspaceDir(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd();
}

/**
 * A path relative to the workspace (absolute paths are kept). With `mustStayInside`, a path that
 * escapes the workspace (`../x`) is rejected: inputs must not reach outside the checkout.
 */
export function parsePath(name: string, value: string, options: { mustStayInside?: boolean; fallback?: string } = {}): string {
  const v = value.trim() || options.fallback || '';
  if (v === '') throw new ActionError(`Input '${name}' is required but was not set`);
  if (v.includes('\0')) throw new InputError(name, value, 'a file path');
  const root = workspaceDir();
  const resolved = path.resolve(root, v);
  if (options.mustStayInside) {
    const rel = path.relative(root, resolved);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new InputError(name, value, 'a path inside the workspace');
    }
  }
  return resolved;
}

export function getPath(name: string, options: { mustStayInside?: boolean; fallback?: string } = {}, lookup: InputLookup = runnerInput): string {
  return parsePath(name, lookup(name), options);
}

/** Exactly one of the named inputs must be set; returns its name. */
export function exactlyOneOf(names: string[], lookup: InputLookup = runnerInput): string {
  const set = names.filter((n) => lookup(n).trim() !== '');
  if (set.length !== 1) {
    const which = set.length === 0 ? 'none was set' : `got ${set.join(', ')}`;
    throw new ActionError(`Exactly one of the inputs ${names.map((n) => `'${n}'`).join(', ')} must be set: ${which}`);
  }
  return set[0];
}

/** At most one of the named inputs may be set; returns its name or undefined. */
export function atMostOneOf(names: string[], lookup: InputLookup = runnerInput): string | undefined {
  const set = names.filter((n) => lookup(n).trim() !== '');
  if (set.length > 1) {
    throw new ActionError(`Only one of the inputs ${names.map((n) => `'${n}'`).join(', ')} may be set: got ${set.join(', ')}`);
  }
  return set[0];
}

/** A secret input: masked in the runner log as soon as it is read. */
export function getSecret(name: string, lookup: InputLookup = runnerInput): string {
  const value = lookup(name).trim();
  if (value !== '') core.setSecret(value);
  return value;
}
