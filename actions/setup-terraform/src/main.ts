/**
 * One bundle, two roles. Started by the runner, it is the setup step (step.ts: inputs, core,
 * outputs). Started by the wrapper shim with WRAPPER_FLAG, it runs one wrapped terraform call,
 * which must start fast and print nothing of its own: that path loads only Node built-ins.
 *
 * Both load their code with a dynamic import after enabling Node's on-disk compile cache, so
 * repeated runs on one machine (wrapped calls, a second setup in a job, self-hosted runners)
 * skip recompiling the bundle.
 */
import * as nodeModule from 'node:module';
import { WRAPPER_FLAG } from '#shared/setup-terraform/wrapper-flag.js';
import { State } from './constants.js';

function enableCompileCache(): void {
  try {
    // Node 22.1+ (the runner's Node 24 has it; the typings here are Node 20's).
    (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch {
    // An optimisation only: a read-only temp folder must not fail the step.
  }
}

export async function run(): Promise<void> {
  enableCompileCache();
  if (process.argv[2] === WRAPPER_FLAG) {
    const { runWrapped } = await import('#shared/setup-terraform/wrapper.js');
    process.exitCode = await runWrapped(process.argv[3], process.argv.slice(4));
    return;
  }
  // The post step only saves the plugin cache: without one (the common case) there is nothing to load.
  // (The runner hands saved state over as STATE_<name> variables, which core.getState reads.)
  if (process.env[`STATE_${State.IsPost}`] === 'true' && !process.env[`STATE_${State.PluginCacheKey}`]) return;
  const { runStep } = await import('./step.js');
  await runStep();
}
