export const id = 349;
export const ids = [349];
export const modules = {

/***/ 89349:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runStep: () => (/* binding */ runStep)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(33838);
// EXTERNAL MODULE: ./shared/src/errors.ts
var errors = __webpack_require__(33904);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./shared/src/debug-log.ts
/**
 * Structured debug lines (`event key=value ...`, logfmt style) through the runner's debug channel:
 * shown only when the run has debug logging on (the `ACTIONS_STEP_DEBUG` secret or variable, or
 * "re-run with debug logging"; the runner then sets RUNNER_DEBUG=1). Fields may be given as a
 * function so nothing is computed when debug is off.
 */

const isDebug = () => core.isDebug();
/** A value as one logfmt token: bare when simple, JSON-quoted otherwise (never a line break). */
function formatValue(value) {
    if (value === undefined)
        return 'undefined';
    if (typeof value === 'number' || typeof value === 'boolean' || value === null)
        return String(value);
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    return /^[\w.:/@+-]+$/.test(text) ? text : JSON.stringify(text);
}
function formatFields(event, fields = {}) {
    const pairs = Object.entries(fields).map(([k, v]) => `${k}=${formatValue(v)}`);
    return [event, ...pairs].join(' ');
}
/** Logs `event key=value ...` when debug logging is on. */
function debug(event, fields) {
    if (!lib_core/* isDebug */._o())
        return;
    lib_core/* debug */.Yz(formatFields(event, typeof fields === 'function' ? fields() : fields));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./shared/src/log.ts
/**
 * Logging of untrusted text. Anything that came from outside the action (tool output, file
 * contents, API data) is printed between `::stop-commands::` markers so a line such as
 * `::add-mask::` or `::set-output` inside it is shown, not executed by the runner.
 */


function logUntrusted(text, write = (s) => process.stdout.write(s)) {
    if (text === '')
        return;
    const token = `dataops-${randomUUID()}`;
    write(`::stop-commands::${token}\n`);
    write(text.endsWith('\n') ? text : `${text}\n`);
    write(`::${token}::\n`);
}
/**
 * One info line that quotes untrusted values (module paths, dataset names): its line breaks are
 * shown as ⏎ so it stays one line, and it is printed with commands stopped, because the runner
 * also runs a `##[command]` found in the middle of a plain line.
 */
function infoUntrusted(line, write) {
    logUntrusted(line.replace(/\r\n|\r|\n/g, '⏎'), write);
}
/** Runs fn with workflow commands disabled for everything it prints to stdout. */
async function withCommandsStopped(fn) {
    const token = `dataops-${randomUUID()}`;
    process.stdout.write(`::stop-commands::${token}\n`);
    try {
        return await fn();
    }
    finally {
        process.stdout.write(`::${token}::\n`);
    }
}
/** Runs fn inside a collapsible log group named for the phase, and logs how long it took. */
async function phase(name, fn) {
    const started = performance.now();
    core.startGroup(name);
    try {
        return await fn();
    }
    finally {
        core.endGroup();
        core.info(`${name}: ${formatMs(performance.now() - started)}`);
    }
}
function formatMs(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

;// CONCATENATED MODULE: ./shared/src/metrics.ts
/**
 * The metrics recorder every action uses: phases with durations (each also a collapsible log
 * group with a one-line summary), counters, and the run's outcome. `finishMetrics` writes the
 * `metrics` output and one JSON line to `$RUNNER_TEMP/dataops-metrics.jsonl`; exporters
 * (Pushgateway, OpenTelemetry) hang off the same record.
 */





class Metrics {
    action;
    version;
    phases = [];
    counters = {};
    outcome = 'success';
    started = performance.now();
    startedAt = new Date();
    /** Phases inside phases: the runner cannot nest log groups, so only the outermost opens one. */
    depth = 0;
    constructor(action, version = process.env.GITHUB_ACTION_REF || 'dev') {
        this.action = action;
        this.version = version;
    }
    /** Runs one phase of the action inside a log group, timing it whether it succeeds or throws. */
    async phase(name, fn) {
        const startedAt = new Date().toISOString();
        const t0 = performance.now();
        const outermost = this.depth === 0;
        let ok = false;
        if (outermost)
            lib_core/* startGroup */.Oh(name);
        this.depth++;
        debug('phase.start', { action: this.action, phase: name });
        try {
            const result = await fn();
            ok = true;
            return result;
        }
        finally {
            this.depth--;
            if (outermost)
                lib_core/* endGroup */.N4();
            const durationMs = performance.now() - t0;
            this.phases.push({ name, startedAt, durationMs, ok });
            debug('phase.end', { action: this.action, phase: name, ok, duration_ms: Math.round(durationMs) });
            lib_core/* info */.pq(`${outermost ? '' : '  '}${ok ? '✓' : '✗'} ${name} (${formatMs(durationMs)})`);
        }
    }
    /** Adds to a counter (rows scanned, resources changed, retries). Names are snake_case. */
    count(name, delta = 1) {
        // Counters only go up; a bad delta must not poison the totals (nor fail the action).
        if (!Number.isFinite(delta) || delta < 0) {
            debug('counter.ignored', { action: this.action, counter: name, delta: String(delta) });
            return;
        }
        this.counters[name] = (this.counters[name] ?? 0) + delta;
        debug('counter', { action: this.action, counter: name, delta, total: this.counters[name] });
    }
    record(env = process.env) {
        return {
            action: this.action,
            version: this.version,
            outcome: this.outcome,
            startedAt: this.startedAt.toISOString(),
            durationMs: performance.now() - this.started,
            phases: this.phases,
            counters: this.counters,
            repository: env.GITHUB_REPOSITORY ?? '',
            workflow: env.GITHUB_WORKFLOW ?? '',
            job: env.GITHUB_JOB ?? '',
            runId: env.GITHUB_RUN_ID ?? '',
            runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
            ref: env.GITHUB_REF ?? '',
            sha: env.GITHUB_SHA ?? '',
        };
    }
}
const METRICS_FILE = 'dataops-metrics.jsonl';
/** One line for the log: outcome, total time and each phase's time. */
function summaryLine(record) {
    const phases = record.phases.map((p) => `${p.name} ${formatMs(p.durationMs)}${p.ok ? '' : ' ✗'}`).join(', ');
    return `${record.action}: ${record.outcome} in ${formatMs(record.durationMs)}${phases ? ` (${phases})` : ''}`;
}
/** Writes the `metrics` output and appends the run to the metrics file. Never throws. */
function finishMetrics(metrics) {
    const record = metrics.record();
    try {
        lib_core/* info */.pq(summaryLine(record));
        debug('metrics', () => ({ record }));
        lib_core/* setOutput */.uH('metrics', JSON.stringify(record));
        const dir = process.env.RUNNER_TEMP;
        if (dir) {
            (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
            (0,external_node_fs_.appendFileSync)(external_node_path_.join(dir, METRICS_FILE), `${JSON.stringify(record)}\n`);
        }
    }
    catch (err) {
        lib_core/* warning */.$e(`Could not write metrics: ${err.message}`);
    }
    return record;
}

// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(44942);
// EXTERNAL MODULE: ./shared/src/http-body.ts
var http_body = __webpack_require__(75680);
// EXTERNAL MODULE: ./shared/src/retry.ts + 1 modules
var retry = __webpack_require__(38189);
;// CONCATENATED MODULE: ./shared/src/http-send.ts
/**
 * Sends one small request body (a webhook message, a metrics push) with retries: 5xx, 408, 429
 * and network errors are retried with backoff, honouring Retry-After; other 4xx are not. Errors
 * name a caller-chosen label, never the URL, because webhook URLs carry their secret in the path.
 */




class HttpSendError extends errors/* ActionError */.lZ {
    label;
    status;
    retryAfterMs;
    responseText;
    constructor(label, status, retryAfterMs, responseText = '') {
        super(`HTTP ${status} from ${label}${responseText ? `: ${responseText}` : ''}`);
        this.label = label;
        this.status = status;
        this.retryAfterMs = retryAfterMs;
        this.responseText = responseText;
        this.name = 'HttpSendError';
    }
}
/** Retry-After as delay-seconds or an HTTP-date; undefined when absent or unreadable. */
function parseRetryAfter(value, now = Date.now()) {
    const v = (Array.isArray(value) ? value[0] : value)?.trim();
    if (!v)
        return undefined;
    if (/^\d+$/.test(v))
        return Number(v) * 1000;
    const date = Date.parse(v);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
function isRetryable(err) {
    if (err instanceof HttpSendError)
        return err.status >= 500 || err.status === 429 || err.status === 408;
    return true;
}
/** Credentials in the URL (https://user:pass@host) become a Basic Authorization header. */
function splitCredentials(url) {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password)
        return { url };
    const user = decodeURIComponent(parsed.username);
    const pass = decodeURIComponent(parsed.password);
    parsed.username = '';
    parsed.password = '';
    return { url: parsed.toString(), authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}
async function sendWithRetries(options) {
    const { attempts = 4, timeoutMs = 10_000, maxDelayMs = 30_000 } = options;
    const { url, authorization } = splitCredentials(options.url);
    const headers = { ...options.headers, ...(authorization ? { authorization } : {}) };
    return (0,retry/* withRetries */.L)(async (attempt) => {
        options.onAttempt?.(attempt);
        const client = new lib/* HttpClient */.Qq('dataops-actions', [], { socketTimeout: timeoutMs, allowRetries: false, maxRetries: 0, allowRedirects: false });
        try {
            let res;
            try {
                res = await client.request(options.method, url, options.body ?? null, headers);
            }
            catch (err) {
                // Node's messages may quote the request path; report only the kind of failure.
                const code = err.code;
                const timedOut = err.message?.startsWith('Request timeout');
                throw new Error(`${options.label} unreachable (${code ?? (timedOut ? `no response within ${timeoutMs} ms` : 'network error')})`, { cause: err });
            }
            const status = res.message.statusCode ?? 0;
            const body = (await (0,http_body/* readResponseBody */.O)(res.message, options.label)).toString('utf8');
            if (status < 200 || status >= 300) {
                // The response is untrusted: one line, so nothing in it can start a workflow command.
                const excerpt = body.replace(/\s+/g, ' ').trim().slice(0, 200);
                throw new HttpSendError(options.label, status, parseRetryAfter(res.message.headers['retry-after']), excerpt);
            }
            return { status, body, attempts: attempt };
        }
        finally {
            client.dispose();
        }
    }, {
        attempts,
        maxDelayMs,
        shouldRetry: isRetryable,
        retryAfterMs: (err) => (err instanceof HttpSendError ? err.retryAfterMs : undefined),
        label: options.label,
    });
}

;// CONCATENATED MODULE: ./shared/src/pushgateway.ts
/**
 * Pushes a run's metrics to a Prometheus Pushgateway in the text exposition format 0.0.4.
 *
 * One group per (repository, workflow, action) under job `dataops_actions`. The Pushgateway is a
 * cache, not an aggregator: a push replaces the group. So that counters still count runs, the
 * group's previous counter values are read back (GET /api/v1/metrics) and this run's increments
 * added before the group is replaced with PUT (which also drops gauges of phases that did not run
 * this time). Gauges describe the last run. Concurrent runs of one group may lose an increment:
 * the Pushgateway offers no atomic add. A failed push is a warning and never fails the step.
 */



const PUSHGATEWAY_JOB = 'dataops_actions';
const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const CoreMetric = {
    Runs: 'dataops_action_runs_total',
    Duration: 'dataops_action_duration_seconds',
    LastRun: 'dataops_action_last_run_timestamp_seconds',
    LastSuccess: 'dataops_action_last_success_timestamp_seconds',
    ConsecutiveFailures: 'dataops_action_consecutive_failures',
    LastRunCount: 'dataops_action_last_run_count',
    Info: 'dataops_action_info',
};
/** The phase label value of the whole run's duration. */
const TOTAL_PHASE = 'total';
/** The labels of the grouping key, in URL order. */
function groupingLabels(record) {
    return { repository: record.repository, workflow: record.workflow, action: record.action };
}
/** `name/value` path segments; values with `/` (or empty ones) use the `@base64` form, URL-safe alphabet. */
function groupingPath(job, labels) {
    const segment = (name, value) => value === '' || value.includes('/')
        ? `${name}@base64/${value === '' ? '=' : Buffer.from(value, 'utf8').toString('base64url')}`
        : `${name}/${encodeURIComponent(value)}`;
    return ['metrics', segment('job', job), ...Object.entries(labels).map(([k, v]) => segment(k, v))].join('/');
}
/** Any string as a valid metric-name part: lowercase, [a-z0-9_], not starting with a digit. */
function metricNamePart(text) {
    const part = text
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, '_')
        .replace(/_+/g, '_')
        .replace(/^_|_$/g, '');
    return /^[0-9]/.test(part) ? `_${part}` : part;
}
/** `dataops_<action>_<counter>_total`, e.g. dataops_run_data_tests_tests_failed_total. */
function counterMetricName(action, counter) {
    const base = `dataops_${metricNamePart(action)}_${metricNamePart(counter)}`;
    return base.endsWith('_total') ? base : `${base}_total`;
}
const escapeLabelValue = (v) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
function pushgateway_formatValue(value) {
    if (Number.isNaN(value))
        return 'NaN';
    if (value === Infinity)
        return '+Inf';
    if (value === -Infinity)
        return '-Inf';
    return String(value);
}
/** Renders families in the text exposition format 0.0.4 (HELP and TYPE before each family's samples). */
function renderExposition(families) {
    const lines = [];
    for (const family of families) {
        if (family.samples.length === 0)
            continue;
        lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
        for (const sample of family.samples) {
            const labels = Object.entries(sample.labels)
                .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
                .join(',');
            lines.push(`${family.name}${labels ? `{${labels}}` : ''} ${pushgateway_formatValue(sample.value)}`);
        }
    }
    return lines.length ? `${lines.join('\n')}\n` : '';
}
const EMPTY_GROUP = { counters: new Map(), consecutiveFailures: 0 };
/** A series key independent of label order. */
function seriesKey(name, labels) {
    return `${name}{${Object.keys(labels)
        .sort()
        .map((k) => `${k}=${JSON.stringify(labels[k])}`)
        .join(',')}}`;
}
/** Picks this group out of the Pushgateway's /api/v1/metrics answer. Unknown shapes count as empty. */
function parsePreviousGroup(json, grouping) {
    const result = { counters: new Map(), consecutiveFailures: 0 };
    let groups;
    try {
        groups = JSON.parse(json).data ?? [];
    }
    catch {
        return result;
    }
    const wanted = { job: PUSHGATEWAY_JOB, ...grouping };
    const group = groups.find((g) => {
        const labels = g.labels ?? {};
        return Object.keys(labels).length === Object.keys(wanted).length && Object.entries(wanted).every(([k, v]) => (labels[k] ?? '') === v);
    });
    if (!group)
        return result;
    const dropped = new Set(['instance', ...Object.keys(wanted)]);
    for (const [name, family] of Object.entries(group)) {
        if (!name.startsWith('dataops_') || typeof family !== 'object' || family === null)
            continue;
        const { type, metrics = [] } = family;
        for (const m of metrics) {
            const value = Number(m.value);
            if (!Number.isFinite(value))
                continue;
            const labels = Object.fromEntries(Object.entries(m.labels ?? {}).filter(([k]) => !dropped.has(k)));
            if (type === 'COUNTER')
                result.counters.set(seriesKey(name, labels), { name, labels, value });
            else if (name === CoreMetric.ConsecutiveFailures)
                result.consecutiveFailures = value;
            else if (name === CoreMetric.LastSuccess)
                result.lastSuccess = value;
        }
    }
    return result;
}
/** The families pushed for one run, counters continued from the group's previous values. */
function buildFamilies(record, previous = EMPTY_GROUP) {
    const coreNames = new Set(Object.values(CoreMetric));
    const finishedAt = (Date.parse(record.startedAt) + record.durationMs) / 1000;
    const ok = record.outcome === 'success';
    // Counters: every series the group already had keeps counting, plus this run's increments.
    const counters = new Map();
    for (const [key, series] of previous.counters)
        counters.set(key, { ...series });
    const add = (name, labels, delta) => {
        const key = seriesKey(name, labels);
        const series = counters.get(key) ?? { name, labels, value: 0 };
        series.value += delta;
        counters.set(key, series);
    };
    for (const outcome of ['success', 'failure'])
        add(CoreMetric.Runs, { outcome }, outcome === record.outcome ? 1 : 0);
    for (const [counter, delta] of Object.entries(record.counters)) {
        const name = counterMetricName(record.action, counter);
        if (coreNames.has(name) || !Number.isFinite(delta) || delta < 0)
            continue;
        add(name, {}, delta);
    }
    // Durations: one series per phase name (a phase that ran twice is summed), plus the whole run.
    const durations = new Map();
    for (const phase of record.phases)
        durations.set(phase.name, (durations.get(phase.name) ?? 0) + phase.durationMs / 1000);
    durations.set(TOTAL_PHASE, record.durationMs / 1000);
    const families = [
        {
            name: CoreMetric.Runs,
            type: 'counter',
            help: 'Runs of the action in this repository and workflow, by outcome.',
            samples: [],
        },
        {
            name: CoreMetric.Duration,
            type: 'gauge',
            help: `Duration of each phase of the last run in seconds; phase="${TOTAL_PHASE}" is the whole run.`,
            samples: [...durations].map(([phase, seconds]) => ({ labels: { phase }, value: seconds })),
        },
        { name: CoreMetric.LastRun, type: 'gauge', help: 'Unix time the last run finished.', samples: [{ labels: {}, value: finishedAt }] },
        {
            name: CoreMetric.LastSuccess,
            type: 'gauge',
            help: 'Unix time the last successful run finished.',
            samples: ok || previous.lastSuccess !== undefined ? [{ labels: {}, value: ok ? finishedAt : previous.lastSuccess }] : [],
        },
        {
            name: CoreMetric.ConsecutiveFailures,
            type: 'gauge',
            help: 'Failed runs in a row, up to and including the last run (0 after a success).',
            samples: [{ labels: {}, value: ok ? 0 : previous.consecutiveFailures + 1 }],
        },
        {
            name: CoreMetric.LastRunCount,
            type: 'gauge',
            help: 'Each counter of the last run, named by the counter label (the _total counters add them up over runs).',
            samples: Object.entries(record.counters)
                .filter(([, n]) => Number.isFinite(n) && n >= 0)
                .map(([counter, n]) => ({ labels: { counter }, value: n })),
        },
        {
            name: CoreMetric.Info,
            type: 'gauge',
            help: 'Always 1; the version label is the action version of the last run.',
            samples: [{ labels: { version: record.version }, value: 1 }],
        },
    ];
    const byName = new Map(families.map((f) => [f.name, f]));
    for (const series of [...counters.values()].sort((a, b) => a.name.localeCompare(b.name))) {
        let family = byName.get(series.name);
        if (!family) {
            // HELP derives from the name alone, so every push of a metric describes it the same way.
            const prefix = `dataops_${metricNamePart(record.action)}_`;
            const counter = series.name.startsWith(prefix) ? series.name.slice(prefix.length).replace(/_total$/, '') : series.name;
            family = { name: series.name, type: 'counter', help: `The ${record.action} counter ${counter}, summed over runs (see docs/metrics.md).`, samples: [] };
            byName.set(series.name, family);
            families.push(family);
        }
        family.samples.push({ labels: series.labels, value: series.value });
    }
    return families;
}
/** Validates the `metrics-pushgateway-url` input: an http(s) base URL ('' = no push). */
function parsePushgatewayUrl(input, value) {
    const v = value.trim();
    if (v === '')
        return '';
    const accepted = 'an http(s) Pushgateway base URL such as http://pushgateway.example.com:9091';
    let parsed;
    try {
        parsed = new URL(v);
    }
    catch {
        throw new errors/* InputError */.dz(input, redactUrl(v), accepted);
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname || parsed.search || parsed.hash) {
        throw new errors/* InputError */.dz(input, redactUrl(v), accepted);
    }
    if (/\/metrics(\/|$)/.test(parsed.pathname)) {
        throw new errors/* InputError */.dz(input, redactUrl(v), accepted, 'Give the base URL only: the /metrics/job/… path is added by the action.');
    }
    if (parsed.password)
        lib_core/* setSecret */.Pq(decodeURIComponent(parsed.password));
    return v.replace(/\/+$/, '');
}
/** The URL without credentials, for log lines. */
function redactUrl(url) {
    try {
        const parsed = new URL(url);
        if (parsed.username || parsed.password) {
            parsed.username = '***';
            parsed.password = '';
        }
        return parsed.toString().replace(/\/$/, '');
    }
    catch {
        return url.replace(/\/\/[^/@]*@/, '//***@');
    }
}
/** Reads the group's counters, then replaces the group. Never throws; a failure is a warning. */
async function pushMetrics(baseUrl, record, options = {}) {
    const grouping = groupingLabels(record);
    const url = `${baseUrl.replace(/\/+$/, '')}/${groupingPath(PUSHGATEWAY_JOB, grouping)}`;
    const { attempts = 3, timeoutMs = 5_000 } = options;
    let body = '';
    try {
        let previous = EMPTY_GROUP;
        try {
            const res = await sendWithRetries({ method: 'GET', url: `${baseUrl.replace(/\/+$/, '')}/api/v1/metrics`, label: 'Pushgateway', attempts, timeoutMs });
            previous = parsePreviousGroup(res.body, grouping);
        }
        catch (err) {
            // An older or proxied Pushgateway without the query API still takes the push.
            if (!(err instanceof HttpSendError) || err.status >= 500 || err.status === 429)
                throw err;
            lib_core/* info */.pq(`Could not read this group's previous counters from the Pushgateway (${(0,errors/* errorMessage */.gJ)(err)}); counters start from this run's values.`);
        }
        body = renderExposition(buildFamilies(record, previous));
        if (lib_core/* isDebug */._o())
            lib_core/* debug */.Yz(`Pushgateway PUT ${redactUrl(url)}:\n${body}`);
        await sendWithRetries({ method: 'PUT', url, body, headers: { 'content-type': EXPOSITION_CONTENT_TYPE }, label: 'Pushgateway', attempts, timeoutMs });
        lib_core/* info */.pq(`Pushed metrics to the Pushgateway (${redactUrl(url)})`);
        return { pushed: true, url, body };
    }
    catch (err) {
        const message = (0,errors/* errorMessage */.gJ)(err);
        lib_core/* warning */.$e(`Metrics were not pushed to the Pushgateway at ${redactUrl(baseUrl)}: ${message}. The step's result is not affected.`);
        return { pushed: false, url, body, error: message };
    }
}

;// CONCATENATED MODULE: ./shared/src/metrics-export.ts
/**
 * Where a run's metrics go besides the `metrics` output and file: a Prometheus Pushgateway (the
 * `metrics-pushgateway-url` input) and OpenTelemetry (the standard OTEL_EXPORTER_OTLP_* variables).
 * Both are optional and best-effort: a failure is a warning, never a failed step.
 */




const PUSHGATEWAY_INPUT = 'metrics-pushgateway-url';
/** OTLP traces are on when an endpoint is configured and the SDK is not switched off. */
function otlpConfigured(env = process.env) {
    const endpoint = (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || '').trim();
    const disabled = (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true' || (env.OTEL_TRACES_EXPORTER ?? '').trim().toLowerCase() === 'none';
    return endpoint !== '' && !disabled;
}
/** The variable that sets the traces endpoint (the traces-specific one wins, as in the SDK). */
function endpointVariable(env) {
    return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
}
/** The configured endpoint without credentials, for messages (secrets belong in OTEL_EXPORTER_OTLP_HEADERS). */
function otlpEndpoint(env = process.env) {
    return redactUrl((env[endpointVariable(env)] ?? '').trim());
}
/** The SDK quietly falls back to localhost for an endpoint it cannot parse: say so instead. */
function invalidOtlpEndpoint(env = process.env) {
    const name = endpointVariable(env);
    const value = (env[name] ?? '').trim();
    try {
        const url = new URL(value);
        if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname)
            return undefined;
    }
    catch {
        // Reported below.
    }
    return `${name} is not an http(s) URL (${JSON.stringify(redactUrl(value))})`;
}
/** Read with the action's inputs, before any side effect: a malformed URL fails the step. */
function readExportSettings(lookup = (name) => lib_core/* getInput */.V4(name), env = process.env) {
    return { pushgatewayUrl: parsePushgatewayUrl(PUSHGATEWAY_INPUT, lookup(PUSHGATEWAY_INPUT)), otlp: otlpConfigured(env) };
}
async function exportToOtlp(record) {
    const invalid = invalidOtlpEndpoint();
    if (invalid) {
        lib_core/* warning */.$e(`Traces were not exported over OTLP: ${invalid}. The step's result is not affected.`);
        return;
    }
    try {
        // Loaded only here: the SDK is the biggest part of the bundle and most runs do not need it.
        const { exportTrace } = await Promise.all(/* import() */[__webpack_require__.e(953), __webpack_require__.e(180)]).then(__webpack_require__.bind(__webpack_require__, 94180));
        const result = await exportTrace(record);
        if (result.exported)
            lib_core/* info */.pq(`Exported ${result.spans} spans over OTLP (trace ${result.traceId})`);
        else if (result.spans === 0 && result.error === 'the trace was not sampled')
            debug('otlp.not_sampled', { action: record.action });
        else
            lib_core/* warning */.$e(`Traces were not exported over OTLP to ${otlpEndpoint()}: ${result.error}. The step's result is not affected.`);
    }
    catch (err) {
        lib_core/* warning */.$e(`Traces were not exported over OTLP to ${otlpEndpoint()}: ${(0,errors/* errorMessage */.gJ)(err)}. The step's result is not affected.`);
    }
}
/** Sends the record to every configured exporter, side by side. Never throws. */
async function exportMetrics(record, settings) {
    if (!settings)
        return;
    const jobs = [];
    if (settings.pushgatewayUrl)
        jobs.push(pushMetrics(settings.pushgatewayUrl, record));
    if (settings.otlp)
        jobs.push(exportToOtlp(record));
    await Promise.allSettled(jobs);
}

;// CONCATENATED MODULE: ./shared/src/ref-warning.ts
/**
 * A workflow that uses one of our actions `@main` (or any branch) runs whatever that branch holds
 * today: no review of what changed, no way to reproduce yesterday's run. Release tags (`@v1`,
 * `@v1.2.3`) and commit SHAs are what a workflow should reference, so anything else gets a
 * `::warning::` once per step. GITHUB_ACTION_REF is empty for local actions (`uses: ./…`).
 */

// `v1`, `v1.2`, `v1.2.3`, and pre-releases of a full version (`v1.2.3-rc.1`), with or without the `v`.
const RELEASE_TAG = /^v?\d+(?:\.\d+)?$|^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const COMMIT_SHA = /^[0-9a-f]{40}$/i;
let warned = false;
/** True for refs that do not silently move with development: a release tag or a full commit SHA. */
function isReleaseRef(ref) {
    return RELEASE_TAG.test(ref) || COMMIT_SHA.test(ref);
}
/** Warns (at most once per process) when the action runs from a branch; returns whether it warned. */
function warnOnBranchRef(actionName, env = process.env) {
    const ref = (env.GITHUB_ACTION_REF ?? '').trim();
    if (warned || ref === '' || isReleaseRef(ref))
        return false;
    warned = true;
    const repository = env.GITHUB_ACTION_REPOSITORY || 'dataops-actions';
    lib_core/* warning */.$e(`${actionName} runs from ${repository}@${ref}, a branch or other moving ref: the code can change between runs without review. ` +
        `Reference a release tag (@v1) or pin a commit (@<full sha> # v1.2.3; \`npx dataops-actions pin\` does it).`);
    return true;
}

;// CONCATENATED MODULE: ./shared/src/action.ts
/**
 * The one top-level handler of every action: runs its main function with a metrics recorder, and
 * turns ANY thrown value or rejection into a failed step with the action's name in front, so
 * nothing passes green. Metrics are written whatever the outcome, then pushed to the Pushgateway
 * (`metrics-pushgateway-url` input) and exported over OTLP when configured; neither can fail the step.
 */





async function runAction(actionName, main, options = {}) {
    const metrics = new Metrics(actionName);
    const fail = (err) => {
        metrics.outcome = 'failure';
        const message = `${actionName}: ${(0,errors/* errorMessage */.gJ)(err)}`;
        const hint = err instanceof errors/* ActionError */.lZ ? err.hint : undefined;
        lib_core/* setFailed */.C1(hint ? `${message}\n${hint}` : message);
        if (err instanceof Error && err.stack && !(err instanceof errors/* ActionError */.lZ))
            lib_core/* debug */.Yz(err.stack);
    };
    // A promise nobody awaited must still fail the step rather than vanish.
    process.on('unhandledRejection', fail);
    warnOnBranchRef(actionName);
    const recordMetrics = options.recordMetrics !== false;
    let exportSettings;
    try {
        // Like any input, a malformed Pushgateway URL fails the step before the action does anything.
        if (recordMetrics)
            exportSettings = readExportSettings();
        await main({ metrics });
    }
    catch (err) {
        fail(err);
    }
    // A step may also have failed without throwing (core.setFailed after reporting every module).
    if (process.exitCode === 1)
        metrics.outcome = 'failure';
    if (recordMetrics)
        await exportMetrics(finishMetrics(metrics), exportSettings);
}

;// CONCATENATED MODULE: ./shared/src/inputs.ts
/**
 * Typed, strict action inputs. Every reader validates and throws an InputError that names the
 * input, the value and what is accepted, so an action reads ALL its inputs before any side effect.
 * Readers take the raw lookup as a parameter so they are testable without the runner.
 */



/** The runner's lookup: INPUT_<NAME> with spaces as underscores, trimmed. */
const runnerInput = (name) => lib_core/* getInput */.V4(name);
function getString(name, lookup = runnerInput) {
    return lookup(name).trim();
}
function getRequired(name, lookup = runnerInput) {
    const value = getString(name, lookup);
    if (value === '')
        throw new ActionError(`Input '${name}' is required but was not set`);
    return value;
}
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
/** YAML 1.2 core-schema booleans only: "yes", "on", "1" are rejected rather than guessed. */
function parseBoolean(name, value, fallback) {
    const v = value.trim();
    if (v === '' && fallback !== undefined)
        return fallback;
    if (TRUE.includes(v))
        return true;
    if (FALSE.includes(v))
        return false;
    throw new errors/* InputError */.dz(name, value, 'true or false');
}
function getBoolean(name, fallback, lookup = runnerInput) {
    return parseBoolean(name, lookup(name), fallback);
}
function parseEnum(name, value, allowed, fallback) {
    const v = value.trim();
    if (v === '' && fallback !== undefined)
        return fallback;
    if (allowed.includes(v))
        return v;
    throw new errors/* InputError */.dz(name, value, `one of ${allowed.join(', ')}`);
}
function getEnum(name, allowed, fallback, lookup = runnerInput) {
    return parseEnum(name, lookup(name), allowed, fallback);
}
function parseInteger(name, value, bounds = {}, fallback) {
    const v = value.trim();
    if (v === '' && fallback !== undefined)
        return fallback;
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
    if (/^-?\d+$/.test(v)) {
        const n = Number(v);
        if (Number.isSafeInteger(n) && n >= min && n <= max)
            return n;
    }
    throw new InputError(name, value, `an integer from ${min} to ${max}`);
}
function getInteger(name, bounds = {}, fallback, lookup = runnerInput) {
    return parseInteger(name, lookup(name), bounds, fallback);
}
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** The longest duration accepted, in ms. Longer than setTimeout can wait: timers use timers.ts. */
const MAX_DURATION_MS = 365 * UNIT_MS.d;
/**
 * Durations like `30s`, `5m`, `1h30m`, `250ms`, `2d`; a bare number is seconds.
 * Returns milliseconds. Only the units above are accepted (no "5 minutes"), and the result must fit
 * in a year, whichever form it is written in.
 */
function parseDuration(name, value, fallback) {
    const v = value.trim();
    if (v === '' && fallback !== undefined)
        return fallback;
    const accepted = 'a duration such as 30s, 5m, 1h or 1h30m (units ms, s, m, h, d), at most 365d';
    let total = 0;
    let pos = 0;
    if (/^\d+(\.\d+)?$/.test(v)) {
        total = Number(v) * 1000;
        pos = v.length;
    }
    else {
        const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
        let match;
        while ((match = re.exec(v)) !== null) {
            total += Number(match[1]) * UNIT_MS[match[2]];
            pos = re.lastIndex;
        }
    }
    // One check for both forms: a bare number of seconds once skipped the cap.
    if (v === '' || pos !== v.length || !Number.isFinite(total) || total > MAX_DURATION_MS) {
        throw new InputError(name, value, accepted);
    }
    return Math.round(total);
}
function getDuration(name, fallback, lookup = runnerInput) {
    return parseDuration(name, lookup(name), fallback);
}
/** A list separated by newlines or commas; blank entries and `#` comment lines are dropped. */
function parseList(value) {
    return value
        .split(/\r?\n/)
        .filter((line) => !line.trim().startsWith('#'))
        .flatMap((line) => line.split(','))
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
function getList(name, lookup = runnerInput) {
    return parseList(lookup(name));
}
/** Newline-separated only: for values that may themselves contain commas (arguments, globs with braces). */
function getLines(name, lookup = runnerInput) {
    return lookup(name)
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
}
function workspaceDir() {
    return process.env.GITHUB_WORKSPACE || process.cwd();
}
/**
 * A path relative to the workspace (absolute paths are kept). With `mustStayInside`, a path that
 * escapes the workspace (`../x`) is rejected: inputs must not reach outside the checkout.
 */
function parsePath(name, value, options = {}) {
    const v = value.trim() || options.fallback || '';
    if (v === '')
        throw new errors/* ActionError */.lZ(`Input '${name}' is required but was not set`);
    if (v.includes('\0'))
        throw new errors/* InputError */.dz(name, value, 'a file path');
    const root = workspaceDir();
    const resolved = external_node_path_.resolve(root, v);
    if (options.mustStayInside) {
        const rel = external_node_path_.relative(root, resolved);
        if (rel.startsWith('..') || external_node_path_.isAbsolute(rel)) {
            throw new errors/* InputError */.dz(name, value, 'a path inside the workspace');
        }
    }
    return resolved;
}
function getPath(name, options = {}, lookup = runnerInput) {
    return parsePath(name, lookup(name), options);
}
/** Exactly one of the named inputs must be set; returns its name. */
function exactlyOneOf(names, lookup = runnerInput) {
    const set = names.filter((n) => lookup(n).trim() !== '');
    if (set.length !== 1) {
        const which = set.length === 0 ? 'none was set' : `got ${set.join(', ')}`;
        throw new ActionError(`Exactly one of the inputs ${names.map((n) => `'${n}'`).join(', ')} must be set: ${which}`);
    }
    return set[0];
}
/** At most one of the named inputs may be set; returns its name or undefined. */
function atMostOneOf(names, lookup = runnerInput) {
    const set = names.filter((n) => lookup(n).trim() !== '');
    if (set.length > 1) {
        throw new ActionError(`Only one of the inputs ${names.map((n) => `'${n}'`).join(', ')} may be set: got ${set.join(', ')}`);
    }
    return set[0];
}
/** A secret input: masked in the runner log as soon as it is read. */
function getSecret(name, lookup = runnerInput) {
    const value = lookup(name).trim();
    if (value !== '')
        lib_core/* setSecret */.Pq(value);
    return value;
}

// EXTERNAL MODULE: ./shared/src/setup-terraform/cli-config.ts
var cli_config = __webpack_require__(54957);
// EXTERNAL MODULE: ./shared/src/setup-terraform/version.ts
var setup_terraform_version = __webpack_require__(41888);
// EXTERNAL MODULE: ./actions/setup-terraform/src/constants.ts
var constants = __webpack_require__(64901);
;// CONCATENATED MODULE: ./shared/src/tool-name.ts
/**
 * OpenTofu is named both `opentofu` (the product, setup-terraform's historical value) and `tofu`
 * (its CLI): every action accepts both, so a value copied from one step to the next still works.
 */
const TOOL_NAMES = ['terraform', 'opentofu', 'tofu'];
function isOpenTofu(name) {
    return name !== 'terraform';
}

;// CONCATENATED MODULE: ./actions/setup-terraform/src/step.ts
/**
 * The step: read every input first (a bad one fails before any side effect), run the core, set
 * outputs. The post step saves the provider plugin cache. Loaded by main.ts, which keeps the
 * wrapper's path free of this code.
 */








function readInputs() {
    const tool = isOpenTofu(getEnum(constants/* Inputs */.G0.Tool, TOOL_NAMES, 'terraform')) ? 'opentofu' : 'terraform';
    const version = getString(constants/* Inputs */.G0.Version);
    if (version !== '' && version !== 'latest') {
        try {
            (0,setup_terraform_version/* parseConstraint */.FJ)(version);
        }
        catch (err) {
            if (err instanceof setup_terraform_version/* ConstraintSyntaxError */.Ht)
                throw new errors/* InputError */.dz(constants/* Inputs */.G0.Version, version, 'an exact version (1.9.8), latest, or a constraint such as ~> 1.9 or >= 1.5, < 2.0', err.detail);
            throw err;
        }
    }
    const releasesUrl = getString(constants/* Inputs */.G0.ReleasesUrl);
    if (releasesUrl !== '') {
        let url;
        try {
            url = new URL(releasesUrl);
        }
        catch {
            url = undefined;
        }
        if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash)
            throw new errors/* InputError */.dz(constants/* Inputs */.G0.ReleasesUrl, releasesUrl, 'an http(s) base URL without query or fragment');
        // Credentials in the URL must never reach the log.
        if (url.password)
            lib_core/* setSecret */.Pq(decodeURIComponent(url.password));
    }
    const gpgPublicKey = getString(constants/* Inputs */.G0.GpgPublicKey);
    if (gpgPublicKey !== '' && !gpgPublicKey.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
        throw new errors/* ActionError */.lZ(`Input '${constants/* Inputs */.G0.GpgPublicKey}' is not an ASCII-armored OpenPGP public key (no "-----BEGIN PGP PUBLIC KEY BLOCK-----" line)`);
    }
    const token = getSecret(constants/* Inputs */.G0.CredentialsToken);
    const hostname = (0,cli_config/* checkHostname */.yr)(constants/* Inputs */.G0.CredentialsHostname, getString(constants/* Inputs */.G0.CredentialsHostname) || 'app.terraform.io');
    if (/[\r\n]/.test(token))
        throw new errors/* ActionError */.lZ(`Input '${constants/* Inputs */.G0.CredentialsToken}' contains a line break`);
    return {
        tool,
        version,
        versionInputName: constants/* Inputs */.G0.Version,
        includePrereleases: getBoolean(constants/* Inputs */.G0.IncludePrereleases, false),
        workingDirectory: getPath(constants/* Inputs */.G0.WorkingDirectory, { mustStayInside: true, fallback: '.' }),
        workspace: workspaceDir(),
        releasesUrl,
        gpgPublicKey,
        gpgPublicKeyInputName: constants/* Inputs */.G0.GpgPublicKey,
        credentials: token ? { hostname, token } : undefined,
        wrapper: getBoolean(constants/* Inputs */.G0.Wrapper, false),
        cache: getBoolean(constants/* Inputs */.G0.Cache, true),
        pluginCache: getBoolean(constants/* Inputs */.G0.PluginCache, false),
    };
}
async function main({ metrics }) {
    const settings = readInputs();
    const { setupTerraform } = await __webpack_require__.e(/* import() */ 678).then(__webpack_require__.bind(__webpack_require__, 10678));
    const result = await setupTerraform(settings, metrics);
    // addPath prepends: add the real folder first so the wrapper's folder ends up in front.
    for (const dir of [...result.pathDirs].reverse())
        lib_core/* addPath */.fM(dir);
    for (const [name, value] of Object.entries(result.env))
        lib_core/* exportVariable */.dN(name, value);
    if (result.pluginCache) {
        lib_core/* saveState */.LZ(constants/* State */.Uw.PluginCacheDir, result.pluginCache.dir);
        lib_core/* saveState */.LZ(constants/* State */.Uw.PluginCacheKey, result.pluginCache.key);
        lib_core/* saveState */.LZ(constants/* State */.Uw.PluginCacheMatchedKey, result.pluginCache.matchedKey ?? '');
    }
    lib_core/* setOutput */.uH(constants/* Outputs */.tY.Version, result.version);
    lib_core/* setOutput */.uH(constants/* Outputs */.tY.Path, result.binary);
    lib_core/* setOutput */.uH(constants/* Outputs */.tY.CacheHit, String(result.cacheHit));
    lib_core/* setOutput */.uH(constants/* Outputs */.tY.Source, result.source);
}
async function post() {
    const key = lib_core/* getState */.Gu(constants/* State */.Uw.PluginCacheKey);
    if (!key)
        return;
    const { savePluginCache } = await __webpack_require__.e(/* import() */ 678).then(__webpack_require__.bind(__webpack_require__, 10678));
    await savePluginCache(lib_core/* getState */.Gu(constants/* State */.Uw.PluginCacheDir), key, lib_core/* getState */.Gu(constants/* State */.Uw.PluginCacheMatchedKey));
}
async function runStep() {
    const isPost = lib_core/* getState */.Gu(constants/* State */.Uw.IsPost) === 'true';
    if (!isPost)
        lib_core/* saveState */.LZ(constants/* State */.Uw.IsPost, 'true');
    await runAction(constants/* ACTION_NAME */.px, isPost ? post : main, { recordMetrics: !isPost });
}


/***/ }),

/***/ 33904:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   lZ: () => (/* binding */ ActionError)
/* harmony export */ });
/**
 * Errors the user can act on. An ActionError's message is shown as-is (one line),
 * and its hint (what to do about it) follows on its own line.
 */
