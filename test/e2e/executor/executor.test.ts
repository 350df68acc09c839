/**
 * The executor itself, on small synthetic workflows that run the action template's real bundle:
 * expressions, `if:` with the status functions, outputs between steps, GITHUB_ENV / GITHUB_PATH,
 * continue-on-error, a failing step skipping later ones, post steps, run-script substitution,
 * hashFiles, stand-ins and the refusals (unknown third-party action, wrong trigger).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluate, interpolate, splitTemplate, fromExpressionData, type ExpressionScope } from './expressions.js';
import { expandMatrix, runWorkflow } from './executor.js';
import { fakeApiPermissions, resolvePermissions } from './permissions.js';
import { resolveUses } from './uses.js';
import { loadWorkflow } from './workflow-file.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'executor-test-'));
let counter = 0;
function workflowFile(text: string): string {
  const file = path.join(tmp, `wf-${++counter}.yml`);
  writeFileSync(file, text);
  return file;
}

const push = { eventName: 'push' } as const;

describe('expressions with GitHub’s engine', () => {
  const scope = (over: Partial<ExpressionScope> = {}): ExpressionScope => ({
    contexts: {
      github: { event: { pull_request: { title: 'Add orders' } }, ref: 'refs/heads/main' },
      env: { STAGE: 'prod' },
      vars: {},
      secrets: {},
      inputs: { size: 3 },
      steps: { plan: { outputs: { json: '{"add":2,"tags":["a","b"]}' }, outcome: 'success', conclusion: 'success' } },
      job: {},
      runner: { os: 'Linux' },
      matrix: {},
      strategy: {},
      needs: {},
    },
    jobStatus: 'success',
    workspace: tmp,
    ...over,
  });
  const value = (expr: string, s = scope()) => fromExpressionData(evaluate(expr, s));

  test.each([
    ["format('{0}-{1}', env.STAGE, inputs.size)", 'prod-3'],
    ["contains(github.event.pull_request.title, 'orders')", true],
    ["startsWith(github.ref, 'refs/heads/')", true],
    ['fromJSON(steps.plan.outputs.json).add', 2],
    ["contains(fromJSON(steps.plan.outputs.json).tags, 'b')", true],
    ['toJSON(inputs)', '{\n  "size": 3\n}'],
    ['steps.missing.outputs.x', null],
    ["runner.os == 'linux'", true],
  ])('%s', (expr, expected) => {
    expect(value(expr)).toEqual(expected);
  });

  test('status functions follow the job status', () => {
    expect(value('success()')).toBe(true);
    expect(value('failure()')).toBe(false);
    const failed = scope({ jobStatus: 'failure' });
    expect([value('success()', failed), value('failure()', failed), value('always()', failed), value('cancelled()', failed)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  test('interpolation keeps text and evaluates each expression; a `}}` inside a string literal does not close it', () => {
    expect(splitTemplate("a ${{ 'x}}y' }} b")).toEqual([{ literal: 'a ' }, { expression: "'x}}y'" }, { literal: ' b' }]);
    expect(interpolate('stage=${{ env.STAGE }} n=${{ inputs.size }}', scope())).toBe('stage=prod n=3');
    expect(() => interpolate('${{ env.STAGE', scope())).toThrow(/not closed/);
    expect(() => interpolate('${{ inputs }}', scope())).toThrow(/object or array/);
  });

  test('an unknown function is an error naming the expression', () => {
    expect(() => evaluate('nope()', scope())).toThrow(/nope\(\)/);
  });

  test('hashFiles is sha256 over each matched file’s sha256, in path order; empty when nothing matches', () => {
    const ws = mkdtempSync(path.join(tmp, 'ws-'));
    mkdirSync(path.join(ws, 'mod'));
    writeFileSync(path.join(ws, 'mod', 'a.lock.hcl'), 'one');
    writeFileSync(path.join(ws, 'mod', 'b.lock.hcl'), 'two');
    writeFileSync(path.join(ws, 'other.txt'), 'x');
    const combined = createHash('sha256');
    for (const content of ['one', 'two']) combined.update(createHash('sha256').update(content).digest());
    const s = scope({ workspace: ws });
    expect(value("hashFiles('**/*.lock.hcl')", s)).toBe(combined.digest('hex'));
    expect(value("hashFiles('**/*.nothing')", s)).toBe('');
  });
});

