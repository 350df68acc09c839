/**
 * The plan report: layout (status lines, destroys first, tables, collapsed plan), inert rendering
 * of untrusted text, and graceful degradation that never exceeds the limit and always keeps every
 * module's status line and counts.
 */
import fc from 'fast-check';
import { COMMENT_LIMIT } from '#shared/markdown.js';
import { summarizePlanText, type PlanSummary } from '#shared/terraform/plan-json.js';
import { asDiff, countsText, renderReport, statusLine, type ModuleReport, type ReportContext } from '#shared/terraform/render.js';
import { buildPlan, generatedSpec, renderPlanText, type ScenarioSpec } from '../../fixtures/terraform-double/plan-builder.mjs';

const ctx: ReportContext = {
  title: 'Terraform plan',
  tool: 'terraform',
  toolVersion: '1.9.8',
  commitSha: 'f'.repeat(40),
  summaryUrl: 'https://github.com/o/r/actions/runs/1#summary',
};

function moduleOf(dir: string, spec: ScenarioSpec): ModuleReport {
  const plan = buildPlan(spec);
  const summary = summarizePlanText(JSON.stringify(plan));
  const planText = renderPlanText(plan);
  return { relativeDir: dir, workspace: 'default', status: summary.hasChanges ? 'changes' : 'no-changes', summary, planText, planTextTotal: planText.length };
}

/** A module with `count` changes built directly (no JSON round trip), for scale tests that are about rendering. */
function syntheticModule(dir: string, count: number): ModuleReport {
  const kinds = ['create', 'update', 'replace', 'delete', 'no-op', 'forget'] as const;
  const changes = Array.from({ length: count }, (_, i) => ({
    address: `module.m${i % 10}.aws_s3_object.obj["k${String(i).padStart(6, '0')}"]`,
    kind: kinds[i % kinds.length],
    actions: [],
    importing: false,
  }));
  const counts = { create: 0, update: 0, replace: 0, delete: 0, read: 0, forget: 0, noop: 0, import: 0, move: 0 };
  for (const c of changes) counts[c.kind === 'no-op' ? 'noop' : c.kind]++;
  const summary: PlanSummary = {
    formatVersion: '1.2',
    errored: false,
    counts,
    changes,
    outputChanges: [],
    drift: [],
    failedChecks: [],
    hasChanges: true,
    digest: `sha256:${'1'.repeat(64)}`,
  };
  const planText = changes
    .map((c) => `  # ${c.address} will be changed\n  ~ resource "aws_s3_object" "obj" {\n      ~ content = "a" -> "b"\n    }\n`)
    .join('\n');
  return { relativeDir: dir, workspace: 'default', status: 'changes', summary, planText, planTextTotal: planText.length };
}

const failed = (dir: string, output: string): ModuleReport => ({ relativeDir: dir, workspace: 'default', status: 'error', error: { stage: 'plan', output } });

/** The numbers of a status line: what must survive any degradation. */
const countsOf = (s: PlanSummary) => [s.counts.create, s.counts.update, s.counts.replace, s.counts.delete].map((n) => `**${n}**`);

