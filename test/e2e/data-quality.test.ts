/**
 * workflows/data-quality.yml runs end to end on the example data (examples/data-quality, DuckDB):
 * nightly runs build the anomaly history in the Actions cache, a pull request run reads it back
 * (chart in the summary), comments once, annotates the check file and uploads the JUnit report;
 * red when a data test fails, with the JUnit report still uploaded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { expectNoViolations, GITHUB_ACTIONS_BOT } from '../fakes/github-api/server.js';
import { runWorkflow } from './executor/executor.js';
import type { WorkflowRunResult } from './executor/types.js';
import {
  assembleRepository,
  examplesDir,
  localRunnerOptions,
  OWNER,
  prEvent,
  REPO,
  scheduleEvent,
  startServices,
  starterWorkflow,
  type Services,
  E2E_TIMEOUT_MS,
} from './rig.js';

const PR = 21;
let s: Services;
beforeEach(async () => {
  s = await startServices({ ref: `refs/pull/${PR}/merge` });
  s.api.state.seedPullRequest(OWNER, REPO, { number: PR, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), headRef: 'feature/orders' });
});
afterEach(async () => {
  await s.close();
});

const nightly = async (repository: string) =>
  runWorkflow(starterWorkflow('data-quality'), {
    eventName: 'schedule',
    event: scheduleEvent('41 6 * * *'),
    services: await s.forRun({ ref: 'refs/heads/main' }),
    ...localRunnerOptions(repository),
  });
const onPullRequest = async (repository: string) =>
  runWorkflow(starterWorkflow('data-quality'), {
    eventName: 'pull_request',
    event: prEvent({ number: PR }),
    services: await s.forRun(),
    ...localRunnerOptions(repository),
  });

function junit(run: WorkflowRunResult) {
  const artifact = run.artifacts.find((a) => a.name === 'data-tests-junit');
  expect(artifact?.files).toEqual(['data-tests.xml']);
  const xml = readFileSync(path.join(artifact!.dir, 'data-tests.xml'), 'utf8');
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml) as {
    testsuites: {
      tests: string;
      failures: string;
      testsuite: Array<{ name: string; tests: string; failures: string; testcase: Array<Record<string, unknown>> }>;
    };
  };
}

test(
  'nightly runs build the history; the pull request run reports with a chart, one comment, annotations and the JUnit report',
  async () => {
    const repository = assembleRepository({ dataQuality: true });
    const first = await nightly(repository);
    const second = await nightly(repository);
    for (const run of [first, second]) {
      expect(run.conclusion).toBe('success');
      expect(run.job('data-tests').step('tests').outputs).toMatchObject({ result: 'warn', passed: '13', warned: '4', failed: '0', errored: '0' });
    }
    // History lives in the Actions cache of the default branch; the second night learned from the first.
    expect(s.results.caches.length).toBeGreaterThan(0);
    expect(s.results.caches.every((c) => c.scope === 'refs/heads/main')).toBe(true);
    expect(first.job('data-tests').summary).toContain('learning \\(0 of 7 runs of history needed\\)');
    expect(second.job('data-tests').summary).toContain('learning \\(1 of 7 runs of history needed\\)');
    // No comment without a pull request.
    expect(s.api.state.comments(OWNER, REPO, PR)).toEqual([]);

    const run = await onPullRequest(repository);
    const job = run.job('data-tests');
    expect(run.conclusion).toBe('success');
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', metadata: 'read' });
    const tests = job.step('tests');
    expect(tests.inputs).toMatchObject({ config: 'dataops-tests.yml', 'junit-path': 'reports/data-tests.xml', comment: 'true', history: 'cache' });
    expect(tests.outputs).toMatchObject({ result: 'warn', passed: '13', warned: '4', failed: '0' });

    // The pull request read the default branch's history: the summary charts it.
    expect(job.summary).toContain('learning \\(2 of 7 runs of history needed\\)');
    expect(job.summary).toMatch(/```mermaid\nxychart-beta\n {2}title "orders: row_count/);

    // One comment by the bot with the warnings and their failing values.
    const comments = s.api.state.comments(OWNER, REPO, PR);
    expect(comments).toHaveLength(1);
    expect(comments[0].user.login).toBe(GITHUB_ACTIONS_BOT.login);
    expect(comments[0].body).toContain('Data tests passed with warnings: 4 warned, 13 passed');
    expect(comments[0].body).toContain('e.g. `lost` ×1');
    expect(tests.outputs['comment-url']).toBe(`https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${comments[0].id}`);

    // Warnings annotate the line of the check file that declared each test.
    const checkFile = readFileSync(path.join(examplesDir, 'data-quality', 'dataops-tests.yml'), 'utf8').split('\n');
    const warnings = tests.annotations.filter((a) => a.level === 'warning' && a.properties.file === 'dataops-tests.yml');
    expect(warnings).toHaveLength(4);
    const statusLine = warnings.find((w) => w.message.includes('lost'))!.properties.line;
    expect(checkFile[Number(statusLine) - 1]).toContain('accepted_values');

    // The JUnit report, uploaded as an artifact: one testsuite per dataset.
    const report = junit(run);
    expect(report.testsuites).toMatchObject({ tests: '17', failures: '0' });
    expect(report.testsuites.testsuite.map((t) => [t.name, t.tests])).toEqual([
      ['orders', '13'],
      ['customers', '4'],
    ]);
    expect(job.step('tests').conclusion).toBe('success');
    expect(job.steps.find((st) => st.name === 'Upload the JUnit report')?.outcome).toBe('success');
    expectNoViolations(s.api);
  },
  E2E_TIMEOUT_MS,
);

test(
  'red: a failing data test fails the check, with the failing values in the comment and the JUnit report still uploaded',
  async () => {
    const strict = readFileSync(path.join(examplesDir, 'data-quality', 'dataops-tests.yml'), 'utf8').replace(
      /\{ values: \[placed, shipped, returned\], warn_if: ['"]>0['"], error_if: ['"]>1%['"] \}/,
      '{ values: [placed, shipped, returned] }',
    );
    expect(strict).toContain('{ values: [placed, shipped, returned] }');
    const repository = assembleRepository({ dataQuality: true, files: { 'dataops-tests.yml': strict } });
    const run = await onPullRequest(repository);
    const job = run.job('data-tests');

    expect(run.conclusion).toBe('failure');
    const tests = job.step('tests');
    expect(tests).toMatchObject({ outcome: 'failure', exitCode: 1 });
    expect(tests.outputs).toMatchObject({ result: 'fail', failed: '1', warned: '3', passed: '13' });
    expect(tests.errors.some((e) => e.includes('lost'))).toBe(true);
    expect(s.api.state.comments(OWNER, REPO, PR)[0].body).toContain('Data tests failed: 1 failed, 3 warned, 13 passed');

    // `if: !cancelled()` keeps the report: the upload ran after the failure.
    expect(job.steps.find((st) => st.name === 'Upload the JUnit report')).toMatchObject({ outcome: 'success' });
    const report = junit(run);
    expect(report.testsuites.failures).toBe('1');
    const failed = report.testsuites.testsuite[0].testcase.find((c) => c.name === 'accepted_values(status)');
    expect(failed).toHaveProperty('failure');
  },
  E2E_TIMEOUT_MS,
);