describe('a job of steps', () => {
  test('outputs flow between steps; with:, env: and run: see workflow, job and step env', async () => {
    const file = workflowFile(`name: greet
on: push
env:
  WHO: data team
jobs:
  greet:
    runs-on: ubuntu-latest
    env:
      GREETING: Howdy
    steps:
      - id: hello
        uses: ./action-template
        with:
          who: \${{ env.WHO }}
          greeting: \${{ env.GREETING }}
      - id: echo
        env:
          MESSAGE: \${{ steps.hello.outputs.message }}
        run: |
          echo "message=$MESSAGE" >> "$GITHUB_OUTPUT"
          echo "timeout=\${{ steps.hello.outputs.timeout-ms }}" >> "$GITHUB_OUTPUT"
          echo "### From run: $MESSAGE" >> "$GITHUB_STEP_SUMMARY"
`);
    const run = await runWorkflow(file, push);
    const job = run.job('greet');
    expect(run.conclusion).toBe('success');
    expect(job.step('hello').inputs).toMatchObject({ who: 'data team', greeting: 'Howdy', timeout: '30s', 'dry-run': 'false' });
    expect(job.step('hello').outputs.message).toBe('Howdy, data team!');
    expect(job.step('echo').outputs).toEqual({ message: 'Howdy, data team!', timeout: '30000' });
    expect(job.summary).toContain('### Howdy, data team\\!');
    expect(job.summary).toContain('### From run: Howdy, data team!');
    // The post step of the template ran at the end and saw main's state.
    const post = job.steps.find((s) => s.phase === 'post');
    expect(post).toMatchObject({ name: 'Post Run ./action-template', outcome: 'success' });
    expect(post?.log).toContain('Post step: the main step said "Howdy, data team!"');
  });

  test('GITHUB_ENV and GITHUB_PATH from an action and from a script reach later steps (env context and process)', async () => {
    const file = workflowFile(`on: push
jobs:
  env:
    runs-on: ubuntu-latest
    steps:
      - uses: ./action-template
        with:
          who: ops
      - run: |
          mkdir -p "$RUNNER_TEMP/action-template/bin"
          printf '#!/bin/sh\\necho tool-on-path\\n' > "$RUNNER_TEMP/action-template/bin/my-tool"
          chmod +x "$RUNNER_TEMP/action-template/bin/my-tool"
          echo "FROM_SCRIPT=yes" >> "$GITHUB_ENV"
      - id: check
        run: |
          echo "greeted=$ACTION_TEMPLATE_GREETED" >> "$GITHUB_OUTPUT"
          echo "context=\${{ env.ACTION_TEMPLATE_GREETED }}/\${{ env.FROM_SCRIPT }}" >> "$GITHUB_OUTPUT"
          echo "tool=$(my-tool)" >> "$GITHUB_OUTPUT"
`);
    const job = (await runWorkflow(file, push)).job('env');
    expect(job.result).toBe('success');
    expect(job.step('check').outputs).toEqual({ greeted: 'ops', context: 'ops/yes', tool: 'tool-on-path' });
  });

  test('a failing step skips later steps; failure() and always() steps run; steps.*.outcome tells which failed', async () => {
    const file = workflowFile(`on: push
jobs:
  fail:
    runs-on: ubuntu-latest
    steps:
      - id: first
        uses: ./action-template
        with:
          who: ops
          timeout: 5 minutes
      - id: later
        run: echo "should not run"
      - id: on-failure
        if: failure()
        run: echo "outcome=\${{ steps.first.outcome }}/\${{ steps.later.outcome }}" >> "$GITHUB_OUTPUT"
      - id: always
        if: \${{ always() }}
        run: echo "ran=yes" >> "$GITHUB_OUTPUT"
      - id: on-success
        if: success()
        run: echo "should not run"
`);
    const run = await runWorkflow(file, push);
    const job = run.job('fail');
    expect(run.conclusion).toBe('failure');
    expect(job.result).toBe('failure');
    expect(job.step('first')).toMatchObject({ outcome: 'failure', conclusion: 'failure', exitCode: 1 });
    expect(job.step('first').errors[0]).toMatch(/Input 'timeout' has invalid value "5 minutes"/);
    expect(job.step('later').outcome).toBe('skipped');
    expect(job.step('on-failure').outputs).toEqual({ outcome: 'failure/skipped' });
    expect(job.step('always').outputs).toEqual({ ran: 'yes' });
    expect(job.step('on-success').outcome).toBe('skipped');
  });

  test('continue-on-error: the failure is the outcome, success the conclusion, and the job goes on', async () => {
    const file = workflowFile(`on: push
jobs:
  tolerant:
    runs-on: ubuntu-latest
    steps:
      - id: flaky
        continue-on-error: true
        run: exit 3
      - id: next
        run: echo "seen=\${{ steps.flaky.outcome }}/\${{ steps.flaky.conclusion }}" >> "$GITHUB_OUTPUT"
      - id: flaky-action
        continue-on-error: \${{ env.TOLERATE == 'yes' }}
        env:
          TOLERATE: 'yes'
        uses: ./action-template
`);
    const job = (await runWorkflow(file, push)).job('tolerant');
    expect(job.step('flaky')).toMatchObject({ outcome: 'failure', conclusion: 'success', exitCode: 3 });
    expect(job.step('flaky').log).toContain('Process completed with exit code 3');
    expect(job.step('next').outputs).toEqual({ seen: 'failure/success' });
    expect(job.step('flaky-action')).toMatchObject({ outcome: 'failure', conclusion: 'success' });
    expect(job.result).toBe('success');
  });

  test('${{ }} in run: is substituted into the script text before the shell sees it (why workflows pass untrusted text through env:)', async () => {
    const file = workflowFile(`on: push
jobs:
  inject:
    runs-on: ubuntu-latest
    steps:
      - id: direct
        run: echo "title=\${{ github.event.head_commit.message }}" >> "$GITHUB_OUTPUT"
      - id: via-env
        env:
          TITLE: \${{ github.event.head_commit.message }}
        run: echo "title=$TITLE" >> "$GITHUB_OUTPUT"
`);
    const event = { ...(await import('../../harness/events.js')).pushEvent(), head_commit: { message: 'fix $(echo INJECTED)' } };
    const job = (await runWorkflow(file, { eventName: 'push', event })).job('inject');
    expect(job.step('direct').script).toBe('echo "title=fix $(echo INJECTED)" >> "$GITHUB_OUTPUT"');
    expect(job.step('direct').outputs.title).toBe('fix INJECTED');
    expect(job.step('via-env').outputs.title).toBe('fix $(echo INJECTED)');
  });

  test('block scalars keep YAML semantics around expressions (indentation stripped, heredocs work, folding applied)', async () => {
    const file = workflowFile(`on: push
jobs:
  blocks:
    runs-on: ubuntu-latest
    steps:
      - id: literal
        run: |
          cat <<EOF >> "$GITHUB_OUTPUT"
          ref=\${{ github.ref }}
          EOF
      - id: folded
        run: >-
          echo
          "folded=\${{ github.ref_name }}"
          >> "$GITHUB_OUTPUT"
`);
    const job = (await runWorkflow(file, push)).job('blocks');
    expect(job.step('literal').script).toBe('cat <<EOF >> "$GITHUB_OUTPUT"\nref=refs/heads/main\nEOF\n');
    expect(job.step('literal').outputs).toEqual({ ref: 'refs/heads/main' });
    expect(job.step('folded').outputs).toEqual({ folded: 'main' });
  });

  test('post steps run in reverse order at the end, also after a failure (post-if defaults to always())', async () => {
    const file = workflowFile(`on: push
jobs:
  posts:
    runs-on: ubuntu-latest
    steps:
      - name: first greeting
        uses: ./action-template
        with:
          who: first
      - name: second greeting
        uses: ./action-template
        with:
          who: second
      - run: exit 1
`);
    const job = (await runWorkflow(file, push)).job('posts');
    const posts = job.steps.filter((s) => s.phase === 'post');
    expect(posts.map((p) => [p.name, p.outcome])).toEqual([
      ['Post second greeting', 'success'],
      ['Post first greeting', 'success'],
    ]);
    expect(posts[0].log).toContain('"Hello, second!"');
    expect(job.result).toBe('failure');
  });

  test('unknown with: inputs of our action are a warning, as the runner says it', async () => {
    const file = workflowFile(`on: push
jobs:
  warn:
    runs-on: ubuntu-latest
    steps:
      - id: greet
        uses: ./action-template
        with:
          who: ops
          colour: red
`);
    const step = (await runWorkflow(file, push)).job('warn').step('greet');
    expect(step.outcome).toBe('success');
    expect(step.warnings[0]).toMatch(/^Unexpected input\(s\) 'colour', valid inputs are \['who', /);
    expect(step.inputs).not.toHaveProperty('colour');
  });

  test('a remote reference gets GITHUB_ACTION_REPOSITORY/REF like on GitHub (a branch ref is warned about); a ./ path gets neither', async () => {
    const file = workflowFile(`on: push
jobs:
  refs:
    runs-on: ubuntu-latest
    steps:
      - id: branch
        uses: my-org/dataops-actions/action-template@main
        with:
          who: ops
      - id: tag
        uses: my-org/dataops-actions/action-template@v1
        with:
          who: ops
      - id: path
        uses: ./action-template
        with:
          who: ops
`);
    const job = (await runWorkflow(file, push)).job('refs');
    expect(job.step('branch').warnings.join('\n')).toContain('runs from my-org/dataops-actions@main, a branch or other moving ref');
    expect(job.step('tag').warnings).toEqual([]);
    expect(job.step('path').warnings).toEqual([]);
    expect(JSON.parse(job.step('tag').outputs.metrics).version).toBe('v1');
  });

  test('secrets and ::add-mask:: values are masked in every later log', async () => {
    const file = workflowFile(`on: push
jobs:
  mask:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "::add-mask::hunter2"
          echo "secret is \${{ secrets.DB_PASSWORD }}"
      - run: echo "again hunter2 and $TOKEN"
        env:
          TOKEN: \${{ secrets.GITHUB_TOKEN }}
`);
    const job = (await runWorkflow(file, { ...push, secrets: { DB_PASSWORD: 's3cret-value' } })).job('mask');
    expect(job.steps[0].log).toContain('secret is ***');
    expect(job.steps[1].log).toBe('again *** and ***');
    expect(job.log).not.toContain('s3cret-value');
    expect(job.log).not.toContain(job.token);
  });

  test('an expression that cannot be evaluated fails its step and the job', async () => {
    const file = workflowFile(`on: push
jobs:
  bad:
    runs-on: ubuntu-latest
    steps:
      - id: bad
        run: echo "\${{ fromJSON('not json') }}"
      - id: after
        run: echo after
`);
    const job = (await runWorkflow(file, push)).job('bad');
    expect(job.step('bad')).toMatchObject({ outcome: 'failure', kind: 'invalid' });
    expect(job.step('bad').error).toMatch(/fromJSON\('not json'\)/);
    expect(job.step('after').outcome).toBe('skipped');
  });
});

describe('third-party steps', () => {
  test('checkout copies the repository folder; upload-artifact records the matched files', async () => {
    const repo = mkdtempSync(path.join(tmp, 'repo-'));
    mkdirSync(path.join(repo, 'reports'));
    writeFileSync(path.join(repo, 'reports', 'a.xml'), '<testsuites/>');
    writeFileSync(path.join(repo, 'reports', 'notes.txt'), 'n');
    const file = workflowFile(`on: push
jobs:
  art:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - id: upload
        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: junit
          path: reports/*.xml
      - id: none
        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: nothing
          path: missing/**
          if-no-files-found: warn
`);
    const run = await runWorkflow(file, { ...push, repository: repo });
    const job = run.job('art');
    expect(job.result).toBe('success');
    expect(readFileSync(path.join(job.dirs.workspace, 'reports', 'a.xml'), 'utf8')).toBe('<testsuites/>');
    expect(run.artifacts.map((a) => [a.name, a.files])).toEqual([['junit', ['a.xml']]]);
    expect(readFileSync(path.join(run.artifacts[0].dir, 'a.xml'), 'utf8')).toBe('<testsuites/>');
    expect(job.step('none').warnings[0]).toMatch(/No files were found with the provided path: missing\/\*\*/);
  });

  test('checkout of a git repository clones it as deep as fetch-depth says, at the run’s SHA', async () => {
    const repo = mkdtempSync(path.join(tmp, 'git-'));
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' },
      }).trim();
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'a.txt'), 'one');
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    const first = git('rev-parse', 'HEAD');
    writeFileSync(path.join(repo, 'a.txt'), 'two');
    git('commit', '-q', '-am', 'two');
    const second = git('rev-parse', 'HEAD');
    const file = workflowFile(`on: push
jobs:
  clone:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - id: shallow
        run: echo "count=$(git rev-list --count HEAD)" >> "$GITHUB_OUTPUT"
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          path: full
          fetch-depth: 0
          ref: ${first}
      - id: full
        working-directory: full
        run: echo "count=$(git rev-list --count --all)/$(cat a.txt)" >> "$GITHUB_OUTPUT"
`);
    const job = (await runWorkflow(file, { ...push, repository: repo, sha: second })).job('clone');
    expect(job.result).toBe('success');
    expect(job.steps[0].outputs.commit).toBe(second);
    expect(job.step('shallow').outputs.count).toBe('1');
    expect(job.steps[2].outputs.commit).toBe(first);
    expect(job.step('full').outputs.count).toBe('2/one');
  });

  test('an action without a stand-in fails the step clearly, naming where stand-ins are listed', async () => {
    const file = workflowFile(`on: push
jobs:
  other:
    runs-on: ubuntu-latest
    steps:
      - uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd # v3.1.2
      - id: after
        run: echo after
`);
    const job = (await runWorkflow(file, push)).job('other');
    expect(job.steps[0].outcome).toBe('failure');
    expect(job.steps[0].error).toMatch(/no local stand-in for hashicorp\/setup-terraform; add one to test\/e2e\/executor\/stand-ins\.ts/);
    expect(job.step('after').outcome).toBe('skipped');
  });
});

