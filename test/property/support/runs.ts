/**
 * Bounded property runs: `FC_NUM_RUNS` (default 100) is the run count of a standard property;
 * costlier ones ask for a share of it. `npm test` stays fast; nightly CI sets FC_NUM_RUNS high.
 * Every property's run count goes to the ledger (the "bad inputs tried" figure).
 */
import fc from 'fast-check';
import { record } from '../../faults/support/ledger.js';

export const STANDARD_RUNS = 100;

/** The runs for a property that would take `runs` at the default setting. */
export function numRuns(runs = STANDARD_RUNS): number {
  const scale = Number(process.env.FC_NUM_RUNS || STANDARD_RUNS) / STANDARD_RUNS;
  return Math.max(1, Math.round(runs * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** Writes the run count to the ledger, and fails with fast-check's report (seed and shrunk counterexample) if the property failed. */
export function recordProperty(subject: string, details: fc.RunDetails<any>): void {
  record({ kind: 'inputs', source: 'property', subject, count: details.numRuns, failures: details.failed ? 1 : 0 });
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `property failed: ${subject}`);
}

/**
 * fc.check + recordProperty, for synchronous properties. `examples` always run first: inputs that
 * once broke a parser stay tested whatever the random seed.
 */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  subject: string,
  property: fc.IProperty<Ts>,
  runs = STANDARD_RUNS,
  examples: Ts[] = [],
): void {
  recordProperty(subject, fc.check(property, { numRuns: numRuns(runs), examples }));
}