class ActionError extends Error {
    hint;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'ActionError';
        this.hint = options.hint;
    }
}
/** A bad action input: always names the input, the value and what is accepted. */
class InputError extends ActionError {
    input;
    constructor(input, value, accepted, hint) {
        super(`Input '${input}' has invalid value ${JSON.stringify(value)}: expected ${accepted}`, { hint });
        this.name = 'InputError';
        this.input = input;
    }
}
/** A readable message for any thrown value (strings, objects and non-Errors included). */
function errorMessage(err) {
    if (err instanceof Error)
        return err.message || err.name;
    if (typeof err === 'string')
        return err;
    if (err === undefined || err === null)
        return String(err);
    if (typeof err === 'object' && 'message' in err && typeof err.message === 'string') {
        return err.message;
    }
    try {
        return JSON.stringify(err) ?? String(err);
    }
    catch {
        return String(err);
    }
}


/***/ }),

/***/ 75680:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ readResponseBody),
/* harmony export */   b: () => (/* binding */ ResponseTooLargeError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33904);

class ResponseTooLargeError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    constructor(label, maxBytes) {
        super(`Response from ${label} is larger than ${maxBytes} bytes`);
        this.name = 'ResponseTooLargeError';
    }
}
/** `label` names the source in errors (a URL, or a name when the URL carries a secret). */
function readResponseBody(message, label, maxBytes = Number.POSITIVE_INFINITY) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        message.on('data', (chunk) => {
            size += chunk.length;
            if (size > maxBytes) {
                message.destroy();
                reject(new ResponseTooLargeError(label, maxBytes));
            }
            else
                chunks.push(chunk);
        });
        message.on('error', (err) => reject(new Error(`Truncated response from ${label}: got ${size} bytes (${err.message})`, { cause: err })));
        message.on('close', () => {
            if (message.complete)
                resolve(Buffer.concat(chunks));
            else
                reject(new Error(`Truncated response from ${label}: the connection closed after ${size} bytes`));
        });
    });
}