describe('workflow level', () => {
  test('a workflow not triggered by the event is refused; branch filters honour $default-branch', async () => {
    const file = workflowFile(`on:
  push:
    branches: [$default-branch]
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`);
    await expect(runWorkflow(file, { eventName: 'pull_request' })).rejects.toThrow(/is not triggered by pull_request \(on: push\)/);
    const { pushEvent } = await import('../../harness/events.js');
    await expect(runWorkflow(file, { eventName: 'push', event: pushEvent({ ref: 'refs/heads/feature' }) })).rejects.toThrow(
      /feature does not match branches: \$default-branch/,
    );
    expect((await runWorkflow(file, push)).conclusion).toBe('success');
  });

  test('jobs run after their needs and read needs.*.outputs; job if:, permissions, environment and concurrency are recorded', async () => {
    const file = workflowFile(`on: push
permissions:
  contents: read
jobs:
  deploy:
    needs: build
    if: needs.build.outputs.ok == 'yes'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      deployments: write
    environment:
      name: production
      url: https://example.test/\${{ needs.build.outputs.ok }}
    concurrency:
      group: deploy-\${{ github.ref_name }}
      cancel-in-progress: false
    steps:
      - id: use
        run: echo "got=\${{ needs.build.outputs.ok }}" >> "$GITHUB_OUTPUT"
  build:
    runs-on: ubuntu-latest
    outputs:
      ok: \${{ steps.b.outputs.ok }}
    steps:
      - id: b
        run: echo "ok=yes" >> "$GITHUB_OUTPUT"
  never:
    needs: build
    if: needs.build.outputs.ok == 'no'
    runs-on: ubuntu-latest
    steps:
      - run: echo never
`);
    const granted: Array<[string, Record<string, string>]> = [];
    const run = await runWorkflow(file, {
      ...push,
      services: { githubApi: { url: 'http://127.0.0.1:9', state: { setTokenPermissions: (t, p) => granted.push([t, p]) } } },
    });
    expect(run.jobs.map((j) => [j.id, j.result])).toEqual([
      ['build', 'success'],
      ['deploy', 'success'],
      ['never', 'skipped'],
    ]);
    const deploy = run.job('deploy');
    expect(deploy.step('use').outputs).toEqual({ got: 'yes' });
    expect(deploy.permissions).toEqual({ contents: 'read', deployments: 'write', metadata: 'read' });
    expect(run.job('build').permissions).toEqual({ contents: 'read', metadata: 'read' });
    expect(deploy.environment).toEqual({ name: 'production', url: 'https://example.test/yes' });
    expect(deploy.concurrency).toEqual({ group: 'deploy-main', cancelInProgress: false });
    // Each job's token was registered with exactly its permissions.
    expect(granted.find(([t]) => t === deploy.token)?.[1]).toMatchObject({ deployments: 'write', contents: 'read', pull_requests: 'none', issues: 'none' });
  });

  test('a job output that cannot be evaluated is empty, and the finished job keeps its result', async () => {
    const file = workflowFile(`on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      broken: \${{ fromJSON(steps.missing.outputs.json).x }}
      fine: \${{ steps.s.outputs.v }}
    steps:
      - id: s
        run: echo "v=1" >> "$GITHUB_OUTPUT"
`);
    const job = (await runWorkflow(file, push)).job('a');
    expect(job.result).toBe('success');
    expect(job.outputs).toEqual({ broken: '', fine: '1' });
  });

  test('a simple matrix runs one job per combination', async () => {
    const file = workflowFile(`on: push
jobs:
  m:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        db: [duckdb, postgres]
        size: [1]
    steps:
      - id: s
        run: echo "v=\${{ matrix.db }}-\${{ matrix.size }}-\${{ strategy.job-index }}" >> "$GITHUB_OUTPUT"
`);
    const run = await runWorkflow(file, push);
    expect(run.jobs.map((j) => j.step('s').outputs.v)).toEqual(['duckdb-1-0', 'postgres-1-1']);
  });

  test('invalid workflows are reported with GitHub’s parser messages', async () => {
    const file = workflowFile(`on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./action-template
        run: echo both
`);
    await expect(loadWorkflow(file)).rejects.toThrow(/is not a valid workflow/);
  });
});

