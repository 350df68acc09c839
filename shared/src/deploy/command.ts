/**
 * User commands (deploy, rollback, health): a program and its arguments given one per line, run
 * as an argument array (never through a shell), with the deployment's variables in the environment.
 * The child never sees this action's inputs (INPUT_*, the token among them) nor its output and
 * state files (a script could otherwise overwrite the action's outputs).
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ActionError, InputError } from '../errors.js';

export interface CommandSpec {
  /** Program then arguments. */
  argv: string[];
  cwd: string;
}

/** Arguments one per line; blank and `#` lines are ignored. A program with a `/` is a path relative to `cwd`. */
export function parseCommand(name: string, value: string, cwd: string): CommandSpec | undefined {
  const argv = value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (argv.length === 0) return undefined;
  const [program] = argv;
  if (program.includes('/') || program.includes('\\')) {
    const resolved = path.resolve(cwd, program);
    if (!existsSync(resolved) || !statSync(resolved).isFile()) {
      throw new InputError(
        name,
        program,
        `a program on PATH or an existing file (no file at ${resolved})`,
        'Give the program on the first line and one argument per line, e.g. `bash` then `scripts/deploy.sh`.',
      );
    }
    argv[0] = resolved;
  }
  return { argv, cwd };
}

const HIDDEN_FROM_CHILD = /^(INPUT_.*|STATE_.*|GITHUB_OUTPUT|GITHUB_STATE|ACTIONS_RUNTIME_TOKEN)$/;

/** The environment of a user command: the runner's, minus this action's private variables, plus `extra`. */
export function childEnvironment(extra: Record<string, string>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!HIDDEN_FROM_CHILD.test(key)) env[key] = value;
  return { ...env, ...extra };
}

export function describeCommand(spec: CommandSpec): string {
  return spec.argv.map((a) => (/^[\w./:=@%+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

export function requireCommand(name: string, spec: CommandSpec | undefined, why: string): CommandSpec {
  if (!spec) throw new ActionError(`Input '${name}' is required ${why}`);
  return spec;
}
