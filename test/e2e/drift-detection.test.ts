/**
 * workflows/drift-detection.yml runs end to end on its schedule: every root module planned, one
 * drift issue opened while the infrastructure differs from the code, closed when it no longer does;
 * nothing applied, no comment, no artifacts, and only `issues: write` beyond reading the code.
 */
import { expectNoViolations } from '../fakes/github-api/server.js';
import { runWorkflow } from './executor/executor.js';
import { assembleRepository, OWNER, REPO, startServices, starterWorkflow, terraformCalls, localRunnerOptions, type Services, E2E_TIMEOUT_MS } from './rig.js';

let s: Services;
beforeEach(async () => {
  s = await startServices();
});
afterEach(async () => {
  await s.close();
});

const runScheduled = async (repository: string) =>
  runWorkflow(starterWorkflow('drift-detection'), { eventName: 'schedule', services: await s.forRun(), ...localRunnerOptions(repository) });

test(
  'drift opens one issue labelled terraform:drift; a later run without drift closes it',
  async () => {
    const drifted = assembleRepository({ scenarios: { lake: 'drift', ingest: 'no-changes' } });
    const run = await runScheduled(drifted);
    const job = run.job('drift');

    expect(run.conclusion).toBe('success');
    expect(job.permissions).toEqual({ contents: 'read', issues: 'write', metadata: 'read' });
    expect(job.step('plan').outputs).toMatchObject({ drift: 'true', 'has-changes': 'true' });
    // Both root modules planned (no changed-only on a schedule), never applied.
    const calls = terraformCalls(drifted);
    expect(new Set(calls.filter((c) => c.argv[0] === 'plan').map((c) => c.cwd.replace(job.dirs.workspace, '')))).toEqual(
      new Set(['/infra/ingest', '/infra/lake']),
    );
    expect(calls.some((c) => c.argv[0] === 'apply')).toBe(false);

    const issues = [...s.api.state.repo(OWNER, REPO).issues.values()].filter((i) => !i.pull);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ state: 'open', labels: ['terraform:drift'] });
    expect(issues[0].body).toContain('infra/lake');
    expect(issues[0].body).toContain('aws_s3_bucket.raw');
    expect(s.results.artifacts).toEqual([]);
    expect(s.api.requestsFor('issues/create-comment')).toEqual([]);

    // Someone fixed the drift: the next scheduled run closes the issue.
    const fixed = assembleRepository({ scenarios: { lake: 'no-changes', ingest: 'no-changes' } });
    const next = await runScheduled(fixed);
    expect(next.conclusion).toBe('success');
    expect(next.job('drift').step('plan').outputs.drift).toBe('false');
    expect(s.api.state.issue(OWNER, REPO, issues[0].number)).toMatchObject({ state: 'closed' });
    expectNoViolations(s.api);
  },
  E2E_TIMEOUT_MS,
);

test(
  'red: a module that cannot be planned fails the scheduled run after reporting every module',
  async () => {
    const broken = assembleRepository({ scenarios: { lake: 'plan-error', ingest: 'drift' } });
    const run = await runScheduled(broken);
    const step = run.job('drift').step('plan');
    expect(run.conclusion).toBe('failure');
    expect(step.outcome).toBe('failure');
    expect(run.job('drift').summary).toContain('infra/lake');
    expect(run.job('drift').summary).toContain('infra/ingest');
  },
  E2E_TIMEOUT_MS,
);