describe('layout', () => {
  const destroy = moduleOf('infra/prod', {
    resources: [
      { address: 'aws_s3_bucket.logs', actions: ['delete'], before: { id: 'logs' } },
      { address: 'aws_db_instance.main', actions: ['delete', 'create'], before: { id: 'db' }, after: {}, action_reason: 'replace_because_cannot_update' },
      { address: 'aws_s3_bucket.new', actions: ['create'], after: { bucket: 'new' } },
    ],
  });
  const clean = moduleOf('infra/dev', { resources: [{ address: 'aws_s3_bucket.raw', actions: ['no-op'], before: { id: 'r' }, after: { id: 'r' } }] });
  const broken = failed('infra/broken', '╷\n│ Error: Unsupported argument\n╵');

  test('headline, a status line per module, destroys first, then tables, then the collapsed plan; errors with their output', () => {
    const text = renderReport([broken, clean, destroy], ctx, { limit: COMMENT_LIMIT });
    expect(text.split('\n')[0]).toBe('### Terraform plan: 📝 1 module with changes · ✅ 1 module without changes · ❌ 1 module failed');
    expect(text).toContain('- ✅ `infra/dev`: no changes');
    expect(text).toContain('- ❌ `infra/broken`: **plan failed**');
    expect(text).toContain(`- 📝 \`infra/prod\`: **1** to add, **0** to change, **1** to replace, **1** to destroy · digest \`${destroy.summary!.digest}\``);
    const caution = text.indexOf('> [!CAUTION]');
    const table = text.indexOf('| Action | Resource |');
    const plan = text.indexOf('<details><summary>Plan output for infra/prod</summary>');
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(table);
    expect(table).toBeLessThan(plan);
    expect(text).toContain('>   - 🗑️ destroy `aws_s3_bucket.logs`');
    expect(text).toContain('>   - ♻️ replace `aws_db_instance.main` (replace because cannot update)');
    // Destroys and replaces lead the table too.
    expect(text.slice(table).split('\n').slice(2, 5)).toEqual([
      '| 🗑️ destroy | `aws_s3_bucket.logs` |',
      '| ♻️ replace | `aws_db_instance.main` (replace because cannot update) |',
      '| ➕ create | `aws_s3_bucket.new` |',
    ]);
    expect(text).toContain('#### ❌ `infra/broken`\n\n**plan failed:**\n\n```text\n╷\n│ Error: Unsupported argument\n╵\n```');
    expect(text).toContain('Planned at commit `ffffffffffff` with terraform 1.9.8');
    expect(text).not.toContain('Shortened'); // nothing was cut
  });

  test('moves, imports, forgets, outputs, drift and failed checks are all shown', () => {
    const m = moduleOf('infra/x', {
      resources: [
        { address: 'aws_s3_bucket.landing', previous_address: 'aws_s3_bucket.raw', actions: ['no-op'], before: { id: 'a' }, after: { id: 'a' } },
        { address: 'aws_s3_bucket.archive', actions: ['no-op'], before: { id: 'b' }, after: { id: 'b' }, importing: { id: 'acme-archive' } },
        { address: 'aws_iam_role.old', actions: ['forget'], before: { id: 'old' } },
      ],
      drift: [{ address: 'aws_s3_bucket.raw', actions: ['update'], before: { acl: 'a' }, after: { acl: 'b' } }],
      outputs: { token: { actions: ['create'], after: 's3cr3t-value', sensitive: true }, url: { actions: ['create'], after: 'https://x' } },
      checks: [
        {
          address: { to_display: 'check.up' },
          status: 'fail',
          instances: [{ address: { to_display: 'check.up' }, status: 'fail', problems: [{ message: 'down' }] }],
        },
      ],
    });
    const text = renderReport([m], ctx, { limit: COMMENT_LIMIT });
    expect(statusLine(m)).toContain('1 to forget, 1 to import, 1 to move, 2 outputs changing · ⚠️ 1 resource drifted');
    expect(text).toContain('| ↔️ no change | `aws_s3_bucket.landing` (moved from `aws_s3_bucket.raw`) |');
    expect(text).toContain('| ↔️ no change | `aws_s3_bucket.archive` (import `acme-archive`) |');
    expect(text).toContain('| 🫥 forget | `aws_iam_role.old` |');
    expect(text).toContain('forget (removed from state, not destroyed)');
    expect(text).toContain('| `token` | ➕ create | `(sensitive value)` |');
    expect(text).toContain('| `url` | ➕ create | `"https://x"` |');
    expect(text).toContain('⚠️ **1 resource changed outside Terraform** since the last apply (drift):\n- ✏️ update `aws_s3_bucket.raw`');
    expect(text).toContain('- `check.up` (fail): down');
    expect(text).not.toContain('s3cr3t-value');
  });

  test('untrusted paths, addresses and plan text cannot inject markup, mentions or close the block', () => {
    const hostile = moduleOf('infra/<img src=x>@admins', {
      resources: [{ address: 'aws_s3_bucket.b["</details><!-- @org/team `x` |"]', actions: ['create'], after: { bucket: '```\n</details>\n@everyone' } }],
    });
    const text = renderReport([hostile], ctx, { limit: COMMENT_LIMIT });
    // Inside code spans and fences everything is literal; outside them nothing raw may remain.
    const outside = text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
    expect(outside).not.toMatch(/<img|<!--|@admins|@org|@everyone/);
    expect(outside.match(/<\/details>/g)).toHaveLength(1); // only the block's own
    expect(text).toContain('``aws_s3_bucket.b["</details><!-- @org/team `x` \u2758"]``');
    expect(text).toContain('<summary>Plan output for infra/&lt;img src=x&gt;@\u200badmins</summary>');
    expect(text).toMatch(/````diff\n/); // the fence is longer than any backtick run in the plan
  });

  test("asDiff moves Terraform's markers to the line start and leaves the legend alone", () => {
    const text =
      'symbols:\n  + create\n-/+ destroy and then create replacement\n\nTerraform will perform the following actions:\n\n  + resource "a" "b" {\n      + x = 1\n      ~ y = 1 -> 2\n      - z = 3 -> null\n    }\n-/+ resource "c" "d" {\n';
    expect(asDiff(text)).toBe(
      'symbols:\n  + create\n-/+ destroy and then create replacement\n\nTerraform will perform the following actions:\n\n+   resource "a" "b" {\n+       x = 1\n!       y = 1 -> 2\n-       z = 3 -> null\n    }\n! resource "c" "d" {\n',
    );
  });
});

