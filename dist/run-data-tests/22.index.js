export const id = 22;
export const ids = [22];
export const modules = {

/***/ 35022:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runDataTestsAction: () => (/* binding */ runDataTestsAction)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./shared/src/alerts.ts
var alerts = __webpack_require__(86780);
// EXTERNAL MODULE: ./shared/src/errors.ts
var src_errors = __webpack_require__(33904);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./shared/src/context.ts
/**
 * The workflow run's context, read from the runner's environment when asked (never at import time).
 */


function runContext(env = process.env) {
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, '');
    let payload = {};
    if (env.GITHUB_EVENT_PATH) {
        try {
            payload = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
        }
        catch (err) {
            throw new src_errors/* ActionError */.lZ(`Cannot read the event payload at ${env.GITHUB_EVENT_PATH}: ${err.message}`);
        }
    }
    const runId = env.GITHUB_RUN_ID ?? '';
    return {
        owner,
        repo,
        eventName: env.GITHUB_EVENT_NAME ?? '',
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        workflow: env.GITHUB_WORKFLOW ?? '',
        job: env.GITHUB_JOB ?? '',
        runId,
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        serverUrl,
        apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
        actor: env.GITHUB_ACTOR ?? '',
        runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
        payload,
    };
}
/** The pull request of a pull_request / pull_request_target event, if any. */
function pullRequest(ctx) {
    const pr = ctx.payload.pull_request;
    if (!pr || typeof pr.number !== 'number')
        return undefined;
    return {
        number: pr.number,
        headSha: pr.head.sha,
        baseSha: pr.base.sha,
        baseRef: pr.base.ref,
        headRef: pr.head.ref,
        fromFork: !!pr.head.repo?.full_name && pr.head.repo.full_name !== pr.base.repo?.full_name,
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(11758);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(86856);
;// CONCATENATED MODULE: ./shared/src/github.ts
/**
 * The GitHub API client every action uses: the toolkit's octokit with retries and rate-limit
 * throttling, the API URL of the runner's GitHub (GHES included), and permission errors that say
 * which `permissions:` the workflow must grant.
 */





/**
 * `mask: false` is for command-line tools outside GitHub Actions, where `::add-mask::` would print
 * the token to the terminal instead of hiding it.
 */
function githubClient(token, options = {}) {
    if (!token) {
        throw new src_errors/* ActionError */.lZ('No GitHub token: the github-token input is empty', {
            hint: 'Pass `github-token: ${{ github.token }}` (the default) or a token with the needed permissions.',
        });
    }
    if (options.mask !== false)
        core/* setSecret */.Pq(token);
    const retries = Number(process.env.DATAOPS_GITHUB_RETRIES ?? 3);
    return (0,github/* getOctokit */.Q)(token, {
        baseUrl: (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
        request: { retries },
        throttle: {
            onRateLimit: (retryAfter, options, _octokit, retryCount) => {
                core/* warning */.$e(`GitHub rate limit hit for ${options.method} ${options.url}; retrying after ${retryAfter}s`);
                return retryCount < retries;
            },
            onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
                core/* warning */.$e(`GitHub secondary rate limit hit for ${options.method} ${options.url}; retrying after ${retryAfter}s`);
                return retryCount < retries;
            },
        },
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
}
/**
 * Turns an API error into a message the user can act on. A 403 (that is not a rate limit) means
 * the workflow's token lacks a permission; GitHub names the one it wanted in
 * `x-accepted-github-permissions`. (GitHub sends that header on many responses to app tokens,
 * so it alone does not make a 404 a permission problem.)
 */
function explainGitHubError(err, doing) {
    const e = err;
    if (isPermissionError(err)) {
        const accepted = e.response?.headers?.['x-accepted-github-permissions'];
        const need = accepted ? accepted.replace(/=/g, ': ').replace(/,\s*/g, ', ') : 'the permission for this API';
        return new src_errors/* ActionError */.lZ(`GitHub refused to ${doing} (HTTP 403: ${e.message ?? 'forbidden'})`, {
            hint: `Grant the workflow's token \`permissions:\` ${need} (fork pull requests get a read-only token).`,
            cause: err,
        });
    }
    // GitHub's message may echo an unreadable body: one bounded line of it.
    const said = (e.message ?? String(err)).replace(/\s+/g, ' ').trim().slice(0, 300);
    return new src_errors/* ActionError */.lZ(`GitHub API error while trying to ${doing}: ${e.status ? `HTTP ${e.status} ` : ''}${said}`, { cause: err });
}
/** A 403 that is about permissions, not an exhausted (primary or secondary) rate limit. */
function isPermissionError(err) {
    const e = err;
    if (e?.status !== 403)
        return false;
    const headers = e.response?.headers ?? {};
    const rateLimited = headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(e.message ?? '');
    return !rateLimited;
}

// EXTERNAL MODULE: ./shared/src/log.ts
var log = __webpack_require__(27901);
;// CONCATENATED MODULE: ./shared/src/markdown.ts
/**
 * Markdown for comments and summaries that untrusted text cannot break: escaped HTML and
 * mentions, table cells without pipes or newlines, and code fences longer than any backtick run.
 */
// Markdown ends a line at LF, CRLF and a lone CR alike; a lone CR would end a table row or make a heading.
const LINE_BREAK = /\r\n?|\n/g;
/**
 * Inert text inside an HTML block such as `<summary>`: GitHub does not read markdown there, so a
 * backslash escape would show literally; only HTML, mentions and line breaks need care.
 */
function htmlText(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/@(?=[A-Za-z0-9])/g, '@\u200b')
        .replace(LINE_BREAK, ' ');
}
/** Inert inline text: no HTML (so no `<!--`, `</details>`), no @mentions, no markdown links or emphasis. */
function escapeText(text) {
    return htmlText(text).replace(/([\\`*_[\]()#|~!])/g, '\\$1');
}
/** Text inside inline code, safe in a table cell. */
function inlineCode(text) {
    const clean = text.replace(LINE_BREAK, ' ').replace(/\|/g, '\u2758');
    const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
    const ticks = '`'.repeat(longest + 1);
    const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${clean}${pad}${ticks}`;
}
/** A fenced block that content cannot close: the fence is longer than any backtick run inside. */
function codeFence(content, language = '') {
    const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${fence}${language}\n${content.replace(/\n$/, '')}\n${fence}`;
}
/**
 * A table of markdown cells (build them with the helpers above). Every pipe not yet escaped is
 * escaped, so a cell cannot add columns, and cells from escapeText stay as they are.
 */
function table(headers, rows) {
    // A pipe after an odd run of backslashes is escaped already (escapeText's `\|`); one more
    // backslash would make `\\|`: an escaped backslash, then a live cell delimiter.
    const pipes = (value) => value.replace(/(\\*)\|/g, (match, slashes) => (slashes.length % 2 === 1 ? match : `${slashes}\\|`));
    const cell = (value) => pipes(value.replace(LINE_BREAK, ' '));
    const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
    for (const row of rows)
        lines.push(`| ${row.map(cell).join(' | ')} |`);
    return lines.join('\n');
}
/** A collapsible block; the summary is escaped, the body is trusted markdown (build it with the helpers above). */
function details(summary, body, open = false) {
    return `<details${open ? ' open' : ''}><summary>${htmlText(summary)}</summary>\n\n${body}\n\n</details>`;
}
/** GitHub's limit for issue and PR comment bodies, in characters. */
const COMMENT_LIMIT = 65_536;
/**
 * Cuts text to fit `limit` characters, saying what was cut and where the full text is.
 * Cuts at a line boundary, and closes a code fence left open by the cut.
 */
function truncate(text, limit, whereFull) {
    if (text.length <= limit)
        return text;
    const note = (cut) => `\n\n… ${cut.toLocaleString('en-US')} characters cut here to stay within GitHub's size limit; ${whereFull}`;
    const reserve = note(text.length).length + 20;
    let head = text.slice(0, Math.max(0, limit - reserve));
    const lastNewline = head.lastIndexOf('\n');
    if (lastNewline > head.length / 2)
        head = head.slice(0, lastNewline);
    const fences = head.match(/^`{3,}/gm) ?? [];
    if (fences.length % 2 === 1)
        head += `\n${fences[fences.length - 1]}`;
    return head + note(text.length - head.length);
}

;// CONCATENATED MODULE: ./shared/src/sticky-comment.ts



function commentMarker(kind, key) {
    const safe = (s) => s.replace(/--+/g, '-').replace(/[<>\n\r]/g, '');
    return `<!-- dataops-actions:${safe(kind)}:${safe(key)} -->`;
}
/** Creates or updates the marked comment; `body` is cut to GitHub's limit with a pointer to `whereFull`. */
async function upsertStickyComment(octokit, target, body, whereFull = 'see the job summary for the full text.') {
    const marker = commentMarker(target.kind, target.key);
    const full = `${marker}\n${body}`;
    const text = truncate(full, COMMENT_LIMIT, whereFull);
    const existing = await findMarkedComment(octokit, target);
    const doing = `${existing ? 'update' : 'create'} the pull request comment`;
    let data;
    try {
        ({ data } = existing
            ? await octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body: text })
            : await octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body: text }));
    }
    catch (err) {
        throw explainGitHubError(err, doing);
    }
    if (isComment(data))
        return { id: data.id, url: data.html_url, created: !existing };
    // A 2xx whose body was cut off or not JSON (octokit then hands back text): the write happened,
    // so the comment is found again by its marker rather than reported missing or written twice.
    const again = await findMarkedComment(octokit, target);
    if (!again)
        throw new src_errors/* ActionError */.lZ(`GitHub accepted the request to ${doing} but its answer was unreadable, and the comment cannot be found`);
    return { id: again.id, url: again.html_url, created: !existing };
}
function isComment(value) {
    const c = value;
    return typeof c === 'object' && c !== null && typeof c.id === 'number' && typeof c.html_url === 'string';
}
/** The id of the marked comment, paginating through every comment on the PR. */
async function findStickyComment(octokit, target) {
    return (await findMarkedComment(octokit, target))?.id;
}
/**
 * Pages are read one by one (following the Link header) rather than with octokit.paginate, which
 * turns an empty or unreadable page into "no comments" and so into a duplicate comment: any page
 * that is not a list of comments is an error here.
 */
async function findMarkedComment(octokit, target) {
    const marker = commentMarker(target.kind, target.key);
    for (let page = 1;; page++) {
        let answer;
        try {
            answer = await octokit.rest.issues.listComments({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, per_page: 100, page });
        }
        catch (err) {
            throw explainGitHubError(err, 'list the pull request comments');
        }
        const comments = answer.data;
        if (!Array.isArray(comments) || !comments.every(isComment)) {
            throw new src_errors/* ActionError */.lZ(`GitHub's answer to listing the pull request comments (page ${page}) was cut off or is not a list of comments; not writing a second comment`);
        }
        const found = comments.find((comment) => comment.body?.startsWith(marker));
        if (found)
            return { id: found.id, html_url: found.html_url };
        if (!/rel="next"/.test(answer.headers.link ?? ''))
            return undefined;
    }
}

;// CONCATENATED MODULE: ./shared/src/summary.ts
/** The job summary: appended as markdown, written once per action run. */

/** Appends markdown to the step summary; a runner without a summary file just logs it. */
async function appendSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) {
        core/* info */.pq(markdown);
        return;
    }
    await core/* summary */.z.addRaw(markdown, true).write();
}
/** Link to the job's summary page, where comments point for their full text. */
function summaryLink(runUrl) {
    return `${runUrl}#summary`;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var ajv = __webpack_require__(42463);
;// CONCATENATED MODULE: ./shared/src/data-tests/schema.ts
/**
 * The JSON Schema of the check file (`dataops-tests.yml`), published at
 * actions/run-data-tests/dataops-tests.schema.json for editors, and the ajv validation that maps
 * each schema error to the line and column of the offending YAML node.
 */

const SCHEMA_ID = 'https://dataops-actions.dev/schemas/dataops-tests.schema.json';
/** Keys every test accepts, in our spelling and in dbt's `config:` block. */
const CONDITION = {
    type: 'string',
    pattern: '^\\s*(>=|<=|!=|<>|==|=|>|<)\\s*[0-9]+(\\.[0-9]+)?\\s*%?\\s*$',
    description: 'A condition on the failing rows: `>0`, `>=10`, `!=0`, or a percentage of the rows tested: `>1%`.',
};
const SEVERITY = { enum: ['error', 'warn', 'ERROR', 'WARN'], description: 'error (default) fails the run when error_if holds; warn only warns.' };
const NAME = { type: 'string', minLength: 1, description: 'A name for the test in reports (default: the test type and column).' };
const WHERE = { type: 'string', minLength: 1, description: 'A SQL condition limiting the rows tested.' };
const DURATION = {
    description: 'A duration: 30m, 6h, 1d, 1h30m; a number of seconds; or { count: 6, period: hour }.',
    anyOf: [
        { type: 'string', pattern: '^\\s*([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+\\s*$', description: 'A duration: 30m, 6h, 1d, 1h30m.' },
        { type: 'number', minimum: 0, description: 'Seconds.' },
        {
            type: 'object',
            description: "dbt's spelling: { count: 6, period: hour }.",
            properties: { count: { type: 'number', minimum: 0 }, period: { enum: ['minute', 'hour', 'day'] } },
            required: ['count', 'period'],
            additionalProperties: false,
        },
    ],
};
const PERCENT = {
    anyOf: [
        { type: 'number', minimum: 0 },
        { type: 'string', pattern: '^\\s*[0-9]+(\\.[0-9]+)?\\s*%\\s*$' },
    ],
    description: 'A percentage: 10 or "10%".',
};
const SCALAR = { type: ['string', 'number', 'boolean'] };
const BOUND = { type: ['number', 'string'], description: 'A number, or an ISO date/timestamp for date columns.' };
const METRICS = ['row_count', 'null_rate', 'distinct_count', 'mean', 'median', 'min', 'max', 'sum', 'freshness_lag'];
const IGNORED = { description: 'Accepted for dbt compatibility; not used.' };
const ref = (name) => ({ $ref: `#/definitions/${name}` });
const testConfig = {
    type: 'object',
    description: "dbt's test config block.",
    properties: {
        severity: ref('severity'),
        warn_if: ref('condition'),
        error_if: ref('condition'),
        where: ref('where'),
        enabled: { type: 'boolean' },
        name: ref('name'),
        tags: IGNORED,
        meta: IGNORED,
        store_failures: IGNORED,
        store_failures_as: IGNORED,
        alias: IGNORED,
        limit: IGNORED,
        description: IGNORED,
    },
    additionalProperties: false,
};
/** Arguments of each test type. `column` names the column for tests declared at the dataset level. */
const TEST_ARGUMENTS = {
    not_null: { column: { type: 'string' } },
    unique: { column: { type: 'string' }, columns: { type: 'array', items: { type: 'string' }, minItems: 1 } },
    accepted_values: { column: { type: 'string' }, values: { type: 'array', items: SCALAR, minItems: 1 }, quote: { type: 'boolean' } },
    range: {
        column: { type: 'string' },
        min: ref('bound'),
        max: ref('bound'),
        min_inclusive: { type: 'boolean' },
        max_inclusive: { type: 'boolean' },
        inclusive: { type: 'boolean', description: 'Both bounds inclusive (dbt_utils.accepted_range).' },
    },
    regex: { column: { type: 'string' }, pattern: { type: 'string', minLength: 1 } },
    length: { column: { type: 'string' }, min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 }, equals: { type: 'integer', minimum: 0 } },
    relationships: { column: { type: 'string' }, to: { type: 'string', minLength: 1 }, field: { type: 'string', minLength: 1 } },
    row_count: { min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 }, equals: { type: 'integer', minimum: 0 } },
    freshness: { column: { type: 'string' }, warn_after: ref('duration'), error_after: ref('duration') },
    schema: {
        required: { type: 'array', items: { type: 'string' } },
        forbidden: { type: 'array', items: { type: 'string' } },
        types: { type: 'object', additionalProperties: { type: 'string' } },
        forbid_extra: { type: 'boolean' },
    },
    expression: { column: { type: 'string' }, expression: { type: 'string', minLength: 1 } },
    sql: { query: { type: 'string', minLength: 1 } },
    anomaly: {
        metric: { enum: METRICS },
        column: { type: 'string' },
        sensitivity: { type: 'number', exclusiveMinimum: 0 },
        min_history: { type: 'integer', minimum: 1 },
        window: { type: 'integer', minimum: 2 },
        direction: { enum: ['both', 'up', 'down'] },
    },
    change_vs_baseline: { metric: { enum: METRICS }, column: { type: 'string' }, max_drop: ref('percent'), max_increase: ref('percent') },
    // dbt_utils tests a dbt project commonly uses, mapped onto the ones above.
    'dbt_utils.expression_is_true': { expression: { type: 'string', minLength: 1 }, column_name: { type: 'string' } },
    'dbt_utils.unique_combination_of_columns': { combination_of_columns: { type: 'array', items: { type: 'string' }, minItems: 1 }, quote_columns: IGNORED },
    'dbt_utils.accepted_range': { min_value: ref('bound'), max_value: ref('bound'), inclusive: { type: 'boolean' } },
    'dbt_utils.not_null_proportion': { at_least: { type: 'number', minimum: 0, maximum: 1 }, at_most: { type: 'number', minimum: 0, maximum: 1 } },
    'dbt_utils.not_empty_string': { trim_whitespace: { type: 'boolean' } },
    'dbt_utils.recency': { datepart: { enum: ['minute', 'hour', 'day'] }, field: { type: 'string' }, interval: { type: 'number', minimum: 0 } },
};
const TEST_NAMES = Object.keys(TEST_ARGUMENTS);
function testArgsSchema(args) {
    return {
        type: ['object', 'null'],
        properties: {
            ...args,
            name: ref('name'),
            description: { type: 'string' },
            severity: ref('severity'),
            warn_if: ref('condition'),
            error_if: ref('condition'),
            where: ref('where'),
            arguments: {
                type: 'object',
                description: "dbt 1.10's spelling: the test's arguments nested under `arguments:`.",
                properties: args,
                additionalProperties: false,
            },
            config: ref('testConfig'),
        },
        additionalProperties: false,
    };
}
function buildSchema() {
    const test = {
        description: 'A test: its type alone (`not_null`) or `{ <type>: { arguments } }`.',
        if: { type: 'string' },
        then: { enum: TEST_NAMES },
        else: {
            type: 'object',
            minProperties: 1,
            maxProperties: 1,
            properties: Object.fromEntries(Object.entries(TEST_ARGUMENTS).map(([name, args]) => [name, testArgsSchema(args)])),
            additionalProperties: false,
        },
    };
    const tests = { type: 'array', items: { $ref: '#/definitions/test' } };
    const column = {
        type: 'object',
        properties: {
            name: { type: 'string', minLength: 1 },
            description: { type: 'string' },
            data_type: { type: 'string' },
            tests,
            data_tests: tests,
            meta: IGNORED,
            tags: IGNORED,
            quote: IGNORED,
        },
        required: ['name'],
        additionalProperties: false,
    };
    const dataset = {
        type: 'object',
        description: 'A dataset: files (`path`) read with the embedded DuckDB, or a `table` of a `source`.',
        properties: {
            name: { type: 'string', minLength: 1, pattern: '^[^\\s]+$' },
            description: { type: 'string' },
            path: { type: 'string', minLength: 1, description: 'A file or glob relative to this file: csv, tsv, parquet, json, ndjson.' },
            format: { enum: ['csv', 'tsv', 'parquet', 'json', 'ndjson'] },
            delimiter: { type: 'string', minLength: 1, maxLength: 1 },
            header: { type: 'boolean' },
            source: { type: 'string', minLength: 1 },
            table: { type: 'string', minLength: 1, description: '`schema.table` in the source.' },
            tests,
            data_tests: tests,
            columns: { type: 'array', items: column },
            meta: IGNORED,
            tags: IGNORED,
        },
        required: ['name'],
        additionalProperties: false,
    };
    const source = {
        type: 'object',
        properties: {
            type: { enum: ['postgres'] },
            url: { type: 'string', minLength: 1, description: 'A connection URL; use ${ENV_VAR} for credentials (masked in every log).' },
        },
        required: ['type', 'url'],
        additionalProperties: false,
    };
    return {
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: SCHEMA_ID,
        title: 'dataops-actions data tests',
        description: 'The check file of the run-data-tests action and the dataops-test CLI.',
        type: 'object',
        properties: {
            version: { const: 1 },
            sources: { type: 'object', additionalProperties: { $ref: '#/definitions/source' } },
            dbt: {
                type: 'object',
                description: 'Where the models of an imported dbt schema.yml live.',
                properties: { source: { type: 'string', minLength: 1 }, schema: { type: 'string', minLength: 1 } },
                additionalProperties: false,
            },
            datasets: { type: 'array', items: { $ref: '#/definitions/dataset' } },
        },
        required: ['version'],
        additionalProperties: false,
        definitions: {
            source,
            dataset,
            column,
            test,
            testConfig,
            condition: CONDITION,
            severity: SEVERITY,
            name: NAME,
            where: WHERE,
            duration: DURATION,
            bound: BOUND,
            percent: PERCENT,
        },
    };
}
const CHECK_FILE_SCHEMA = buildSchema();
let schema_ajv;
function validator(ref = '') {
    if (!schema_ajv) {
        schema_ajv = new ajv.Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
        schema_ajv.addSchema(CHECK_FILE_SCHEMA);
    }
    return schema_ajv.getSchema(`${SCHEMA_ID}${ref}`);
}
/** Schema errors of a whole check file. */
function schemaErrors(value) {
    return run(validator(), value);
}
/** Schema errors of one test entry (for dbt schema files, whose other keys are dbt's business). */
function testEntryErrors(value) {
    return run(validator('#/definitions/test'), value);
}
function run(validate, value) {
    if (validate(value))
        return [];
    const errors = validate.errors ?? [];
    // An anyOf reports each alternative's complaint too; its own error (with the description) is enough.
    const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
    // if/then/else adds a summary error for the `if`; the branch's own error says what is wrong.
    return errors.filter((e) => e.keyword !== 'if' && !anyOfPaths.some((p) => e.schemaPath.startsWith(p)));
}
/** The path of an ajv error as YAML path segments (numbers for sequence indexes). */
function errorPath(error) {
    const segments = error.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    if (error.keyword === 'additionalProperties')
        segments.push(String(error.params.additionalProperty));
    return segments;
}
/** A one-line explanation of a schema error, naming the offending key or value. */
function describeSchemaError(error, prefix = []) {
    const path = [...prefix, ...errorPath(error)];
    const last = path[path.length - 1];
    const params = error.params;
    const where = typeof last === 'string' ? `'${last}'` : 'this entry';
    const isTestEntry = typeof last === 'number' && /^(tests|data_tests)$/.test(String(path[path.length - 2] ?? ''));
    switch (error.keyword) {
        case 'enum':
            if (isTestEntry)
                return `unknown test '${String(error.data)}' (known tests: ${TEST_NAMES.join(', ')})`;
            return `${where} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        case 'additionalProperties': {
            const parent = path[path.length - 2];
            const isTestName = /^(tests|data_tests)$/.test(String(path[path.length - 3] ?? '')) && typeof parent === 'number';
            if (isTestName)
                return `unknown test '${last}' (known tests: ${TEST_NAMES.join(', ')})`;
            const allowed = allowedKeys(error);
            return `unknown key '${last}'${allowed ? ` (allowed: ${allowed})` : ''}`;
        }
        case 'const':
            return `${where} must be ${JSON.stringify(params.allowedValue)}`;
        case 'required':
            return `missing required key '${params.missingProperty}'`;
        case 'type':
            return `${where} must be ${String(params.type).replace(',', ' or ')}`;
        case 'pattern':
            return `${where} has an invalid value: ${patternHint(error)}`;
        case 'maxProperties':
        case 'minProperties':
            return 'a test entry must have exactly one key: the test type';
        case 'anyOf':
            return `${where} has an invalid value: ${error.parentSchema?.description ?? 'see the schema'}`;
        default:
            return `${where} ${error.message ?? 'is invalid'}`;
    }
}
function allowedKeys(error) {
    const props = error.parentSchema?.properties;
    return props ? Object.keys(props).join(', ') : undefined;
}
function patternHint(error) {
    const description = error.parentSchema?.description;
    return description ?? `must match ${error.params.pattern}`;
}

// EXTERNAL MODULE: ./shared/src/inputs.ts
var inputs = __webpack_require__(39554);
;// CONCATENATED MODULE: ./shared/src/data-tests/thresholds.ts
const thresholds_CONDITION = /^\s*(>=|<=|!=|<>|==|=|>|<)\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/;
/** Parses `>0`, `>= 10`, `!=0`, `>1%`; undefined when the text is not a condition. */
function parseCondition(text) {
    const match = thresholds_CONDITION.exec(text);
    if (!match)
        return undefined;
    const rawOp = match[1];
    const op = rawOp === '==' ? '=' : rawOp === '<>' ? '!=' : rawOp;
    return { op, value: Number(match[2]), percent: match[3] === '%', text: `${op}${match[2]}${match[3]}` };
}
const DEFAULT_CONDITION = { op: '!=', value: 0, percent: false, text: '!=0' };
function defaultThresholds(severity = 'error') {
    return { severity, warnIf: DEFAULT_CONDITION, errorIf: DEFAULT_CONDITION };
}
function holds(condition, failing, total) {
    const x = condition.percent ? percentOf(failing, total) : failing;
    switch (condition.op) {
        case '>':
            return x > condition.value;
        case '>=':
            return x >= condition.value;
        case '<':
            return x < condition.value;
        case '<=':
            return x <= condition.value;
        case '=':
            return x === condition.value;
        case '!=':
            return x !== condition.value;
    }
}
/** Failing rows as a percentage of the rows tested; 0 when nothing was tested. */
function percentOf(failing, total) {
    if (!total)
        return 0;
    return (failing / total) * 100;
}
/**
 * dbt's order: with severity error, error_if decides a failure first, then warn_if a warning;
 * with severity warn, only warn_if is looked at.
 */
function decide(thresholds, failing, total) {
    if (thresholds.severity === 'error' && holds(thresholds.errorIf, failing, total))
        return { status: 'fail', threshold: `error if ${thresholds.errorIf.text}` };
    if (holds(thresholds.warnIf, failing, total))
        return { status: 'warn', threshold: `warn if ${thresholds.warnIf.text}` };
    return { status: 'pass', threshold: thresholds.severity === 'error' ? `error if ${thresholds.errorIf.text}` : `warn if ${thresholds.warnIf.text}` };
}

;// CONCATENATED MODULE: ./shared/src/json-object.ts
/** A JSON object: not null and not an array, which `typeof x === 'object'` alone lets through. */
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./shared/src/data-tests/test-entry.ts
/**
 * One test entry of a check file or dbt schema (`not_null`, `{ accepted_values: { values: [...] } }`,
 * dbt's `arguments:`/`config:` blocks, dbt_utils tests) turned into a DataTest. A mistake makes the
 * test `invalid` with a one-line reason instead of throwing, so the other tests still run.
 */




class EntryError extends Error {
}
const fail = (message) => {
    throw new EntryError(message);
};
const COLUMN_METRICS = ['null_rate', 'distinct_count', 'mean', 'median', 'min', 'max', 'sum', 'freshness_lag'];
/** Returns undefined for a test switched off with dbt's `config: { enabled: false }`. */
function normalizeTestEntry(entry, ctx) {
    let type = '(unknown)';
    let name;
    try {
        const parsed = splitEntry(entry);
        type = parsed.type;
        const args = parsed.args;
        const config = (isObject(args.config) ? args.config : {});
        if (config.enabled === false)
            return undefined;
        name = str(config.name ?? args.name);
        const severity = String(config.severity ?? args.severity ?? 'error').toLowerCase();
        const warnIf = condition('warn_if', config.warn_if ?? args.warn_if);
        const errorIf = condition('error_if', config.error_if ?? args.error_if);
        const where = str(config.where ?? args.where);
        const { spec, extraErrorIf } = buildSpec(type, args, ctx);
        return {
            id: ctx.id,
            name: name ?? displayName(spec, ctx.column),
            spec,
            column: ctx.column ?? (type === 'dbt_utils.expression_is_true' ? str(args.column_name) : undefined),
            thresholds: { severity, warnIf, errorIf: extraErrorIf ?? errorIf },
            where,
            location: ctx.location,
        };
    }
    catch (err) {
        if (!(err instanceof EntryError))
            throw err;
        return invalidTest(ctx, name ?? (ctx.column ? `${type}(${ctx.column})` : type), err.message, type);
    }
}
function invalidTest(ctx, name, message, type = 'schema') {
    // An invalid test still needs a spec for the report; its type is kept when it is a known one.
    const spec = { type: 'schema', required: [], forbidden: [], types: {}, forbidExtra: false };
    const known = type;
    return {
        id: ctx.id,
        name,
        spec: { ...spec, type: known },
        thresholds: { severity: 'error', warnIf: DEFAULT_CONDITION, errorIf: DEFAULT_CONDITION },
        location: ctx.location,
        invalid: message,
    };
}
function splitEntry(entry) {
    if (typeof entry === 'string')
        return { type: entry, args: {} };
    if (!isObject(entry))
        return fail('a test must be a test name or a map with one key, the test type');
    const keys = Object.keys(entry);
    if (keys.length !== 1)
        return fail(`a test entry must have exactly one key, the test type (got ${keys.join(', ') || 'none'})`);
    const type = keys[0];
    const raw = entry[type];
    if (raw !== null && raw !== undefined && !isObject(raw))
        return fail(`the arguments of '${type}' must be a map`);
    const args = { ...(raw ?? {}) };
    // dbt 1.10: arguments nested under `arguments:`; both spellings may be mixed.
    if (isObject(args.arguments)) {
        for (const [k, v] of Object.entries(args.arguments)) {
            if (k in args && k !== 'arguments')
                fail(`'${k}' is given both directly and under 'arguments'`);
            args[k] = v;
        }
    }
    delete args.arguments;
    return { type, args };
}
function buildSpec(type, args, ctx) {
    const column = () => columnOf(args, ctx, type);
    switch (type) {
        case 'not_null':
            return { spec: { type: 'not_null', column: column() } };
        case 'dbt_utils.not_null_proportion': {
            if (args.at_most !== undefined)
                fail('not_null_proportion with at_most is not supported; use not_null with warn_if/error_if');
            const atLeast = num(args.at_least, 'at_least') ?? fail("not_null_proportion needs 'at_least'");
            const maxNullPercent = round((1 - atLeast) * 100);
            return { spec: { type: 'not_null', column: column() }, extraErrorIf: { op: '>', value: maxNullPercent, percent: true, text: `>${maxNullPercent}%` } };
        }
        case 'unique': {
            if (ctx.column !== undefined) {
                if (args.columns !== undefined || args.column !== undefined)
                    fail("unique under a column tests that column; use 'columns' at the dataset level for a compound key");
                return { spec: { type: 'unique', columns: [ctx.column] } };
            }
            const columns = args.columns !== undefined
                ? strList(args.columns, 'columns')
                : args.column !== undefined
                    ? [String(args.column)]
                    : fail("unique at the dataset level needs 'column' or 'columns'");
            return { spec: { type: 'unique', columns } };
        }
        case 'dbt_utils.unique_combination_of_columns':
            return { spec: { type: 'unique', columns: strList(args.combination_of_columns ?? fail("needs 'combination_of_columns'"), 'combination_of_columns') } };
        case 'accepted_values': {
            const values = Array.isArray(args.values) ? args.values : fail("accepted_values needs 'values'");
            if (values.length === 0)
                fail("accepted_values needs at least one value in 'values'");
            return { spec: { type: 'accepted_values', column: column(), values } };
        }
        case 'range':
        case 'dbt_utils.accepted_range': {
            const min = bound(type === 'range' ? args.min : args.min_value, 'min');
            const max = bound(type === 'range' ? args.max : args.max_value, 'max');
            if (min === undefined && max === undefined)
                fail(type === 'range' ? "range needs 'min' or 'max'" : "accepted_range needs 'min_value' or 'max_value'");
            if (typeof min === 'number' && typeof max === 'number' && min > max)
                fail(`min ${min} is greater than max ${max}`);
            const inclusive = args.inclusive === undefined ? true : Boolean(args.inclusive);
            return {
                spec: {
                    type: 'range',
                    column: column(),
                    min,
                    max,
                    minInclusive: args.min_inclusive === undefined ? inclusive : Boolean(args.min_inclusive),
                    maxInclusive: args.max_inclusive === undefined ? inclusive : Boolean(args.max_inclusive),
                },
            };
        }
        case 'regex': {
            const pattern = str(args.pattern) ?? fail("regex needs 'pattern'");
            return { spec: { type: 'regex', column: column(), pattern } };
        }
        case 'dbt_utils.not_empty_string':
            return args.trim_whitespace === false
                ? { spec: { type: 'length', column: column(), min: 1 } }
                : { spec: { type: 'regex', column: column(), pattern: '\\S' } };
        case 'length': {
            const equals = test_entry_int(args.equals, 'equals');
            const min = equals ?? test_entry_int(args.min, 'min');
            const max = equals ?? test_entry_int(args.max, 'max');
            if (min === undefined && max === undefined)
                fail("length needs 'min', 'max' or 'equals'");
            if (min !== undefined && max !== undefined && min > max)
                fail(`min ${min} is greater than max ${max}`);
            return { spec: { type: 'length', column: column(), min, max } };
        }
        case 'relationships': {
            const to = str(args.to) ?? fail("relationships needs 'to' (the parent dataset)");
            const field = str(args.field) ?? fail("relationships needs 'field' (the parent's key column)");
            return { spec: { type: 'relationships', column: column(), to: datasetReference(to), field } };
        }
        case 'row_count': {
            const equals = test_entry_int(args.equals, 'equals');
            const min = equals ?? test_entry_int(args.min, 'min');
            const max = equals ?? test_entry_int(args.max, 'max');
            if (ctx.column !== undefined)
                fail('row_count is a dataset-level test; list it under the dataset tests');
            if (min === undefined && max === undefined)
                fail("row_count needs 'min', 'max' or 'equals'");
            if (min !== undefined && max !== undefined && min > max)
                fail(`min ${min} is greater than max ${max}`);
            return { spec: { type: 'row_count', min, max } };
        }
        case 'freshness': {
            const warnAfterMs = duration(args.warn_after, 'warn_after');
            const errorAfterMs = duration(args.error_after, 'error_after');
            if (warnAfterMs === undefined && errorAfterMs === undefined)
                fail("freshness needs 'warn_after' or 'error_after'");
            return { spec: { type: 'freshness', column: column(), warnAfterMs, errorAfterMs } };
        }
        case 'dbt_utils.recency': {
            const periodMs = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[String(args.datepart)] ?? fail("recency needs 'datepart' (minute, hour or day)");
            const interval = num(args.interval, 'interval') ?? fail("recency needs 'interval'");
            const field = str(args.field) ?? ctx.column ?? fail("recency needs 'field'");
            return { spec: { type: 'freshness', column: field, errorAfterMs: interval * periodMs } };
        }
        case 'schema': {
            if (ctx.column !== undefined)
                fail('schema is a dataset-level test; list it under the dataset tests');
            const types = isObject(args.types) ? Object.fromEntries(Object.entries(args.types).map(([k, v]) => [k, String(v)])) : {};
            const required = args.required === undefined ? [] : strList(args.required, 'required');
            const forbidden = args.forbidden === undefined ? [] : strList(args.forbidden, 'forbidden');
            const forbidExtra = args.forbid_extra === true;
            if (!required.length && !forbidden.length && !Object.keys(types).length && !forbidExtra)
                fail("schema needs 'required', 'forbidden', 'types' or 'forbid_extra: true'");
            return { spec: { type: 'schema', required, forbidden, types, forbidExtra } };
        }
        case 'expression': {
            const expression = str(args.expression) ?? fail("expression needs 'expression' (a SQL condition every row must meet)");
            if (args.column !== undefined && ctx.column !== undefined)
                fail("'column' is implied under a column");
            return { spec: { type: 'expression', expression } };
        }
        case 'dbt_utils.expression_is_true': {
            const expression = str(args.expression) ?? fail("expression_is_true needs 'expression'");
            const col = ctx.column ?? str(args.column_name);
            // dbt_utils appends the expression to the column when it is declared on one: `col >= 0`.
            return { spec: { type: 'expression', expression: col === undefined ? expression : `{{ column }} ${expression}` } };
        }
        case 'sql': {
            const query = str(args.query) ?? fail("sql needs 'query' (a SELECT returning the failing rows)");
            return { spec: { type: 'sql', query } };
        }
        case 'anomaly': {
            const metric = metricOf(args, ctx, 'anomaly');
            const minHistory = test_entry_int(args.min_history, 'min_history') ?? 7;
            const window = test_entry_int(args.window, 'window') ?? 30;
            if (window < minHistory)
                fail(`window ${window} is smaller than min_history ${minHistory}`);
            return {
                spec: {
                    type: 'anomaly',
                    metric,
                    sensitivity: num(args.sensitivity, 'sensitivity') ?? 3,
                    minHistory,
                    window,
                    direction: str(args.direction) ?? 'both',
                },
            };
        }
        case 'change_vs_baseline': {
            const metric = metricOf(args, ctx, 'change_vs_baseline');
            const maxDropPercent = percent(args.max_drop, 'max_drop');
            const maxIncreasePercent = percent(args.max_increase, 'max_increase');
            if (maxDropPercent === undefined && maxIncreasePercent === undefined)
                fail("change_vs_baseline needs 'max_drop' or 'max_increase'");
            return { spec: { type: 'change_vs_baseline', metric, maxDropPercent, maxIncreasePercent } };
        }
        default:
            return fail(`unknown test '${type}'`);
    }
}
function metricOf(args, ctx, test) {
    const name = (str(args.metric) ??
        fail(`${test} needs 'metric' (row_count, null_rate, distinct_count, mean, median, min, max, sum or freshness_lag)`));
    if (name === 'row_count') {
        if (args.column !== undefined)
            fail("row_count is a dataset metric; remove 'column'");
        return { name };
    }
    if (!COLUMN_METRICS.includes(name))
        fail(`unknown metric '${name}'`);
    const column = ctx.column ?? str(args.column) ?? fail(`metric ${name} needs 'column'`);
    if (ctx.column !== undefined && args.column !== undefined)
        fail("'column' is implied under a column");
    return { name, column };
}
function columnOf(args, ctx, type) {
    if (ctx.column !== undefined) {
        if (args.column !== undefined)
            fail("'column' is implied under a column; remove it");
        return ctx.column;
    }
    return str(args.column) ?? fail(`${type} at the dataset level needs 'column' (or list it under the column)`);
}
/** `ref('customers')`, `source('raw', 'customers')` (dbt) or a plain dataset name. */
function datasetReference(text) {
    const ref = /^\s*ref\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]\s*(?:,\s*v(?:ersion)?\s*=\s*[^)]*)?\)\s*$/.exec(text);
    if (ref)
        return ref[1];
    const source = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(text);
    if (source)
        return `${source[1]}.${source[2]}`;
    return text.trim();
}
function displayName(spec, column) {
    switch (spec.type) {
        case 'unique':
            return `unique(${spec.columns.join(', ')})`;
        case 'row_count':
        case 'schema':
        case 'sql':
            return spec.type;
        case 'expression': {
            const text = spec.expression.replace(/\{\{\s*column\s*\}\}/g, column ?? 'column').replace(/\s+/g, ' ');
            return `expression(${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
        }
        case 'anomaly':
        case 'change_vs_baseline':
            return `${spec.type}(${spec.metric.column === undefined ? spec.metric.name : `${spec.metric.name}(${spec.metric.column})`})`;
        default:
            return `${spec.type}(${spec.column})`;
    }
}
function condition(key, value) {
    if (value === undefined || value === null)
        return DEFAULT_CONDITION;
    const parsed = parseCondition(String(value));
    return parsed ?? fail(`${key} ${JSON.stringify(value)} is not a condition such as ">0", ">=10" or ">1%"`);
}
function duration(value, key) {
    if (value === undefined || value === null)
        return undefined;
    if (typeof value === 'number')
        return value * 1000;
    if (isObject(value)) {
        const { count, period } = value;
        const unit = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[String(period)];
        if (typeof count !== 'number' || unit === undefined)
            fail(`${key} must be a duration such as 6h, or { count: 6, period: hour }`);
        return count * unit;
    }
    try {
        return (0,inputs/* parseDuration */.E9)(key, String(value));
    }
    catch (err) {
        return fail((0,src_errors/* errorMessage */.gJ)(err).replace(/^Input /, ''));
    }
}
function percent(value, key) {
    if (value === undefined || value === null)
        return undefined;
    const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(String(value));
    return match ? Number(match[1]) : fail(`${key} must be a percentage such as 10 or "10%"`);
}
function bound(value, key) {
    if (value === undefined || value === null)
        return undefined;
    if (typeof value === 'number')
        return value;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()))
        return value.trim();
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
    return fail(`${key} must be a number or an ISO date/timestamp, got ${JSON.stringify(value)}`);
}
function num(value, key) {
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value))
        fail(`${key} must be a number, got ${JSON.stringify(value)}`);
    return value;
}
function test_entry_int(value, key) {
    const n = num(value, key);
    if (n !== undefined && (!Number.isInteger(n) || n < 0))
        fail(`${key} must be a whole number >= 0, got ${n}`);
    return n;
}
function str(value) {
    return value === undefined || value === null ? undefined : String(value);
}
function strList(value, key) {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        fail(`${key} must be a list of column names`);
    return value;
}
function round(n) {
    return Math.round(n * 1e6) / 1e6;
}

