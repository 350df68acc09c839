/** Input and output names of this action, in one place. */
export const ACTION_NAME = 'deploy-with-rollback';

export const Inputs = {
  Environment: 'environment',
  Strategy: 'strategy',
  Ref: 'ref',
  GitHubToken: 'github-token',
  Task: 'task',
  EnvironmentUrl: 'environment-url',
  ProductionEnvironment: 'production-environment',
  DeployCommand: 'deploy-command',
  RollbackCommand: 'rollback-command',
  WorkingDirectory: 'working-directory',
  DeployTimeout: 'deploy-timeout',
  PlanFile: 'plan-file',
  PlanArtifact: 'plan-artifact',
  PlanDigest: 'plan-digest',
  PullRequest: 'pull-request',
  TerraformTool: 'terraform-tool',
  TerraformWorkspace: 'terraform-workspace',
  VarFiles: 'var-files',
  Vars: 'vars',
  BackendConfig: 'backend-config',
  InitArgs: 'init-args',
  TerraformLockTimeout: 'terraform-lock-timeout',
  HealthUrl: 'health-url',
  HealthExpectedStatus: 'health-expected-status',
  HealthBodyRegex: 'health-body-regex',
  HealthHeaders: 'health-headers',
  HealthCommand: 'health-command',
  DataTests: 'data-tests',
  ObserveFor: 'observe-for',
  Interval: 'interval',
  Timeout: 'timeout',
  FailureThreshold: 'failure-threshold',
  ErrorThreshold: 'error-threshold',
  LockTimeout: 'lock-timeout',
  AlertWebhookUrl: 'alert-webhook-url',
} as const;

export const Outputs = {
  Result: 'result',
  DeploymentId: 'deployment-id',
  DeployedSha: 'deployed-sha',
  RolledBackTo: 'rolled-back-to',
  RollbackDeploymentId: 'rollback-deployment-id',
  HealthChecks: 'health-checks',
  StateBackupArtifact: 'state-backup-artifact',
} as const;

export const State = {
  IsPost: 'isPost',
} as const;
