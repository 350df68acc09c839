/**
 * `npm run demo`: runs the shipped action bundles the way the GitHub runner does, on the
 * repository's embedded defaults (no server, no credentials), and prints what each step produced.
 */
import { runAction } from '../test/harness/run-action.js';

const steps: Array<{ action: string; inputs: Record<string, string> }> = [{ action: 'action-template', inputs: { who: 'data team' } }];

let failed = 0;
for (const step of steps) {
  const result = await runAction(step.action, { inputs: step.inputs });
  const ok = result.exitCode === 0;
  if (!ok) failed++;
  console.log(`\n${ok ? '✔' : '✘'} ${step.action} (exit ${result.exitCode})`);
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  output ${name} = ${value.length > 200 ? `${value.slice(0, 200)}…` : value}`);
  for (const error of result.errors) console.log(`  error: ${error}`);
  if (result.summary.trim()) console.log(`  summary:\n${result.summary.replace(/^/gm, '    ')}`);
}
console.log(`\n${failed === 0 ? 'Demo finished: every step succeeded.' : `Demo finished: ${failed} step(s) failed.`}`);
process.exit(failed === 0 ? 0 : 1);
