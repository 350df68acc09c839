/** Input, output and state names of this action, in one place. */
export const ACTION_NAME = 'action-template';

export const Inputs = {
  Who: 'who',
  Greeting: 'greeting',
  Timeout: 'timeout',
  DryRun: 'dry-run',
} as const;

export const Outputs = {
  Message: 'message',
  TimeoutMs: 'timeout-ms',
} as const;

export const State = {
  IsPost: 'isPost',
  Message: 'message',
} as const;