/***/ }),

/***/ 38189:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  L: () => (/* binding */ withRetries)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./shared/src/errors.ts
var errors = __webpack_require__(33904);
;// CONCATENATED MODULE: ./shared/src/timers.ts
/**
 * Timers for any duration an input accepts (up to a year, see inputs.ts). setTimeout holds at most
 * 2^31-1 ms (about 24.8 days): a longer delay fires after 1 ms with only a TimeoutOverflowWarning,
 * which would end a bake period or kill a deploy at once. Longer waits here are chained in chunks.
 */
/** The longest delay setTimeout (and AbortSignal.timeout) can hold. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Calls `fn` once `ms` have passed, however long; `unref` lets the process exit meanwhile. */
function setLongTimeout(fn, ms, options = {}) {
    let timer;
    const wait = (left) => {
        const step = Math.min(Math.max(left, 0), MAX_TIMER_MS);
        timer = setTimeout(() => (left > step ? wait(left - step) : fn()), step);
        if (options.unref)
            timer.unref();
    };
    wait(ms);
    return { cancel: () => clearTimeout(timer) };
}
/** Resolves after `ms`, however long. */
function sleep(ms) {
    return new Promise((resolve) => setLongTimeout(resolve, ms));
}
/** AbortSignal.timeout for any length: aborts with the same TimeoutError once `ms` have passed. */
function timeoutSignal(ms) {
    if (Number.isInteger(ms) && ms >= 0 && ms <= MAX_TIMER_MS)
        return AbortSignal.timeout(ms);
    const controller = new AbortController();
    setLongTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms, { unref: true });
    return controller.signal;
}

