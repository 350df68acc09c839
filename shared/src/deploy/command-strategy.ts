/**
 * The `command` strategy: the user's deploy program (and, for rollbacks, the rollback program,
 * which defaults to the deploy program since a rollback is a forward deploy of the good SHA),
 * run as an argument array with the deployment in its environment:
 * DEPLOY_SHA (the SHA to put live), DEPLOY_ENVIRONMENT, DEPLOYMENT_ID, and on a rollback
 * ROLLBACK_TO_SHA (= DEPLOY_SHA) and ROLLBACK_FROM_SHA (the SHA that failed).
 */
import { exec } from '../exec.js';
import { formatMs } from '../log.js';
import { childEnvironment, describeCommand, type CommandSpec } from './command.js';
import { DeployFailedError, type DeployReport, type DeployStrategy, type DeployTarget, type RollbackTarget } from './strategy.js';

export interface CommandStrategyOptions {
  deploy: CommandSpec;
  /** Defaults to `deploy`. */
  rollback?: CommandSpec;
  timeoutMs: number;
  /** Masked in the programs' output. */
  secrets: string[];
}

async function runCommand(what: string, spec: CommandSpec, env: Record<string, string>, options: CommandStrategyOptions): Promise<DeployReport> {
  const [program, ...args] = spec.argv;
  let result;
  try {
    // stderr goes through stdout inside the stop-commands block: nothing a deploy script prints can run as a workflow command.
    result = await exec(program, args, {
      cwd: spec.cwd,
      env: childEnvironment(env),
      secrets: options.secrets,
      timeoutMs: options.timeoutMs,
      stderrToStdout: true,
    });
  } catch (err) {
    throw new DeployFailedError(`the ${what} command could not start (${describeCommand(spec)}): ${(err as Error).message}`);
  }
  if (result.signal !== null) {
    const timedOut = result.durationMs >= options.timeoutMs - 50;
    throw new DeployFailedError(
      timedOut
        ? `the ${what} command did not finish within ${formatMs(options.timeoutMs)} and was stopped`
        : `the ${what} command was killed by ${result.signal}`,
    );
  }
  if (result.exitCode !== 0) throw new DeployFailedError(`the ${what} command exited with code ${result.exitCode}`);
  return { note: `${describeCommand(spec)} exited 0 after ${formatMs(result.durationMs)}` };
}

export function commandStrategy(options: CommandStrategyOptions): DeployStrategy {
  return {
    name: 'command',
    async prepare() {},
    payload: () => ({}),
    artifacts: () => ({}),
    deploy(target: DeployTarget) {
      return runCommand(
        'deploy',
        options.deploy,
        {
          DEPLOY_SHA: target.sha,
          DEPLOY_ENVIRONMENT: target.environment,
          DEPLOYMENT_ID: String(target.deploymentId),
          // Empty on a forward deploy, whatever the runner's environment holds.
          ROLLBACK_TO_SHA: '',
          ROLLBACK_FROM_SHA: '',
        },
        options,
      );
    },
    rollback(target: RollbackTarget) {
      return runCommand(
        'rollback',
        options.rollback ?? options.deploy,
        {
          DEPLOY_SHA: target.sha,
          DEPLOY_ENVIRONMENT: target.environment,
          DEPLOYMENT_ID: String(target.deploymentId),
          ROLLBACK_TO_SHA: target.sha,
          ROLLBACK_FROM_SHA: target.failedSha,
        },
        options,
      );
    },
  };
}
