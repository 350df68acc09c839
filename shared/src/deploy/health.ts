/**
 * What a health check is. Like Argo Rollouts' analysis, a probe has three outcomes: `success`,
 * `failure` (it was measured and the answer was bad: HTTP 500, body mismatch, exit code 1) and
 * `error` (it could not be measured at all: DNS, refused connection, timeout). Failures and errors
 * are counted separately, each against its own threshold.
 */

export type ProbeOutcome = 'success' | 'failure' | 'error';

export interface ProbeResult {
  outcome: ProbeOutcome;
  latencyMs: number;
  /** One line saying what was seen (status, exit code, error); untrusted text, escaped when rendered. */
  detail: string;
}

export interface ProbeContext {
  /** 1-based round of the bake period. */
  round: number;
}

export interface HealthCheck {
  /** Short stable name (`http`, `command`, `data-tests`), used in reports and the chart. */
  name: string;
  /** What it checks, for the log (a URL, a program). */
  target: string;
  /** Runs once, after the bake period passed (data tests), instead of every interval. */
  once?: boolean;
  probe(ctx: ProbeContext): Promise<ProbeResult>;
}

/** One line, at most `max` characters: for probe details built from untrusted output. */
export function oneLine(text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
