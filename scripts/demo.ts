/**
 * `npm run demo`: runs two starter workflows, data-quality.yml and terraform-pr.yml, on this
 * machine through the end-to-end executor (test/e2e/executor), against the example repository in
 * examples/ (Terraform root modules and sample data), on embedded defaults only: DuckDB for the
 * data, the Terraform CLI double, and the fake GitHub API and Actions results service started in
 * this process. Writes what a user would see on GitHub (the pull request comments, the job
 * summaries, the JUnit file, the metrics) into demo-output/ as Markdown and as one HTML page.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { repoRoot } from '../test/harness/paths.js';
import { runWorkflow } from '../test/e2e/executor/executor.js';
import type { JobResult, WorkflowRunResult } from '../test/e2e/executor/types.js';
import { assembleRepository, OWNER, prEvent, REPO, scheduleEvent, startServices, starterWorkflow, localRunnerOptions } from '../test/e2e/rig.js';
import { renderPage, type DemoPage, type JunitCase, type MetricRow, type PageRun } from '../test/e2e/report/page.js';

const out = path.join(repoRoot, 'demo-output');
const PR = { number: 7, title: 'Add the curated zone and its data tests' };
const written: Array<{ path: string; what: string }> = [];

function write(rel: string, content: string, what: string): void {
  const file = path.join(out, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  written.push({ path: rel, what });
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function junitCases(xml: string): JunitCase[] {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(
    xml,
  ) as {
    testsuites?: { testsuite?: Array<{ name: string; testcase?: Array<Record<string, unknown>> }> };
  };
  const text = (v: unknown) =>
    typeof v === 'string'
      ? v
      : v && typeof v === 'object'
        ? String((v as Record<string, unknown>).message ?? (v as Record<string, unknown>)['#text'] ?? '')
        : '';
  return (doc.testsuites?.testsuite ?? []).flatMap((suite) =>
    (suite.testcase ?? []).map((c) => ({
      suite: suite.name,
      name: String(c.name),
      status: 'failure' in c ? 'failed' : 'error' in c ? 'error' : 'skipped' in c ? 'skipped' : /^WARNING:/.test(text(c['system-out'])) ? 'warned' : 'passed',
      message: text(c.failure ?? c.error ?? c.skipped ?? c['system-out']).split('\n')[0] || undefined,
    })),
  );
}

function metricRows(workflow: string, run: WorkflowRunResult): MetricRow[] {
  return run.jobs.flatMap((job) =>
    job.steps
      .filter((s) => s.phase === 'main' && s.outputs.metrics)
      .map((s) => {
        const m = JSON.parse(s.outputs.metrics) as {
          action: string;
          outcome: string;
          durationMs: number;
          phases: Array<{ name: string; durationMs: number }>;
          counters: Record<string, number>;
        };
        return {
          workflow,
          step: s.name,
          action: m.action,
          outcome: m.outcome,
          durationMs: m.durationMs,
          phases: m.phases.map((p) => `${p.name} ${Math.round(p.durationMs)} ms`).join(', '),
          counters: Object.entries(m.counters)
            .map(([k, v]) => `${k}=${v}`)
            .join(', '),
        };
      }),
  );
}

function pageRun(file: string, event: string, run: WorkflowRunResult): PageRun {
  return {
    workflow: run.workflow,
    file: `workflows/${file}`,
    event,
    conclusion: run.conclusion,
    jobs: run.jobs.map((job: JobResult) => ({
      name: job.name,
      result: job.result,
      steps: job.steps.map((s) => ({ name: s.name, conclusion: s.conclusion, outcome: s.outcome })),
      summary: job.summary,
      permissions: job.permissions,
    })),
  };
}

/** One line per workflow: its conclusion, then what each job found (plan counts, data test counts) or which step failed. */
function verdictLine(file: string, run: WorkflowRunResult): string {
  const jobs = run.jobs.map((j) => {
    const mark = j.result === 'success' ? '✔' : j.result === 'skipped' ? '○' : '✘';
    const failed = j.steps.filter((s) => s.conclusion === 'failure').map((s) => s.name);
    const facts: string[] = [];
    for (const s of j.steps.filter((st) => st.phase === 'main')) {
      if (s.action === 'plan-and-comment' && s.outputs.add !== undefined)
        facts.push(`${s.outputs.add} to add, ${s.outputs.change} to change, ${s.outputs.destroy} to destroy`);
      if (s.action === 'run-data-tests' && s.outputs.result) facts.push(`${s.outputs.passed} passed, ${s.outputs.warned} warned, ${s.outputs.failed} failed`);
    }
    return `${mark} ${j.name}${facts.length ? `: ${facts.join('; ')}` : ''}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`;
  });
  return `${run.conclusion === 'success' ? '✔' : '✘'} ${file}: ${run.conclusion} — ${jobs.join(' · ')}`;
}

