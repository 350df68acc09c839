/**
 * Every run through the harness is checked for secrets it was given (the GitHub token and inputs
 * named like secrets): none may show in what the run leaves visible — the log as displayed (masks
 * applied), stderr (masked the same way), outputs, variables, saved state and the job summary. So
 * the whole suite is a secret scan, not only the dedicated runs of test/security/secrets.test.ts
 * (which also checks files, what fake services received, and when masks take effect).
 */

/** Inputs whose values are secrets, by name. */
const SECRET_INPUT = /token|password|secret|webhook/;

/** The forms a secret can take in text: as is, URL-encoded, base64 (as in a Basic header or a grouping key). */
export function secretForms(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64');
  return [...new Set([value, encodeURIComponent(value), b64.replace(/=+$/, ''), Buffer.from(value).toString('base64url')])].filter((f) => f.length >= 6);
}

/** The secrets of one run: the token and the values of secret-named inputs (short test values are left out). */
export function runSecrets(token: string, inputs: Record<string, string>): Record<string, string> {
  const secrets: Record<string, string> = { 'the GitHub token': token };
  for (const [name, value] of Object.entries(inputs)) if (SECRET_INPUT.test(name)) secrets[`input ${name}`] = value;
  return Object.fromEntries(Object.entries(secrets).filter(([, value]) => value.trim().length >= 8));
}

export interface VisibleText {
  log: string;
  stderr: string;
  masks: string[];
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  state: Record<string, string>;
  summary: string;
}

/** Where each secret shows, e.g. `input alert-webhook-url in output metrics`. */
export function leaksIn(run: VisibleText, secrets: Record<string, string>): string[] {
  let stderr = run.stderr;
  for (const mask of [...run.masks].filter(Boolean).sort((a, b) => b.length - a.length)) stderr = stderr.split(mask).join('***');
  const places: Array<[string, string]> = [
    ['the log', run.log],
    ['stderr', stderr],
    ['the job summary', run.summary],
    ...Object.entries(run.outputs).map(([k, v]): [string, string] => [`output ${k}`, v]),
    ...Object.entries(run.exportedEnv).map(([k, v]): [string, string] => [`exported variable ${k}`, v]),
    ...Object.entries(run.state).map(([k, v]): [string, string] => [`saved state ${k}`, v]),
  ];
  const leaks: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    const forms = secretForms(value);
    for (const [where, text] of places) if (forms.some((f) => text.includes(f))) leaks.push(`${name} in ${where}`);
  }
  return leaks;
}