;// CONCATENATED MODULE: ./shared/src/data-tests/yaml-source.ts
/**
 * A YAML file parsed with the position of every node, so any mistake found later (schema,
 * unknown key, missing column) can name the file, line and column it came from.
 */


/** A mistake in a check file or dbt schema, with where it is. Its message starts with `file:line:column`. */
class ConfigError extends src_errors/* ActionError */.lZ {
    location;
    constructor(location, message, hint) {
        super(`${location.file}:${location.line}:${location.column}: ${message}`, { hint });
        this.name = 'ConfigError';
        this.location = location;
    }
}
class YamlSource {
    file;
    doc;
    lines = new dist/* LineCounter */.HN();
    /** `file` is the name shown in messages (relative to the workspace when possible). */
    constructor(file, text) {
        this.file = file;
        this.doc = (0,dist/* parseDocument */.Tp)(protectReferences(text), { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false, strict: true });
        const problem = this.doc.errors[0];
        if (problem) {
            const more = this.doc.errors.length > 1 ? ` (and ${this.doc.errors.length - 1} more YAML error(s))` : '';
            throw new ConfigError(this.at(problem.pos[0]), `invalid YAML: ${problem.message.split('\n')[0]}${more}`);
        }
    }
    at(offset) {
        const { line, col } = this.lines.linePos(offset);
        return { file: this.file, line, column: col };
    }
    /** The node at a path of map keys and sequence indexes, if any. */
    node(path) {
        let current = this.doc.contents;
        for (const segment of path) {
            if ((0,dist/* isMap */.jh)(current)) {
                const pair = current.items.find((p) => (0,dist/* isPair */.tO)(p) && (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(segment));
                current = pair?.value ?? undefined;
            }
            else if ((0,dist/* isSeq */.oP)(current) && typeof segment === 'number') {
                current = current.items[segment];
            }
            else
                return undefined;
        }
        return (current ?? undefined);
    }
    /** The key node of the last segment (for "unknown key" messages that point at the key itself). */
    keyNode(path) {
        if (path.length === 0)
            return undefined;
        const parent = this.node(path.slice(0, -1));
        if (!(0,dist/* isMap */.jh)(parent))
            return undefined;
        const pair = parent.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(path[path.length - 1]));
        return (pair?.key ?? undefined);
    }
    /** Where the path points: the key for map entries, else the value; falls back to the nearest parent. */
    locate(path, preferKey = false) {
        for (let n = path.length; n >= 0; n--) {
            const sub = path.slice(0, n);
            const node = (preferKey || n < path.length ? this.keyNode(sub) : undefined) ?? this.node(sub) ?? this.keyNode(sub);
            if (node?.range)
                return this.at(node.range[0]);
        }
        return { file: this.file, line: 1, column: 1 };
    }
    /** A scalar's text with `${NAME}` references restored (see protectReferences). */
    static restore(text) {
        return text.replace(/\uE000/g, '{').replace(/\uE001/g, '}');
    }
    toJS() {
        return this.doc.toJS({ maxAliasCount: 100 });
    }
}
/**
 * `url: ${PG_URL}` inside a flow map (`{ type: postgres, url: ${PG_URL} }`) is not valid YAML: the
 * braces end the map. References are rewritten to private-use characters of the same length before
 * parsing (so every column stays right) and restored in each scalar afterwards.
 */
function protectReferences(text) {
    return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*(?::-[^{}\n\r]*)?)\}/g, '$\uE000$1\uE001');
}

;// CONCATENATED MODULE: ./shared/src/data-tests/dbt.ts



const NODE_KINDS = ['models', 'seeds', 'snapshots'];
function importDbtSchema(config, src) {
    const root = src.toJS();
    if (!root || typeof root !== 'object' || Array.isArray(root))
        throw new ConfigError(src.locate([]), 'a dbt schema file must be a map (version: 2, models: ...)');
    if (root.version !== undefined && root.version !== 2)
        throw new ConfigError(src.locate(['version']), `dbt schema files have version: 2, got ${JSON.stringify(root.version)}`);
    for (const kind of NODE_KINDS) {
        const nodes = root[kind];
        if (nodes === undefined)
            continue;
        if (!Array.isArray(nodes))
            throw new ConfigError(src.locate([kind]), `'${kind}' must be a list`);
        nodes.forEach((node, i) => {
            if (node?.config?.enabled === false)
                return;
            const name = requireName(src, node, [kind, i], kind.slice(0, -1));
            const table = typeof node.config?.alias === 'string' ? node.config.alias : name;
            const schema = typeof node.config?.schema === 'string' ? node.config.schema : config.dbt?.schema;
            addTests(config, src, name, [kind, i], node, schema ? [schema, table] : [table]);
        });
    }
    const sources = root.sources;
    if (sources !== undefined) {
        if (!Array.isArray(sources))
            throw new ConfigError(src.locate(['sources']), "'sources' must be a list");
        sources.forEach((source, s) => {
            if (source?.config?.enabled === false)
                return;
            const sourceName = requireName(src, source, ['sources', s], 'source');
            const schema = typeof source.schema === 'string' ? source.schema : sourceName;
            const tables = Array.isArray(source.tables) ? source.tables : [];
            tables.forEach((table, t) => {
                if (table?.config?.enabled === false)
                    return;
                const tableName = requireName(src, table, ['sources', s, 'tables', t], 'source table');
                const identifier = typeof table.identifier === 'string' ? table.identifier : tableName;
                addTests(config, src, `${sourceName}.${tableName}`, ['sources', s, 'tables', t], table, [schema, identifier]);
            });
        });
    }
}
function requireName(src, node, path, what) {
    if (!node || typeof node.name !== 'string' || node.name === '')
        throw new ConfigError(src.locate(path), `a dbt ${what} needs a 'name'`);
    return node.name;
}
function addTests(config, src, name, path, node, tableParts) {
    const tests = [];
    let dataset = config.datasets.find((d) => d.name === name);
    let counter = dataset?.tests.length ?? 0;
    const collect = (entries, listPath, column) => {
        if (entries === undefined || entries === null)
            return;
        if (!Array.isArray(entries))
            throw new ConfigError(src.locate(listPath), `'${listPath[listPath.length - 1]}' must be a list of tests`);
        entries.forEach((entry, i) => {
            const entryPath = [...listPath, i];
            const ctx = { id: `${name}#${++counter}`, dataset: name, column, location: src.locate(entryPath) };
            const error = testEntryErrors(entry)[0];
            if (error) {
                const at = src.locate([...entryPath, ...errorPath(error)], error.keyword === 'additionalProperties');
                const type = typeof entry === 'string' ? entry : (Object.keys(entry ?? {})[0] ?? 'test');
                tests.push(invalidTest({ ...ctx, location: at }, column ? `${type}(${column})` : type, describeSchemaError(error, ['tests', i]), type));
                return;
            }
            const test = normalizeTestEntry(entry, ctx);
            if (test)
                tests.push(test);
        });
    };
    collect(node.tests, [...path, 'tests']);
    collect(node.data_tests, [...path, 'data_tests']);
    if (node.columns !== undefined) {
        if (!Array.isArray(node.columns))
            throw new ConfigError(src.locate([...path, 'columns']), "'columns' must be a list");
        node.columns.forEach((col, c) => {
            const colName = requireName(src, col, [...path, 'columns', c], 'column');
            collect(col.tests, [...path, 'columns', c, 'tests'], colName);
            collect(col.data_tests, [...path, 'columns', c, 'data_tests'], colName);
        });
    }
    if (tests.length === 0)
        return;
    if (!dataset) {
        dataset = newDataset(config, name, tableParts, src, path);
        config.datasets.push(dataset);
    }
    dataset.tests.push(...tests);
}
function newDataset(config, name, parts, src, path) {
    const location = src.locate(path);
    const sourceNames = Object.keys(config.sources);
    const source = config.dbt?.source ?? (sourceNames.length === 1 ? sourceNames[0] : undefined);
    let invalid;
    if (!source) {
        invalid = `dbt ${name}: no dataset '${name}' in ${config.file} and no database to find its table in; declare the dataset, or set dbt: { source: <name> } in ${config.file}`;
    }
    else if (!config.sources[source]) {
        invalid = `dbt.source '${source}' is not declared in 'sources' of ${config.file}`;
    }
    return { name, source, relation: { kind: 'table', parts }, tests: [], location, invalid };
}

