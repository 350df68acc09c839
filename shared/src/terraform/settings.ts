/**
 * Parsing of the Terraform-specific action inputs: variables (kept off the command line) and the
 * extra argument lists, which may not take over the flags the actions manage themselves.
 */
import { InputError } from '../errors.js';
import { VARIABLE_NAME } from './cli.js';

/**
 * The `vars` input: a JSON object (`${{ toJSON(...) }}`), or one `name=value` per line (the value is
 * the rest of the line, taken as a string). Blank lines and `#` comments are ignored.
 */
export function parseVarsInput(name: string, text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      // JSON.parse quotes the text around the error: only its position may be shown.
      const at = /position (\d+)/.exec((err as Error).message)?.[1];
      throw new InputError(name, '(JSON not shown: it may hold secrets)', `a JSON object or name=value lines (invalid JSON${at ? ` at position ${at}` : ''})`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(name, '(not shown)', 'a JSON object or name=value lines');
    for (const key of Object.keys(parsed)) if (!VARIABLE_NAME.test(key)) throw new InputError(name, key, 'variable names made of letters, digits, _ and -');
    return parsed as Record<string, unknown>;
  }
  const vars: Record<string, unknown> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq).trim();
    // Only the name is ever shown: the value may be a secret.
    if (eq < 0) throw new InputError(name, `line ${index + 1} (not shown)`, 'name=value on each line (or a JSON object)');
    if (!VARIABLE_NAME.test(key)) throw new InputError(name, `line ${index + 1}: ${key}`, 'a variable name made of letters, digits, _ and - before the =');
    if (key in vars) throw new InputError(name, `line ${index + 1}: ${key}`, 'each variable once');
    vars[key] = line.slice(eq + 1).trim();
  });
  return vars;
}

/** Flags the action sets itself, per command, and what to use instead. */
const MANAGED: Record<'init' | 'plan', Array<[RegExp, string]>> = {
  init: [
    [/^-input(=|$)/, 'the action always passes -input=false'],
    [/^-backend-config(=|$)/, 'use the backend-config input'],
    [/^-chdir(=|$)/, 'use the working-directories input'],
    [/^-no-color$/, 'the action always passes -no-color'],
  ],
  plan: [
    [/^-out(=|$)/, 'the action writes the plan file itself'],
    [/^-detailed-exitcode$/, 'the action always passes it'],
    [/^-input(=|$)/, 'the action always passes -input=false'],
    [/^-no-color$/, 'the action always passes -no-color'],
    [/^-json$/, 'the action reads the plan with show -json'],
    [/^-lock-timeout(=|$)/, 'use the lock-timeout input'],
    [/^-var(=|$)/, 'use the vars input: -var would put the value on the command line'],
    [/^-var-file(=|$)/, 'use the var-files input'],
    [/^-chdir(=|$)/, 'use the working-directories input'],
  ],
};

/** An argument as it may be shown in an error: -var and -backend-config values may be secrets, so only names are. */
function shownArg(arg: string): string {
  const named = /^(--?(?:var|backend-config)=)([A-Za-z_][A-Za-z0-9_-]*)=/.exec(arg);
  if (named) return `${named[1]}${named[2]}=(value not shown)`;
  return /^--?(var|backend-config)=/.test(arg) ? `${arg.slice(0, arg.indexOf('=') + 1)}(not shown)` : arg;
}

/** Validates `init-args` / `plan-args`: one argument per line, each a flag the action does not manage. */
export function validateExtraArgs(name: string, command: 'init' | 'plan', args: string[]): string[] {
  for (const arg of args) {
    if (!arg.startsWith('-')) throw new InputError(name, arg, `one ${command} flag per line, starting with -`);
    const flag = arg.replace(/^--/, '-');
    for (const [pattern, instead] of MANAGED[command])
      if (pattern.test(flag)) throw new InputError(name, shownArg(arg), `a flag the action does not set itself (${instead})`);
  }
  return args;
}
