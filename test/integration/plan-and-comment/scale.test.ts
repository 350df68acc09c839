/**
 * At scale, from the bundle: the 500- and 20,000-resource scenarios (plus a small and a clean
 * module) in one comment that never exceeds GitHub's 65,536 characters, with every module's counts
 * intact and the full report in the job summary (itself within the 1 MiB step summary limit).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMENT_LIMIT } from '#shared/markdown.js';
import { summarizePlanText, type PlanCounts } from '#shared/terraform/plan-json.js';
import { expectNoViolations, startFakeGitHubApi } from '../../fakes/github-api/server.js';
import { DEFAULT_REPO, pullRequestEvent } from '../../harness/events.js';
import { buildPlan, generatedSpec } from '../../fixtures/terraform-double/plan-builder.mjs';
import { createWorkspace, doubleRoot, plan } from './helpers.js';

const counted = new Map<string, PlanCounts>();
/** The counts of a generated scenario, from the plan the double generates (computed once). */
function generatedCounts(scenario: string): PlanCounts {
  if (!counted.has(scenario)) {
    const { generate } = JSON.parse(readFileSync(path.join(doubleRoot, 'scenarios', scenario, 'scenario.json'), 'utf8'));
    counted.set(scenario, summarizePlanText(JSON.stringify(buildPlan(generatedSpec(generate)))).counts);
  }
  return counted.get(scenario)!;
}

test("500 and 20,000 resource changes: one comment under 65,536 characters with every module's counts; the full report in the job summary", async () => {
  const api = await startFakeGitHubApi();
  try {
    const { owner, repo } = DEFAULT_REPO;
    api.state.seedPullRequest(owner, repo, { number: 11, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40) });
    const ws = createWorkspace([
      { dir: 'stacks/huge', scenario: 'mixed-20000' },
      { dir: 'stacks/large', scenario: 'mixed-500' },
      { dir: 'stacks/small', scenario: 'update-in-place' },
      { dir: 'stacks/clean', scenario: 'no-changes' },
    ]);
    const result = await plan(
      ws,
      { 'working-directories': 'stacks/*', parallelism: '2' },
      { githubApiUrl: api.url, event: pullRequestEvent({ number: 11 }), timeoutMs: 240_000 },
    );
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);

    const [comment] = api.state.comments(owner, repo, 11);
    expect(comment.body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    for (const [dir, scenario] of [
      ['stacks/huge', 'mixed-20000'],
      ['stacks/large', 'mixed-500'],
    ]) {
      const c = generatedCounts(scenario);
      const line = `- 📝 \`${dir}\`: **${c.create}** to add, **${c.update}** to change, **${c.replace}** to replace, **${c.delete}** to destroy, ${c.forget} to forget`;
      expect(comment.body).toContain(line);
      expect(result.summary).toContain(line);
    }
    expect(comment.body).toContain('- 📝 `stacks/small`: **0** to add, **2** to change');
    expect(comment.body).toContain('- ✅ `stacks/clean`: no changes');
    expect(comment.body).toContain(
      "Shortened to fit GitHub's size limit; the full report is in the [job summary](https://github.com/octo-org/data-platform/actions/runs/4242#summary).",
    );

    // The summary holds much more than the comment, and stays under the step summary's 1 MiB.
    expect(Buffer.byteLength(result.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(result.summary.length).toBeGreaterThan(comment.body.length * 5);
    const huge = generatedCounts('mixed-20000');
    expect(JSON.parse(result.outputs.modules)[0]).toMatchObject({ directory: 'stacks/clean' });
    expect(Number(result.outputs.add)).toBe(huge.create + generatedCounts('mixed-500').create);
    expectNoViolations(api);
  } finally {
    await api.close();
  }
});
