/**
 * `${{ }}` evaluation with GitHub's own expression engine (@actions/expressions): its lexer,
 * parser and evaluator, with the runner-only functions (success, failure, always, cancelled,
 * hashFiles) supplied through the evaluator's functions hook.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition, FunctionInfo } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import { node24 } from '../../harness/paths.js';

export type ExpressionData = data.ExpressionData;
export type JobStatus = 'success' | 'failure' | 'cancelled';

/** The contexts a step-level expression may read (all plain JSON). */
export interface ExpressionContexts {
  github: Record<string, unknown>;
  env: Record<string, string>;
  vars: Record<string, string>;
  secrets: Record<string, string>;
  inputs: Record<string, unknown>;
  steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>;
  job: Record<string, unknown>;
  runner: Record<string, unknown>;
  matrix: Record<string, unknown>;
  strategy: Record<string, unknown>;
  needs: Record<string, { result: string; outputs: Record<string, string> }>;
}

export interface ExpressionScope {
  contexts: ExpressionContexts;
  /** What success()/failure() see: the job's status so far. */
  jobStatus: JobStatus;
  /** Where hashFiles() looks (GITHUB_WORKSPACE). */
  workspace: string;
}

const CONTEXT_NAMES = ['github', 'env', 'vars', 'secrets', 'inputs', 'steps', 'job', 'runner', 'matrix', 'strategy', 'needs'] as const;

const EXTENSION_FUNCTIONS: FunctionInfo[] = [
  { name: 'success', minArgs: 0, maxArgs: 0 },
  { name: 'failure', minArgs: 0, maxArgs: 0 },
  { name: 'always', minArgs: 0, maxArgs: 0 },
  { name: 'cancelled', minArgs: 0, maxArgs: 0 },
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
];

const hashFilesChild = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hash-files-child.mjs');

/** hashFiles() the way the runner does it: @actions/glob in a Node child, cwd = workspace. */
export function hashFiles(workspace: string, patterns: string[]): string {
  const child = spawnSync(node24, [hashFilesChild, JSON.stringify(patterns)], { cwd: workspace, encoding: 'utf8', timeout: 120_000 });
  if (child.status !== 0) throw new Error(`hashFiles(${patterns.join(', ')}) failed: ${child.stderr.trim() || `exit ${child.status}`}`);
  const last = child.stdout.trimEnd().split('\n').pop() ?? '""';
  return JSON.parse(last) as string;
}

/** Plain JSON → the engine's data types. */
export function toExpressionData(value: unknown): ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as ExpressionData;
}

/** The engine's data → plain JSON. */
export function fromExpressionData(value: ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer));
}

function runnerFunctions(scope: ExpressionScope): Map<string, FunctionDefinition> {
  const bool =
    (fn: () => boolean): ((...args: ExpressionData[]) => ExpressionData) =>
    () =>
      new data.BooleanData(fn());
  const defs: FunctionDefinition[] = [
    { name: 'success', minArgs: 0, maxArgs: 0, call: bool(() => scope.jobStatus === 'success') },
    { name: 'failure', minArgs: 0, maxArgs: 0, call: bool(() => scope.jobStatus === 'failure') },
    { name: 'always', minArgs: 0, maxArgs: 0, call: bool(() => true) },
    { name: 'cancelled', minArgs: 0, maxArgs: 0, call: bool(() => scope.jobStatus === 'cancelled') },
    {
      name: 'hashFiles',
      minArgs: 1,
      maxArgs: 255,
      call: (...args: ExpressionData[]) =>
        new data.StringData(
          hashFiles(
            scope.workspace,
            args.map((a) => a.coerceString()),
          ),
        ),
    },
  ];
  return new Map(defs.map((d) => [d.name.toLowerCase(), d]));
}

export class ExpressionEvaluationFailed extends Error {
  constructor(expression: string, cause: unknown) {
    super(`cannot evaluate \${{ ${expression} }}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ExpressionEvaluationFailed';
  }
}

/** Evaluates one expression (without `${{ }}`) in a scope. */
export function evaluate(expression: string, scope: ExpressionScope): ExpressionData {
  try {
    const { tokens } = new Lexer(expression).lex();
    const tree = new Parser(tokens, [...CONTEXT_NAMES], EXTENSION_FUNCTIONS).parse();
    const contexts = new data.Dictionary();
    for (const name of CONTEXT_NAMES) contexts.add(name, toExpressionData(scope.contexts[name]));
    return new Evaluator(tree, contexts, runnerFunctions(scope)).evaluate();
  } catch (error) {
    throw new ExpressionEvaluationFailed(expression, error);
  }
}

export function evaluateCondition(expression: string, scope: ExpressionScope): boolean {
  return truthy(evaluate(expression, scope));
}

/** An evaluated value as the runner turns it into a string input, env value or script text. */
export function expressionString(value: ExpressionData, expression: string): string {
  if (value.kind === data.Kind.Dictionary || value.kind === data.Kind.Array) {
    throw new ExpressionEvaluationFailed(expression, new Error('the result is an object or array where a string is expected (use toJSON)'));
  }
  return value.coerceString();
}

/**
 * Splits a string into literal text and `${{ }}` expressions the way GitHub's template reader
 * does (a `}}` inside a single-quoted string literal does not close the expression).
 */
export function splitTemplate(text: string): Array<{ literal: string } | { expression: string }> {
  const parts: Array<{ literal: string } | { expression: string }> = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${{', i);
    if (start < 0) {
      parts.push({ literal: text.slice(i) });
      break;
    }
    if (start > i) parts.push({ literal: text.slice(i, start) });
    let inString = false;
    let end = -1;
    for (let j = start + 3; j < text.length; j++) {
      if (text[j] === "'") inString = !inString;
      else if (!inString && text[j] === '}' && text[j - 1] === '}') {
        end = j;
        break;
      }
    }
    if (end < 0) throw new Error(`an expression is not closed: ${JSON.stringify(text.slice(start, start + 60))}`);
    parts.push({ expression: text.slice(start + 3, end - 1).trim() });
    i = end + 1;
  }
  return parts;
}

/** Evaluates every `${{ }}` inside a string, as the runner does for `with:`, `env:` and `run:`. */
export function interpolate(text: string, scope: ExpressionScope): string {
  return splitTemplate(text)
    .map((part) => ('literal' in part ? part.literal : expressionString(evaluate(part.expression, scope), part.expression)))
    .join('');
}