;// CONCATENATED MODULE: ./shared/src/retry.ts
/** Retries with exponential backoff and jitter, for network calls that fail transiently. */



async function withRetries(fn, options = {}) {
    const { attempts = 4, baseDelayMs = Number(process.env.DATAOPS_RETRY_BASE_MS ?? 500), maxDelayMs = 30_000 } = options;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (err) {
            if (attempt >= attempts || (options.shouldRetry && !options.shouldRetry(err)))
                throw err;
            const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
            const delay = Math.min(maxDelayMs, options.retryAfterMs?.(err) ?? backoff);
            options.onRetry?.(err, attempt, delay);
            core/* info */.pq(`${options.label ?? 'Request'} failed (${(0,errors/* errorMessage */.gJ)(err)}); retry ${attempt}/${attempts - 1} in ${Math.round(delay)} ms`);
            await sleep(delay);
        }
    }
}


/***/ }),

/***/ 54957:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sH: () => (/* binding */ writeCliCredentials),
/* harmony export */   yk: () => (/* binding */ cliConfigPath),
/* harmony export */   yr: () => (/* binding */ checkHostname)
/* harmony export */ });
/* unused harmony export credentialsBlock */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(33904);
/**
 * The CLI configuration file with a `credentials` block for a private registry or HCP Terraform.
 * Terraform reads ~/.terraformrc (%APPDATA%\terraform.rc on Windows); OpenTofu reads ~/.tofurc
 * (%APPDATA%\tofu.rc). Our block sits between markers so other settings in the file survive and a
 * second run replaces it instead of adding another; the file is written atomically, mode 0600.
 */






