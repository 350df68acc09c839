/**
 * dbt's test thresholds: `severity`, `warn_if`, `error_if` (default `!=0`), with percentages of the
 * rows tested (`>1%`) as an extension. A test's status comes from its failing count here.
 */
import type { Condition, Severity, TestStatus, Thresholds } from './model.js';

const CONDITION = /^\s*(>=|<=|!=|<>|==|=|>|<)\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/;

/** Parses `>0`, `>= 10`, `!=0`, `>1%`; undefined when the text is not a condition. */
export function parseCondition(text: string): Condition | undefined {
  const match = CONDITION.exec(text);
  if (!match) return undefined;
  const rawOp = match[1];
  const op = rawOp === '==' ? '=' : rawOp === '<>' ? '!=' : (rawOp as Condition['op']);
  return { op, value: Number(match[2]), percent: match[3] === '%', text: `${op}${match[2]}${match[3]}` };
}

export const DEFAULT_CONDITION: Condition = { op: '!=', value: 0, percent: false, text: '!=0' };

export function defaultThresholds(severity: Severity = 'error'): Thresholds {
  return { severity, warnIf: DEFAULT_CONDITION, errorIf: DEFAULT_CONDITION };
}

export function holds(condition: Condition, failing: number, total: number | undefined): boolean {
  const x = condition.percent ? percentOf(failing, total) : failing;
  switch (condition.op) {
    case '>':
      return x > condition.value;
    case '>=':
      return x >= condition.value;
    case '<':
      return x < condition.value;
    case '<=':
      return x <= condition.value;
    case '=':
      return x === condition.value;
    case '!=':
      return x !== condition.value;
  }
}

/** Failing rows as a percentage of the rows tested; 0 when nothing was tested. */
export function percentOf(failing: number, total: number | undefined): number {
  if (!total) return 0;
  return (failing / total) * 100;
}

/**
 * dbt's order: with severity error, error_if decides a failure first, then warn_if a warning;
 * with severity warn, only warn_if is looked at.
 */
export function decide(thresholds: Thresholds, failing: number, total?: number): { status: Exclude<TestStatus, 'error'>; threshold: string } {
  if (thresholds.severity === 'error' && holds(thresholds.errorIf, failing, total)) return { status: 'fail', threshold: `error if ${thresholds.errorIf.text}` };
  if (holds(thresholds.warnIf, failing, total)) return { status: 'warn', threshold: `warn if ${thresholds.warnIf.text}` };
  return { status: 'pass', threshold: thresholds.severity === 'error' ? `error if ${thresholds.errorIf.text}` : `warn if ${thresholds.warnIf.text}` };
}