describe('graceful degradation under the limit', () => {
  const big = syntheticModule('infra/big', 20000);
  const medium = moduleOf('infra/medium', generatedSpec({ count: 500, payloadBytes: 40, seed: 7 }));
  const small = moduleOf('infra/small', generatedSpec({ count: 12, payloadBytes: 40, seed: 3 }));
  const clean = moduleOf('infra/clean', { resources: [] });
  const broken = failed('infra/broken', `╷\n│ Error: boom\n╵\n${'detail line\n'.repeat(2000)}`);

  test('20,000 + 500 + 12 changes, a clean and a failed module: within 65,536 characters, every status line and count kept', () => {
    const modules = [big, medium, small, clean, broken];
    const limit = COMMENT_LIMIT - 300;
    const text = renderReport(modules, ctx, { limit });
    expect(text.length).toBeLessThanOrEqual(limit);
    for (const m of modules) expect(text).toContain(statusLine(m));
    for (const m of [big, medium, small]) for (const count of countsOf(m.summary!)) expect(statusLine(m)).toContain(count);
    expect(text).toContain("Shortened to fit GitHub's size limit; the full report is in the [job summary](https://github.com/o/r/actions/runs/1#summary).");
    expect(text).toMatch(/more resource changes?: see the \[job summary\]/);
    expect(text).toContain('│ Error: boom'); // the error's beginning survives
  });

  test('plan text is shortened before any table row, and the short plans keep their whole text', () => {
    const modules = [medium, small];
    const full = renderReport(modules, ctx, { limit: Number.MAX_SAFE_INTEGER });
    const limit = Math.floor(full.length * 0.6);
    const text = renderReport(modules, ctx, { limit });
    expect(text.length).toBeLessThanOrEqual(limit);
    const rows = (t: string) => (t.match(/^\| [^|]+ \| `module\./gm) ?? []).length;
    expect(rows(text)).toBe(rows(full)); // every table row is still there
    expect(text).toContain(small.planText!.trim().split('\n').slice(0, 40).join('\n').split('\n')[5]); // the small plan's text survives
    expect(text).toMatch(/more characters of plan output/);
  });

  test('the job summary is measured in bytes (1 MB limit)', () => {
    const limit = 200_000;
    const text = renderReport([big, medium], ctx, { limit, measure: (t) => Buffer.byteLength(t) });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(limit);
    expect(text).toContain(statusLine(big));
  });

  test('property: any mix of modules fits any reasonable limit and keeps every status line', () => {
    const pool = [syntheticModule('infra/a', 3000), medium, small, clean, broken];
    fc.assert(
      fc.property(fc.subarray(pool, { minLength: 1 }), fc.integer({ min: 3000, max: 70_000 }), (modules, limit) => {
        const text = renderReport(modules, ctx, { limit });
        expect(text.length).toBeLessThanOrEqual(limit);
        for (const m of modules) expect(text).toContain(statusLine(m));
      }),
      { numRuns: 30 },
    );
  });

  test('countsText always shows the four main counts', () => {
    expect(countsText(clean.summary!)).toBe('**0** to add, **0** to change, **0** to replace, **0** to destroy');
  });
});