const BEGIN = '# BEGIN dataops-actions/setup-terraform credentials';
const END = '# END dataops-actions/setup-terraform credentials';
function cliConfigPath(tool, platform, env = process.env) {
    if (platform.os === 'windows') {
        const appData = env.APPDATA;
        if (!appData)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ('APPDATA is not set, so the CLI configuration file has no place on this Windows runner');
        return node_path__WEBPACK_IMPORTED_MODULE_4__.join(appData, tool === 'opentofu' ? 'tofu.rc' : 'terraform.rc');
    }
    return node_path__WEBPACK_IMPORTED_MODULE_4__.join(env.HOME || node_os__WEBPACK_IMPORTED_MODULE_3__.homedir(), tool === 'opentofu' ? '.tofurc' : '.terraformrc');
}
/** Hostnames as Terraform's service discovery accepts them (optionally with a port). */
function checkHostname(inputName, value) {
    if (!/^(?=.{1,253}(:|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz(inputName, value, 'a hostname such as app.terraform.io or tfe.example.com');
    }
    return value.toLowerCase();
}
/** An HCL string literal: quotes, backslashes and template sequences escaped. */
function hclString(value) {
    return `"${value
        .replace(/\\/g, '\\\\')
        .replace(/"/g, '\\"')
        .replace(/\$\{/g, () => '$${')
        .replace(/%\{/g, () => '%%{')}"`;
}
function credentialsBlock(hostname, token) {
    return `${BEGIN}\ncredentials ${hclString(hostname)} {\n  token = ${hclString(token)}\n}\n${END}\n`;
}
/** Writes (or replaces) our credentials block in the CLI config file; returns the file's path. */
async function writeCliCredentials(file, hostname, token) {
    const existing = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(file) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file, 'utf8') : '';
    const start = existing.indexOf(BEGIN);
    const end = existing.indexOf(END);
    let kept = existing;
    if (start >= 0 && end > start)
        kept = existing.slice(0, start) + existing.slice(end + END.length).replace(/^\r?\n/, '');
    const next = `${kept}${kept === '' || kept.endsWith('\n') ? '' : '\n'}${credentialsBlock(hostname, token)}`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_4__.dirname(file), { recursive: true });
    const tmp = `${file}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}.tmp`;
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(tmp, next, { mode: 0o600, flag: 'wx' });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(tmp, file);
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { force: true });
    }
    return file;
}


