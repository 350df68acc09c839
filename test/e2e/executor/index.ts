/** The end-to-end workflow executor: run a workflow file's jobs locally (see executor.ts). */
export { runWorkflow, assertTriggeredBy, expandMatrix, jobOrder } from './executor.js';
export { loadWorkflow, WorkflowParseError, type LoadedWorkflow } from './workflow-file.js';
export { resolveUses, REPOSITORY_NAME } from './uses.js';
export { STAND_INS, type StandIn } from './stand-ins.js';
export type { ExecutorServices, JobResult, RunWorkflowOptions, StepResult, WorkflowRunResult } from './types.js';
