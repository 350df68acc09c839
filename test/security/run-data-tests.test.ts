/**
 * Injection into run-data-tests through the committed bundle and the embedded DuckDB: hostile
 * dataset names, file names, column names, data values (the failing samples), accepted values
 * and database error messages. Every count must be exactly right (identifiers quoted, values
 * bound: nothing hostile changes a query), and the comment, the summary, the log and the JUnit
 * XML must show the hostile text as text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { expectNoViolations, startFakeGitHubApi } from '../fakes/github-api/server.js';
import { csv } from '../fixtures/data-tests/data.js';
import { pullRequestEvent } from '../harness/events.js';
import { outcomes, runDataTestsAction } from '../integration/run-data-tests/helpers.js';
import { record } from '../faults/support/ledger.js';
import { BASE_SHA, HEAD_SHA, OWNER, REPO } from '../faults/support/runs.js';
import { ALL_IN_ONE, CANARY, ONE_LINE, PAYLOADS } from './support/hostile.js';
import { checkRunInert } from './support/inert.js';

const ACTION = 'run-data-tests';

/** YAML double-quoted scalar (JSON's escapes are YAML's), with `${` written as the loader's literal `$${`. */
const yamlString = (s: string) => JSON.stringify(s).replace(/\$\{/g, '$${');

// Column names that break naive quoting in every SQL dialect, plus the markup payloads.
const COLUMNS = {
  quote: `id"; DROP TABLE t; --`,
  apostrophe: `name'); DROP TABLE t;--`,
  markup: `col ${PAYLOADS.closeDetails} ${PAYLOADS.mention}`,
  command: `col ${PAYLOADS.legacyCommand}`,
};
const VALUES = [`' OR '1'='1`, `x"; DROP TABLE t; --`, ALL_IN_ONE, `$1 \\' ${PAYLOADS.html}`];

function hostileCsv(): string {
  const header = Object.values(COLUMNS);
  const rows = [
    ['1', VALUES[0], 'ok', 'a'],
    ['2', VALUES[1], 'ok', 'b'],
    ['3', VALUES[2], VALUES[2], 'c'],
    ['3', VALUES[3], VALUES[3], ''],
    ['', 'ok', 'ok', 'e'],
  ];
  return csv(header, rows);
}

// Dataset names may hold no whitespace (the schema says so), which still leaves markup and the older command syntax.
const DATASET = `orders<img/src=x/onerror=alert(1)/alt=pwn3d>@pwn3d-team</details><!--pwn3d##[add-mask]pwn3d-mask##[error]owned-by-pwn3d`;

const CHECK = `version: 1
datasets:
  - name: ${yamlString(DATASET)}
    path: ${yamlString(`data/${ONE_LINE.slice(0, 60).replace(/\//g, '_')}.csv`)}
    tests:
      - row_count: { min: 5, max: 5 }
      - sql: { name: ${yamlString(`broken ${PAYLOADS.closeDetails}`)}, query: ${yamlString(`select "${ONE_LINE.slice(0, 120)}" from {{ dataset }}`)} }
    columns:
      - name: ${yamlString(COLUMNS.quote)}
        tests: [not_null, unique]
      - name: ${yamlString(COLUMNS.apostrophe)}
        tests:
          - accepted_values: { values: [${yamlString(VALUES[0])}, ${yamlString(VALUES[1])}, "ok"] }
      - name: ${yamlString(COLUMNS.markup)}
        tests:
          - accepted_values: { values: ["ok"] }
      - name: ${yamlString(COLUMNS.command)}
        tests: [not_null]
`;

test('hostile names, values and error messages: exact counts, and nothing live in the comment, summary, log or JUnit', async () => {
  const api = await startFakeGitHubApi();
  try {
    api.state.seedPullRequest(OWNER, REPO, { number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA });
    const file = `data/${ONE_LINE.slice(0, 60).replace(/\//g, '_')}.csv`;
    const run = await runDataTestsAction(CHECK, {
      eventName: 'pull_request',
      event: pullRequestEvent({ number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA }),
      githubApiUrl: api.url,
      files: { [file]: hostileCsv() },
      inputs: { comment: 'true', 'junit-path': 'junit.xml' },
    });
    // Quoted and bound: every test computed, with the counts a person would count by hand.
    const got = outcomes(run);
    const key = (test: string) => Object.keys(got).find((k) => k.endsWith(`/${test}`))!;
    expect(got[key('row_count')]).toBe('pass 0');
    expect(got[key(`not_null(${COLUMNS.quote})`)]).toBe('fail 1');
    expect(got[key(`unique(${COLUMNS.quote})`)]).toBe('fail 2');
    expect(got[key(`accepted_values(${COLUMNS.apostrophe})`)]).toBe('fail 2');
    expect(got[key(`accepted_values(${COLUMNS.markup})`)]).toBe('fail 2');
    expect(got[key(`not_null(${COLUMNS.command})`)]).toBe('fail 1');
    expect(got[key(`broken ${PAYLOADS.closeDetails}`)]).toBe('error');
    expect(run.tests[key(`broken ${PAYLOADS.closeDetails}`)].message).toContain(CANARY);
    expect(run.exitCode).toBe(1);

    const [comment] = api.state.comments(OWNER, REPO, 7);
    expect(comment.body).toContain(CANARY);
    const report = await checkRunInert(ACTION, run, { 'pull request comment': comment.body });
    const junit = readFileSync(path.join(run.dirs.workspace, 'junit.xml'), 'utf8');
    const xml = XMLValidator.validate(junit);
    const live = [...report.live, ...(xml === true ? [] : [`junit.xml is not well-formed XML: ${JSON.stringify(xml.err)}`])];
    record({
      kind: 'inputs',
      source: 'hostile',
      subject: 'run-data-tests: names, values, messages',
      count: Object.keys(COLUMNS).length + VALUES.length + 2,
      failures: live.length,
    });
    expect(live).toEqual([]);
    expectNoViolations(api);
  } finally {
    await api.close();
  }
});

test('an invalid dataset name with line breaks is refused, and cannot start a workflow command while refused', async () => {
  const check = `version: 1
datasets:
  - name: ${yamlString(`plain${PAYLOADS.setOutput}${PAYLOADS.error}`)}
    path: data/customers.csv
    columns: [{ name: id, tests: [unique] }]
`;
  const run = await runDataTestsAction(check);
  expect(run.outputs).toMatchObject({ passed: '0', errored: '1' });
  const report = await checkRunInert(ACTION, run);
  record({ kind: 'inputs', source: 'hostile', subject: 'run-data-tests: dataset name with line breaks', count: 1, failures: report.live.length });
  expect(report.live).toEqual([]);
});
