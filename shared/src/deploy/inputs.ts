/** Validation of the deploy-specific input values (the generic readers are in ../inputs.ts). */
import { InputError } from '../errors.js';
import { parseBoolean } from '../inputs.js';

/** A full commit SHA (SHA-1 or SHA-256 repositories): a branch name would make rollbacks ambiguous. */
export function parseCommitSha(name: string, value: string): string {
  const v = value.trim().toLowerCase();
  if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(v)) throw new InputError(name, value, 'a full commit SHA (40 hexadecimal characters), not a branch or tag');
  return v;
}

/** GitHub environment names: up to 255 characters, no control characters. */
export function parseEnvironmentName(name: string, value: string): string {
  const v = value.trim();
  // eslint-disable-next-line no-control-regex
  if (v === '' || v.length > 255 || /[\u0000-\u001f\u007f]/.test(v)) throw new InputError(name, value, 'an environment name of 1 to 255 printable characters');
  return v;
}

/** true, false, or '' for "let GitHub decide". */
export function parseOptionalBoolean(name: string, value: string): boolean | undefined {
  return value.trim() === '' ? undefined : parseBoolean(name, value);
}