/***/ }),

/***/ 41888:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FJ: () => (/* binding */ parseConstraint),
/* harmony export */   Ht: () => (/* binding */ ConstraintSyntaxError),
/* harmony export */   V2: () => (/* binding */ pinnedVersion),
/* harmony export */   W4: () => (/* binding */ newestSatisfying),
/* harmony export */   co: () => (/* binding */ sortVersionsDescending),
/* harmony export */   fu: () => (/* binding */ nearbyVersions),
/* harmony export */   ot: () => (/* binding */ parseVersion)
/* harmony export */ });
/* unused harmony exports isExactVersion, compareVersions, satisfies */
/**
 * Versions and version constraints in Terraform's own grammar (the one `required_version` and
 * `.terraform-version` use), not npm's: `~> 1.9` is >= 1.9.0 and < 2.0.0, `~> 1.9.0` is >= 1.9.0
 * and < 1.10.0, constraints are comma-separated and ALL must hold, `!=` excludes one version.
 * npm semver reads `~> 1.9` differently, which is how the official action silently widened ranges.
 *
 * Pre-releases follow Terraform's documented rule: only an exact constraint selects one, unless the
 * caller opts in (`include-prereleases`), in which case they take part in ordinary comparisons.
 */
const VERSION_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]+)?$/;
function parseVersion(text) {
    const m = VERSION_RE.exec(text.trim());
    if (!m)
        return undefined;
    const nums = [m[1], m[2], m[3]].map((s) => (s === undefined ? 0 : Number(s)));
    if (nums.some((n) => !Number.isSafeInteger(n)))
        return undefined;
    return {
        major: nums[0],
        minor: nums[1],
        patch: nums[2],
        prerelease: m[4] ?? '',
        segments: m[3] !== undefined ? 3 : m[2] !== undefined ? 2 : 1,
        raw: text.trim().replace(/^v/, ''),
    };
}
/** A complete release version (three segments), the only kind the release indexes contain. */
function isExactVersion(text) {
    const v = parseVersion(text);
    return v !== undefined && v.segments === 3;
}
/** Natural order of pre-release identifiers: rc2 < rc10, alpha < beta < rc. */
function comparePrerelease(a, b) {
    if (a === b)
        return 0;
    if (a === '')
        return 1; // a release sorts after its pre-releases
    if (b === '')
        return -1;
    const split = (s) => s.split(/[.-]|(?<=\d)(?=\D)|(?<=\D)(?=\d)/).filter(Boolean);
    const pa = split(a);
    const pb = split(b);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        if (pa[i] === undefined)
            return -1;
        if (pb[i] === undefined)
            return 1;
        const na = /^\d+$/.test(pa[i]);
        const nb = /^\d+$/.test(pb[i]);
        if (na && nb) {
            const d = Number(pa[i]) - Number(pb[i]);
            if (d !== 0)
                return Math.sign(d);
        }
        else if (na !== nb) {
            return na ? -1 : 1;
        }
        else if (pa[i] !== pb[i]) {
            return pa[i] < pb[i] ? -1 : 1;
        }
    }
    return 0;
}
function compareVersions(a, b) {
    return Math.sign(a.major - b.major) || Math.sign(a.minor - b.minor) || Math.sign(a.patch - b.patch) || comparePrerelease(a.prerelease, b.prerelease);
}
class ConstraintSyntaxError extends Error {
    text;
    detail;
    constructor(text, detail) {
        super(`invalid version constraint ${JSON.stringify(text)}: ${detail}`);
        this.text = text;
        this.detail = detail;
        this.name = 'ConstraintSyntaxError';
    }
}
const CLAUSE_RE = /^(=|!=|>=|<=|>|<|~>)?\s*(\S+)$/;
/** Parses `1.9.8`, `= 1.9.8`, `~> 1.9`, `>= 1.5, < 2.0, != 1.7.3`. */
function parseConstraint(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        throw new ConstraintSyntaxError(text, 'it is empty');
    const clauses = trimmed.split(',').map((part) => {
        const p = part.trim();
        const m = CLAUSE_RE.exec(p);
        if (!m)
            throw new ConstraintSyntaxError(text, `cannot read ${JSON.stringify(p)} (expected an operator =, !=, >, >=, <, <=, ~> and a version)`);
        const version = parseVersion(m[2]);
        if (!version)
            throw new ConstraintSyntaxError(text, `${JSON.stringify(m[2])} is not a version`);
        const op = (m[1] ?? '=');
        return { op, version };
    });
    return { clauses, text: trimmed };
}
/** The version this constraint pins, when it is a single exact `= x.y.z` (no network needed). */
function pinnedVersion(c) {
    if (c.clauses.length === 1 && c.clauses[0].op === '=' && c.clauses[0].version.segments === 3)
        return c.clauses[0].version.raw;
    return undefined;
}
/** The exclusive upper bound of `~>`: bump the second-to-last written segment. */
function pessimisticUpper(v) {
    switch (v.segments) {
        case 3:
            return { ...v, minor: v.minor + 1, patch: 0, prerelease: '', segments: 3 };
        case 2:
            return { ...v, major: v.major + 1, minor: 0, patch: 0, prerelease: '', segments: 3 };
        default:
            return undefined; // `~> 1` lets every later component move: no upper bound
    }
}
function clauseAllows(clause, v) {
    const c = clause.version;
    const cmp = compareVersions(v, c);
    switch (clause.op) {
        case '=':
            return cmp === 0;
        case '!=':
            return cmp !== 0;
        case '>':
            return cmp > 0;
        case '>=':
            return cmp >= 0;
        case '<':
            return cmp < 0;
        case '<=':
            return cmp <= 0;
        case '~>': {
            if (cmp < 0)
                return false;
            const upper = pessimisticUpper(c);
            return upper === undefined || compareVersions(v, upper) < 0;
        }
    }
}
function satisfies(v, c, options = {}) {
    if (v.prerelease !== '' && !options.includePrereleases) {
        // Documented rule: a pre-release is chosen only by an exact constraint naming it.
        const exact = c.clauses.some((cl) => cl.op === '=' && compareVersions(cl.version, v) === 0);
        if (!exact)
            return false;
    }
    return c.clauses.every((clause) => clauseAllows(clause, v));
}
/** The newest version in the list that satisfies the constraint, or undefined. */
function newestSatisfying(versions, c, options = {}) {
    let best;
    for (const text of versions) {
        const v = parseVersion(text);
        if (!v || v.segments !== 3)
            continue;
        if (satisfies(v, c, options) && (!best || compareVersions(v, best) > 0))
            best = v;
    }
    return best?.raw;
}
/** Newest first; unparseable entries are dropped. */
function sortVersionsDescending(versions) {
    return versions
        .map((t) => parseVersion(t))
        .filter((v) => v !== undefined)
        .sort((a, b) => compareVersions(b, a))
        .map((v) => v.raw);
}
/** Up to `count` published versions closest to the requested one, for a helpful "not found". */
function nearbyVersions(versions, wanted, count = 5) {
    const target = parseVersion(wanted);
    const sorted = sortVersionsDescending(versions).filter((v) => !parseVersion(v).prerelease || target?.prerelease);
    if (!target)
        return sorted.slice(0, count);
    const idx = sorted.findIndex((v) => compareVersions(parseVersion(v), target) < 0);
    const at = idx < 0 ? sorted.length : idx;
    const start = Math.max(0, Math.min(at - Math.ceil(count / 2), sorted.length - count));
    return sorted.slice(start, start + count);
}


/***/ })

};
