import { cpSync } from 'node:fs';
import { runWorkflow } from './executor/executor.js';
import { assembleRepository, startServices, starterWorkflow, localRunnerOptions, OWNER, REPO } from './rig.js';
import { pullRequestEvent } from '../harness/events.js';
test('explore', async () => {
  const s = await startServices({ ref: 'refs/pull/12/merge' });
  const repo = assembleRepository({});
  cpSync('/tmp/dq', repo, { recursive: true });
  s.api.state.seedPullRequest(OWNER, REPO, { number: 12, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40) });
  const run = await runWorkflow(starterWorkflow('data-quality'), {
    eventName: 'pull_request',
    event: pullRequestEvent({ number: 12 }),
    services: await s.forRun(),
    ...localRunnerOptions(repo),
  });
  for (const j of run.jobs)
    for (const st of j.steps) console.log(j.id, st.name, st.outcome, st.error ?? '', JSON.stringify(st.outputs).slice(0, 600), '\n', st.log.slice(0, 3000));
  console.log(
    JSON.stringify(
      s.api.state.comments(OWNER, REPO, 12).map((c) => c.body),
      null,
      1,
    ),
  );
  console.log(
    s.api.violations,
    run.artifacts,
    s.results.caches.map((c) => c.key),
  );
  console.log(run.jobs[0].summary);
  await s.close();
});
