/**
 * What a rollout tells people: the `health-checks` output (JSON), the job summary (banner, facts,
 * timeline, probe latency charts, every probe) and the alert sent on `rolled-back` or
 * `rollback-failed`. Untrusted text (probe details, command errors) is escaped everywhere.
 */
import type { Alert } from '../alerts.js';
import { details, escapeText, inlineCode, table } from '../markdown.js';
import { shortSha } from './deployments.js';
import type { RolloutOutcome } from './rollout.js';
import { latencyChart, phaseTable, probeTable } from './timeline.js';
import type { VerifyResult } from './verify.js';

function verifySummary(result: VerifyResult | undefined) {
  if (!result) return null;
  return {
    passed: result.passed,
    reason: result.reason,
    rounds: result.rounds,
    probes: result.probes.length,
    failures: result.probes.filter((p) => p.outcome === 'failure').length,
    errors: result.probes.filter((p) => p.outcome === 'error').length,
    observeForMs: result.observeForMs,
    intervalMs: result.intervalMs,
    checks: result.checks,
  };
}

/** The `health-checks` output: per verification (of the deploy, of the rollback), counts per check. */
export function healthChecksJson(outcome: RolloutOutcome): string {
  return JSON.stringify({ deploy: verifySummary(outcome.health.deploy), rollback: verifySummary(outcome.health.rollback) });
}

const HEADLINE: Record<RolloutOutcome['result'], (o: RolloutOutcome) => string> = {
  deployed: (o) => `🚀 Deployed ${inlineCode(shortSha(o.sha))} to ${inlineCode(o.environment)}`,
  'rolled-back': (o) => `↩️ Rolled back ${inlineCode(o.environment)} to ${inlineCode(shortSha(o.rolledBackTo))}: ${inlineCode(shortSha(o.sha))} failed`,
  'rollback-failed': (o) => `🚨 ROLLBACK FAILED on ${inlineCode(o.environment)}`,
  failed: (o) => `❌ Deploy of ${inlineCode(shortSha(o.sha))} to ${inlineCode(o.environment)} failed`,
};

function banner(outcome: RolloutOutcome): string {
  const kind = { deployed: 'NOTE', 'rolled-back': 'WARNING', failed: 'WARNING', 'rollback-failed': 'CAUTION' }[outcome.result];
  return `> [!${kind}]\n> ${escapeText(outcome.message)}`;
}

function healthSection(title: string, result: VerifyResult | undefined): string {
  if (!result) return '';
  const counts = verifySummary(result)!;
  const lines = [
    `### ${escapeText(title)}`,
    '',
    `${result.passed ? '✅' : '❌'} ${escapeText(result.reason)}`,
    '',
    `${counts.rounds} round(s), ${counts.probes} probe(s): ${counts.failures} failure(s), ${counts.errors} error(s) (errors = could not be measured).`,
  ];
  if (result.checks.length) {
    lines.push(
      '',
      table(
        ['Check', 'Target', 'Probes', 'Failures', 'Errors', 'Longest failure streak', 'Longest error streak'],
        result.checks.map((c) => [
          inlineCode(c.name),
          escapeText(c.target),
          String(c.probes),
          String(c.failures),
          String(c.errors),
          String(c.maxConsecutiveFailures),
          String(c.maxConsecutiveErrors),
        ]),
      ),
    );
  }
  const chart = latencyChart(result, title);
  if (chart) lines.push('', chart);
  if (result.probes.length) lines.push('', details(`All ${result.probes.length} probes, one by one`, probeTable(result.probes)));
  return lines.join('\n');
}

export function summaryMarkdown(outcome: RolloutOutcome, strategy: string): string {
  const facts: string[][] = [
    ['Environment', inlineCode(outcome.environment)],
    ['Strategy', inlineCode(strategy)],
    ['Commit', inlineCode(outcome.sha)],
    ['Deployment', `${outcome.deploymentId}${outcome.failure ? ` — ${outcome.failure.phase} failed: ${escapeText(outcome.failure.reason)}` : ''}`],
  ];
  if (outcome.rolledBackTo) facts.push(['Rolled back to', `${inlineCode(outcome.rolledBackTo)} (deployment ${outcome.rollbackDeploymentId ?? '—'})`]);
  if (outcome.rollbackFailure) facts.push(['Rollback', `${outcome.rollbackFailure.phase} failed: ${escapeText(outcome.rollbackFailure.reason)}`]);
  if (outcome.inactivated.length) facts.push(['Marked inactive', outcome.inactivated.join(', ')]);
  if (outcome.artifacts.stateBackup) facts.push(['State backup artifact', inlineCode(outcome.artifacts.stateBackup)]);
  if (outcome.artifacts.erroredState) facts.push(['errored.tfstate artifact', inlineCode(outcome.artifacts.erroredState)]);
  const sections = [
    `## ${HEADLINE[outcome.result](outcome)}`,
    '',
    banner(outcome),
    '',
    table(['', ''], facts),
    '',
    '### Timeline',
    '',
    phaseTable(outcome.timeline.phases),
    healthSection(`Health of ${shortSha(outcome.sha)}`, outcome.health.deploy),
    healthSection(`Health of ${shortSha(outcome.rolledBackTo)} after the rollback`, outcome.health.rollback),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

/** The alert for a rollback (or a failed one); undefined for outcomes that do not page anyone. */
export function alertFor(outcome: RolloutOutcome, runUrl: string): Alert | undefined {
  if (outcome.result !== 'rolled-back' && outcome.result !== 'rollback-failed') return undefined;
  const failed = outcome.result === 'rollback-failed';
  const fields: Record<string, string> = {
    Environment: outcome.environment,
    'Failed SHA': outcome.sha,
    'Failed deployment': String(outcome.deploymentId),
    'Rolled back to': outcome.rolledBackTo,
  };
  if (outcome.rollbackDeploymentId) fields['Rollback deployment'] = String(outcome.rollbackDeploymentId);
  if (outcome.artifacts.stateBackup) fields['State backup artifact'] = outcome.artifacts.stateBackup;
  return {
    title: failed
      ? `ROLLBACK FAILED on ${outcome.environment}: ${shortSha(outcome.sha)} failed and ${shortSha(outcome.rolledBackTo)} could not be restored`
      : `Rolled back ${outcome.environment} to ${shortSha(outcome.rolledBackTo)}: ${shortSha(outcome.sha)} failed ${outcome.failure?.phase === 'deploy' ? 'to deploy' : 'its health checks'}`,
    text: outcome.message,
    severity: failed ? 'critical' : 'error',
    fields,
    runUrl,
    action: 'deploy-with-rollback',
  };
}

/** A short summary when the action refused to start (environment busy, stale plan). */
export function refusalMarkdown(environment: string, sha: string, reason: string): string {
  return `## ⛔ Did not deploy ${inlineCode(shortSha(sha))} to ${inlineCode(environment)}\n\n> [!WARNING]\n> ${escapeText(reason)}\n`;
}