;// CONCATENATED MODULE: ./shared/src/data-tests/config.ts
/**
 * Loads the check file (`dataops-tests.yml`): YAML with positions, `${ENV}` interpolation (values
 * that land in `sources` are secrets), JSON Schema validation with file:line:column for every
 * mistake, and normalization into DataTestConfig. A mistake inside one test or dataset marks only
 * that test or dataset invalid (it reports as an error and the rest still runs); a mistake at the
 * top level stops the run.
 */









function displayPath(file, root = process.cwd()) {
    const rel = external_node_path_.relative(root, file);
    return rel && !rel.startsWith('..') && !external_node_path_.isAbsolute(rel) ? rel.split(external_node_path_.sep).join('/') : file;
}
async function readText(file, what) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        const code = err.code;
        const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (0,src_errors/* errorMessage */.gJ)(err);
        throw new src_errors/* ActionError */.lZ(`Cannot read the ${what} ${file}: ${reason}`);
    }
}
async function config_loadConfig(configPath, options = {}) {
    const file = external_node_path_.resolve(configPath);
    const root = options.displayRoot ?? process.cwd();
    const config = parseConfig(await readText(file, 'check file'), { file: displayPath(file, root), baseDir: external_node_path_.dirname(file), env: options.env });
    for (const dbtFile of options.dbtSchemas ?? []) {
        const abs = external_node_path_.resolve(dbtFile);
        const dbtSrc = new YamlSource(displayPath(abs, root), await readText(abs, 'dbt schema file'));
        toValue(dbtSrc); // its alias mistakes get file:line:column too
        importDbtSchema(config, dbtSrc);
    }
    checkReferences(config);
    return config;
}
function parseConfig(text, options) {
    const src = new YamlSource(options.file, text);
    const secrets = interpolateEnv(src, options.env ?? process.env);
    const value = toValue(src);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ConfigError(src.locate([]), 'the check file must be a map with version, sources and datasets');
    }
    const problems = classify(src, schemaErrors(value));
    const root = value;
    const sources = {};
    for (const [name, raw] of Object.entries((root.sources ?? {}))) {
        sources[name] = { name, type: raw.type, url: raw.url, location: src.locate(['sources', name], true) };
        secrets.push(...urlSecrets(raw.url));
    }
    const datasets = (root.datasets ?? []).map((raw, i) => buildDataset(src, raw, i, problems, sources));
    const seen = new Map();
    for (const ds of datasets) {
        const first = seen.get(ds.name);
        if (first)
            ds.invalid ??= `dataset name '${ds.name}' is used twice (first at line ${first.line})`;
        else
            seen.set(ds.name, ds.location);
    }
    const dbt = root.dbt;
    return {
        version: 1,
        file: options.file,
        baseDir: options.baseDir,
        sources,
        datasets,
        secrets: [...new Set(secrets.filter((s) => s.length >= 3))],
        dbt: dbt ? { ...dbt, location: src.locate(['dbt'], true) } : undefined,
    };
}
/**
 * The document as plain values. The yaml library only finds alias mistakes while converting, and
 * throws a bare ReferenceError (no position) or builds a circular value; check them first instead.
 */
function toValue(src) {
    const anchors = new Map();
    let firstAlias;
    (0,dist/* visit */.YR)(src.doc, {
        Node(_key, node, ancestors) {
            if ((0,dist/* isAlias */.Vj)(node)) {
                const location = src.at(node.range?.[0] ?? 0);
                firstAlias ??= location;
                // Like the yaml library: the latest anchor of that name before the alias.
                const target = anchors.get(node.source);
                if (!target)
                    throw new ConfigError(location, `alias '*${node.source}' has no anchor '&${node.source}' before it; set the anchor first or write the value out`);
                if (ancestors.includes(target))
                    throw new ConfigError(location, `alias '*${node.source}' is inside the value of its own anchor '&${node.source}' (a loop); write the value out`);
            }
            else if (node.anchor)
                anchors.set(node.anchor, node);
        },
    });
    try {
        return src.toJS();
    }
    catch (err) {
        // Left: the alias-expansion limit (a guard against alias bombs); it names no node.
        if (!(err instanceof ReferenceError))
            throw err;
        throw new ConfigError(firstAlias ?? src.locate([]), `cannot expand the YAML aliases: ${(0,src_errors/* errorMessage */.gJ)(err)}; write the values out`);
    }
}
/** Sorts schema errors by what they spoil: one test, one dataset, or the whole file (thrown). */
function classify(src, errors) {
    const problems = { tests: new Map(), datasets: new Map() };
    const global = [];
    for (const error of errors) {
        const p = errorPath(error);
        const location = src.locate(p, error.keyword === 'additionalProperties');
        const text = describeSchemaError(error);
        const message = `${location.file}:${location.line}:${location.column}: ${text}`;
        const testPath = testEntryPath(p);
        if (testPath) {
            const key = testPath.join('/');
            if (!problems.tests.has(key))
                problems.tests.set(key, { message: text, location });
        }
        else if (p[0] === 'datasets' && typeof p[1] === 'number') {
            if (!problems.datasets.has(p[1]))
                problems.datasets.set(p[1], message);
        }
        else
            global.push({ location, text });
    }
    if (global.length) {
        const more = global.length > 1
            ? ` (and ${global.length - 1} more: ${global
                .slice(1)
                .map((g) => `line ${g.location.line}: ${g.text}`)
                .join('; ')})`
            : '';
        throw new ConfigError(global[0].location, `${global[0].text}${more}`);
    }
    return problems;
}
function testEntryPath(p) {
    if (p[0] !== 'datasets' || typeof p[1] !== 'number')
        return undefined;
    if ((p[2] === 'tests' || p[2] === 'data_tests') && typeof p[3] === 'number')
        return p.slice(0, 4);
    if (p[2] === 'columns' && typeof p[3] === 'number' && (p[4] === 'tests' || p[4] === 'data_tests') && typeof p[5] === 'number')
        return p.slice(0, 6);
    return undefined;
}
const FORMAT_BY_EXTENSION = [
    [/\.parquet$/i, 'parquet'],
    [/\.tsv(\.gz|\.zst)?$/i, 'tsv'],
    [/\.csv(\.gz|\.zst)?$/i, 'csv'],
    [/\.(ndjson|jsonl)(\.gz)?$/i, 'ndjson'],
    [/\.json(\.gz)?$/i, 'json'],
];
function formatOf(pattern) {
    return FORMAT_BY_EXTENSION.find(([re]) => re.test(pattern))?.[1];
}
function buildDataset(src, raw, index, problems, sources) {
    const base = ['datasets', index];
    const name = typeof raw?.name === 'string' ? raw.name : `datasets[${index}]`;
    const location = src.locate(base);
    let invalid = problems.datasets.get(index);
    let relation = { kind: 'files', pattern: '' };
    const where = (key) => {
        const loc = src.locate([...base, key], true);
        return `${loc.file}:${loc.line}:${loc.column}`;
    };
    if (!invalid) {
        if (raw.path !== undefined && raw.table !== undefined)
            invalid = `${where('table')}: dataset '${name}' has both 'path' and 'table'; use one`;
        else if (raw.path !== undefined) {
            if (raw.source !== undefined)
                invalid = `${where('source')}: dataset '${name}' reads files ('path'); 'source' is only for tables`;
            const format = raw.format ?? formatOf(raw.path);
            if (!format)
                invalid ??= `${where('path')}: cannot tell the format of '${raw.path}' from its extension; set 'format' (csv, tsv, parquet, json, ndjson)`;
            relation = { kind: 'files', pattern: raw.path, format, delimiter: raw.delimiter, header: raw.header };
        }
        else if (raw.table !== undefined) {
            if (raw.source === undefined)
                invalid = `${where('table')}: dataset '${name}' names a table but no 'source' (one of: ${Object.keys(sources).join(', ') || 'none declared'})`;
            else if (!sources[raw.source])
                invalid = `${where('source')}: dataset '${name}' uses source '${raw.source}', which is not declared in 'sources' (declared: ${Object.keys(sources).join(', ') || 'none'})`;
            relation = { kind: 'table', parts: raw.table.split('.') };
            if (relation.parts.some((p) => p === ''))
                invalid ??= `${where('table')}: table '${raw.table}' is not a valid name (schema.table)`;
        }
        else
            invalid = `${src.locate(base).file}:${location.line}:${location.column}: dataset '${name}' needs 'path' (files) or 'table' (with 'source')`;
    }
    const tests = [];
    let counter = 0;
    const add = (entries, listPath, column) => {
        // Not a list (`tests: 0`): the schema already made the dataset invalid with its line.
        if (!Array.isArray(entries))
            return;
        entries.forEach((entry, i) => {
            const entryPath = [...listPath, i];
            const ctx = { id: `${name}#${++counter}`, dataset: name, column, location: src.locate(entryPath) };
            const problem = problems.tests.get(entryPath.join('/'));
            const test = problem
                ? invalidTest({ ...ctx, location: problem.location }, entryName(entry, column), problem.message, entryType(entry))
                : normalizeTestEntry(entry, ctx);
            if (test)
                tests.push(test);
        });
    };
    if (raw && typeof raw === 'object') {
        add(raw.tests, [...base, 'tests']);
        add(raw.data_tests, [...base, 'data_tests']);
        (Array.isArray(raw.columns) ? raw.columns : []).forEach((col, c) => {
            if (!col || typeof col.name !== 'string')
                return;
            add(col.tests, [...base, 'columns', c, 'tests'], col.name);
            add(col.data_tests, [...base, 'columns', c, 'data_tests'], col.name);
        });
    }
    if (invalid && tests.length === 0)
        tests.push(invalidTest({ id: `${name}#0`, dataset: name, location }, '(dataset)', invalid));
    return { name, source: raw?.source, relation, tests, location, invalid: invalid?.replace(/^[^ ]+:\d+:\d+: /, '') };
}
function entryType(entry) {
    if (typeof entry === 'string')
        return entry;
    if (entry && typeof entry === 'object')
        return Object.keys(entry)[0] ?? 'test';
    return 'test';
}
function entryName(entry, column) {
    const type = entryType(entry);
    return column ? `${type}(${column})` : type;
}
/** Relationship targets must be datasets of the run (after dbt schemas were merged in). */
function checkReferences(config) {
    const names = new Set(config.datasets.map((d) => d.name));
    for (const ds of config.datasets) {
        for (const test of ds.tests) {
            if (test.invalid || test.spec.type !== 'relationships')
                continue;
            if (!names.has(test.spec.to))
                test.invalid = `relationships: no dataset named '${test.spec.to}' (datasets: ${[...names].join(', ')})`;
        }
    }
}
/** Same check for configs built without loadConfig (tests, the deploy health check). */
function finishConfig(config) {
    checkReferences(config);
    return config;
}
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
/**
 * Replaces `${NAME}` and `${NAME:-default}` in every scalar value (`$${` is a literal `${`). Values
 * that land under `sources` (connection URLs) are returned as secrets to mask.
 */
function interpolateEnv(src, env) {
    const secrets = [];
    (0,dist/* visit */.YR)(src.doc, {
        Scalar(key, node, ancestors) {
            if (typeof node.value !== 'string')
                return;
            const text = YamlSource.restore(node.value);
            node.value = text;
            if (key === 'key' || !text.includes('${'))
                return;
            // ancestors: Document, the root map, then the top-level pair this value sits under.
            const top = ancestors[2];
            const underSources = (0,dist/* isMap */.jh)(ancestors[1]) && (0,dist/* isPair */.tO)(top) && (0,dist/* isScalar */.jn)(top.key) && top.key.value === 'sources';
            const location = src.at(node.range?.[0] ?? 0);
            node.value = text.replace(REFERENCE, (match, inner) => {
                if (match === '$${')
                    return '${';
                const ref = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(inner ?? '');
                if (!ref)
                    throw new ConfigError(location, `invalid environment reference '${match}': use \${NAME} or \${NAME:-default}`);
                const [, name, fallback] = ref;
                const value = env[name];
                if (value === undefined || (value === '' && fallback !== undefined)) {
                    if (fallback === undefined)
                        throw new ConfigError(location, `environment variable ${name} is not set`, `Set it in the step's env: (for example from a secret), or give a default: \${${name}:-value}.`);
                    return fallback;
                }
                if (underSources)
                    secrets.push(value);
                return value;
            });
        },
    });
    return secrets;
}
/** The password (and user:password pair) of a connection URL, to mask even when written literally. */
function urlSecrets(url) {
    try {
        const parsed = new URL(url);
        const password = decodeURIComponent(parsed.password);
        return password ? [password, parsed.password, url] : [];
    }
    catch {
        return [];
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./node_modules/@actions/cache/lib/cache.js + 340 modules
var cache = __webpack_require__(84049);
;// CONCATENATED MODULE: ./shared/src/cache.ts
/**
 * Cache helpers over @actions/cache. A cache is an optimisation: when the service is missing or
 * failing, the action warns and carries on.
 */



/** Restores the first matching key; returns the key that hit, or undefined. Never throws. */
async function restoreCacheSafely(paths, key, restoreKeys = []) {
    if (!cache/* isFeatureAvailable */.w3()) {
        core/* debug */.Yz('Cache service not available; skipping restore');
        return undefined;
    }
    try {
        return await cache/* restoreCache */.P3(paths, key, restoreKeys);
    }
    catch (err) {
        core/* warning */.$e(`Cache restore failed for ${key}: ${(0,src_errors/* errorMessage */.gJ)(err)}`);
        return undefined;
    }
}
/** Saves the paths under key; returns false when it could not (already exists, service down). Never throws. */
async function saveCacheSafely(paths, key) {
    if (!cache/* isFeatureAvailable */.w3()) {
        core/* debug */.Yz('Cache service not available; skipping save');
        return false;
    }
    try {
        const id = await cache/* saveCache */.Io(paths, key);
        return id !== -1;
    }
    catch (err) {
        const name = err?.name;
        if (name === 'ReserveCacheError')
            core/* info */.pq(`Cache ${key} already exists; not saved again`);
        else
            core/* warning */.$e(`Cache save failed for ${key}: ${(0,src_errors/* errorMessage */.gJ)(err)}`);
        return false;
    }
}

;// CONCATENATED MODULE: ./shared/src/data-tests/history.ts
/**
 * Run history for anomaly scoring and baselines: one JSON line per run and dataset, in a file per
 * dataset. In GitHub Actions the files travel with @actions/cache, one cache per branch and
 * dataset whose restore keys fall back to the default branch; or they live in a folder the user
 * keeps (history-path, the CLI's --history).
 */






/** A file name for the dataset that is safe on every OS and cannot collide. */
function historyFileName(dataset) {
    const slug = dataset.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 60);
    const hash = (0,external_node_crypto_.createHash)('sha256').update(dataset).digest('hex').slice(0, 8);
    return `${slug}-${hash}.jsonl`;
}
function parseHistory(text) {
    const records = [];
    for (const line of text.split('\n')) {
        if (!line.trim())
            continue;
        try {
            const r = JSON.parse(line);
            if (r && typeof r.at === 'string' && r.metrics && typeof r.metrics === 'object')
                records.push({ ...r, anomalies: Array.isArray(r.anomalies) ? r.anomalies : [] });
        }
        catch {
            // A torn or hand-edited line is skipped rather than losing the whole history.
        }
    }
    return records;
}
/**
 * What every store shares: a dataset's records are read once per run and kept, the run before this
 * one is remembered (the baseline when the base branch has none), and at most maxRecords are kept.
 */
class BufferedHistory {
    maxRecords;
    cache = new Map();
    previous = new Map();
    constructor(maxRecords = 500) {
        this.maxRecords = maxRecords;
    }
    async load(dataset) {
        let records = this.cache.get(dataset);
        if (!records) {
            records = await this.read(dataset);
            this.cache.set(dataset, records);
            this.previous.set(dataset, records[records.length - 1]);
        }
        return records;
    }
    async baseline(dataset) {
        const base = await this.readBaseline(dataset);
        if (base)
            return base;
        await this.load(dataset);
        const previous = this.previous.get(dataset);
        return previous ? { record: previous, ref: previous.ref } : undefined;
    }
    async append(dataset, record) {
        const records = [...(await this.load(dataset)), record].slice(-this.maxRecords);
        this.cache.set(dataset, records);
        await this.write(dataset, records, record);
    }
}
class FileHistory extends BufferedHistory {
    dir;
    options;
    constructor(dir, options = {}) {
        super(options.maxRecords);
        this.dir = dir;
        this.options = options;
    }
    file(dataset, dir = this.dir) {
        return external_node_path_default().join(dir, historyFileName(dataset));
    }
    async read(dataset) {
        return parseHistory(await (0,promises_.readFile)(this.file(dataset), 'utf8').catch(() => ''));
    }
    async readBaseline(dataset) {
        if (!this.options.baselineDir)
            return undefined;
        const records = parseHistory(await (0,promises_.readFile)(this.file(dataset, this.options.baselineDir), 'utf8').catch(() => ''));
        const last = records[records.length - 1];
        return last ? { record: last, ref: this.options.baselineRef } : undefined;
    }
    async write(dataset, records) {
        await (0,promises_.mkdir)(this.dir, { recursive: true });
        // Written beside the file and renamed: a crash never leaves half a history.
        const file = this.file(dataset);
        const temp = `${file}.${process.pid}.tmp`;
        await (0,promises_.writeFile)(temp, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
        await (0,promises_.rename)(temp, file);
    }
}
const PREFIX = 'dataops-tests-history-v1';
/** The cache path of a dataset's history, as @actions/cache records it (the same on every run). */
function cachePath(dataset) {
    return `~/.cache/dataops-tests/history/${historyFileName(dataset)}`;
}
function localHistoryDir() {
    return external_node_path_default().join(external_node_os_default().homedir(), '.cache', 'dataops-tests', 'history');
}
const safeRef = (ref) => ref.replace(/[^A-Za-z0-9._/-]+/g, '-');
function historyCacheKeys(dataset, scope, branch = scope.branch) {
    const id = (0,external_node_crypto_.createHash)('sha256').update(`${scope.configKey}\n${dataset}`).digest('hex').slice(0, 16);
    const base = (b) => `${PREFIX}-${id}-${safeRef(b)}-`;
    const restoreKeys = [base(branch)];
    if (scope.defaultBranch && scope.defaultBranch !== branch)
        restoreKeys.push(base(scope.defaultBranch));
    return { key: `${base(branch)}${scope.runId}-${scope.runAttempt}`, restoreKeys };
}
/**
 * Restores each dataset's history into the local history folder (falling back to the default
 * branch) and, for pull requests, the base branch's history into `baselineDir`. Never throws.
 */
async function restoreHistoryFromCache(datasets, scope, baselineDir) {
    const dir = localHistoryDir();
    await (0,promises_.mkdir)(dir, { recursive: true });
    let restored = 0;
    let baselines = 0;
    for (const dataset of datasets) {
        const file = external_node_path_default().join(dir, historyFileName(dataset));
        if (baselineDir && scope.baseBranch && scope.baseBranch !== scope.branch) {
            await (0,promises_.rm)(file, { force: true });
            const hit = await restoreCacheSafely([cachePath(dataset)], `${PREFIX}-none`, [historyCacheKeys(dataset, scope, scope.baseBranch).restoreKeys[0]]);
            if (hit && (0,external_node_fs_.existsSync)(file)) {
                await (0,promises_.mkdir)(baselineDir, { recursive: true });
                await (0,promises_.copyFile)(file, external_node_path_default().join(baselineDir, historyFileName(dataset)));
                baselines++;
            }
        }
        await (0,promises_.rm)(file, { force: true });
        const { key, restoreKeys } = historyCacheKeys(dataset, scope);
        if (await restoreCacheSafely([cachePath(dataset)], key, restoreKeys))
            restored++;
    }
    return { restored, baselines };
}
/** Saves each dataset's history under this run's key. Never throws. */
async function saveHistoryToCache(datasets, scope) {
    let saved = 0;
    for (const dataset of datasets) {
        if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(localHistoryDir(), historyFileName(dataset))))
            continue;
        if (await saveCacheSafely([cachePath(dataset)], historyCacheKeys(dataset, scope).key))
            saved++;
    }
    return saved;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./shared/src/exec.ts
/**
 * Runs a program with an argument array (never a shell string), streaming its output while
 * capturing it, with every secret replaced by *** in what is captured and streamed.
 */





function maskSecrets(text, secrets = []) {
    let out = text;
    for (const secret of secrets)
        if (secret.length >= 3)
            out = out.split(secret).join('***');
    return out;
}
function exec(command, args, options = {}) {
    const { stream = true, maxCapture = 16 * 1024 * 1024, secrets = [] } = options;
    const started = performance.now();
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, {
            cwd: options.cwd,
            env: options.env ?? process.env,
            shell: false,
            stdio: ['pipe', 'pipe', 'pipe'],
            windowsHide: true,
        });
        // spawn's own `timeout` is a plain setTimeout: past 24.8 days it would fire at once and kill the child.
        if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
            const timer = setLongTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
            child.once('exit', () => timer.cancel());
            child.once('error', () => timer.cancel());
        }
        const token = `dataops-${randomUUID()}`;
        if (stream)
            process.stdout.write(`::stop-commands::${token}\n`);
        const file = options.stdoutFile ? createWriteStream(options.stdoutFile) : undefined;
        const fileDone = file ? finished(file) : Promise.resolve();
        fileDone.catch(() => undefined); // awaited on close; a write error then rejects the result
        const captured = { stdout: [], stderr: [] };
        const sizes = { stdout: 0, stderr: 0 };
        let truncated = false;
        const collect = (which) => (chunk) => {
            if (sizes[which] < maxCapture) {
                const part = chunk.subarray(0, maxCapture - sizes[which]);
                captured[which].push(part);
                sizes[which] += part.length;
                if (part.length < chunk.length)
                    truncated = true;
            }
            else
                truncated = true;
            if (stream)
                (which === 'stdout' || options.stderrToStdout ? process.stdout : process.stderr).write(maskSecrets(chunk.toString('utf8'), secrets));
        };
        if (file)
            child.stdout.pipe(file);
        else
            child.stdout.on('data', collect('stdout'));
        child.stderr.on('data', collect('stderr'));
        child.on('error', (err) => {
            if (stream)
                process.stdout.write(`::${token}::\n`);
            file?.destroy();
            reject(err);
        });
        child.on('close', (code, signal) => {
            if (stream)
                process.stdout.write(`\n::${token}::\n`);
            fileDone.then(() => resolve({
                exitCode: code ?? 128,
                signal,
                stdout: maskSecrets(Buffer.concat(captured.stdout).toString('utf8'), secrets),
                stderr: maskSecrets(Buffer.concat(captured.stderr).toString('utf8'), secrets),
                durationMs: performance.now() - started,
                truncated,
            }), reject);
        });
        child.stdin.on('error', () => undefined); // the child may exit without reading its input
        child.stdin.end(options.input ?? '');
    });
}

