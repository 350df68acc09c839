/**
 * The command health check: exit code 0 is healthy, another exit code is a failure, and a program
 * that cannot start or does not finish within the timeout is an error (nothing was measured).
 * Output is captured, not streamed (a bake period runs it many times); it is shown on failure.
 */
import { exec } from '../exec.js';
import { logUntrusted } from '../log.js';
import { setLongTimeout, type LongTimer } from '../timers.js';
import { childEnvironment, type CommandSpec } from './command.js';
import { oneLine, type HealthCheck, type ProbeResult } from './health.js';

export interface CommandProbeSpec {
  command: CommandSpec;
  timeoutMs: number;
  env: Record<string, string>;
  secrets: string[];
}

/** Extra time after the timeout for a child that ignores SIGTERM before the probe gives up on it. */
const KILL_GRACE_MS = 5_000;

export function commandHealthCheck(spec: CommandProbeSpec): HealthCheck {
  const [program, ...args] = spec.command.argv;
  return {
    name: 'command',
    target: program,
    async probe({ round }): Promise<ProbeResult> {
      const started = performance.now();
      const elapsed = () => performance.now() - started;
      let timer: LongTimer | undefined;
      try {
        const run = exec(program, args, {
          cwd: spec.command.cwd,
          env: childEnvironment({ ...spec.env, HEALTH_PROBE_ROUND: String(round) }),
          secrets: spec.secrets,
          stream: false,
          maxCapture: 64 * 1024,
          timeoutMs: spec.timeoutMs,
        });
        run.catch(() => undefined); // if the timer wins, a late rejection must not go unhandled
        const hung = new Promise<'hung'>((resolve) => {
          timer = setLongTimeout(() => resolve('hung'), spec.timeoutMs + KILL_GRACE_MS);
        });
        const result = await Promise.race([run, hung]);
        if (result === 'hung' || result.signal !== null) {
          return { outcome: 'error', latencyMs: elapsed(), detail: `did not finish within ${spec.timeoutMs} ms (timeout)` };
        }
        if (result.exitCode === 0) return { outcome: 'success', latencyMs: result.durationMs, detail: 'exit 0' };
        const output = `${result.stdout}${result.stderr}`.trim();
        logUntrusted(output);
        const lastLine = output.split('\n').pop() ?? '';
        return { outcome: 'failure', latencyMs: result.durationMs, detail: `exit ${result.exitCode}${lastLine ? `: ${oneLine(lastLine, 100)}` : ''}` };
      } catch (err) {
        return { outcome: 'error', latencyMs: elapsed(), detail: `could not run ${program}: ${oneLine((err as Error).message)}` };
      } finally {
        timer?.cancel();
      }
    },
  };
}