describe('pieces', () => {
  test.each([
    ['./actions/plan-and-comment', { kind: 'local', action: 'plan-and-comment' }],
    ['dataops-actions/dataops-actions/actions/setup-terraform@v1', { kind: 'local', action: 'setup-terraform', ref: 'v1' }],
    ['my-org/dataops-actions/actions/setup-terraform@0123456789abcdef0123456789abcdef01234567', { kind: 'local', action: 'setup-terraform' }],
    ['./action-template', { kind: 'local', action: 'action-template' }],
    ['actions/checkout@v4', { kind: 'third-party', name: 'actions/checkout', ref: 'v4' }],
    ['github/codeql-action/upload-sarif@v3', { kind: 'third-party', name: 'github/codeql-action/upload-sarif' }],
    ['./actions/nope', { kind: 'unsupported' }],
    ['docker://alpine:3', { kind: 'unsupported' }],
  ])('uses: %s', (uses, expected) => {
    expect(resolveUses(uses)).toMatchObject(expected);
  });

  test('matrix expansion with exclude and include', () => {
    expect(
      expandMatrix({
        os: ['a', 'b'],
        v: [1, 2],
        exclude: [{ os: 'b', v: 2 }],
        include: [
          { os: 'a', extra: true },
          { os: 'c', v: 9 },
        ],
      }),
    ).toEqual([
      { os: 'a', v: 1, extra: true },
      { os: 'a', v: 2, extra: true },
      { os: 'b', v: 1 },
      { os: 'c', v: 9 },
    ]);
  });

  test('permissions: a mapping grants only what it lists; forks get read at most; the fake API spelling', () => {
    expect(resolvePermissions({ contents: 'read', 'pull-requests': 'write' }, { fork: false })).toEqual({
      contents: 'read',
      'pull-requests': 'write',
      metadata: 'read',
    });
    expect(resolvePermissions({ 'pull-requests': 'write' }, { fork: true })).toEqual({ 'pull-requests': 'read', metadata: 'read' });
    expect(resolvePermissions({}, { fork: false })).toEqual({ metadata: 'read' });
    expect(resolvePermissions(undefined, { fork: false })).toEqual({ contents: 'read', packages: 'read', metadata: 'read' });
    expect(() => resolvePermissions({ 'pull-request': 'write' }, { fork: false })).toThrow(/unknown scope "pull-request"/);
    expect(fakeApiPermissions({ 'pull-requests': 'write', metadata: 'read' })).toMatchObject({ pull_requests: 'write', metadata: 'read', contents: 'none' });
  });
});