// EXTERNAL MODULE: ./node_modules/pg/esm/index.mjs
var esm = __webpack_require__(83849);
;// CONCATENATED MODULE: ./shared/src/data-tests/dialects/dialect.ts
class DialectError extends Error {
}
/** Collects parameters while one statement is written. */
class Emission {
    dialect;
    params = [];
    constructor(dialect) {
        this.dialect = dialect;
    }
    bind(value, type) {
        this.params.push({ value, type });
        return this.dialect.placeholder(this.params.length, type);
    }
}
class Dialect {
    emit(query) {
        const emission = new Emission(this);
        return { sql: this.select(query, emission), params: emission.params };
    }
    /** Identifiers in double quotes, embedded quotes doubled (ANSI). */
    quote(name) {
        return `"${name.replace(/"/g, '""')}"`;
    }
    /** `?` placeholders in order; typed values are cast so the database need not guess. */
    placeholder(_index, type) {
        return type === 'timestamp' || type === 'date' ? `CAST(? AS ${this.typeName(type)})` : '?';
    }
    typeName(type) {
        return { text: 'VARCHAR', double: 'DOUBLE', bigint: 'BIGINT', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP', date: 'DATE' }[type];
    }
    countIf(cond) {
        return `COUNT(*) FILTER (WHERE ${cond})`;
    }
    regex(text, pattern) {
        return `REGEXP_LIKE(${text}, ${pattern})`;
    }
    length(text) {
        return `CHAR_LENGTH(${text})`;
    }
    epoch(value) {
        return `EXTRACT(EPOCH FROM ${value})`;
    }
    now() {
        return 'CURRENT_TIMESTAMP';
    }
    percentile(value, fraction) {
        return `PERCENTILE_CONT(${fraction}) WITHIN GROUP (ORDER BY ${value})`;
    }
    /** Records, bounded top-n aggregates and row lists: what lets one statement return samples too. */
    inlineSamples = false;
    struct(_fields) {
        throw new DialectError(`${this.name} emitter has no record values`);
    }
    field(_record, _name) {
        throw new DialectError(`${this.name} emitter has no record values`);
    }
    list(_items) {
        throw new DialectError(`${this.name} emitter has no list values`);
    }
    first(_list) {
        throw new DialectError(`${this.name} emitter has no list values`);
    }
    topBy(_value, _by, _n) {
        throw new DialectError(`${this.name} emitter has no bounded top-n aggregate`);
    }
    rowList(_query) {
        throw new DialectError(`${this.name} emitter has no row lists`);
    }
    rowValue(_query) {
        throw new DialectError(`${this.name} emitter has no row values`);
    }
    materialized() {
        return '';
    }
    files(_rel, _e) {
        throw new DialectError(`${this.name} cannot read files; file datasets run on the embedded DuckDB`);
    }
    tableName(parts) {
        return parts.map((p) => this.quote(p)).join('.');
    }
    relation(rel, e) {
        switch (rel.k) {
            case 'table':
                return this.tableName(rel.parts);
            case 'files':
                return this.files(rel, e);
            case 'query':
                return `(${this.select(rel.query, e)})`;
            case 'cte':
                return this.quote(rel.name);
            case 'rawQuery':
                return `(${rel.parts.map((p) => (typeof p === 'string' ? p : 'k' in p && isRelation(p) ? this.relation(p, e) : this.expr(p, e))).join('')})`;
        }
    }
    select(q, e) {
        const ctes = (q.with ?? []).map((c) => `${this.quote(c.name)} AS ${c.materialized ? this.materialized() : ''}(${this.select(c.query, e)})`);
        const prefix = ctes.length ? `WITH ${ctes.join(', ')} ` : '';
        return prefix + this.selectBody(q, e);
    }
    selectBody(q, e) {
        const items = q.items.map((item) => (item.as === undefined ? this.expr(item.expr, e) : `${this.expr(item.expr, e)} AS ${this.quote(item.as)}`));
        let sql = `SELECT ${items.join(', ')}${q.from ? ` FROM ${this.relation(q.from.rel, e)}${q.from.as ? ` AS ${this.quote(q.from.as)}` : ''}` : ''}`;
        for (const join of q.joins ?? [])
            sql += ` ${join.type.toUpperCase()} JOIN ${this.relation(join.rel, e)} AS ${this.quote(join.as)} ON ${this.expr(join.on, e)}`;
        if (q.where)
            sql += ` WHERE ${this.expr(q.where, e)}`;
        if (q.groupBy?.length)
            sql += ` GROUP BY ${q.groupBy.map((g) => this.expr(g, e)).join(', ')}`;
        if (q.having)
            sql += ` HAVING ${this.expr(q.having, e)}`;
        if (q.orderBy?.length)
            sql += ` ORDER BY ${q.orderBy.map((o) => `${this.expr(o.expr, e)}${o.desc ? ' DESC' : ''}`).join(', ')}`;
        if (q.limit !== undefined)
            sql += ` ${this.limit(q.limit)}`;
        return sql;
    }
    limit(n) {
        return `LIMIT ${String(safeInteger(n))}`;
    }
    expr(x, e) {
        switch (x.k) {
            case 'col':
                return x.table === undefined ? this.quote(x.name) : `${this.quote(x.table)}.${this.quote(x.name)}`;
            case 'param':
                return e.bind(x.value, x.type);
            case 'num':
                return safeNumber(x.value);
            case 'star':
                return '*';
            case 'raw':
                return `(${x.parts.map((p) => (typeof p === 'string' ? p : this.expr(p, e))).join('')})`;
            case 'agg':
                return `${x.fn.toUpperCase()}(${x.distinct ? 'DISTINCT ' : ''}${this.expr(x.arg, e)})`;
            case 'countStar':
                return 'COUNT(*)';
            case 'countIf':
                return this.countIf(this.expr(x.cond, e));
            case 'coalesce':
                return `COALESCE(${x.args.map((a) => this.expr(a, e)).join(', ')})`;
            case 'bin':
                return `(${this.expr(x.left, e)} ${x.op.toUpperCase()} ${this.expr(x.right, e)})`;
            case 'not':
                return `(NOT ${this.expr(x.expr, e)})`;
            case 'isNull':
                return `(${this.expr(x.expr, e)} IS ${x.negated ? 'NOT ' : ''}NULL)`;
            case 'in':
                return `(${this.expr(x.expr, e)} ${x.negated ? 'NOT ' : ''}IN (${x.list.map((v) => this.expr(v, e)).join(', ')}))`;
            case 'regex':
                return this.regex(this.expr(x.expr, e), this.expr(x.pattern, e));
            case 'length':
                return this.length(this.expr(x.expr, e));
            case 'cast':
                return `CAST(${this.expr(x.expr, e)} AS ${this.typeName(x.to)})`;
            case 'epoch':
                return this.epoch(this.expr(x.expr, e));
            case 'now':
                return this.now();
            case 'percentile':
                return this.percentile(this.expr(x.expr, e), safeFraction(x.fraction));
            case 'exists':
                return `(${x.negated ? 'NOT ' : ''}EXISTS (${this.select(x.query, e)}))`;
            case 'scalar':
                return `(${this.select(x.query, e)})`;
            case 'struct':
                return this.struct(x.fields.map((f) => [f.name, this.expr(f.expr, e)]));
            case 'field':
                return this.field(this.expr(x.record, e), x.name);
            case 'list':
                return this.list(x.items.map((i) => this.expr(i, e)));
            case 'first':
                return this.first(this.expr(x.list, e));
            case 'when':
                return `(CASE WHEN ${this.expr(x.when, e)} THEN ${this.expr(x.then, e)} END)`;
            case 'topBy':
                return this.topBy(this.expr(x.value, e), this.expr(x.by, e), safeInteger(x.n));
            case 'rowList':
                return this.rowList(this.select(x.query, e));
            case 'rowValue':
                return this.rowValue(this.select(x.query, e));
        }
    }
}
function isRelation(node) {
    return node.k === 'table' || node.k === 'files' || node.k === 'query' || node.k === 'rawQuery' || node.k === 'cte';
}
// Numbers written into SQL text come from this code, but are checked anyway: only plain numerals.
function safeNumber(n) {
    if (!Number.isFinite(n))
        throw new DialectError(`not a finite number: ${n}`);
    return String(n);
}
function safeInteger(n) {
    if (!Number.isSafeInteger(n) || n < 0)
        throw new DialectError(`not a row limit: ${n}`);
    return n;
}
function safeFraction(n) {
    if (!(n >= 0 && n <= 1))
        throw new DialectError(`not a fraction: ${n}`);
    return n;
}

;// CONCATENATED MODULE: ./shared/src/data-tests/dialects/postgres.ts

class PostgresDialect extends Dialect {
    name = 'postgres';
    placeholder(index, type) {
        return `$${index}::${this.typeName(type)}`;
    }
    typeName(type) {
        return { text: 'text', double: 'double precision', bigint: 'bigint', boolean: 'boolean', timestamp: 'timestamp', date: 'date' }[type];
    }
    materialized() {
        return 'MATERIALIZED ';
    }
    regex(text, pattern) {
        return `(${text} ~ ${pattern})`;
    }
    epoch(value) {
        return `EXTRACT(EPOCH FROM ${value})::double precision`;
    }
    now() {
        return 'now()';
    }
}

;// CONCATENATED MODULE: ./shared/src/data-tests/engines/engine.ts
/** A database refused or failed a query; the message is the database's own. */
class QueryError extends Error {
    sql;
    constructor(message, sql) {
        super(message);
        this.sql = sql;
        this.name = 'QueryError';
    }
}
function rowObject(result, index = 0) {
    const row = result.rows[index] ?? [];
    return Object.fromEntries(result.columns.map((c, i) => [c, row[i]]));
}
/** JSON-safe value: bigint to number when exact, Date to ISO text, buffers as hex. */
function plainValue(value) {
    if (typeof value === 'bigint')
        return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
    if (value instanceof Uint8Array)
        return `\\x${Buffer.from(value).toString('hex')}`;
    if (Array.isArray(value))
        return value.map(plainValue);
    if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
    return value;
}
/** With DATAOPS_TESTS_TRACE=1 every query and its duration goes to stderr (to see where a run spends its time). */
function trace(sql, started) {
    if (process.env.DATAOPS_TESTS_TRACE === '1')
        process.stderr.write(`[trace] ${Math.round(performance.now() - started)} ms: ${sql.replace(/\s+/g, ' ').slice(0, 300)}\n`);
}

;// CONCATENATED MODULE: ./shared/src/data-tests/engines/postgres.ts
/**
 * PostgreSQL over `pg`: every computation runs in the database; one connection per source, opened
 * on first use with the session in UTC so timestamps without a zone read as UTC.
 */



const INT8 = 20;
/** bigint (counts) as a number when exact; everything else as pg parses it (numeric stays exact text). */
function typeParser(oid, format) {
    if (oid === INT8 && format !== 'binary') {
        return (value) => {
            const n = Number(value);
            return Number.isSafeInteger(n) ? n : value;
        };
    }
    return esm/* default.types */.Ay.types.getTypeParser(oid, format);
}
class PostgresEngine {
    options;
    name = 'postgres';
    dialect = new PostgresDialect();
    client;
    connecting;
    constructor(options) {
        this.options = options;
    }
    connect() {
        this.connecting ??= (async () => {
            const client = new esm/* default.Client */.Ay.Client({
                connectionString: this.options.url,
                connectionTimeoutMillis: this.options.connectTimeoutMs ?? 15_000,
                statement_timeout: this.options.statementTimeoutMs || undefined,
                application_name: 'dataops-tests',
                options: '-c TimeZone=UTC',
                types: { getTypeParser: typeParser },
            });
            // A dropped connection must not crash the process; the next query reports it.
            client.on('error', () => undefined);
            try {
                await client.connect();
            }
            catch (err) {
                await client.end().catch(() => undefined);
                throw new QueryError(`cannot connect to PostgreSQL: ${err.message || err.code || String(err)}`);
            }
            this.client = client;
            return client;
        })();
        return this.connecting;
    }
    /** Runs SQL text with bind parameters ($1, $2, …); values are never pasted into the text. */
    async query(sql, params = []) {
        const client = await this.connect();
        const started = performance.now();
        try {
            const result = await client.query({ text: sql, values: params, rowMode: 'array' });
            trace(sql, started);
            return { columns: result.fields.map((f) => f.name), rows: result.rows.map((r) => r.map(plainValue)) };
        }
        catch (err) {
            throw new QueryError(err.message, sql);
        }
    }
    async describe(rel) {
        if (rel.k !== 'table')
            throw new QueryError('PostgreSQL datasets must be tables');
        const name = this.dialect.tableName(rel.parts);
        // One metadata query: whether the relation exists, and its columns in order.
        const result = await this.query(`SELECT r.oid IS NOT NULL AS found, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM (SELECT to_regclass($1::text) AS oid) AS r
       LEFT JOIN pg_attribute AS a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum`, [name]);
        if (!result.rows[0]?.[0])
            throw new QueryError(`relation ${rel.parts.join('.')} does not exist (or is not visible to this user)`);
        return result.rows.filter((r) => r[1] !== null).map((r) => ({ name: String(r[1]), type: String(r[2]) }));
    }
    async run(query) {
        const { sql, params } = this.dialect.emit(query);
        return this.query(sql, params.map((p) => p.value));
    }
    async close() {
        const client = this.client;
        this.client = undefined;
        this.connecting = undefined;
        await client?.end().catch(() => undefined);
    }
}

// EXTERNAL MODULE: ./shared/src/data-tests/history-table-name.ts
var history_table_name = __webpack_require__(63601);
;// CONCATENATED MODULE: ./shared/src/data-tests/history-table.ts
/**
 * Run history in a PostgreSQL table of one of the check file's sources (history: table): one row
 * per run and dataset, created on first use. It answers like FileHistory does over the Actions
 * cache: a branch reads its own rows, starting from the default branch's rows older than its first
 * run (what the cache's fallback restores), and a pull request's baseline is the base branch's
 * latest row. Every value is a bind parameter and every identifier is quoted by the dialect. The
 * history is optional: a database error is one warning, after which the store reads nothing and
 * saves nothing for the rest of the run, and the tests run on.
 */





/**
 * The store for a history-table name, on the check file's source it names (an ActionError naming
 * `what` otherwise); its warnings have the check file's secrets masked.
 */
function tableHistoryFor(config, name, what, options) {
    const source = (0,history_table_name/* historyTableSource */.wD)(config, name, what);
    return new TableHistory({
        ...options,
        url: source.url,
        table: name.table,
        label: name.value,
        checkFile: config.file,
        warn: (message) => options.warn(maskSecrets(message, config.secrets)),
    });
}
const COLUMNS = 'at, run_id, sha, ref, metrics, anomalies';
class TableHistory extends BufferedHistory {
    options;
    engine;
    name;
    ready;
    /** Set by the first database error: the store is off for the rest of the run. */
    failed = false;
    /** Rows written by this run. */
    saved = 0;
    constructor(options) {
        super(options.maxRecords);
        this.options = options;
        this.engine = new PostgresEngine({ statementTimeoutMs: 60_000, ...options.postgres, url: options.url });
        this.name = this.engine.dialect.tableName(options.table);
    }
    async read(dataset) {
        const { checkFile, branch, defaultBranch } = this.options;
        const rows = await this.guarded('read', async () => {
            await this.ensureTable();
            // This branch's rows, preceded by the default branch's rows from before its first one.
            const result = await this.engine.query(`SELECT ${COLUMNS} FROM (
             SELECT id, ${COLUMNS} FROM ${this.name}
             WHERE check_file = $1::text AND dataset = $2::text AND (
               $3::text IS NULL OR ref = $3::text
               OR (ref = $4::text AND at < COALESCE(
                 (SELECT min(at) FROM ${this.name} WHERE check_file = $1::text AND dataset = $2::text AND ref = $3::text),
                 'infinity'::timestamptz)))
             ORDER BY at DESC, id DESC
             LIMIT $5::bigint
           ) AS recent
           ORDER BY at, id`, [checkFile, dataset, branch ?? null, defaultBranch ?? null, this.maxRecords]);
            return result.rows;
        });
        return (rows ?? []).map(toRecord).filter((r) => r !== undefined);
    }
    async readBaseline(dataset) {
        const { checkFile, branch, baseBranch } = this.options;
        if (baseBranch === undefined || baseBranch === branch)
            return undefined;
        const rows = await this.guarded('read', async () => {
            await this.ensureTable();
            const result = await this.engine.query(`SELECT ${COLUMNS} FROM ${this.name}
         WHERE check_file = $1::text AND dataset = $2::text AND ref = $3::text
         ORDER BY at DESC, id DESC
         LIMIT 1`, [checkFile, dataset, baseBranch]);
            return result.rows;
        });
        const latest = rows?.[0] ? toRecord(rows[0]) : undefined;
        return latest ? { record: latest, ref: baseBranch } : undefined;
    }
    async write(dataset, _records, record) {
        const written = await this.guarded('save to', async () => {
            await this.ensureTable();
            await this.engine.query(`INSERT INTO ${this.name} (check_file, dataset, at, run_id, sha, ref, metrics, anomalies)
         VALUES ($1::text, $2::text, $3::timestamptz, $4::text, $5::text, $6::text, $7::jsonb, $8::jsonb)`, [
                this.options.checkFile,
                dataset,
                record.at,
                record.runId ?? null,
                record.sha ?? null,
                record.ref ?? null,
                JSON.stringify(record.metrics),
                JSON.stringify(record.anomalies),
            ]);
            return true;
        });
        if (written)
            this.saved++;
    }
    async close() {
        await this.engine.close();
    }
    /** Creates the table (and its index) when missing; only then is the CREATE privilege needed. */
    ensureTable() {
        this.ready ??= (async () => {
            if (await this.exists())
                return;
            const index = this.engine.dialect.quote(`${this.options.table[this.options.table.length - 1]}_history_idx`);
            try {
                await this.engine.query(`CREATE TABLE IF NOT EXISTS ${this.name} (
             id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
             check_file text NOT NULL,
             dataset text NOT NULL,
             at timestamptz NOT NULL,
             run_id text,
             sha text,
             ref text,
             metrics jsonb NOT NULL,
             anomalies jsonb NOT NULL DEFAULT '[]'::jsonb
           )`);
                await this.engine.query(`CREATE INDEX IF NOT EXISTS ${index} ON ${this.name} (check_file, dataset, ref, at)`);
            }
            catch (err) {
                // Two jobs creating the table at once: one of them loses the race, and the table is there.
                if (!(await this.exists()))
                    throw err;
            }
        })();
        return this.ready;
    }
    async exists() {
        const result = await this.engine.query('SELECT to_regclass($1::text) IS NOT NULL', [this.name]);
        return result.rows[0]?.[0] === true;
    }
    /** Runs a database step; the first failure is a warning and turns the store off. */
    async guarded(action, fn) {
        if (this.failed)
            return undefined;
        try {
            return await fn();
        }
        catch (err) {
            this.failed = true;
            this.options.warn(`Could not ${action} the history table ${this.options.label}: ${(0,src_errors/* errorMessage */.gJ)(err)}. History is optional: the tests run on, without reading or saving history for the rest of this run.`);
            return undefined;
        }
    }
}
/** A row as a record; undefined for a row that is not one (edited by hand). */
function toRecord(row) {
    const [at, runId, sha, ref, metrics, anomalies] = row;
    if (typeof at !== 'string' || !metrics || typeof metrics !== 'object' || Array.isArray(metrics))
        return undefined;
    const record = {
        at,
        metrics: metrics,
        anomalies: Array.isArray(anomalies) ? anomalies.filter((a) => typeof a === 'string') : [],
    };
    if (typeof runId === 'string')
        record.runId = runId;
    if (typeof sha === 'string')
        record.sha = sha;
    if (typeof ref === 'string')
        record.ref = ref;
    return record;
}

// EXTERNAL MODULE: ./shared/src/data-tests/model.ts
var model = __webpack_require__(69617);
;// CONCATENATED MODULE: ./shared/src/data-tests/reports/format.ts
const STATUS_ORDER = { error: 0, fail: 1, warn: 2, pass: 3 };
const STATUS_ICON = { pass: '✅', warn: '⚠️', fail: '❌', error: '💥' };
function byStatus(tests) {
    return tests
        .map((t, i) => [t, i])
        .sort((a, b) => STATUS_ORDER[a[0].status] - STATUS_ORDER[b[0].status] || a[1] - b[1])
        .map(([t]) => t);
}
function countsText(counts) {
    if (counts.total === 0)
        return 'no tests';
    const parts = [
        counts.failed ? `${counts.failed} failed` : '',
        counts.errored ? `${counts.errored} errored` : '',
        counts.warned ? `${counts.warned} warned` : '',
        `${counts.passed} passed`,
    ].filter(Boolean);
    return parts.join(', ');
}
function headline(report) {
    const word = report.result === 'pass' ? 'passed' : report.result === 'warn' ? 'passed with warnings' : 'failed';
    return `Data tests ${word}: ${countsText(report.counts)}`;
}
function formatValue(value) {
    if (value === null || value === undefined)
        return '(null)';
    if (typeof value === 'string')
        return value;
    return JSON.stringify(value);
}
/**
 * A one-line sample: `lost ×3, (null) ×1` for value/count samples (grouped failing values or
 * keys), or the number of rows for row samples (shown in full elsewhere).
 */
function sampleItems(sample) {
    if (!sample || sample.rows.length === 0)
        return undefined;
    const rowsIndex = sample.columns.lastIndexOf('rows');
    if (rowsIndex !== sample.columns.length - 1 || sample.columns.length < 2)
        return undefined;
    return sample.rows.map((r) => ({
        value: r.slice(0, rowsIndex).map(formatValue).join(', '),
        rows: Number(r[rowsIndex]),
    }));
}
function formatPercent(p) {
    if (p === undefined)
        return '';
    if (p === 0)
        return '0%';
    if (p < 0.01)
        return '<0.01%';
    return `${p.toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
}
function formatDuration(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

;// CONCATENATED MODULE: ./shared/src/data-tests/reports/annotations.ts

function annotateReport(report, annotate) {
    let count = 0;
    const all = report.datasets.flatMap((ds) => ds.tests.map((t) => ({ ds, t })));
    all.sort((a, b) => STATUS_ORDER[a.t.status] - STATUS_ORDER[b.t.status]);
    for (const { ds, t } of all) {
        if (t.status === 'pass')
            continue;
        const items = sampleItems(t.sample);
        const sample = items
            ? ` (e.g. ${items
                .slice(0, 3)
                .map((i) => `${i.value} ×${i.rows}`)
                .join(', ')})`
            : '';
        const what = t.status === 'error' ? 'could not run' : t.status === 'fail' ? 'failed' : 'warned';
        annotate(t.status === 'warn' ? 'warning' : 'error', `${t.message}${sample}`, {
            title: `${ds.name}: ${t.name} ${what}`,
            file: t.location.file,
            startLine: t.location.line,
            startColumn: t.location.column,
        });
        count++;
    }
    return count;
}

;// CONCATENATED MODULE: ./shared/src/data-tests/reports/console.ts


const CODES = { red: 31, green: 32, yellow: 33, magenta: 35, dim: 2, bold: 1, cyan: 36 };
function paint(style, code, text) {
    return style.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
}
const LABEL = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };
const COLOR = { pass: 'green', warn: 'yellow', fail: 'red', error: 'magenta' };
/** Control characters from the data must not drive the terminal. */
// eslint-disable-next-line no-control-regex
const inert = (text) => text.replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => (c === '\n' ? ' ' : '?'));
const pad = (text, width) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
function datasetText(ds, style) {
    const counts = (0,model/* countStatuses */.ip)(ds.tests);
    const lines = [
        `${paint(style, 'bold', inert(ds.name))} ${paint(style, 'dim', `${inert(ds.relation)}${ds.rowCount !== undefined ? ` · ${ds.rowCount.toLocaleString('en-US')} rows` : ''} · ${formatDuration(ds.durationMs)}`)}`,
    ];
    if (ds.error)
        lines.push(`  ${paint(style, 'magenta', 'cannot read:')} ${inert(ds.error)}`);
    const nameWidth = Math.min(40, Math.max(...ds.tests.map((t) => t.name.length), 4));
    for (const t of ds.tests) {
        const status = paint(style, COLOR[t.status], pad(LABEL[t.status], 5));
        const pct = t.failingPercent !== undefined && t.failing ? ` ${formatPercent(t.failingPercent)}` : '';
        const where = paint(style, 'dim', `line ${t.location.line}`);
        const text = `${inert(t.message)}${pct && !t.message.includes('%') ? ` (${pct.trim()})` : ''}`;
        lines.push(`  ${status} ${pad(inert(t.name), nameWidth)}  ${cut(text, style.width ? style.width - nameWidth - 20 : 200)}  ${where}`);
        if (t.status === 'pass')
            continue;
        const items = sampleItems(t.sample);
        if (items)
            lines.push(`        ${paint(style, 'dim', 'e.g.')} ${items.map((i) => `${inert(i.value)} ×${i.rows}`).join(', ')}`);
        else if (t.sample?.rows.length) {
            lines.push(`        ${paint(style, 'dim', t.sample.columns.map(inert).join(' | '))}`);
            for (const r of t.sample.rows)
                lines.push(`        ${cut(r.map((v) => inert(formatValue(v))).join(' | '), 160)}`);
        }
    }
    lines.push(`  ${paint(style, 'dim', countsText(counts))}`);
    return lines.join('\n');
}
function cut(text, width) {
    return text.length > width ? `${text.slice(0, Math.max(10, width - 1))}…` : text;
}
function reportText(report, style) {
    const color = report.result === 'pass' ? 'green' : report.result === 'warn' ? 'yellow' : 'red';
    return [
        ...report.datasets.map((d) => datasetText(d, style)),
        '',
        paint(style, color, paint(style, 'bold', `${headline(report)} (${formatDuration(report.durationMs)})`)),
    ]
        .join('\n\n')
        .replace(/\n\n\n/g, '\n\n');
}

;// CONCATENATED MODULE: ./shared/src/data-tests/reports/junit.ts
/**
 * JUnit XML for test-report tools: one <testsuite> per dataset, one <testcase> per test; a failed
 * test is a <failure>, a test that could not run an <error>, a warning passes with the warning in
 * <system-out>. Written to a temporary file and renamed, never half-written.
 */




/** XML-safe text: the five entities, and control characters XML 1.0 forbids removed. */
function xmlEscape(text) {
    return (text
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;'));
}
const attrs = (values) => Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
const seconds = (ms) => (ms / 1000).toFixed(3);
function body(t) {
    const lines = [t.message, `threshold: ${t.threshold || '-'}`, `declared at ${t.location.file}:${t.location.line}:${t.location.column}`];
    const items = sampleItems(t.sample);
    if (items)
        lines.push(`sample: ${items.map((i) => `${i.value} (${i.rows} rows)`).join('; ')}`);
    else if (t.sample?.rows.length)
        lines.push(`failing rows:\n${[t.sample.columns.join('\t'), ...t.sample.rows.map((r) => r.map(formatValue).join('\t'))].join('\n')}`);
    return lines.join('\n');
}
function junitXml(report) {
    const counts = report.counts;
    const out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites${attrs({ name: 'dataops-tests', tests: counts.total, failures: counts.failed, errors: counts.errored, skipped: 0, time: seconds(report.durationMs), timestamp: report.startedAt })}>`,
    ];
    for (const ds of report.datasets) {
        const c = (0,model/* countStatuses */.ip)(ds.tests);
        out.push(`  <testsuite${attrs({ name: ds.name, tests: c.total, failures: c.failed, errors: c.errored, skipped: 0, time: seconds(ds.durationMs), timestamp: report.startedAt, file: ds.location.file })}>`);
        out.push('    <properties>');
        out.push(`      <property${attrs({ name: 'relation', value: ds.relation })}/>`);
        out.push(`      <property${attrs({ name: 'engine', value: ds.engine })}/>`);
        if (ds.rowCount !== undefined)
            out.push(`      <property${attrs({ name: 'rows', value: ds.rowCount })}/>`);
        out.push('    </properties>');
        for (const t of ds.tests) {
            const open = `    <testcase${attrs({ name: t.name, classname: ds.name, file: t.location.file, line: t.location.line, time: '0' })}`;
            if (t.status === 'pass')
                out.push(`${open}/>`);
            else if (t.status === 'fail')
                out.push(`${open}>`, `      <failure${attrs({ message: t.message, type: t.type })}>${xmlEscape(body(t))}</failure>`, '    </testcase>');
            else if (t.status === 'error')
                out.push(`${open}>`, `      <error${attrs({ message: t.message, type: t.type })}>${xmlEscape(body(t))}</error>`, '    </testcase>');
            else
                out.push(`${open}>`, `      <system-out>${xmlEscape(`WARNING: ${body(t)}`)}</system-out>`, '    </testcase>');
        }
        if (ds.error)
            out.push(`    <system-err>${xmlEscape(ds.error)}</system-err>`);
        out.push('  </testsuite>');
    }
    out.push('</testsuites>');
    return out.join('\n') + '\n';
}
async function writeAtomically(file, content) {
    await (0,promises_.mkdir)(external_node_path_default().dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await (0,promises_.writeFile)(temp, content);
    await (0,promises_.rename)(temp, file);
}
async function writeJUnit(report, file) {
    await writeAtomically(file, junitXml(report));
}

;// CONCATENATED MODULE: ./shared/src/data-tests/reports/json.ts

async function writeJsonReport(report, file) {
    await writeAtomically(file, `${JSON.stringify(report, null, 2)}\n`);
}

;// CONCATENATED MODULE: ./shared/src/data-tests/reports/summary.ts
/**
 * The job summary (and the sticky PR comment): overall status first, then a table per dataset
 * (test, column, status, failing count and %, threshold, sample of failing values), failing rows
 * in collapsible blocks, and a mermaid chart of each anomaly metric's history with the current
 * point marked. Every value from the data or the check file is escaped.
 */



const fmt = (n) => n.toLocaleString('en-US');
function summaryMarkdown(report, options = {}) {
    const icon = report.result === 'pass' ? '✅' : report.result === 'warn' ? '⚠️' : '❌';
    const rows = report.datasets.reduce((sum, d) => sum + (d.rowCount ?? 0), 0);
    const out = [
        `## ${icon} ${escapeText(headline(report))}`,
        '',
        `${inlineCode(report.configFile)} · ${report.datasets.length} dataset${report.datasets.length === 1 ? '' : 's'} · ${fmt(rows)} rows scanned · ${formatDuration(report.durationMs)}`,
    ];
    for (const ds of report.datasets)
        out.push('', ...datasetSection(ds, options));
    if (options.compact && options.detailsUrl)
        out.push('', `[Full report in the job summary](${options.detailsUrl})`);
    return out.join('\n') + '\n';
}
function datasetSection(ds, options) {
    const counts = (0,model/* countStatuses */.ip)(ds.tests);
    const icon = counts.errored ? STATUS_ICON.error : counts.failed ? STATUS_ICON.fail : counts.warned ? STATUS_ICON.warn : STATUS_ICON.pass;
    const facts = [inlineCode(ds.relation), ds.rowCount !== undefined ? `${fmt(ds.rowCount)} rows` : '', formatDuration(ds.durationMs)]
        .filter(Boolean)
        .join(' · ');
    const lines = [`### ${icon} ${escapeText(ds.name)}: ${escapeText(countsText(counts))}`, '', facts];
    if (ds.error)
        lines.push('', `> **Could not be read:** ${escapeText(ds.error)}`);
    const shown = options.compact ? byStatus(ds.tests).filter((t) => t.status !== 'pass') : byStatus(ds.tests);
    if (shown.length) {
        lines.push('', table(['Status', 'Test', 'Column', 'Failing', '%', 'Threshold', 'Details'], shown.map((t) => [
            `${STATUS_ICON[t.status]} ${t.status}`,
            `${escapeText(t.name)} <sub>line ${t.location.line}</sub>`,
            t.column ? inlineCode(t.column) : '',
            t.failing !== undefined ? fmt(t.failing) : '',
            formatPercent(t.failingPercent),
            escapeText(t.threshold),
            detailsCell(t),
        ])));
    }
    for (const t of shown) {
        if (t.status === 'pass' || !t.sample || sampleItems(t.sample))
            continue;
        lines.push('', details(`Failing rows of ${t.name} (first ${t.sample.rows.length})`, sampleTable(t.sample.columns, t.sample.rows)));
    }
    if (!options.compact) {
        for (const t of ds.tests)
            if (t.anomaly && t.anomaly.history.length)
                lines.push('', anomalyChart(ds.name, t.anomaly));
    }
    return lines;
}
function detailsCell(t) {
    const message = escapeText(t.message);
    const items = t.status === 'pass' ? undefined : sampleItems(t.sample);
    if (!items)
        return message;
    const sample = items.map((i) => `${inlineCode(i.value)}${i.rows !== undefined ? ` ×${fmt(i.rows)}` : ''}`).join(', ');
    return `${message}<br>e.g. ${sample}`;
}
function sampleTable(columns, rows) {
    const shownColumns = columns.slice(0, 10);
    return table(shownColumns.map((c) => escapeText(c)), rows.map((r) => shownColumns.map((_, i) => inlineCode(formatValue(r[i]).slice(0, 80)))));
}
/** Mermaid only understands a narrow syntax; labels are reduced to characters it cannot misread. */
const mermaidText = (s) => s.replace(/[^A-Za-z0-9 _.:()%!\u25B6-]/g, '_').slice(0, 80);
function anomalyChart(dataset, a) {
    const points = [
        ...a.history.map((h) => ({ label: h.at.slice(5, 16).replace('T', ' '), value: h.value, anomalous: h.anomalous })),
        { label: 'now', value: a.value, anomalous: false },
    ];
    const label = (p, i) => (i === points.length - 1 ? '▶ now' : p.anomalous ? `${p.label} (!)` : p.label);
    const values = points.map((p) => (Number.isFinite(p.value) ? Number(p.value.toPrecision(6)) : 0));
    const chart = [
        'xychart-beta',
        `  title "${mermaidText(`${dataset}: ${a.metric}`)}${a.score !== undefined && Number.isFinite(a.score) ? ` (z ${a.score.toFixed(1)})` : ''}"`,
        `  x-axis [${points.map((p, i) => `"${mermaidText(label(p, i))}"`).join(', ')}]`,
        `  y-axis "${mermaidText(a.metric)}"`,
        `  line [${values.join(', ')}]`,
    ];
    if (a.median !== undefined)
        chart.push(`  line [${points.map(() => Number(a.median.toPrecision(6))).join(', ')}]`);
    const caption = `History of ${dataset} ${a.metric}: the last point (▶ now) is this run${a.median !== undefined ? '; the flat line is the median of the history' : ''}.`;
    return `${escapeText(caption)}\n\n${codeFence(chart.join('\n'), 'mermaid')}`;
}

;// CONCATENATED MODULE: ./shared/src/data-tests/dialects/duckdb.ts

class DuckDBDialect extends Dialect {
    name = 'duckdb';
    placeholder(index, type) {
        // Parameters are bound with their exact DuckDB type; dates and timestamps travel as text.
        return type === 'timestamp' || type === 'date' ? `CAST($${index} AS ${this.typeName(type)})` : `$${index}`;
    }
    inlineSamples = true;
    struct(fields) {
        return `struct_pack(${fields.map(([name, value]) => `${this.quote(name)} := ${value}`).join(', ')})`;
    }
    field(record, name) {
        return `(${record}).${this.quote(name)}`;
    }
    list(items) {
        return `[${items.join(', ')}]`;
    }
    first(list) {
        return `(${list})[1]`;
    }
    topBy(value, by, n) {
        return `max_by(${value}, ${by}, ${n})`;
    }
    rowList(query) {
        return `(SELECT list("row") FROM (${query}) AS "row")`;
    }
    rowValue(query) {
        return `(SELECT "row" FROM (${query}) AS "row")`;
    }
    materialized() {
        return 'MATERIALIZED ';
    }
    regex(text, pattern) {
        return `regexp_matches(${text}, ${pattern})`;
    }
    length(text) {
        return `length(${text})`;
    }
    epoch(value) {
        return `epoch(CAST(${value} AS TIMESTAMP))`;
    }
    now() {
        // The engine sets TimeZone=UTC, so this cast (and the one in epoch) keeps UTC wall time.
        return 'current_timestamp';
    }
    percentile(value, fraction) {
        return `quantile_cont(${value}, ${fraction})`;
    }
    files(rel, e) {
        const paths = `[${rel.paths.map((p) => e.bind(p, 'text')).join(', ')}]`;
        switch (rel.format) {
            case 'parquet':
                return `read_parquet(${paths})`;
            case 'json':
                return `read_json(${paths}, format = 'auto')`;
            case 'ndjson':
                return `read_json(${paths}, format = 'newline_delimited')`;
            case 'csv':
            case 'tsv': {
                const options = [];
                const delimiter = rel.delimiter ?? (rel.format === 'tsv' ? '\t' : undefined);
                if (delimiter !== undefined)
                    options.push(`delim = ${e.bind(delimiter, 'text')}`);
                if (rel.header !== undefined)
                    options.push(`header = ${e.bind(rel.header, 'boolean')}`);
                return `read_csv(${[paths, ...options].join(', ')})`;
            }
        }
    }
}

;// CONCATENATED MODULE: ./shared/src/data-tests/sql.ts
// Builders: short names keep the planner readable.
const col = (name, table) => ({ k: 'col', name, table });
const param = (value, type) => ({ k: 'param', value, type });
const sql_num = (value) => ({ k: 'num', value });
const and = (...exprs) => {
    const present = exprs.filter((e) => e !== undefined);
    if (present.length === 0)
        return { k: 'raw', parts: ['TRUE'] };
    return present.reduce((left, right) => ({ k: 'bin', op: 'and', left, right }));
};
const or = (...exprs) => exprs.reduce((left, right) => ({ k: 'bin', op: 'or', left, right }));
const bin = (op, left, right) => ({ k: 'bin', op, left, right });
const not = (expr) => ({ k: 'not', expr });
const isNull = (expr) => ({ k: 'isNull', expr });
const isNotNull = (expr) => ({ k: 'isNull', expr, negated: true });
const countStar = () => ({ k: 'countStar' });
const countIf = (cond) => ({ k: 'countIf', cond });
const agg = (fn, arg, distinct = false) => ({ k: 'agg', fn, arg, distinct });
const cast = (expr, to) => ({ k: 'cast', expr, to });
const when = (condition, then) => ({ k: 'when', when: condition, then });
const field = (record, name) => ({ k: 'field', record, name });
function sql_select(from, items, rest = {}) {
    const { as, ...others } = rest;
    return { k: 'select', items, from: { rel: from, as }, ...others };
}
/**
 * Splits SQL written in the check file around `{{ name }}` / `{{ name('arg') }}` placeholders;
 * `resolve` turns each into a tree node (or throws for an unknown one).
 */
function template(text, resolve) {
    const parts = [];
    const re = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*['"]([^'"]*)['"]\s*\))?\s*\}\}/g;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m.index > last)
            parts.push(text.slice(last, m.index));
        parts.push(resolve(m[1], m[2]));
        last = m.index + m[0].length;
    }
    if (last < text.length)
        parts.push(text.slice(last));
    return parts;
}

