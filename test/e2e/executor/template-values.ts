/**
 * Turns workflow-parser tokens into the values the runner uses: strings for `with:`, `env:` and
 * `run:`, plain objects for mappings, with every `${{ }}` evaluated.
 *
 * One correction: for a multi-line scalar holding an expression, the parser builds its format()
 * from the raw YAML source (indentation kept, block chomping not applied) because it serves an
 * editor's positions. The runner substitutes into the YAML-processed text, so such values are
 * re-read from their source with the YAML library and interpolated here.
 */
import YAML from 'yaml';
import { isBasicExpression, isBoolean, isMapping, isNumber, isSequence, isString } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { BasicExpressionToken } from '@actions/workflow-parser/templates/tokens/basic-expression-token';
import { evaluate, expressionString, fromExpressionData, interpolate, type ExpressionScope } from './expressions.js';

/** The YAML-processed text of a multi-line scalar that the parser kept as raw source. */
function processedMultiLine(token: BasicExpressionToken): string | undefined {
  const source = token.source;
  const range = token.range;
  if (source === undefined || !token.originalExpressions || !range || range.start.line === range.end.line) return undefined;
  // Block scalars: the source is the indented body; quoted/plain scalars: the source is the scalar itself.
  const doc = token.blockScalarHeader !== undefined ? `k: ${token.blockScalarHeader}\n${source}` : `k: ${source}`;
  const parsed = YAML.parse(doc) as { k: unknown };
  return typeof parsed.k === 'string' ? parsed.k : undefined;
}

/** A scalar token as a string, expressions evaluated (null → ''). */
export function evaluateString(token: TemplateToken | undefined, scope: ExpressionScope): string {
  if (token === undefined) return '';
  if (isString(token)) return token.value;
  if (isBoolean(token) || isNumber(token)) return String(token.value);
  if (isBasicExpression(token)) {
    const multiLine = processedMultiLine(token);
    if (multiLine !== undefined) return interpolate(multiLine, scope);
    return expressionString(evaluate(token.expression, scope), token.expression);
  }
  if (isMapping(token) || isSequence(token)) throw new Error(`expected a string at line ${token.line}, found a ${isMapping(token) ? 'mapping' : 'sequence'}`);
  return ''; // null
}

/** Any token as plain JSON, expressions evaluated (a whole-value expression may yield an object). */
export function evaluateValue(token: TemplateToken | undefined, scope: ExpressionScope): unknown {
  if (token === undefined) return undefined;
  if (isMapping(token)) {
    const result: Record<string, unknown> = {};
    for (const pair of token) result[evaluateString(pair.key, scope)] = evaluateValue(pair.value, scope);
    return result;
  }
  if (isSequence(token)) return [...token].map((item) => evaluateValue(item, scope));
  if (isBasicExpression(token) && !processedMultiLine(token)) return fromExpressionData(evaluate(token.expression, scope));
  if (isBoolean(token) || isNumber(token)) return token.value;
  if (isString(token) || isBasicExpression(token)) return evaluateString(token, scope);
  return null;
}

/** A mapping of names to strings (`env:`, `with:`), in order, each value evaluated. */
export function evaluateStringMap(token: TemplateToken | undefined, scope: ExpressionScope): Record<string, string> {
  const result: Record<string, string> = {};
  if (token === undefined || !isMapping(token)) return result;
  for (const pair of token) result[evaluateString(pair.key, scope)] = evaluateString(pair.value, scope);
  return result;
}

/** A token without expressions as plain JSON (permissions, strategy literals). */
export function literalValue(token: TemplateToken | undefined): unknown {
  if (token === undefined) return undefined;
  if (isMapping(token)) return Object.fromEntries([...token].map((pair) => [String(literalValue(pair.key)), literalValue(pair.value)]));
  if (isSequence(token)) return [...token].map(literalValue);
  if (isString(token) || isBoolean(token) || isNumber(token)) return token.value;
  if (isBasicExpression(token)) return `\${{ ${token.expression} }}`;
  return null;
}
