/**
 * The data-tests health check: a run-data-tests check file run through the shared engine once the
 * bake period has passed, so a deploy whose DATA fails its tests is rolled back like one whose
 * endpoint fails. Failed tests are a failure; tests that could not run at all (database down,
 * file missing) with none failing are an error: nothing was measured.
 */
import * as path from 'node:path';
import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import { runDataTests } from '../data-tests/runner.js';
import type { DataTestReport } from '../data-tests/model.js';
import { oneLine, type HealthCheck, type ProbeOutcome, type ProbeResult } from './health.js';

export interface DataTestsProbeSpec {
  /** The check file (absolute). */
  configPath: string;
  /** Paths in messages are relative to this folder (the workspace). */
  displayRoot: string;
  /** Extra environment for `${VAR}` interpolation in the check file (the deployment's SHA). */
  env: Record<string, string>;
}

/** One line naming what failed or could not run. */
export function describeReport(report: DataTestReport): { outcome: ProbeOutcome; detail: string } {
  const { counts } = report;
  const names = (status: 'fail' | 'error') =>
    report.datasets
      .flatMap((d) => d.tests.filter((t) => t.status === status).map((t) => `${d.name}.${t.name}`))
      .slice(0, 3)
      .join(', ');
  if (counts.failed > 0) {
    return {
      outcome: 'failure',
      detail: oneLine(`${counts.failed} of ${counts.total} data test(s) failed: ${names('fail')}${counts.failed > 3 ? ', …' : ''}`, 200),
    };
  }
  if (counts.errored > 0) {
    const firstError = report.datasets.flatMap((d) => d.tests.filter((t) => t.status === 'error').map((t) => t.error ?? t.message))[0] ?? '';
    return { outcome: 'error', detail: oneLine(`${counts.errored} data test(s) could not run (${names('error')}): ${firstError}`, 200) };
  }
  return { outcome: 'success', detail: `${counts.passed} data test(s) passed${counts.warned ? `, ${counts.warned} warned` : ''}` };
}

export function dataTestsHealthCheck(spec: DataTestsProbeSpec): HealthCheck {
  return {
    name: 'data-tests',
    target: path.relative(spec.displayRoot, spec.configPath) || spec.configPath,
    once: true,
    async probe(): Promise<ProbeResult> {
      const started = performance.now();
      try {
        const report = await runDataTests(spec.configPath, {
          env: { ...process.env, ...spec.env },
          displayRoot: spec.displayRoot,
          sampleSize: 0,
          mask: (secret) => core.setSecret(secret),
          duckdb: { actionsCache: true, log: (message) => core.info(message) },
        });
        return { ...describeReport(report), latencyMs: performance.now() - started };
      } catch (err) {
        return { outcome: 'error', latencyMs: performance.now() - started, detail: oneLine(`the check file could not be used: ${errorMessage(err)}`, 200) };
      }
    },
  };
}