;// CONCATENATED MODULE: ./shared/src/data-tests/engines/duckdb.ts



class DuckDBEngine {
    api;
    instance;
    connection;
    name = 'duckdb';
    dialect = new DuckDBDialect();
    constructor(api, instance, connection) {
        this.api = api;
        this.instance = instance;
        this.connection = connection;
    }
    static async open(api, options = {}) {
        const config = {
            autoinstall_known_extensions: 'false',
            autoload_known_extensions: 'false',
        };
        if (options.memoryLimit)
            config.memory_limit = options.memoryLimit;
        if (options.threads)
            config.threads = String(options.threads);
        if (options.tempDirectory)
            config.temp_directory = options.tempDirectory;
        const instance = await api.DuckDBInstance.create(':memory:', config);
        const connection = await instance.connect();
        // Timestamps without a zone are read as UTC by the epoch/now casts the dialect writes.
        await connection.run("SET TimeZone = 'UTC'");
        return new DuckDBEngine(api, instance, connection);
    }
    types(params) {
        const { VARCHAR, DOUBLE, BIGINT, BOOLEAN } = this.api;
        return params.map((p) => ({ text: VARCHAR, double: DOUBLE, bigint: BIGINT, boolean: BOOLEAN, timestamp: VARCHAR, date: VARCHAR })[p.type]);
    }
    values(params) {
        return params.map((p) => (p.type === 'bigint' && typeof p.value === 'number' ? BigInt(p.value) : p.value));
    }
    async query(sql, params) {
        const started = performance.now();
        try {
            const reader = await this.connection.runAndReadAll(sql, this.values(params), this.types(params));
            trace(sql, started);
            let rows;
            try {
                rows = reader.getRowsJS();
            }
            catch {
                rows = reader.getRowsJson(); // a type without a JS form (rare): its JSON text
            }
            return { columns: reader.columnNames(), rows: rows.map((r) => r.map(plainValue)) };
        }
        catch (err) {
            throw new QueryError(cleanMessage(err.message), sql);
        }
    }
    async describe(rel) {
        const { sql, params } = this.dialect.emit(sql_select(rel, [{ expr: { k: 'star' } }]));
        const result = await this.query(`DESCRIBE ${sql}`, params);
        const name = result.columns.indexOf('column_name');
        const type = result.columns.indexOf('column_type');
        return result.rows.map((r) => ({ name: String(r[name]), type: String(r[type]) }));
    }
    async run(query) {
        const { sql, params } = this.dialect.emit(query);
        return this.query(sql, params);
    }
    async close() {
        this.connection.closeSync();
        this.instance.closeSync();
    }
}
/** DuckDB messages carry a caret diagram of the SQL after a blank line; the first part says it all. */
function cleanMessage(message) {
    return message
        .split(/\n\s*\n/)[0]
        .replace(/^Failed to extract statements: /, '')
        .replace(/\s*\n\s*/g, ' ')
        .trim();
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(98995);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 2 modules
var lib_exec = __webpack_require__(75260);
;// CONCATENATED MODULE: ./shared/src/data-tests/engines/duckdb-install.ts
/**
 * DuckDB's native binding is ~68 MB per platform, so it is not bundled into dist. On first use the
 * pinned @duckdb/node-api and the binding for this OS/arch are fetched with the runner's own npm
 * (`npm pack`: the registry comes from npm's configuration, so mirrors work), each tarball is
 * checked against the integrity pinned below, unpacked into the tool cache, and the tarballs are
 * kept with @actions/cache for later runs (re-verified on restore). Tests point
 * DATAOPS_DUCKDB_NODE_MODULES at the devDependency copy instead.
 */











const DUCKDB_NODE_API_VERSION = '1.5.6-r.1';
const DETECT_LIBC_VERSION = '2.1.2';
/** npm's integrity (sha512 of the tarball) of every package that may be installed, from package-lock.json. */
const PINNED_INTEGRITY = {
    [`@duckdb/node-api@${DUCKDB_NODE_API_VERSION}`]: 'sha512-yIPol6P4EQmsAUsb27donJf7iADrM31Ei/WkvhkZpSscjhEErYsuF19lsJ/qz5mUWxsKFQpLdjvrlhPQnMTBqw==',
    [`@duckdb/node-bindings@${DUCKDB_NODE_API_VERSION}`]: 'sha512-/pWlTyvKC1d16iSMJCBAPwlmzoeXRs5Y9cqG+TpKd/YAW6Ke05FJg099v/Im2bkS9BgznNyNcAK1NxA1eQhSUw==',
    [`@duckdb/node-bindings-darwin-arm64@${DUCKDB_NODE_API_VERSION}`]: 'sha512-KFT/J/pyouuAD1jftAIfcWVRdorg+c/yVR/BJL8LJKrST+mYC4d7QSuQ+iXSYbFpHENUAeZUagXrMPtZT8Xzsg==',
    [`@duckdb/node-bindings-darwin-x64@${DUCKDB_NODE_API_VERSION}`]: 'sha512-tVwUZNvdQoaPJhrh3q2e6jxm1MhahNHJQK/pvCyco46NX0mEuGzlw9i0n2MArgsyzccdCwScOK9ctbyr+3oMbQ==',
    [`@duckdb/node-bindings-linux-arm64@${DUCKDB_NODE_API_VERSION}`]: 'sha512-3jnUaDil1BrF/6vAZwVaInJ1xoBaWGHB4PDiUnzJWKCo8a8TLx9j7/gPyPl/UGRBftrYIuTihRZSfF4mWMgtWA==',
    [`@duckdb/node-bindings-linux-arm64-musl@${DUCKDB_NODE_API_VERSION}`]: 'sha512-j6dcNLWnFvlQyKMtl36HyeDsOaetXFoj0dH21Q9MbLjABNuJs5ekDV6zMSEda/g5+z1Tm6r2KFOS8j3tGUCRiw==',
    [`@duckdb/node-bindings-linux-x64@${DUCKDB_NODE_API_VERSION}`]: 'sha512-IXcrZJE6kEqM0Z4wwdVnGBHX/frOS33VPNAwDXQ/Q+Fs84b058Qe94chrCCIcNJlG8Y3UHIUU4eBeCQxW5mN1Q==',
    [`@duckdb/node-bindings-linux-x64-musl@${DUCKDB_NODE_API_VERSION}`]: 'sha512-PVzIEZqp7QN07WBgjmIH0cK2GKXR735KmL6wnghTzRnhHWrePxx3MjZB9zZHI8tB73wdF8luarBm4EgqSjGyVA==',
    [`@duckdb/node-bindings-win32-arm64@${DUCKDB_NODE_API_VERSION}`]: 'sha512-nzNTZx9rus5QpuX+KH6UOPNeZp8yF25TxV6DiUly4RKgR5mu6xo8c7a7lS80AqxTJfJ9BwUIiqlCuYKWztRM5A==',
    [`@duckdb/node-bindings-win32-x64@${DUCKDB_NODE_API_VERSION}`]: 'sha512-5Rpn5WXEG5gY/u7Keh+c4kuwG/LiE31pCP9CoCohv+u0aFensk/yRIQVW/CXuIoITky9xFhdRzaWUtAnGTYxJQ==',
    [`detect-libc@${DETECT_LIBC_VERSION}`]: 'sha512-Btj2BOOO83o3WyH59e8MgXsxEQVcarkUOpEYrubB0urwnN10yQ364rsiByU11nZlqWYZm05i/of7io4mzihBtQ==',
};
/** The binding package for this process: `linux-x64`, `linux-x64-musl`, `darwin-arm64`, ... */
function platformKey(platform = process.platform, arch = process.arch, musl = isMusl()) {
    return `${platform}-${arch}${platform === 'linux' && musl ? '-musl' : ''}`;
}
function isMusl() {
    if (process.platform !== 'linux')
        return false;
    const header = process.report?.getReport()?.header;
    return !header?.glibcVersionRuntime;
}
function requiredPackages(key = platformKey()) {
    return [
        { name: '@duckdb/node-api', version: DUCKDB_NODE_API_VERSION },
        { name: '@duckdb/node-bindings', version: DUCKDB_NODE_API_VERSION },
        { name: `@duckdb/node-bindings-${key}`, version: DUCKDB_NODE_API_VERSION },
        { name: 'detect-libc', version: DETECT_LIBC_VERSION },
    ];
}
const API_ENTRY = external_node_path_default().join('@duckdb', 'node-api', 'lib', 'index.js');
/** Imports @duckdb/node-api from a node_modules folder outside the bundle. */
async function importDuckDB(nodeModules) {
    const entry = external_node_path_default().join(nodeModules, API_ENTRY);
    // Loaded at run time from outside the bundle: webpackIgnore keeps ncc from resolving it.
    const mod = (await import(/* webpackIgnore: true */ (0,external_node_url_.pathToFileURL)(entry).href));
    return (mod.DuckDBInstance ? mod : mod.default);
}
let loaded;
/** Loads DuckDB once per process, installing it first when needed. */
function loadDuckDB(options = {}) {
    loaded ??= locateOrInstall(options).then(importDuckDB);
    loaded.catch(() => (loaded = undefined));
    return loaded;
}
async function locateOrInstall(options) {
    const env = options.env ?? process.env;
    const explicit = options.nodeModules ?? env.DATAOPS_DUCKDB_NODE_MODULES;
    if (explicit) {
        if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(explicit, API_ENTRY)))
            throw new src_errors/* ActionError */.lZ(`DATAOPS_DUCKDB_NODE_MODULES=${explicit} does not contain @duckdb/node-api`);
        return explicit;
    }
    for (const from of options.resolveFrom ?? []) {
        try {
            const pkg = (0,external_node_module_.createRequire)(external_node_path_default().join(from, 'noop.js')).resolve('@duckdb/node-api/package.json');
            const json = JSON.parse(await (0,promises_.readFile)(pkg, 'utf8'));
            if (json.version === DUCKDB_NODE_API_VERSION)
                return external_node_path_default().resolve(external_node_path_default().dirname(pkg), '..', '..');
        }
        catch {
            // not installed there
        }
    }
    return installDuckDB(options);
}
function installDir(options = {}) {
    const env = options.env ?? process.env;
    const root = options.toolCacheRoot ?? env.RUNNER_TOOL_CACHE ?? external_node_path_default().join(env.XDG_CACHE_HOME || external_node_path_default().join(external_node_os_default().homedir(), '.cache'), 'dataops-actions');
    return external_node_path_default().join(root, 'dataops-duckdb-node-api', DUCKDB_NODE_API_VERSION, platformKey());
}
/** Installs (or finds) the pinned packages in the tool cache; returns the node_modules folder. */
async function installDuckDB(options = {}) {
    const log = options.log ?? (() => undefined);
    const dir = installDir(options);
    const nodeModules = external_node_path_default().join(dir, 'node_modules');
    if ((0,external_node_fs_.existsSync)(`${dir}.complete`) && (0,external_node_fs_.existsSync)(external_node_path_default().join(nodeModules, API_ENTRY)))
        return nodeModules;
    const packages = requiredPackages();
    const integrity = options.integrity ?? PINNED_INTEGRITY;
    const tarballs = external_node_path_default().join(dir, 'tarballs');
    const cacheKey = `dataops-duckdb-node-api-${DUCKDB_NODE_API_VERSION}-${platformKey()}`;
    let restored = false;
    if (options.actionsCache)
        restored = (await restoreCacheSafely([tarballs], cacheKey)) !== undefined;
    let files = restored
        ? await verifiedTarballs(tarballs, packages, integrity).catch((err) => (log(`Cached DuckDB packages rejected (${(0,src_errors/* errorMessage */.gJ)(err)}); fetching again`), undefined))
        : undefined;
    if (!files) {
        log(`Installing @duckdb/node-api ${DUCKDB_NODE_API_VERSION} for ${platformKey()} with npm`);
        await (0,promises_.rm)(tarballs, { recursive: true, force: true });
        await (0,promises_.mkdir)(tarballs, { recursive: true });
        await npmPack(packages, tarballs, options);
        files = await verifiedTarballs(tarballs, packages, integrity);
        restored = false;
    }
    // Unpack next to the final folder and rename, so a half-written install is never used.
    const staging = external_node_path_default().join(dir, `.staging-${process.pid}-${Date.now()}`);
    await (0,promises_.rm)(staging, { recursive: true, force: true });
    for (const pkg of packages)
        await extractTarball(files.get(pkg.name), external_node_path_default().join(staging, ...pkg.name.split('/')));
    await (0,promises_.rm)(nodeModules, { recursive: true, force: true });
    await (0,promises_.rename)(staging, nodeModules);
    await (0,promises_.writeFile)(`${dir}.complete`, '');
    if (options.actionsCache && !restored)
        await saveCacheSafely([tarballs], cacheKey);
    return nodeModules;
}
async function npmPack(packages, destination, options) {
    const specs = packages.map((p) => (options.packageSpec ? options.packageSpec(p) : `${p.name}@${p.version}`));
    const args = ['pack', ...specs, '--pack-destination', destination, '--json', '--ignore-scripts', '--no-fund', '--no-audit'];
    let result;
    try {
        result = await (0,lib_exec/* getExecOutput */.H)(options.npm ?? 'npm', args, {
            silent: true,
            ignoreReturnCode: true,
            env: { ...(options.env ?? process.env) },
        });
    }
    catch (err) {
        throw new src_errors/* ActionError */.lZ(`Cannot run npm to install DuckDB: ${(0,src_errors/* errorMessage */.gJ)(err)}`, {
            hint: 'The embedded DuckDB is installed with the runner’s npm; make sure Node.js and npm are on PATH (actions/setup-node).',
        });
    }
    if (result.exitCode !== 0) {
        const reason = result.stderr
            .split('\n')
            .filter((l) => /npm (error|ERR!)/.test(l))
            .slice(0, 3)
            .join(' ') || result.stderr.trim().split('\n').slice(-3).join(' ');
        throw new src_errors/* ActionError */.lZ(`npm could not fetch the DuckDB packages (${specs.join(', ')}): ${reason}`, {
            hint: 'npm uses the registry from its configuration (.npmrc / npm_config_registry); check that it is reachable from the runner.',
        });
    }
}
/** The tarball of each package, after checking its sha512 against the pinned integrity. */
async function verifiedTarballs(dir, packages, integrity) {
    const names = await (0,promises_.readdir)(dir);
    const found = new Map();
    for (const pkg of packages) {
        const file = names.find((n) => n === tarballName(pkg));
        if (!file)
            throw new src_errors/* ActionError */.lZ(`npm did not produce ${tarballName(pkg)} for ${pkg.name}@${pkg.version}`);
        const full = external_node_path_default().join(dir, file);
        const expected = integrity[`${pkg.name}@${pkg.version}`];
        if (!expected)
            throw new src_errors/* ActionError */.lZ(`No pinned integrity for ${pkg.name}@${pkg.version}; this platform (${platformKey()}) is not supported by the embedded DuckDB`);
        const actual = await sha512(full);
        if (actual !== expected) {
            throw new src_errors/* ActionError */.lZ(`Integrity check failed for ${pkg.name}@${pkg.version}: expected ${expected}, got ${actual}`, {
                hint: 'The registry npm is configured with served a different file than the one pinned in this action. Nothing was installed.',
            });
        }
        found.set(pkg.name, full);
    }
    return found;
}
/** npm pack's file name: `@scope/name` → `scope-name-version.tgz`. */
function tarballName(pkg) {
    return `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
}
async function sha512(file) {
    const hash = (0,external_node_crypto_.createHash)('sha512');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        hash.update(chunk);
    return `sha512-${hash.digest('base64')}`;
}
/**
 * Unpacks an npm tarball (gzip'd ustar, entries under `package/`) into `dest`. The tarball's
 * integrity was checked first; entries leaving `dest` are refused anyway.
 */
async function extractTarball(file, dest) {
    const data = (0,external_node_zlib_.gunzipSync)(await (0,promises_.readFile)(file));
    let offset = 0;
    let longName;
    while (offset + 512 <= data.length) {
        const header = data.subarray(offset, offset + 512);
        if (header.every((b) => b === 0))
            break;
        const field = (start, length) => header
            .subarray(start, start + length)
            .toString('utf8')
            .replace(/\0.*$/s, '');
        const size = parseInt(field(124, 12).trim() || '0', 8);
        const type = field(156, 1) || '0';
        const prefix = field(345, 155);
        let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
        longName = undefined;
        const body = data.subarray(offset + 512, offset + 512 + size);
        offset += 512 + Math.ceil(size / 512) * 512;
        if (type === 'x') {
            const pax = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
            if (pax)
                longName = pax[1];
            continue;
        }
        if (type === 'L') {
            longName = body.toString('utf8').replace(/\0.*$/s, '');
            continue;
        }
        if (type !== '0' && type !== '5')
            continue;
        name = name.replace(/^[^/]+\//, ''); // npm's `package/` folder
        const target = external_node_path_default().resolve(dest, name);
        if (target !== external_node_path_default().resolve(dest) && !target.startsWith(external_node_path_default().resolve(dest) + (external_node_path_default()).sep))
            throw new src_errors/* ActionError */.lZ(`Refusing tarball entry outside its folder: ${name}`);
        if (type === '5') {
            await (0,promises_.mkdir)(target, { recursive: true });
            continue;
        }
        await (0,promises_.mkdir)(external_node_path_default().dirname(target), { recursive: true });
        await (0,promises_.writeFile)(target, body);
        const mode = parseInt(field(100, 8).trim() || '644', 8);
        if (mode & 0o111)
            await (0,promises_.chmod)(target, 0o755);
    }
}

;// CONCATENATED MODULE: ./shared/src/data-tests/anomaly.ts
/**
 * Anomaly scoring without a cloud: a robust z-score of the current value against the median and
 * the median absolute deviation (MAD) of the last N runs. The current point and past anomalies
 * are left out of training, and nothing can fail before `min_history` runs exist.
 */
/** 0.6745 makes the MAD of normally distributed data comparable with a standard deviation. */
const CONSISTENCY = 0.6745;
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/**
 * `history` is oldest first and holds only past runs that were not anomalous for this metric.
 * When the MAD is 0 (a constant history), the mean absolute deviation is used; when that is 0
 * too, any change from the constant is anomalous.
 */
function scoreAnomaly(history, value, options) {
    const training = history.filter((v) => Number.isFinite(v)).slice(-options.window);
    if (training.length < options.minHistory)
        return { verdict: 'learning', used: training.length };
    const m = median(training);
    let mad = median(training.map((v) => Math.abs(v - m)));
    let scale = mad / CONSISTENCY;
    if (mad === 0) {
        const meanAbs = training.reduce((sum, v) => sum + Math.abs(v - m), 0) / training.length;
        scale = meanAbs * 1.2533; // mean absolute deviation to standard deviation, for normal data
        mad = 0;
    }
    const deviation = value - m;
    const score = scale === 0 ? (deviation === 0 ? 0 : Math.sign(deviation) * Infinity) : deviation / scale;
    const beyond = options.direction === 'up'
        ? score > options.sensitivity
        : options.direction === 'down'
            ? score < -options.sensitivity
            : Math.abs(score) > options.sensitivity;
    return { verdict: beyond ? 'anomalous' : 'normal', median: m, mad, score, used: training.length };
}

;// CONCATENATED MODULE: ./shared/src/data-tests/column-types.ts
function typeFamily(dbType) {
    const t = dbType.trim().toLowerCase();
    if (/\[\]$|^(list|array)\b|^_/.test(t))
        return 'list';
    if (/^(struct|map|union|row|record)\b/.test(t))
        return 'struct';
    if (/^(u?tinyint|u?smallint|u?integer|u?bigint|u?hugeint|int|int[248]|int64|integer|smallserial|serial|bigserial|long|short|byte)\b/.test(t))
        return 'integer';
    if (/^(decimal|numeric|number|bignumeric)\b/.test(t))
        return 'decimal';
    if (/^(float|float[48]|float64|double|real|double precision)\b/.test(t))
        return 'float';
    if (/^(varchar|text|string|char|character|character varying|bpchar|nvarchar|name|citext|enum)\b/.test(t))
        return 'text';
    if (/^(bool|boolean)\b/.test(t))
        return 'boolean';
    if (/^date$/.test(t))
        return 'date';
    if (/^(timestamp|timestamptz|datetime|timestamp_[a-z]+)\b/.test(t))
        return 'timestamp';
    if (/^(time|timetz)\b/.test(t))
        return 'time';
    if (/^(blob|bytea|binary|varbinary|bytes|bit)\b/.test(t))
        return 'binary';
    if (/^jsonb?$/.test(t))
        return 'json';
    if (/^uuid$/.test(t))
        return 'uuid';
    if (/^interval\b/.test(t))
        return 'interval';
    return 'other';
}
/** Words a schema test may use for a family rather than an exact type. */
const FAMILY_WORDS = {
    integer: ['integer'],
    int: ['integer'],
    decimal: ['decimal'],
    numeric: ['decimal'],
    float: ['float'],
    double: ['float'],
    number: ['integer', 'decimal', 'float'],
    string: ['text'],
    text: ['text'],
    varchar: ['text'],
    boolean: ['boolean'],
    bool: ['boolean'],
    date: ['date'],
    timestamp: ['timestamp'],
    datetime: ['timestamp'],
    time: ['time'],
    binary: ['binary'],
    json: ['json'],
    list: ['list'],
    array: ['list'],
    struct: ['struct'],
    uuid: ['uuid'],
    interval: ['interval'],
};
const normalize = (t) => t.toLowerCase().replace(/\s+/g, ' ').trim();
/** Whether a column of `actual` type satisfies the `expected` type of a schema test. */
function typeMatches(expected, actual) {
    const wanted = normalize(expected);
    if (wanted === normalize(actual))
        return true;
    const families = FAMILY_WORDS[wanted];
    return families !== undefined && families.includes(typeFamily(actual));
}
const isNumeric = (family) => family === 'integer' || family === 'decimal' || family === 'float';
const isTemporal = (family) => family === 'date' || family === 'timestamp';

;// CONCATENATED MODULE: ./shared/src/data-tests/planner.ts
/**
 * Compiles a dataset's tests into as few queries as possible: every row-level test (not_null,
 * accepted_values, range, regex, length, expression, freshness and the metrics anomaly and
 * change tests watch) becomes `count(*) filter (where ...)`-style aggregates of ONE scan; each
 * uniqueness key one GROUP BY ... HAVING; each relationship one anti-join; each `sql` test its
 * own count. Schema tests need only the metadata. Columns are checked against the metadata
 * first, so a typo is an error naming the column and listing the dataset's columns.
 */



const ROW_COUNT = 'row_count';
const FUSED_BASE = 'base';
/**
 * Fused plans: the row as a record in a one-item list, present only on rows failing a sampled
 * row-level test (a NULL list takes a few bytes a row; a NULL record still takes all its fields').
 */
const FAILING_ROW = '__dataops_row';
const FLAG = (i) => `__dataops_failing_${i}`;
/** A list of records (inline samples) as a sample table; keys in record order. */
function recordsToSample(records) {
    if (!Array.isArray(records) || records.length === 0)
        return undefined;
    const columns = Object.keys(records[0]);
    return { columns, rows: records.map((r) => columns.map((c) => r[c])) };
}
class PlanError extends Error {
}
const num0 = (v) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v) => (v === null || v === undefined ? null : Number(v));
function planDataset(input) {
    const planInput = input.fused ? { ...input, relation: { k: 'cte', name: FUSED_BASE } } : input;
    const planner = new Planner(planInput);
    const tests = input.dataset.tests.map((test, i) => planner.plan(test, i));
    const scanOver = (relation, plans) => {
        const items = [{ expr: countStar(), as: ROW_COUNT }];
        const seen = new Set([ROW_COUNT]);
        for (const p of plans) {
            for (const item of p.scanItems ?? []) {
                if (seen.has(item.as))
                    continue;
                seen.add(item.as);
                items.push(item);
            }
        }
        return sql_select(relation, items);
    };
    return {
        fused: (plans) => {
            if (!input.fused)
                throw new Error('internal: not a fused plan');
            const owned = plans.filter((p) => p.query);
            const sampled = plans.filter((p) => p.rowSample);
            const base = fusedBase(input.fused.source, plans, sampled);
            const scan = scanOver(planInput.relation, plans);
            const samples = sampleItems(planInput.relation, sampled, (c) => field({ k: 'first', list: col(FAILING_ROW) }, c));
            const query = {
                ...scan,
                with: [{ name: FUSED_BASE, query: base, materialized: true }],
                items: [...scan.items, ...owned.map((p, i) => ({ expr: { k: 'rowValue', query: p.query }, as: `own${i}` })), ...samples.items],
            };
            return {
                query,
                read: (row) => {
                    const own = new Map();
                    owned.forEach((p, i) => own.set(p, (row[`own${i}`] ?? {})));
                    const values = samples.read(row);
                    return { scan: row, own, samples: new Map(sampled.map((p, i) => [p, values[i]])) };
                },
            };
        },
        tests,
        scan: (plans = tests) => scanOver(planInput.relation, plans),
        samples: (plans) => {
            const names = input.columns.map((c) => c.name);
            const failing = sql_select(input.relation, [...names.map((c) => ({ expr: col(c), as: c })), ...plans.map((p, i) => ({ expr: p.rowSample.condition, as: FLAG(i) }))], { where: plans.map((p) => p.rowSample.condition).reduce((a, b) => bin('or', a, b)) });
            const flagged = plans.map((p, i) => ({ ...p, rowSample: { ...p.rowSample, condition: col(FLAG(i)) } }));
            const { items, read } = sampleItems({ k: 'cte', name: 'failing' }, flagged);
            return { query: { k: 'select', with: [{ name: 'failing', query: failing, materialized: true }], items }, read };
        },
    };
    /**
     * The fused CTE: the file's columns the statement reads and the expressions computed once per row
     * (inner level), then the failing row as one record, built only where a sampled test's flag
     * is set (outer level, so each flag is still computed once). Nothing else of the file is held.
     */
    function fusedBase(source, plans, sampled) {
        const items = new Map();
        for (const p of plans)
            for (const item of p.baseItems ?? [])
                if (!items.has(item.as))
                    items.set(item.as, item);
        const computed = [...items.values()].filter((item) => item.expr.k !== 'col');
        const rows = sql_select(source, [{ expr: { k: 'star' } }, ...computed]);
        const outer = [...items.keys()].map((name) => ({ expr: col(name), as: name }));
        if (sampled.length) {
            // Samples of whole rows need every column; value samples only their own.
            const wanted = new Set(sampled.map((p) => p.rowSample.column));
            const fields = input.columns.map((c) => c.name).filter((c) => wanted.has(undefined) || wanted.has(c));
            const failing = sampled.map((p) => p.rowSample.condition).reduce((a, b) => bin('or', a, b));
            const record = { k: 'struct', fields: fields.map((c) => ({ name: c, expr: col(c) })) };
            outer.push({ expr: when(failing, { k: 'list', items: [record] }), as: FAILING_ROW });
        }
        // A CTE needs a column even when the tests only count rows.
        if (outer.length === 0)
            outer.push({ expr: sql_num(1), as: '__dataops_one' });
        return sql_select({ k: 'query', query: rows }, outer, { as: 'rows' });
    }
    /** Each test's sample from `from` as a list item: grouped failing values, or failing rows. */
    function sampleItems(from, plans, value = (c) => col(c)) {
        const n = input.sampleSize;
        const names = input.columns.map((c) => c.name);
        const items = plans.map((p, i) => {
            const { column, condition } = p.rowSample;
            const query = column === undefined
                ? sql_select(from, names.map((c) => ({ expr: value(c), as: c })), { where: condition, limit: n })
                : sql_select(from, [
                    { expr: value(column), as: 'value' },
                    { expr: countStar(), as: 'rows' },
                ], { where: condition, groupBy: [value(column)], orderBy: [{ expr: col('rows'), desc: true }, { expr: col('value') }], limit: n });
            return { expr: { k: 'rowList', query }, as: `sample${i}` };
        });
        return { items, read: (row) => plans.map((_, i) => recordsToSample(row[`sample${i}`])) };
    }
}
class Planner {
    input;
    /** Fused plans: the name each expression computed in the CTE got, so equal ones are computed once. */
    computed = new Map();
    /** Fused plans: what the test being compiled reads from the CTE per row. */
    baseItems = [];
    constructor(input) {
        this.input = input;
    }
    plan(test, index) {
        if (test.invalid)
            return { test, error: test.invalid };
        try {
            this.baseItems = [];
            const compiled = this.compile(test, test.spec, `t${index}`);
            return { test, ...compiled, ...(this.input.fused ? { baseItems: this.baseItems } : {}) };
        }
        catch (err) {
            if (err instanceof PlanError)
                return { test, error: err.message };
            throw err;
        }
    }
    /** The column as the dataset spells it; an exact match first, then a unique case-insensitive one. */
    column(name) {
        const columns = this.input.columns;
        const exact = columns.find((c) => c.name === name);
        if (exact)
            return exact;
        const folded = columns.filter((c) => c.name.toLowerCase() === name.toLowerCase());
        if (folded.length === 1)
            return folded[0];
        throw new PlanError(`column '${name}' does not exist in ${this.input.dataset.name} (columns: ${columns.map((c) => c.name).join(', ')})`);
    }
    /**
     * A per-row value that aggregates or own queries read. Fused plans hold it in the CTE: a column
     * as itself, anything else computed there once under `name` (the CTE keeps nothing else of the
     * file); other plans read it where it is.
     */
    row(expr, name) {
        if (!this.input.fused)
            return expr;
        if (expr.k === 'col' && expr.table === undefined) {
            this.baseItems.push({ expr, as: expr.name });
            return expr;
        }
        const key = JSON.stringify(expr);
        const as = this.computed.get(key) ?? name;
        this.computed.set(key, as);
        this.baseItems.push({ expr, as });
        return col(as);
    }
    where(test) {
        return test.where === undefined ? undefined : this.raw(test.where);
    }
    /** SQL from the check file, with `{{ column }}` placeholders as quoted identifiers. */
    raw(text, column) {
        return {
            k: 'raw',
            parts: template(text, (name) => {
                if (name === 'column' && column !== undefined)
                    return col(this.column(column).name);
                throw new PlanError(`unknown placeholder {{ ${name} }} in ${JSON.stringify(text)}${name === 'column' ? ' (only tests under a column have {{ column }})' : ''}`);
            }),
        };
    }
    rowTest(test, alias, condition, sampleColumn) {
        const where = this.where(test);
        const rowFailing = this.row(and(where, condition), `__dataops_${alias}`);
        const items = [{ expr: countIf(rowFailing), as: `${alias}_failing` }];
        if (where)
            items.push({ expr: countIf(this.row(where, `__dataops_${alias}_where`)), as: `${alias}_total` });
        const rel = this.input.relation;
        const limit = this.input.sampleSize;
        const sample = limit <= 0
            ? undefined
            : sampleColumn === undefined
                ? sql_select(rel, [{ expr: { k: 'star' } }], { where: rowFailing, limit })
                : sql_select(rel, [
                    { expr: col(sampleColumn), as: 'value' },
                    { expr: countStar(), as: 'rows' },
                ], {
                    where: rowFailing,
                    groupBy: [col(sampleColumn)],
                    orderBy: [{ expr: col('rows'), desc: true }, { expr: col('value') }],
                    limit,
                });
        return {
            scanItems: items,
            read: (row) => ({ kind: 'count', failing: num0(row[`${alias}_failing`]), total: num0(where ? row[`${alias}_total`] : row[ROW_COUNT]) }),
            sample: this.input.inlineSamples ? undefined : sample,
            rowSample: limit > 0 ? { condition: rowFailing, column: sampleColumn } : undefined,
        };
    }
    compile(test, spec, alias) {
        switch (spec.type) {
            case 'not_null': {
                const c = this.column(spec.column);
                return this.rowTest(test, alias, isNull(col(c.name)));
            }
            case 'accepted_values': {
                const c = this.column(spec.column);
                const family = typeFamily(c.type);
                const values = spec.values;
                let target = col(c.name);
                let list;
                if (values.every((v) => typeof v === 'number') && isNumeric(family))
                    list = values.map((v) => param(v, 'double'));
                else if (values.every((v) => typeof v === 'boolean') && family === 'boolean')
                    list = values.map((v) => param(v, 'boolean'));
                else {
                    if (family !== 'text')
                        target = cast(target, 'text');
                    list = values.map((v) => param(String(v), 'text'));
                }
                return this.rowTest(test, alias, and(isNotNull(target), { k: 'in', expr: target, list, negated: true }), c.name);
            }
            case 'range': {
                const c = this.column(spec.column);
                const family = typeFamily(c.type);
                const bound = (value, which) => {
                    if (typeof value === 'number') {
                        if (!isNumeric(family))
                            throw new PlanError(`range: column '${c.name}' is ${c.type}, not a number, so it cannot be compared with ${which} ${value}`);
                        return param(value, 'double');
                    }
                    if (!isTemporal(family) && family !== 'text')
                        throw new PlanError(`range: column '${c.name}' is ${c.type}, so it cannot be compared with the date ${value}`);
                    const type = family === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : 'timestamp';
                    return param(value, type);
                };
                const target = typeof (spec.min ?? spec.max) === 'string' && family === 'text' ? cast(col(c.name), 'timestamp') : col(c.name);
                const outside = [];
                if (spec.min !== undefined)
                    outside.push(bin(spec.minInclusive ? '<' : '<=', target, bound(spec.min, 'min')));
                if (spec.max !== undefined)
                    outside.push(bin(spec.maxInclusive ? '>' : '>=', target, bound(spec.max, 'max')));
                const failing = outside.length === 1 ? outside[0] : bin('or', outside[0], outside[1]);
                return this.rowTest(test, alias, and(isNotNull(target), failing), c.name);
            }
            case 'regex': {
                const c = this.column(spec.column);
                const text = this.asText(c);
                return this.rowTest(test, alias, and(isNotNull(text), not({ k: 'regex', expr: text, pattern: param(spec.pattern, 'text') })), c.name);
            }
            case 'length': {
                const c = this.column(spec.column);
                const len = { k: 'length', expr: this.asText(c) };
                const outside = [];
                if (spec.min !== undefined)
                    outside.push(bin('<', len, param(spec.min, 'bigint')));
                if (spec.max !== undefined)
                    outside.push(bin('>', len, param(spec.max, 'bigint')));
                const failing = outside.length === 1 ? outside[0] : bin('or', outside[0], outside[1]);
                return this.rowTest(test, alias, and(isNotNull(col(c.name)), failing), c.name);
            }
            case 'expression': {
                const condition = this.raw(spec.expression, test.column);
                return this.rowTest(test, alias, not(condition));
            }
            case 'row_count': {
                const where = this.where(test);
                const items = where ? [{ expr: countIf(this.row(where, `__dataops_${alias}_where`)), as: `${alias}_rows` }] : [];
                return { scanItems: items, read: (row) => ({ kind: 'rowCount', rows: num0(row[where ? `${alias}_rows` : ROW_COUNT]) }) };
            }
            case 'freshness': {
                const c = this.column(spec.column);
                const family = typeFamily(c.type);
                if (!isTemporal(family) && family !== 'text')
                    throw new PlanError(`freshness: column '${c.name}' is ${c.type}, not a date or timestamp`);
                const latest = this.latestEpoch(c, this.where(test), alias);
                return {
                    scanItems: [
                        { expr: latest, as: `${alias}_latest` },
                        { expr: { k: 'epoch', expr: { k: 'now' } }, as: `${alias}_now` },
                    ],
                    read: (row) => {
                        const at = numOrNull(row[`${alias}_latest`]);
                        return { kind: 'freshness', lagSeconds: at === null ? null : num0(row[`${alias}_now`]) - at };
                    },
                };
            }
            case 'schema':
                return { metadata: { kind: 'schema', problems: this.schemaProblems(spec) } };
            case 'unique':
                return this.unique(test, spec.columns, alias);
            case 'relationships':
                return this.relationship(test, spec, alias);
            case 'sql':
                return this.customQuery(test, spec.query);
            case 'anomaly':
            case 'change_vs_baseline':
                return this.metric(test, spec.metric, alias);
        }
    }
    asText(c) {
        return typeFamily(c.type) === 'text' ? col(c.name) : cast(col(c.name), 'text');
    }
    latestEpoch(c, where, alias) {
        const value = typeFamily(c.type) === 'text' ? cast(col(c.name), 'timestamp') : col(c.name);
        const filtered = where ? when(where, value) : value;
        return { k: 'epoch', expr: agg('max', this.row(filtered, `__dataops_${alias}_latest`)) };
    }
    schemaProblems(spec) {
        const columns = this.input.columns;
        const find = (name) => columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
        const problems = [];
        for (const name of spec.required)
            if (!find(name))
                problems.push(`missing required column '${name}'`);
        for (const name of spec.forbidden)
            if (find(name))
                problems.push(`forbidden column '${name}' is present`);
        for (const [name, expected] of Object.entries(spec.types)) {
            const c = find(name);
            if (!c)
                problems.push(`column '${name}' (expected type ${expected}) does not exist`);
            else if (!typeMatches(expected, c.type))
                problems.push(`column '${c.name}' is ${c.type}, expected ${expected}`);
        }
        if (spec.forbidExtra) {
            const declared = new Set([...spec.required, ...Object.keys(spec.types), ...this.input.dataset.tests.flatMap((t) => testColumns(t.spec))].map((n) => n.toLowerCase()));
            for (const c of columns)
                if (!declared.has(c.name.toLowerCase()))
                    problems.push(`unexpected column '${c.name}' (${c.type})`);
        }
        return problems;
    }
    unique(test, names, alias) {
        const keys = names.map((n) => this.column(n).name).map((n) => this.row(col(n), n));
        const testWhere = this.where(test);
        const rowWhere = testWhere && this.row(testWhere, `__dataops_${alias}_where`);
        const where = and(rowWhere, ...keys.map((k) => isNotNull(k)));
        const groups = sql_select(this.input.relation, [...keys.map((k, i) => ({ expr: k, as: `k${i}` })), { expr: countStar(), as: 'rows' }], {
            where,
            groupBy: keys,
            having: bin('>', countStar(), sql_num(1)),
        });
        const inline = this.input.inlineSamples && this.input.sampleSize > 0;
        const counted = sql_select({ k: 'query', query: groups }, [
            { expr: countStar(), as: 'keys' },
            { expr: agg('sum', col('rows')), as: 'rows' },
            // The most duplicated keys come back with the count: no second pass for the sample.
            ...(inline
                ? [
                    {
                        expr: {
                            k: 'topBy',
                            value: { k: 'struct', fields: [...names.map((n, i) => ({ name: n, expr: col(`k${i}`) })), { name: 'rows', expr: col('rows') }] },
                            by: col('rows'),
                            n: this.input.sampleSize,
                        },
                        as: 'sample',
                    },
                ]
                : []),
        ], { as: 'duplicates' });
        const totalQuery = rowWhere && countIf(rowWhere);
        const sample = this.input.sampleSize > 0
            ? sql_select(this.input.relation, [...keys.map((k, i) => ({ expr: k, as: names[i] })), { expr: countStar(), as: 'rows' }], {
                where,
                groupBy: keys,
                having: bin('>', countStar(), sql_num(1)),
                orderBy: [{ expr: countStar(), desc: true }, ...keys.map((k) => ({ expr: k }))],
                limit: this.input.sampleSize,
            })
            : undefined;
        return {
            scanItems: totalQuery ? [{ expr: totalQuery, as: `${alias}_total` }] : undefined,
            query: counted,
            read: (scan, own) => ({
                kind: 'count',
                failing: num0(own.rows),
                total: num0(scan[totalQuery ? `${alias}_total` : ROW_COUNT]),
                detail: `${num0(own.keys)} duplicated key${num0(own.keys) === 1 ? '' : 's'}`,
            }),
            sample: inline ? undefined : sample,
            inlineSample: inline ? (own) => recordsToSample(sortedSample(own.sample, names)) : undefined,
        };
    }
    relationship(test, spec, alias) {
        const child = this.column(spec.column);
        const parent = this.input.parent(spec.to);
        if (typeof parent === 'string')
            throw new PlanError(parent);
        const parentColumn = parent.columns.find((c) => c.name === spec.field) ?? parent.columns.find((c) => c.name.toLowerCase() === spec.field.toLowerCase());
        if (!parentColumn)
            throw new PlanError(`column '${spec.field}' does not exist in ${spec.to} (columns: ${parent.columns.map((c) => c.name).join(', ')})`);
        // Keys of different kinds (text vs number) are compared as text rather than failing to bind.
        const sameKind = typeFamily(child.type) === typeFamily(parentColumn.type) || (isNumeric(typeFamily(child.type)) && isNumeric(typeFamily(parentColumn.type)));
        const childKey = sameKind ? col(child.name, 'c') : cast(col(child.name, 'c'), 'text');
        const parentKey = sameKind ? col(parentColumn.name, 'p') : cast(col(parentColumn.name, 'p'), 'text');
        this.row(col(child.name), child.name);
        const testWhere = this.where(test);
        const where = testWhere && this.row(testWhere, `__dataops_${alias}_where`);
        const orphan = and(where, isNotNull(col(child.name, 'c')), {
            k: 'exists',
            negated: true,
            query: sql_select(parent.relation, [{ expr: sql_num(1) }], { as: 'p', where: bin('=', parentKey, childKey) }),
        });
        const inline = this.input.inlineSamples && this.input.sampleSize > 0;
        // Inline samples: orphans grouped by key, so the most frequent missing keys come back with the count.
        const counted = inline
            ? sql_select({
                k: 'query',
                query: sql_select(this.input.relation, [
                    { expr: col(child.name, 'c'), as: 'value' },
                    { expr: countStar(), as: 'rows' },
                ], { as: 'c', where: orphan, groupBy: [col(child.name, 'c')] }),
            }, [
                { expr: agg('sum', col('rows')), as: 'orphans' },
                {
                    expr: {
                        k: 'topBy',
                        value: {
                            k: 'struct',
                            fields: [
                                { name: 'value', expr: col('value') },
                                { name: 'rows', expr: col('rows') },
                            ],
                        },
                        by: col('rows'),
                        n: this.input.sampleSize,
                    },
                    as: 'sample',
                },
            ], { as: 'orphans' })
            : sql_select(this.input.relation, [{ expr: countStar(), as: 'orphans' }], { as: 'c', where: orphan });
        const sample = this.input.sampleSize > 0
            ? sql_select(this.input.relation, [
                { expr: col(child.name, 'c'), as: 'value' },
                { expr: countStar(), as: 'rows' },
            ], {
                as: 'c',
                where: orphan,
                groupBy: [col(child.name, 'c')],
                orderBy: [{ expr: countStar(), desc: true }, { expr: col(child.name, 'c') }],
                limit: this.input.sampleSize,
            })
            : undefined;
        return {
            scanItems: where ? [{ expr: countIf(where), as: `${alias}_total` }] : undefined,
            query: counted,
            read: (scan, own) => ({ kind: 'count', failing: num0(own.orphans), total: num0(scan[where ? `${alias}_total` : ROW_COUNT]) }),
            sample: inline ? undefined : sample,
            inlineSample: inline ? (own) => recordsToSample(sortedSample(own.sample, ['value'])) : undefined,
        };
    }
    customQuery(test, text) {
        const query = text.trim().replace(/;+\s*$/, '');
        const declared = test.column;
        const own = this.input.fused?.source ?? this.input.relation;
        const parts = template(query, (name, arg) => {
            if (name === 'dataset' && arg === undefined)
                return own;
            if ((name === 'ref' || name === 'dataset') && arg !== undefined) {
                if (arg === this.input.dataset.name)
                    return own;
                const parent = this.input.parent(arg);
                if (typeof parent === 'string')
                    throw new PlanError(parent);
                return parent.relation;
            }
            if (name === 'column' && declared !== undefined)
                return col(this.column(declared).name);
            throw new PlanError(`unknown placeholder {{ ${name} }} in the sql test (use {{ dataset }}, {{ ref('other') }}${declared ? ' or {{ column }}' : ''})`);
        });
        if (test.where !== undefined)
            throw new PlanError("a sql test cannot have 'where'; filter inside its query");
        const rel = { k: 'rawQuery', parts };
        return {
            query: sql_select(rel, [{ expr: countStar(), as: 'failing' }], { as: 'q' }),
            read: (_scan, own) => ({ kind: 'count', failing: num0(own.failing) }),
            sample: this.input.sampleSize > 0 ? sql_select(rel, [{ expr: { k: 'star' } }], { as: 'q', limit: this.input.sampleSize }) : undefined,
        };
    }
    metric(test, metric, alias) {
        const testWhere = this.where(test);
        const where = testWhere && this.row(testWhere, `__dataops_${alias}_where`);
        const key = (0,model/* metricKey */.Cc)(metric);
        const as = `${alias}_metric`;
        if (metric.name === 'row_count') {
            return {
                metric: key,
                scanItems: where ? [{ expr: countIf(where), as }] : [],
                read: (row) => ({ kind: 'metric', value: num0(row[where ? as : ROW_COUNT]) }),
            };
        }
        const c = this.column(metric.column);
        const family = typeFamily(c.type);
        // The aggregate's argument is computed per row (once, in the CTE of a fused plan).
        const value = (expr) => this.row(testWhere ? when(testWhere, expr) : expr, `__dataops_${as}`);
        const numeric = () => {
            if (!isNumeric(family))
                throw new PlanError(`metric ${metric.name} needs a numeric column; '${c.name}' is ${c.type}`);
            return value(cast(col(c.name), 'double'));
        };
        const items = [];
        let read;
        switch (metric.name) {
            case 'null_rate': {
                items.push({ expr: countIf(this.row(and(testWhere, isNull(col(c.name))), `__dataops_${as}_nulls`)), as: `${as}_nulls` }, { expr: where ? countIf(where) : countStar(), as: `${as}_rows` });
                read = (row) => {
                    const rows = num0(row[`${as}_rows`]);
                    return { kind: 'metric', value: rows === 0 ? null : num0(row[`${as}_nulls`]) / rows };
                };
                break;
            }
            case 'distinct_count':
                items.push({ expr: agg('count', value(col(c.name)), true), as });
                read = (row) => ({ kind: 'metric', value: num0(row[as]) });
                break;
            case 'mean':
                items.push({ expr: agg('avg', numeric()), as });
                read = (row) => ({ kind: 'metric', value: numOrNull(row[as]) });
                break;
            case 'median':
                items.push({ expr: { k: 'percentile', expr: numeric(), fraction: 0.5 }, as });
                read = (row) => ({ kind: 'metric', value: numOrNull(row[as]) });
                break;
            case 'min':
            case 'max':
            case 'sum':
                items.push({ expr: agg(metric.name, numeric()), as });
                read = (row) => ({ kind: 'metric', value: numOrNull(row[as]) });
                break;
            case 'freshness_lag': {
                if (!isTemporal(family) && family !== 'text')
                    throw new PlanError(`metric freshness_lag needs a date or timestamp column; '${c.name}' is ${c.type}`);
                items.push({ expr: this.latestEpoch(c, testWhere, as), as: `${as}_latest` }, { expr: { k: 'epoch', expr: { k: 'now' } }, as: `${as}_now` });
                read = (row) => {
                    const at = numOrNull(row[`${as}_latest`]);
                    return { kind: 'metric', value: at === null ? null : num0(row[`${as}_now`]) - at };
                };
                break;
            }
        }
        return { metric: key, scanItems: items, read: read };
    }
}
/** max_by's top n in a stable order: most rows first, then by key. */
function sortedSample(records, keys) {
    if (!Array.isArray(records))
        return records;
    const cmp = (a, b) => a === b ? 0 : a === null || a === undefined ? 1 : b === null || b === undefined ? -1 : a < b ? -1 : 1;
    return [...records].sort((a, b) => Number(b.rows) - Number(a.rows) || keys.reduce((r, k) => r || cmp(a[k], b[k]), 0));
}
/** Columns a test names (for `forbid_extra`: a column some test checks is declared). */
function testColumns(spec) {
    switch (spec.type) {
        case 'unique':
            return spec.columns;
        case 'not_null':
        case 'accepted_values':
        case 'range':
        case 'regex':
        case 'length':
        case 'relationships':
        case 'freshness':
            return [spec.column];
        case 'anomaly':
        case 'change_vs_baseline':
            return spec.metric.column === undefined ? [] : [spec.metric.column];
        default:
            return [];
    }
}

;// CONCATENATED MODULE: ./shared/src/data-tests/evaluate.ts
/**
 * Turns what a test measured into its status and a one-line message: failing counts through
 * dbt's thresholds, freshness through warn_after/error_after, metrics through the anomaly score
 * or the change from the baseline run.
 */



const evaluate_fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
/** 0.0002% reads as "<0.01%", never as a misleading "0%". */
const percentText = (p) => (p > 0 && p < 0.01 ? '<0.01%' : `${evaluate_fmt(p)}%`);
function formatSeconds(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60)
        return `${s}s`;
    if (s < 3600)
        return `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
    if (s < 86400)
        return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)}m` : ''}`;
    return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600) ? ` ${Math.floor((s % 86400) / 3600)}h` : ''}`;
}
/** A severity-warn test never fails: what would fail only warns. */
function bySeverity(test, status) {
    return status === 'fail' && test.thresholds.severity === 'warn' ? 'warn' : status;
}
function evaluate(test, measure, ctx) {
    const spec = test.spec;
    switch (measure.kind) {
        case 'count': {
            const total = measure.total;
            const { status, threshold } = decide(test.thresholds, measure.failing, total);
            const percent = total ? percentOf(measure.failing, total) : undefined;
            const rows = (n) => (n === 1 ? 'row' : 'rows');
            const what = (n) => spec.type === 'sql' ? `${rows(n)} returned` : spec.type === 'relationships' ? `${rows(n)} without a match in ${spec.to}` : `failing ${rows(n)}`;
            const message = measure.failing === 0
                ? `no ${what(0)}${total !== undefined ? ` in ${evaluate_fmt(total)}` : ''}`
                : `${evaluate_fmt(measure.failing)} ${what(measure.failing)}${total ? ` of ${evaluate_fmt(total)} (${percentText(percent)})` : ''}${measure.detail ? `; ${measure.detail}` : ''}`;
            return { status, failing: measure.failing, total, failingPercent: percent, threshold, message };
        }
        case 'rowCount': {
            if (spec.type !== 'row_count')
                break;
            const outside = (spec.min !== undefined && measure.rows < spec.min) || (spec.max !== undefined && measure.rows > spec.max);
            const expected = spec.min !== undefined && spec.max !== undefined
                ? spec.min === spec.max
                    ? `exactly ${evaluate_fmt(spec.min)}`
                    : `${evaluate_fmt(spec.min)} to ${evaluate_fmt(spec.max)}`
                : spec.min !== undefined
                    ? `at least ${evaluate_fmt(spec.min)}`
                    : `at most ${evaluate_fmt(spec.max)}`;
            const { status } = decide(test.thresholds, outside ? 1 : 0);
            return { status, failing: outside ? 1 : 0, total: measure.rows, threshold: expected, message: `${evaluate_fmt(measure.rows)} rows (expected ${expected})` };
        }
        case 'freshness': {
            if (spec.type !== 'freshness')
                break;
            const parts = [
                spec.warnAfterMs !== undefined ? `warn after ${formatSeconds(spec.warnAfterMs / 1000)}` : '',
                spec.errorAfterMs !== undefined ? `error after ${formatSeconds(spec.errorAfterMs / 1000)}` : '',
            ];
            const threshold = parts.filter(Boolean).join(', ');
            if (measure.lagSeconds === null)
                return { status: bySeverity(test, 'fail'), failing: 1, threshold, message: `no rows have a value in ${spec.column}` };
            const lagMs = measure.lagSeconds * 1000;
            const status = spec.errorAfterMs !== undefined && lagMs > spec.errorAfterMs ? 'fail' : spec.warnAfterMs !== undefined && lagMs > spec.warnAfterMs ? 'warn' : 'pass';
            return {
                status: bySeverity(test, status),
                failing: status === 'pass' ? 0 : 1,
                threshold,
                message: `latest ${spec.column} is ${formatSeconds(measure.lagSeconds)} old`,
            };
        }
        case 'schema': {
            const { status, threshold } = decide(test.thresholds, measure.problems.length);
            return {
                status,
                failing: measure.problems.length,
                threshold,
                message: measure.problems.length ? measure.problems.join('; ') : 'columns and types as declared',
            };
        }
        case 'metric': {
            if (spec.type === 'anomaly')
                return anomaly(test, spec, measure.value, ctx);
            if (spec.type === 'change_vs_baseline')
                return change(test, spec, measure.value, ctx);
            break;
        }
    }
    throw new Error(`internal: ${spec.type} cannot be evaluated from a ${measure.kind} measure`);
}
function anomaly(test, spec, value, ctx) {
    const key = ctx.metric;
    const threshold = `|robust z| > ${spec.sensitivity}${spec.direction === 'both' ? '' : ` (${spec.direction})`}`;
    if (value === null)
        return { status: bySeverity(test, 'fail'), failing: 1, threshold, message: `${key} has no value (no rows)` };
    const past = ctx.history.filter((r) => typeof r.metrics[key] === 'number');
    const training = past.filter((r) => !r.anomalies.includes(key)).map((r) => r.metrics[key]);
    const score = scoreAnomaly(training, value, spec);
    const chart = past.slice(-spec.window).map((r) => ({ at: r.at, value: r.metrics[key], anomalous: r.anomalies.includes(key) }));
    const detail = {
        metric: key,
        value,
        median: score.median,
        mad: score.mad,
        score: score.score,
        historyUsed: score.used,
        minHistory: spec.minHistory,
        history: chart,
    };
    if (score.verdict === 'learning') {
        return {
            status: 'pass',
            failing: 0,
            threshold,
            message: `${key} = ${evaluate_fmt(value)}; learning (${score.used} of ${spec.minHistory} runs of history needed)`,
            anomaly: detail,
        };
    }
    const z = Number.isFinite(score.score) ? evaluate_fmt(score.score) : score.score > 0 ? '+∞' : '−∞';
    const anomalous = score.verdict === 'anomalous';
    const { status } = decide(test.thresholds, anomalous ? 1 : 0);
    return {
        status,
        failing: anomalous ? 1 : 0,
        threshold,
        message: `${key} = ${evaluate_fmt(value)} vs median ${evaluate_fmt(score.median)} of ${score.used} runs (robust z ${z})`,
        anomaly: detail,
        anomalousMetric: anomalous ? key : undefined,
    };
}
function change(test, spec, value, ctx) {
    const key = ctx.metric;
    const limits = [
        spec.maxDropPercent !== undefined ? `drop ≤ ${spec.maxDropPercent}%` : '',
        spec.maxIncreasePercent !== undefined ? `increase ≤ ${spec.maxIncreasePercent}%` : '',
    ];
    const threshold = limits.filter(Boolean).join(', ');
    const base = ctx.baseline?.record.metrics[key];
    if (value === null)
        return { status: bySeverity(test, 'fail'), failing: 1, threshold, message: `${key} has no value (no rows)` };
    if (base === undefined)
        return { status: 'pass', failing: 0, threshold, message: `${key} = ${evaluate_fmt(value)}; no baseline run yet`, baseline: { metric: key, value } };
    const changePercent = base === 0 ? (value === 0 ? 0 : Infinity * Math.sign(value)) : ((value - base) / Math.abs(base)) * 100;
    const dropped = spec.maxDropPercent !== undefined && -changePercent > spec.maxDropPercent;
    const grew = spec.maxIncreasePercent !== undefined && changePercent > spec.maxIncreasePercent;
    const { status } = decide(test.thresholds, dropped || grew ? 1 : 0);
    const sign = changePercent > 0 ? '+' : '';
    const where = ctx.baseline?.ref ? ` on ${ctx.baseline.ref}` : ' in the previous run';
    return {
        status,
        failing: dropped || grew ? 1 : 0,
        threshold,
        message: `${key} = ${evaluate_fmt(value)} vs ${evaluate_fmt(base)}${where} (${Number.isFinite(changePercent) ? `${sign}${evaluate_fmt(changePercent)}` : '∞'}%)`,
        baseline: { metric: key, value, baseline: base, changePercent: Number.isFinite(changePercent) ? changePercent : undefined, baselineRef: ctx.baseline?.ref },
    };
}
/** The column(s) a test is about, for reports. */
function testColumnLabel(test) {
    const columns = test.column !== undefined ? [test.column] : testColumns(test.spec);
    return columns.length ? columns.join(', ') : undefined;
}

;// CONCATENATED MODULE: ./shared/src/data-tests/files.ts
/**
 * File datasets: a path or glob relative to the check file's folder, expanded here (not by DuckDB)
 * so an empty glob or an unreadable file is reported by name before any query runs.
 */



class FileError extends Error {
}
const GLOB_CHARS = /[*?[\]{}]/;
async function resolveFiles(baseDir, pattern) {
    const absolute = external_node_path_default().resolve(baseDir, pattern);
    let files;
    if (!GLOB_CHARS.test(pattern)) {
        const info = await (0,promises_.stat)(absolute).catch(() => undefined);
        if (!info)
            throw new FileError(`file ${pattern} does not exist (looked in ${baseDir})`);
        if (!info.isFile())
            throw new FileError(`${pattern} is not a file`);
        files = [absolute];
    }
    else {
        files = (await glob(absolute)).sort();
        if (files.length === 0)
            throw new FileError(`path ${pattern} matched no files (relative to ${baseDir})`);
    }
    for (const file of files) {
        try {
            await (0,promises_.access)(file, external_node_fs_.constants.R_OK);
        }
        catch (err) {
            throw new FileError(`cannot read ${external_node_path_default().relative(baseDir, file) || file}: ${err.code === 'EACCES' ? 'permission denied' : err.message}`);
        }
    }
    return files;
}
async function fileRelation(baseDir, rel) {
    const paths = await resolveFiles(baseDir, rel.pattern);
    return { k: 'files', format: rel.format, paths, delimiter: rel.delimiter, header: rel.header };
}
/**
 * `*`, `?`, `[abc]`, `{a,b}` within a path segment and `**` across segments. Implemented here
 * rather than with @actions/glob, which logs through the runner's workflow commands (noise in the
 * CLI) and treats `#` and `!` specially.
 */
