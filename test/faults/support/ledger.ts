/**
 * The figures behind `npm run test:faults`: every fault case, hostile input, secret scan and
 * tool-cache scan writes what it OBSERVED (not whether its assertions passed) to
 * `.test-results/reliability/<test file>.json`, so the table counts what happened even when a
 * test fails. scripts/test-faults.mjs reads these files after Jest has run.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import { repoRoot } from '../../harness/paths.js';

export const LEDGER_DIR = path.join(repoRoot, '.test-results', 'reliability');

/**
 * What a run did when a fault hit it. The first two are the only documented outcomes; the rest are
 * what the suite exists to catch.
 */
export type Outcome =
  /** The step succeeded with all its work done (after retrying, or by carrying on without an optional service). */
  | 'succeeded'
  /** The step failed with one clear error line, leaving nothing half-done. */
  | 'failed-clearly'
  /** A green step whose work is missing or wrong. */
  | 'silent-success'
  /** A failed step whose error is missing, several, multi-line without reason, or unreadable (stack traces, TypeErrors). */
  | 'failed-unclearly'
  /** The same PR comment or deployment made twice. */
  | 'duplicate'
  /** Something half-installed left in the tool cache. */
  | 'partial-install'
  /** A failed step that left work half-done elsewhere (a deployment stuck in progress, a lock held). */
  | 'half-done';

export interface FaultEntry {
  kind: 'fault';
  test: string;
  action: string;
  /** What was injected, e.g. `github-api secondary-rate-limit on issues/create-comment`. */
  fault: string;
  /** How many requests (or events) the fault actually hit: 0 means the case proved nothing. */
  hits: number;
  /** The documented outcomes (usually one). */
  expected: Outcome[];
  observed: Outcome;
  detail?: string;
}

export interface InputsEntry {
  kind: 'inputs';
  test: string;
  /** `property` for fast-check runs, `hostile` for hand-written injection payloads. */
  source: 'property' | 'hostile';
  subject: string;
  count: number;
  /** Inputs that crashed, hung, or produced an unclear error (must be 0). */
  failures: number;
}

export interface LeakEntry {
  kind: 'leak';
  test: string;
  action: string;
  /** How many places were scanned (log, outputs, files, comments, artifacts, ...). */
  scanned: number;
  /** `secret-name in where` for each hit. */
  hits: string[];
}

export interface PartialEntry {
  kind: 'partial';
  test: string;
  /** Tool-cache entries that are not complete installs. */
  partial: string[];
}

export interface InertEntry {
  kind: 'inert';
  test: string;
  action: string;
  /** Places checked (comment, summary, log, outputs). */
  checked: number;
  /** Hostile values that became live markup, mentions or executed workflow commands. */
  live: string[];
}

export type LedgerEntry = FaultEntry | InputsEntry | LeakEntry | PartialEntry | InertEntry;

type WithoutTest<T> = T extends unknown ? Omit<T, 'test'> : never;

function ledgerFile(testPath: string): string {
  const rel = path.relative(repoRoot, testPath).split(path.sep).join('__');
  return path.join(LEDGER_DIR, `${rel}.json`);
}

// Jest loads this module afresh per test file: the first entry of a run replaces an older ledger.
const startedThisRun = new Set<string>();

/** Appends one entry to the current test file's ledger (read-modify-write: one Jest worker owns a file). */
export function record(entry: WithoutTest<LedgerEntry>): void {
  const state = expect.getState();
  const testPath = state.testPath ?? 'unknown';
  const file = ledgerFile(testPath);
  mkdirSync(LEDGER_DIR, { recursive: true });
  const fresh = !startedThisRun.has(file);
  startedThisRun.add(file);
  const entries: LedgerEntry[] = !fresh && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LedgerEntry[]) : [];
  entries.push({ ...entry, test: state.currentTestName ?? '(file)' } as LedgerEntry);
  writeFileSync(file, `${JSON.stringify(entries, null, 1)}\n`);
}
