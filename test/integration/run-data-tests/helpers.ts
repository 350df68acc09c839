/**
 * Running the committed run-data-tests bundle through the harness on a workspace holding the
 * generated data sets and a check file, and reading back its JSON report.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAction, createRunnerDirs, type ActionRunOptions, type ActionRunResult } from '../../harness/run-action.js';
import { writeDataDir, DUCKDB_NODE_MODULES } from '../../fixtures/data-tests/data.js';
import type { DataTestReport, TestReport } from '#shared/data-tests/model.js';

let data: Promise<string> | undefined;

/** The generated data folder (written once per test file). */
export function dataDir(): Promise<string> {
  data ??= writeDataDir(mkdtempSync(path.join(os.tmpdir(), 'dq-it-data-')));
  return data;
}

export interface DataTestsRun extends ActionRunResult {
  report?: DataTestReport;
  /** Tests by `dataset/test name`. */
  tests: Record<string, TestReport>;
}

export interface DataTestsRunOptions extends ActionRunOptions {
  /** Extra files in the workspace (relative path → content). */
  files?: Record<string, string>;
  /** Last changes to the workspace before the run. */
  prepare?: (workspace: string) => void;
}

export async function runDataTestsAction(checkFile: string, options: DataTestsRunOptions = {}): Promise<DataTestsRun> {
  const dirs = options.dirs ?? createRunnerDirs();
  cpSync(path.join(await dataDir(), 'data'), path.join(dirs.workspace, 'data'), { recursive: true });
  writeFileSync(path.join(dirs.workspace, 'dataops-tests.yml'), checkFile);
  for (const [name, content] of Object.entries(options.files ?? {})) {
    mkdirSync(path.dirname(path.join(dirs.workspace, name)), { recursive: true });
    writeFileSync(path.join(dirs.workspace, name), content);
  }
  options.prepare?.(dirs.workspace);
  const { files: _files, prepare: _prepare, ...runOptions } = options;
  void _files;
  void _prepare;
  const result = await runAction('run-data-tests', {
    eventName: 'push',
    ...runOptions,
    inputs: { history: 'none', ...options.inputs },
    env: { DATAOPS_DUCKDB_NODE_MODULES: DUCKDB_NODE_MODULES, ...options.env },
    dirs,
  });
  let report: DataTestReport | undefined;
  try {
    report = JSON.parse(readFileSync(result.outputs['report-path'], 'utf8')) as DataTestReport;
  } catch {
    report = undefined;
  }
  const tests: Record<string, TestReport> = {};
  for (const ds of report?.datasets ?? []) for (const t of ds.tests) tests[`${ds.name}/${t.name}`] = t;
  return { ...result, report, tests };
}

/** `status failing` per test, for compact expectations. */
export function outcomes(run: DataTestsRun): Record<string, string> {
  return Object.fromEntries(Object.entries(run.tests).map(([k, t]) => [k, t.status === 'error' ? 'error' : `${t.status} ${t.failing ?? '-'}`]));
}
