/**
 * plan-summary benchmark (not a test: it prints ratios, it never fails on timing).
 *
 * A generated plan JSON with 20,000 resource changes (about 100 MB, every kind of action, as
 * `terraform show -json` writes it: one line) is processed side by side, interleaved:
 *   ours   summarize.ts bundled with esbuild and run by Node 24: the streaming summary (counts,
 *          changes, digest), the head of the readable plan, the comment rendered within 65,536
 *          characters — what plan-and-comment does per module after `show`;
 *   jq     `jq` computing just the action counts over the same file: the floor for "read and count".
 * Targets: ours within 2x of jq's wall time, and our peak memory (max RSS) under 4x the file size.
 * Our counts are checked against jq's, so a fast wrong answer cannot pass.
 *
 *   npx tsx bench/plan-summary/bench.ts [--runs 5] [--resources 20000] [--payload 1300]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { node24, repoRoot } from '../../test/harness/paths.js';
import { buildPlan, generatedSpec, renderPlanText } from '../../test/fixtures/terraform-double/plan-builder.mjs';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const RUNS = opt('runs', 5);
const RESOURCES = opt('resources', 20_000);
const PAYLOAD = opt('payload', 1300);
const TIME = '/usr/bin/time';

for (const tool of ['jq', TIME]) {
  if (spawnSync(tool, ['--version']).error) {
    console.error(`${tool} is needed for this benchmark (apt-get install jq time).`);
    process.exit(1);
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-plan-summary-'));
try {
  // 1. The inputs: the plan JSON (one line, like Terraform) and its readable rendering.
  const plan = buildPlan(generatedSpec({ count: RESOURCES, payloadBytes: PAYLOAD }));
  const planJson = path.join(dir, 'plan.json');
  const planText = path.join(dir, 'plan.txt');
  writeFileSync(planJson, JSON.stringify(plan));
  writeFileSync(planText, renderPlanText(plan));
  const fileBytes = statSync(planJson).size;

  // 2. Our side, bundled the way the action is (one ESM file run by Node 24).
  const script = path.join(dir, 'summarize.mjs');
  execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'esbuild'), [
    path.join(repoRoot, 'bench', 'plan-summary', 'summarize.ts'),
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node24',
    `--outfile=${script}`,
    '--log-level=warning',
  ]);

  const JQ_FILTER = '[.resource_changes[].change.actions | join(",")] | group_by(.) | map({key: .[0], value: length}) | from_entries';
  const measure = (command: string, commandArgs: string[]) => {
    const started = performance.now();
    const run = spawnSync(TIME, ['-f', '%M', command, ...commandArgs], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
    const kb = Number(run.stderr.trim().split('\n').at(-1));
    return { ms, rssBytes: kb * 1024, stdout: run.stdout };
  };

  const ours: Array<{ ms: number; rssBytes: number }> = [];
  const jq: Array<{ ms: number; rssBytes: number }> = [];
  let checked = false;
  for (let round = 0; round < RUNS; round++) {
    // Interleaved, alternating who goes first, so machine noise hits both alike.
    const pair = [() => measure(node24, [script, planJson, planText]), () => measure('jq', ['-c', JQ_FILTER, planJson])];
    const [a, b] =
      round % 2 === 0
        ? [pair[0](), pair[1]()]
        : [pair[0], pair[1]]
            .reverse()
            .map((f) => f())
            .reverse();
    ours.push(a);
    jq.push(b);
    if (!checked) {
      const mine = JSON.parse(a.stdout) as { counts: Record<string, number>; commentLength: number };
      const theirs = JSON.parse(b.stdout) as Record<string, number>;
      const expected = {
        create: theirs.create ?? 0,
        update: theirs.update ?? 0,
        replace: (theirs['delete,create'] ?? 0) + (theirs['create,delete'] ?? 0),
        delete: theirs.delete ?? 0,
        read: theirs.read ?? 0,
        forget: (theirs.forget ?? 0) + (theirs['create,forget'] ?? 0),
        noop: theirs['no-op'] ?? 0,
      };
      for (const [k, v] of Object.entries(expected)) if (mine.counts[k] !== v) throw new Error(`count mismatch for ${k}: ours ${mine.counts[k]}, jq ${v}`);
      if (mine.commentLength > 65_536) throw new Error(`comment of ${mine.commentLength} characters exceeds GitHub's limit`);
      console.log(`counts agree with jq (${JSON.stringify(expected)}); comment ${mine.commentLength} characters`);
      checked = true;
    }
  }

  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const oursMs = median(ours.map((r) => r.ms));
  const jqMs = median(jq.map((r) => r.ms));
  const oursRss = Math.max(...ours.map((r) => r.rssBytes));
  const jqRss = Math.max(...jq.map((r) => r.rssBytes));
  console.log(`plan JSON: ${RESOURCES.toLocaleString('en-US')} resource changes, ${mb(fileBytes)}; ${RUNS} interleaved runs, medians`);
  console.log(`  ours (summary + digest + comment, Node 24): ${oursMs.toFixed(0)} ms, peak RSS ${mb(oursRss)}`);
  console.log(`  jq (action counts only):                    ${jqMs.toFixed(0)} ms, peak RSS ${mb(jqRss)}`);
  console.log(`  time ratio ours/jq: ${(oursMs / jqMs).toFixed(2)}x (target ≤ 2x)`);
  console.log(`  peak memory / file size: ${(oursRss / fileBytes).toFixed(2)}x (target < 4x)`);
} finally {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