function globRegExp(pattern) {
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*' && pattern[i + 1] === '*') {
            const slash = pattern[i + 2] === '/';
            re += slash ? '(?:.*/)?' : '.*';
            i += slash ? 2 : 1;
        }
        else if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else if (c === '[') {
            const end = pattern.indexOf(']', i + 1);
            if (end < 0)
                re += '\\[';
            else {
                const body = pattern
                    .slice(i + 1, end)
                    .replace(/^!/, '^')
                    .replace(/\\/g, '\\\\');
                re += `[${body}]`;
                i = end;
            }
        }
        else if (c === '{') {
            const end = pattern.indexOf('}', i + 1);
            if (end < 0)
                re += '\\{';
            else {
                re += `(?:${pattern
                    .slice(i + 1, end)
                    .split(',')
                    .map((alt) => globRegExp(alt).source.slice(1, -1))
                    .join('|')})`;
                i = end;
            }
        }
        else
            re += c.replace(/[.+^$()|\\]/g, '\\$&');
    }
    return new RegExp(`^${re}$`);
}
async function glob(absolutePattern) {
    const posix = absolutePattern.split((external_node_path_default()).sep).join('/');
    const segments = posix.split('/');
    const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
    const base = segments.slice(0, firstGlob).join('/') || '/';
    const rest = segments.slice(firstGlob).join('/');
    const matcher = globRegExp(rest);
    const maxDepth = rest.includes('**') ? Infinity : segments.length - firstGlob;
    const found = [];
    const walk = async (dir, rel, depth) => {
        const entries = await (0,promises_.readdir)(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            const childRel = rel ? `${rel}/${entry.name}` : entry.name;
            const full = external_node_path_default().join(dir, entry.name);
            const info = entry.isSymbolicLink() ? await (0,promises_.stat)(full).catch(() => undefined) : entry;
            if (!info)
                continue;
            if (info.isDirectory()) {
                if (depth < maxDepth)
                    await walk(full, childRel, depth + 1);
            }
            else if (info.isFile() && matcher.test(childRel))
                found.push(full);
        }
    };
    await walk(base, '', 1);
    return found;
}