async function main(): Promise<number> {
  if (!existsSync(path.join(repoRoot, 'examples', 'data-quality')))
    console.log('note: examples/data-quality is missing; the data tests will have no check file');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const services = await startServices({ ref: `refs/pull/${PR.number}/merge` });
  try {
    // The pull request: it adds the curated zone (a change to the warehouse module) and its data tests.
    const repository = assembleRepository({ scenarios: { lake: 'creates-only', ingest: 'no-changes' }, dataQuality: true });
    services.api.state.seedPullRequest(OWNER, REPO, {
      number: PR.number,
      title: PR.title,
      headSha: 'a'.repeat(40),
      baseSha: 'b'.repeat(40),
      headRef: 'feature/curated-zone',
      files: [
        { filename: 'infra/modules/warehouse/main.tf', status: 'modified', additions: 12, deletions: 2 },
        { filename: 'dataops-tests.yml', status: 'modified', additions: 8, deletions: 0 },
      ],
    });
    const event = prEvent({ number: PR.number, headRef: 'feature/curated-zone' });
    event.pull_request.title = PR.title;
    const progress = (line: string) => console.log(`  ${line}`);

    // A few nightly runs on the default branch first: they build the anomaly history in the Actions cache.
    const NIGHTS = 3;
    console.log(`▶ workflows/data-quality.yml (schedule, ${NIGHTS} nights on main, building the anomaly history)`);
    for (let night = 1; night <= NIGHTS; night++) {
      const nightly = await runWorkflow(starterWorkflow('data-quality'), {
        eventName: 'schedule',
        event: scheduleEvent('41 6 * * *'),
        services: await services.forRun({ ref: 'refs/heads/main' }),
        ...localRunnerOptions(repository),
      });
      console.log(`  night ${night}: ${nightly.conclusion} (${nightly.job('data-tests').step('tests').outputs.result ?? 'no result'})`);
    }

    console.log('▶ workflows/data-quality.yml (pull_request)');
    const dataQuality = await runWorkflow(starterWorkflow('data-quality'), {
      eventName: 'pull_request',
      event,
      services: await services.forRun(),
      ...localRunnerOptions(repository),
      onProgress: progress,
    });
    console.log('▶ workflows/terraform-pr.yml (pull_request)');
    const terraformPr = await runWorkflow(starterWorkflow('terraform-pr'), {
      eventName: 'pull_request',
      event,
      services: await services.forRun({ newRun: true }),
      ...localRunnerOptions(repository),
      onProgress: progress,
    });

    // What GitHub would show: the conversation, the summaries, the JUnit file, the metrics.
    const comments = services.api.state.comments(OWNER, REPO, PR.number);
    comments.forEach((c, i) => write(`pull-request/comment-${i + 1}.md`, c.body, `pull request comment ${i + 1} (by ${c.user.login})`));
    for (const [file, run] of [
      ['data-quality', dataQuality],
      ['terraform-pr', terraformPr],
    ] as const) {
      for (const job of run.jobs)
        if (job.summary.trim()) write(`${file}/summary-${slug(job.id)}.md`, job.summary, `job summary of ${run.workflow} / ${job.name}`);
    }
    const junitArtifact = dataQuality.artifacts.find((a) => a.name === 'data-tests-junit');
    let junit: DemoPage['junit'];
    if (junitArtifact && junitArtifact.files.length) {
      const xml = readFileSync(path.join(junitArtifact.dir, junitArtifact.files[0]), 'utf8');
      write('data-quality/data-tests.xml', xml, 'JUnit XML report (the data-tests-junit artifact)');
      junit = { file: 'data-quality/data-tests.xml', cases: junitCases(xml) };
    }
    const metrics = [...metricRows('data-quality', dataQuality), ...metricRows('terraform-pr', terraformPr)];
    write('metrics.json', `${JSON.stringify(metrics, null, 2)}\n`, 'the metrics output of every step of ours');

    const verdicts = [verdictLine('data-quality.yml', dataQuality), verdictLine('terraform-pr.yml', terraformPr)];
    const verdict = verdicts.join(' | ');
    const page: DemoPage = {
      title: 'dataops-actions demo: a pull request as GitHub would show it',
      verdict,
      pullRequest: { number: PR.number, title: PR.title, comments: comments.map((c) => ({ author: c.user.login, body: c.body, updatedAt: c.updatedAt })) },
      runs: [pageRun('data-quality.yml', 'pull_request', dataQuality), pageRun('terraform-pr.yml', 'pull_request', terraformPr)],
      junit,
      metrics,
      files: [...written],
    };
    write(
      'README.md',
      [
        `# ${page.title}`,
        '',
        ...verdicts.map((v) => `- ${v}`),
        '',
        `Open [index.html](index.html) for the rendered page. Files:`,
        '',
        ...written.map((f) => `- [${f.path}](${f.path}): ${f.what}`),
        '',
      ].join('\n'),
      'this list',
    );
    write('index.html', renderPage({ ...page, files: written.filter((f) => f.path !== 'index.html') }), 'the rendered page');

    console.log(`\nWrote ${written.length} files to ${path.relative(process.cwd(), out) || out}/:`);
    for (const f of written) console.log(`  ${path.join(path.relative(process.cwd(), out), f.path)}  (${f.what})`);
    console.log(`\nOpen ${path.join(out, 'index.html')}`);
    console.log(`\nVerdict:\n${verdicts.map((v) => `  ${v}`).join('\n')}`);
    // The example data passes with warnings; a red workflow here means something is broken.
    return dataQuality.conclusion === 'success' && terraformPr.conclusion === 'success' ? 0 : 1;
  } finally {
    await services.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
