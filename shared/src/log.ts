/**
 * Logging of untrusted text. Anything that came from outside the action (tool output, file
 * contents, API data) is printed between `::stop-commands::` markers so a line such as
 * `::add-mask::` or `::set-output` inside it is shown, not executed by the runner.
 */
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';

export function logUntrusted(text: string, write: (s: string) => void = (s) => process.stdout.write(s)): void {
  if (text === '') return;
  const token = `dataops-${randomUUID()}`;
  write(`::stop-commands::${token}\n`);
  write(text.endsWith('\n') ? text : `${text}\n`);
  write(`::${token}::\n`);
}

/**
 * One info line that quotes untrusted values (module paths, dataset names): its line breaks are
 * shown as ⏎ so it stays one line, and it is printed with commands stopped, because the runner
 * also runs a `##[command]` found in the middle of a plain line.
 */
export function infoUntrusted(line: string, write?: (s: string) => void): void {
  logUntrusted(line.replace(/\r\n|\r|\n/g, '⏎'), write);
}

/** Runs fn with workflow commands disabled for everything it prints to stdout. */
export async function withCommandsStopped<T>(fn: () => Promise<T>): Promise<T> {
  const token = `dataops-${randomUUID()}`;
  process.stdout.write(`::stop-commands::${token}\n`);
  try {
    return await fn();
  } finally {
    process.stdout.write(`::${token}::\n`);
  }
}

/** Runs fn inside a collapsible log group named for the phase, and logs how long it took. */
export async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  core.startGroup(name);
  try {
    return await fn();
  } finally {
    core.endGroup();
    core.info(`${name}: ${formatMs(performance.now() - started)}`);
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
