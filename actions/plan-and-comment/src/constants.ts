/** Input and output names of this action, in one place. */
export const ACTION_NAME = 'plan-and-comment';

export const Inputs = {
  WorkingDirectories: 'working-directories',
  Workspace: 'workspace',
  VarFiles: 'var-files',
  Vars: 'vars',
  BackendConfig: 'backend-config',
  InitArgs: 'init-args',
  PlanArgs: 'plan-args',
  Tool: 'tool',
  Parallelism: 'parallelism',
  LockTimeout: 'lock-timeout',
  ChangedOnly: 'changed-only',
  Comment: 'comment',
  CommentKey: 'comment-key',
  Label: 'label',
  DriftIssue: 'drift-issue',
  UploadArtifacts: 'upload-artifacts',
  GitHubToken: 'github-token',
} as const;

export const Outputs = {
  HasChanges: 'has-changes',
  Add: 'add',
  Change: 'change',
  Replace: 'replace',
  Destroy: 'destroy',
  Modules: 'modules',
  CommentUrl: 'comment-url',
  PlanDigests: 'plan-digests',
  Drift: 'drift',
} as const;