;// CONCATENATED MODULE: ./shared/src/data-tests/runner.ts
/**
 * The data-tests engine: loads a check file and runs every dataset's tests with one metadata
 * query, one aggregate scan, one query per uniqueness key / relationship / sql test, and samples
 * only for tests that did not pass. A dataset or test that cannot run becomes an error with the
 * database's message; the others still run and report. Used by the run-data-tests action, the
 * dataops-test CLI and deploy-with-rollback's data-tests health check.
 */














const noMetrics = { phase: (_name, fn) => fn(), count: () => undefined };
/** Loads the check file and runs it. Throws only when the check file itself cannot be used. */
async function runDataTests(configPath, options = {}) {
    const metrics = options.metrics ?? noMetrics;
    const config = await metrics.phase('load-config', () => loadConfig(configPath, { env: options.env, dbtSchemas: options.dbtSchemas, displayRoot: options.displayRoot ?? process.cwd() }));
    return runConfig(config, options);
}
async function runConfig(config, options = {}) {
    const started = Date.now();
    const metrics = options.metrics ?? noMetrics;
    for (const secret of config.secrets)
        options.mask?.(secret);
    const runner = new Runner(config, options);
    try {
        const selected = options.datasets ? config.datasets.filter((d) => options.datasets.includes(d.name)) : config.datasets;
        const history = await runner.loadHistory(selected, metrics);
        const datasets = [];
        await metrics.phase('scan', async () => {
            for (const [index, ds] of selected.entries()) {
                options.onProgress?.({ type: 'dataset-start', dataset: ds.name, index, total: selected.length });
                const report = await runner.dataset(ds, history.get(ds.name));
                datasets.push(report);
                if (report.rowCount !== undefined)
                    metrics.count('rows_scanned', report.rowCount);
                options.onProgress?.({ type: 'dataset-end', dataset: ds.name, index, total: selected.length, report });
            }
        });
        await runner.saveHistory(datasets, metrics);
        const counts = (0,model/* countStatuses */.ip)(datasets.flatMap((d) => d.tests));
        metrics.count('tests_passed', counts.passed);
        metrics.count('tests_failed', counts.failed);
        metrics.count('tests_warned', counts.warned);
        metrics.count('tests_errored', counts.errored);
        return {
            version: 1,
            configFile: config.file,
            startedAt: new Date(started).toISOString(),
            durationMs: Date.now() - started,
            result: (0,model/* runResult */.XS)(counts),
            counts,
            datasets,
        };
    }
    finally {
        await runner.close();
    }
}
class Runner {
    config;
    options;
    duckdb;
    postgres = new Map();
    resolved = new Map();
    anomalies = new Map();
    constructor(config, options) {
        this.config = config;
        this.options = options;
    }
    mask(text) {
        return maskSecrets(text, this.config.secrets);
    }
    async loadHistory(datasets, metrics) {
        const result = new Map();
        const store = this.options.history;
        const needs = datasets.filter((d) => d.tests.some((t) => !t.invalid && (t.spec.type === 'anomaly' || t.spec.type === 'change_vs_baseline')));
        if (!store || needs.length === 0)
            return result;
        await metrics.phase('history', async () => {
            for (const ds of needs)
                result.set(ds.name, { records: await store.load(ds.name), baseline: await store.baseline(ds.name) });
        });
        return result;
    }
    async saveHistory(reports, metrics) {
        const store = this.options.history;
        const scanned = reports.filter((r) => r.rowCount !== undefined);
        if (!store || scanned.length === 0)
            return;
        await metrics.phase('history', async () => {
            for (const report of scanned) {
                await store.append(report.name, {
                    at: new Date().toISOString(),
                    runId: this.options.run?.id,
                    sha: this.options.run?.sha,
                    ref: this.options.run?.ref,
                    metrics: report.metrics,
                    anomalies: this.anomalies.get(report.name) ?? [],
                });
            }
        });
    }
    engineFor(ds) {
        if (ds.relation.kind === 'files') {
            return {
                key: 'duckdb',
                open: () => {
                    this.duckdb ??= (async () => {
                        const api = await loadDuckDB(this.options.duckdb);
                        return DuckDBEngine.open(api, { tempDirectory: external_node_path_default().join(process.env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'dataops-duckdb'), ...this.options.duckdb });
                    })();
                    return this.duckdb;
                },
            };
        }
        const source = this.config.sources[ds.source];
        return {
            key: `postgres:${source.name}`,
            open: async () => {
                let engine = this.postgres.get(source.name);
                if (!engine) {
                    engine = new PostgresEngine({ url: source.url, ...this.options.postgres });
                    this.postgres.set(source.name, engine);
                }
                return engine;
            },
        };
    }
    /** The dataset's relation and columns (its one metadata query), shared when a relationship needs it again. */
    resolve(ds) {
        let pending = this.resolved.get(ds.name);
        if (!pending) {
            pending = (async () => {
                if (ds.invalid)
                    throw new Error(ds.invalid);
                const { key, open } = this.engineFor(ds);
                const relation = ds.relation.kind === 'files' ? await fileRelation(this.config.baseDir, ds.relation) : { k: 'table', parts: ds.relation.parts };
                const engine = await open();
                const columns = await engine.describe(relation);
                return { engine, engineKey: key, relation, columns };
            })();
            this.resolved.set(ds.name, pending);
        }
        return pending;
    }
    /** Datasets a test reads besides its own (relationships, `{{ ref('x') }}` in sql tests). */
    references(ds) {
        const names = new Set();
        for (const test of ds.tests) {
            if (test.invalid)
                continue;
            if (test.spec.type === 'relationships')
                names.add(test.spec.to);
            if (test.spec.type === 'sql') {
                template(test.spec.query, (name, arg) => {
                    if ((name === 'ref' || name === 'dataset') && arg !== undefined && arg !== ds.name)
                        names.add(arg);
                    return '';
                });
            }
        }
        return [...names];
    }
    relationLabel(ds) {
        return ds.relation.kind === 'files' ? ds.relation.pattern : `${ds.source}:${ds.relation.parts.join('.')}`;
    }
    async dataset(ds, history) {
        const started = Date.now();
        const report = {
            name: ds.name,
            engine: ds.invalid ? 'none' : ds.relation.kind === 'files' ? 'duckdb' : 'postgres',
            relation: this.relationLabel(ds),
            location: ds.location,
            durationMs: 0,
            tests: [],
            metrics: {},
        };
        const finish = () => ((report.durationMs = Date.now() - started), report);
        let resolved;
        try {
            resolved = await this.resolve(ds);
        }
        catch (err) {
            report.error = this.mask((0,src_errors/* errorMessage */.gJ)(err));
            report.tests = ds.tests.map((t) => this.errored(t, t.invalid ?? report.error));
            return finish();
        }
        const parents = new Map();
        for (const name of this.references(ds)) {
            const other = this.config.datasets.find((d) => d.name === name);
            if (!other) {
                parents.set(name, `no dataset named '${name}'`);
                continue;
            }
            try {
                const r = await this.resolve(other);
                parents.set(name, r.engineKey === resolved.engineKey
                    ? { relation: r.relation, columns: r.columns }
                    : `${name} is read by ${r.engineKey.replace(':', ' source ')} and ${ds.name} by ${resolved.engineKey.replace(':', ' source ')}; a test across them needs both in one database`);
            }
            catch (err) {
                parents.set(name, `${name} cannot be read: ${this.mask((0,src_errors/* errorMessage */.gJ)(err))}`);
            }
        }
        const planInput = {
            dataset: ds,
            relation: resolved.relation,
            columns: resolved.columns,
            parent: (name) => parents.get(name) ?? `no dataset named '${name}'`,
            sampleSize: this.options.sampleSize ?? 5,
            inlineSamples: resolved.engine.dialect.inlineSamples,
        };
        // Text files on DuckDB are read once (every further pass would parse the file again); anything
        // that goes wrong there falls back to the plan with separate queries, which narrows errors down.
        const fused = this.fusable(resolved)
            ? await this.runFused(resolved.engine, planDataset({ ...planInput, fused: { source: resolved.relation } }))
            : undefined;
        const plan = fused?.plan ?? planDataset(planInput);
        const errors = new Map();
        for (const p of plan.tests)
            if (p.error)
                errors.set(p, this.mask(p.error));
        let scanRow = fused?.scan ?? {};
        const ownRows = fused?.own ?? new Map();
        if (!fused) {
            // One aggregate scan for everything row-level; a failure is narrowed down to the tests causing it.
            const needScan = plan.tests.filter((p) => !errors.has(p) && p.read);
            if (needScan.length)
                scanRow = (await this.scan(resolved.engine, plan.scan.bind(plan), needScan, errors)) ?? {};
        }
        if (scanRow[ROW_COUNT] !== undefined) {
            report.rowCount = Number(scanRow[ROW_COUNT]);
            report.metrics.row_count = report.rowCount;
        }
        const measures = new Map();
        for (const p of plan.tests) {
            if (errors.has(p))
                continue;
            if (p.metadata) {
                measures.set(p, p.metadata);
                continue;
            }
            if (!p.read)
                continue;
            if (p.query && !ownRows.has(p)) {
                try {
                    ownRows.set(p, rowObject(await resolved.engine.run(p.query)));
                }
                catch (err) {
                    errors.set(p, this.mask((0,src_errors/* errorMessage */.gJ)(err)));
                    continue;
                }
            }
            measures.set(p, p.read(scanRow, ownRows.get(p) ?? {}));
        }
        const anomalies = [];
        const needSamples = [];
        for (const p of plan.tests) {
            const error = errors.get(p);
            if (error !== undefined) {
                report.tests.push(this.errored(p.test, error));
                continue;
            }
            const measure = measures.get(p);
            if (!measure) {
                report.tests.push(this.errored(p.test, 'internal: the test produced no measurement'));
                continue;
            }
            if (p.metric && measure.kind === 'metric' && measure.value !== null)
                report.metrics[p.metric] = measure.value;
            const evaluation = evaluate(p.test, measure, { history: history?.records ?? [], baseline: history?.baseline, metric: p.metric });
            if (evaluation.anomalousMetric)
                anomalies.push(evaluation.anomalousMetric);
            const test = this.reported(p.test, evaluation);
            if (test.status !== 'pass')
                needSamples.push({ plan: p, test });
            report.tests.push(test);
        }
        await this.samples(resolved.engine, plan, needSamples, ownRows, fused?.samples);
        this.anomalies.set(ds.name, anomalies);
        return finish();
    }
    fusable(resolved) {
        const rel = resolved.relation;
        return resolved.engine.dialect.inlineSamples && rel.k === 'files' && rel.format !== 'parquet';
    }
    /** The fused statement; undefined when it fails (the caller falls back to separate queries). */
    async runFused(engine, plan) {
        const runnable = plan.tests.filter((p) => !p.error && p.read);
        if (runnable.length === 0)
            return undefined;
        try {
            const { query, read } = plan.fused(runnable);
            return { plan, ...read(rowObject(await engine.run(query))) };
        }
        catch {
            return undefined;
        }
    }
    /**
     * Samples of failing values, only for tests that did not pass: inline ones came back with the
     * test's own query, or with the fused statement; with inline samples the other row-level ones
     * come from ONE extra statement; else one bounded query each.
     */
    async samples(engine, plan, wanted, ownRows, fusedSamples) {
        const batch = [];
        for (const item of wanted) {
            if (item.plan.inlineSample)
                item.test.sample = item.plan.inlineSample(ownRows.get(item.plan) ?? {});
            else if (fusedSamples?.has(item.plan))
                item.test.sample = truncateSample(fusedSamples.get(item.plan));
            else if (item.plan.sample)
                item.test.sample = await this.sample(engine, item.plan.sample);
            else if (item.plan.rowSample && engine.dialect.inlineSamples)
                batch.push(item);
        }
        if (batch.length === 0)
            return;
        const { query, read } = plan.samples(batch.map((b) => b.plan));
        try {
            const samples = read(rowObject(await engine.run(query)));
            batch.forEach((b, i) => (b.test.sample = truncateSample(samples[i])));
        }
        catch {
            // A sample is a courtesy; the results stand without it.
        }
    }
    /**
     * Runs the combined scan. When it fails, each test's aggregates are tried on an empty input
     * (binder errors: unknown column in an expression, bad SQL, type mismatch), the culprits are set
     * aside with their error, and the scan runs again without them. If it still fails (a runtime
     * error such as a corrupt file), every remaining test carries the error.
     */
    async scan(engine, build, plans, errors) {
        try {
            return rowObject(await engine.run(build(plans)));
        }
        catch (first) {
            const empty = (q) => ({
                ...q,
                from: { rel: { k: 'query', query: sql_select(q.from.rel, [{ expr: { k: 'star' } }], { limit: 0 }) }, as: 'empty' },
            });
            const remaining = [];
            for (const p of plans) {
                if (!p.scanItems?.length) {
                    remaining.push(p);
                    continue;
                }
                try {
                    await engine.run(empty(build([p])));
                    remaining.push(p);
                }
                catch (err) {
                    errors.set(p, this.mask((0,src_errors/* errorMessage */.gJ)(err)));
                }
            }
            if (remaining.length === plans.length) {
                for (const p of plans)
                    errors.set(p, this.mask((0,src_errors/* errorMessage */.gJ)(first)));
                return undefined;
            }
            if (remaining.length === 0)
                return undefined;
            try {
                return rowObject(await engine.run(build(remaining)));
            }
            catch (again) {
                for (const p of remaining)
                    errors.set(p, this.mask((0,src_errors/* errorMessage */.gJ)(again)));
                return undefined;
            }
        }
    }
    async sample(engine, query) {
        try {
            const result = await engine.run(query);
            return truncateSample({ columns: result.columns, rows: result.rows });
        }
        catch {
            return undefined; // a sample is a courtesy; the test's result stands without it
        }
    }
    base(test) {
        return { id: test.id, name: test.name, type: test.spec.type, column: testColumnLabel(test), severity: test.thresholds.severity, location: test.location };
    }
    errored(test, error) {
        const message = this.mask(error);
        return { ...this.base(test), status: 'error', threshold: '', message, error: message };
    }
    reported(test, e) {
        const { anomalousMetric, ...fields } = e;
        void anomalousMetric;
        return { ...this.base(test), ...fields };
    }
    async close() {
        const engines = [...this.postgres.values()];
        if (this.duckdb)
            engines.push(this.duckdb);
        for (const e of engines)
            await Promise.resolve(e)
                .then((engine) => engine.close())
                .catch(() => undefined);
    }
}
function truncateSample(sample) {
    if (!sample)
        return undefined;
    return { columns: sample.columns, rows: sample.rows.map((r) => r.map((v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 197)}...` : v))) };
}
/** `file:line:col: dataset 'x', test 'y': message` — the one-line form for logs and errors. */
function describeProblem(dataset, test) {
    return `${formatLocation(test.location)}: dataset '${dataset}', test '${test.name}': ${test.message}`;
}

;// CONCATENATED MODULE: ./shared/src/data-tests/action-run.ts
/**
 * The run-data-tests action around the engine: history restored from (and saved to) the Actions
 * cache, a folder or a PostgreSQL table, the run itself, then every report from the one result:
 * log table, job summary, annotations, JUnit XML, JSON report and the optional sticky PR comment.
 */





















const branchOf = (ref) => ref.replace(/^refs\/heads\//, '').replace(/^refs\/tags\//, 'tag:');
async function runDataTestsAction(settings, metrics) {
    const ctx = runContext();
    const pr = pullRequest(ctx);
    const config = await metrics.phase('load-config', () => config_loadConfig(settings.configPath, { dbtSchemas: settings.dbtSchemas, displayRoot: settings.workspace }));
    for (const secret of config.secrets)
        core/* setSecret */.Pq(secret);
    const unknown = settings.datasets.filter((d) => !config.datasets.some((ds) => ds.name === d));
    if (unknown.length)
        throw new src_errors/* ActionError */.lZ(`Input 'datasets' names ${unknown.join(', ')}, not in ${config.file} (datasets: ${config.datasets.map((d) => d.name).join(', ')})`);
    const selected = settings.datasets.length ? settings.datasets : config.datasets.map((d) => d.name);
    // History: restored before the run, saved after it (cache), or read and appended in place (path, table).
    let history;
    let scope;
    let table;
    const branch = pr ? pr.headRef : branchOf(ctx.ref);
    const defaultBranch = settings.defaultBranch ?? ctx.payload.repository?.default_branch;
    if (settings.history === 'cache') {
        scope = {
            branch,
            defaultBranch,
            baseBranch: pr?.baseRef,
            runId: ctx.runId || String(Date.now()),
            runAttempt: ctx.runAttempt,
            configKey: (0,external_node_crypto_.createHash)('sha256').update(displayPath(settings.configPath, settings.workspace)).digest('hex'),
        };
        const baselineDir = external_node_path_default().join(process.env.RUNNER_TEMP || localHistoryDir(), 'dataops-tests-baseline');
        const cacheScope = scope;
        const restored = await metrics.phase('history', () => restoreHistoryFromCache(selected, cacheScope, pr ? baselineDir : undefined));
        core/* info */.pq(`History restored for ${restored.restored} of ${selected.length} dataset(s)${pr ? `; base branch ${pr.baseRef} baselines for ${restored.baselines}` : ''}`);
        history = new FileHistory(localHistoryDir(), pr ? { baselineDir, baselineRef: pr.baseRef } : {});
    }
    else if (settings.history === 'path') {
        history = new FileHistory(settings.historyPath);
    }
    else if (settings.history === 'table') {
        const name = settings.historyTable;
        table = tableHistoryFor(config, name, "Input 'history-table'", { branch, defaultBranch, baseBranch: pr?.baseRef, warn: (m) => core/* warning */.$e(m) });
        (0,log/* infoUntrusted */.z7)(`History in table ${name.value}: branch ${branch}${defaultBranch && defaultBranch !== branch ? ` (starting from ${defaultBranch})` : ''}${pr ? `, baselines from ${pr.baseRef}` : ''}`);
        history = table;
    }
    let report;
    try {
        report = await runConfig(config, {
            displayRoot: settings.workspace,
            sampleSize: settings.sampleSize,
            history,
            datasets: settings.datasets.length ? settings.datasets : undefined,
            duckdb: { memoryLimit: settings.duckdbMemoryLimit, actionsCache: true, log: (m) => (0,log/* infoUntrusted */.z7)(m) },
            metrics,
            mask: (s) => core/* setSecret */.Pq(s),
            run: { id: ctx.runId, sha: ctx.sha, ref: branch },
            onProgress: (e) => {
                if (e.type === 'dataset-start')
                    (0,log/* infoUntrusted */.z7)(`Testing ${e.dataset} (${e.index + 1}/${e.total})`);
            },
        });
    }
    finally {
        await table?.close();
    }
    if (table && !table.failed)
        (0,log/* infoUntrusted */.z7)(`History saved for ${table.saved} dataset(s) in table ${settings.historyTable.value}`);
    if (scope) {
        const cacheScope = scope;
        await metrics.phase('history', async () => {
            const saved = await saveHistoryToCache(selected, cacheScope);
            core/* info */.pq(`History saved for ${saved} dataset(s)`);
        });
    }
    let commentUrl;
    let commentFailure;
    await metrics.phase('report', async () => {
        (0,log/* logUntrusted */.ts)(reportText(report, { color: true }));
        annotateReport(report, (level, message, props) => (level === 'error' ? core/* error */.z3(message, props) : core/* warning */.$e(message, props)));
        await writeJsonReport(report, settings.reportPath);
        core/* info */.pq(`JSON report: ${settings.reportPath}`);
        if (settings.junitPath) {
            await writeJUnit(report, settings.junitPath);
            core/* info */.pq(`JUnit report: ${settings.junitPath}`);
        }
        await appendSummary(summaryMarkdown(report));
        if (settings.comment) {
            if (!pr)
                core/* info */.pq('No pull request in this event: the results are in the job summary only.');
            else {
                try {
                    const octokit = githubClient(settings.token);
                    const body = summaryMarkdown(report, { compact: true, detailsUrl: summaryLink(ctx.runUrl) });
                    const target = { owner: ctx.owner, repo: ctx.repo, issueNumber: pr.number, kind: 'data-tests', key: config.file };
                    const result = await upsertStickyComment(octokit, target, body, `see the [job summary](${summaryLink(ctx.runUrl)}) for the full report.`);
                    commentUrl = result.url;
                    core/* info */.pq(`${result.created ? 'Created' : 'Updated'} the pull request comment: ${result.url}`);
                }
                catch (err) {
                    // Forks and Dependabot get a read-only token by design: the summary has everything.
                    const denied = isPermissionError(err) || isPermissionError(err?.cause);
                    if (denied && (pr.fromFork || ctx.actor === 'dependabot[bot]')) {
                        core/* warning */.$e(`Could not comment on the pull request: this pull request's token is read-only (a fork or Dependabot). The results are in the job summary. (${(0,src_errors/* errorMessage */.gJ)(err)})`);
                    }
                    else {
                        commentFailure = `Could not comment on the pull request: ${(0,src_errors/* errorMessage */.gJ)(err)}${err instanceof src_errors/* ActionError */.lZ && err.hint ? `\n${err.hint}` : ''}`;
                    }
                }
            }
        }
    });
    if (settings.alertWebhookUrl && (0,model/* shouldFail */.W9)(report.result, settings.alertOn))
        await action_run_alert(settings.alertWebhookUrl, report, ctx.runUrl);
    const failures = [(0,model/* shouldFail */.W9)(report.result, settings.failOn) ? `${headline(report)} (fail-on: ${settings.failOn})` : undefined, commentFailure].filter((f) => f !== undefined);
    return { report, commentUrl, failure: failures.length ? failures.join('\n') : undefined };
}
/** The failing tests, one line each, to a chat webhook. Never throws (sendAlert warns instead). */
async function action_run_alert(webhookUrl, report, runUrl) {
    const bad = report.datasets.flatMap((d) => d.tests.filter((t) => t.status !== 'pass').map((t) => `${t.status.toUpperCase()} ${d.name}: ${t.name}: ${t.message}`));
    const shown = bad.slice(0, 15);
    await (0,alerts/* sendAlert */.LM)(webhookUrl, {
        title: `${headline(report)} (${report.configFile})`,
        text: `${shown.join('\n')}${bad.length > shown.length ? `\n… and ${bad.length - shown.length} more` : ''}`,
        severity: report.result === 'fail' ? 'error' : 'warning',
        fields: { Failed: report.counts.failed, Errored: report.counts.errored, Warned: report.counts.warned, Passed: report.counts.passed },
        runUrl,
        action: 'run-data-tests',
    });
}


/***/ })

};
