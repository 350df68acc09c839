/**
 * How a SHA gets deployed. A rollback is not an "undo": it is a new forward deployment of the last
 * known-good SHA, through the same strategy. Anything a strategy throws from deploy or rollback
 * counts as a failed deploy (the environment may be half-changed, so rolling back is right).
 */

export type StrategyName = 'command' | 'terraform';
export const STRATEGIES: readonly StrategyName[] = ['command', 'terraform'];

export interface DeployTarget {
  sha: string;
  environment: string;
  deploymentId: number;
}

export interface RollbackTarget extends DeployTarget {
  /** The SHA whose deploy or verification failed. */
  failedSha: string;
  failedDeploymentId: number;
}

/** Files a strategy kept for later (Terraform's state backup, errored.tfstate), by artifact name. */
export interface StrategyArtifacts {
  stateBackup?: string;
  erroredState?: string;
}

export interface DeployReport {
  /** One line for the timeline. */
  note: string;
  artifacts?: StrategyArtifacts;
}

export interface DeployStrategy {
  readonly name: StrategyName;
  /** Refusals that must come before anything changes (a plan whose digest differs, a stale plan). */
  prepare(): Promise<void>;
  /** Facts recorded in the deployment's payload (the plan digest). */
  payload(): Record<string, unknown>;
  deploy(target: DeployTarget): Promise<DeployReport>;
  rollback(target: RollbackTarget): Promise<DeployReport>;
  /** Artifacts kept so far, also when deploy or rollback threw. */
  artifacts(): StrategyArtifacts;
}

/** A deploy that did not succeed; `artifacts` may hold what was saved before it failed. */
export class DeployFailedError extends Error {
  constructor(
    message: string,
    readonly artifacts: StrategyArtifacts = {},
  ) {
    super(message);
    this.name = 'DeployFailedError';
  }
}

/**
 * A deploy that stopped before changing anything (a stale plan, a lock never acquired, no state
 * backup): the deployment is marked `error` and nothing is rolled back, since nothing moved.
 */
export class NothingAppliedError extends DeployFailedError {
  constructor(message: string, artifacts: StrategyArtifacts = {}) {
    super(message, artifacts);
    this.name = 'NothingAppliedError';
  }
}
