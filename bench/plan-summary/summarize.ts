/**
 * The measured side of the plan-summary benchmark: what plan-and-comment does with one module's
 * plan after `terraform show` — summarise the JSON plan in one streaming pass, read the head of the
 * readable plan, render the comment within GitHub's limit — and print the counts for cross-checking.
 * Bundled by bench.ts with esbuild and run with Node 24, like the action's own bundle.
 *
 *   node summarize.js <plan.json> <plan.txt>
 */
import { open } from 'node:fs/promises';
import { COMMENT_LIMIT } from '../../shared/src/markdown.js';
import { readPlanSummary } from '../../shared/src/terraform/plan-json.js';
import { renderReport } from '../../shared/src/terraform/render.js';

async function readHead(file: string, maxBytes: number): Promise<{ text: string; total: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, maxBytes));
    await handle.read(buffer, 0, buffer.length, 0);
    return { text: buffer.toString('utf8'), total: size };
  } finally {
    await handle.close();
  }
}

const [planJson, planText] = process.argv.slice(2);
const summary = await readPlanSummary(planJson);
const head = await readHead(planText, 1_500_000);
const comment = renderReport(
  [
    {
      relativeDir: 'bench/module',
      workspace: 'default',
      status: summary.hasChanges ? 'changes' : 'no-changes',
      summary,
      planText: head.text,
      planTextTotal: head.total,
    },
  ],
  { title: 'Terraform plan', tool: 'terraform', commitSha: 'f'.repeat(40), summaryUrl: 'https://github.com/o/r/actions/runs/1#summary' },
  { limit: COMMENT_LIMIT },
);
process.stdout.write(`${JSON.stringify({ counts: summary.counts, commentLength: comment.length, digest: summary.digest })}\n`);
