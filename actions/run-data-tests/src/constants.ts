/** Input and output names of this action, in one place. */
export const ACTION_NAME = 'run-data-tests';

export const Inputs = {
  Config: 'config',
  DbtSchema: 'dbt-schema',
  Datasets: 'datasets',
  FailOn: 'fail-on',
  JUnitPath: 'junit-path',
  ReportPath: 'report-path',
  Comment: 'comment',
  GitHubToken: 'github-token',
  History: 'history',
  HistoryPath: 'history-path',
  HistoryTable: 'history-table',
  DefaultBranch: 'default-branch',
  SampleSize: 'sample-size',
  DuckDBMemoryLimit: 'duckdb-memory-limit',
  AlertWebhookUrl: 'alert-webhook-url',
  AlertOn: 'alert-on',
} as const;

export const Outputs = {
  Result: 'result',
  Passed: 'passed',
  Failed: 'failed',
  Warned: 'warned',
  Errored: 'errored',
  ReportPath: 'report-path',
  JUnitPath: 'junit-path',
  CommentUrl: 'comment-url',
} as const;
