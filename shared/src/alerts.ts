/**
 * Alerts to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat and most chat
 * tools accept this payload): what failed, in which repository, with a link to the run. Delivery
 * is retried (429 honours Retry-After); the webhook URL is masked because it is the credential.
 * sendAlert never throws: a broken alert channel must not change the outcome of the step.
 */
import * as core from '@actions/core';
import { InputError, errorMessage } from './errors.js';
import { runnerInput, type InputLookup } from './inputs.js';
import { sendWithRetries } from './http-send.js';

export type AlertSeverity = 'info' | 'warning' | 'error' | 'critical';

export interface AlertField {
  title: string;
  value: string;
  /** Slack lays short fields out side by side. */
  short?: boolean;
}

export interface Alert {
  /** One line: what happened ("Rolled back deploy of api to production"). */
  title: string;
  /** Details: what failed and why. Untrusted text is fine; it is escaped. */
  text?: string;
  severity?: AlertSeverity;
  /** Extra facts as a table (name → value, or Slack-style fields). */
  fields?: Record<string, string | number | boolean> | AlertField[];
  /** Link to the run; defaults to this workflow run. */
  runUrl?: string;
  /** The action that raised the alert, shown in the message. */
  action?: string;
}

export interface AlertOptions {
  attempts?: number;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface AlertResult {
  delivered: boolean;
  attempts: number;
  /** Why it was not delivered (no URL, HTTP 404 ...). */
  error?: string;
}

const COLOURS: Record<AlertSeverity, string> = { info: '#439FE0', warning: '#DAA038', error: '#D00000', critical: '#8B0000' };
const TEXT_LIMIT = 3000;

/** Slack's mrkdwn needs &, < and > escaped; unescaped `<!channel>` in untrusted text would ping everyone. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Untrusted text for a log line: one line, so it cannot start a workflow command. */
function oneLine(text: string, limit: number): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), limit);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** The run this step belongs to, from the runner's environment (never throws, unlike runContext). */
export function runInfo(env: NodeJS.ProcessEnv = process.env) {
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
  const repository = env.GITHUB_REPOSITORY ?? '';
  const runId = env.GITHUB_RUN_ID ?? '';
  const attempt = env.GITHUB_RUN_ATTEMPT ?? '';
  const runUrl = repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}${attempt && attempt !== '1' ? `/attempts/${attempt}` : ''}` : '';
  return {
    serverUrl,
    repository,
    runId,
    attempt,
    runUrl,
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    actor: env.GITHUB_ACTOR ?? '',
  };
}

function normaliseFields(fields: Alert['fields']): AlertField[] {
  if (!fields) return [];
  if (Array.isArray(fields)) return fields;
  return Object.entries(fields).map(([title, value]) => ({ title, value: String(value), short: String(value).length <= 40 }));
}

/** The webhook payload: a plain `text` (for tools that only read that) plus a coloured attachment. */
export function buildAlertPayload(alert: Alert, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const run = runInfo(env);
  const severity = alert.severity ?? 'error';
  const runUrl = alert.runUrl || run.runUrl;
  const title = escapeSlack(oneLine(alert.title, 200));
  const where = [run.repository && escapeSlack(run.repository), run.workflow && `workflow ${escapeSlack(run.workflow)}`].filter(Boolean).join(', ');
  const link = runUrl ? ` <${runUrl}|run ${escapeSlack(run.runId || 'log')}>` : '';
  const fields: AlertField[] = [
    ...(alert.action ? [{ title: 'Action', value: escapeSlack(alert.action), short: true }] : []),
    ...(run.repository ? [{ title: 'Repository', value: escapeSlack(run.repository), short: true }] : []),
    ...(run.workflow ? [{ title: 'Workflow', value: escapeSlack(run.job ? `${run.workflow} / ${run.job}` : run.workflow), short: true }] : []),
    ...(run.ref ? [{ title: 'Ref', value: escapeSlack(run.ref), short: true }] : []),
    ...(run.sha ? [{ title: 'Commit', value: escapeSlack(run.sha.slice(0, 12)), short: true }] : []),
    ...(run.actor ? [{ title: 'Triggered by', value: escapeSlack(run.actor), short: true }] : []),
    ...normaliseFields(alert.fields).map((f) => ({
      title: escapeSlack(truncate(f.title, 100)),
      value: escapeSlack(truncate(f.value, 500)),
      short: f.short ?? false,
    })),
  ];
  return {
    text: `[${severity.toUpperCase()}] ${title}${where ? ` (${where})` : ''}${link}`,
    attachments: [
      {
        color: COLOURS[severity],
        fallback: `[${severity.toUpperCase()}] ${title}`,
        title,
        ...(runUrl ? { title_link: runUrl } : {}),
        ...(alert.text ? { text: escapeSlack(truncate(alert.text, TEXT_LIMIT)) } : {}),
        fields,
        footer: 'dataops-actions',
        ts: Math.floor(Date.now() / 1000),
      },
    ],
  };
}

/** Masks the webhook URL, and its path on its own: error messages of HTTP libraries quote paths. */
export function maskWebhookUrl(webhookUrl: string): void {
  if (!webhookUrl) return;
  core.setSecret(webhookUrl);
  try {
    const parsed = new URL(webhookUrl);
    const secretPart = `${parsed.pathname}${parsed.search}`;
    if (secretPart.length >= 8) core.setSecret(secretPart);
    if (parsed.password) core.setSecret(decodeURIComponent(parsed.password));
  } catch {
    // Not a URL: the whole value is already masked.
  }
}

/** Validates a webhook URL input value (http or https). Empty means "no alerts". */
export function parseWebhookUrl(name: string, value: string): string {
  const v = value.trim();
  if (v === '') return '';
  let parsed: URL | undefined;
  try {
    parsed = new URL(v);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !parsed.hostname) {
    // The value is a credential: the error must not print it.
    maskWebhookUrl(v);
    throw new InputError(name, '***', 'an http(s) webhook URL such as https://hooks.example.com/services/…');
  }
  return v;
}

/** Reads a webhook URL input (e.g. `alert-webhook-url`): masked at once, validated, '' when unset. */
export function getWebhookUrl(name: string, lookup: InputLookup = runnerInput): string {
  const value = lookup(name).trim();
  maskWebhookUrl(value);
  return parseWebhookUrl(name, value);
}

/**
 * Posts the alert. Never throws: returns whether it was delivered, and warns when it was not.
 * An empty webhook URL means alerts are off and nothing is sent.
 */
export async function sendAlert(webhookUrl: string, alert: Alert, options: AlertOptions = {}): Promise<AlertResult> {
  if (!webhookUrl) return { delivered: false, attempts: 0, error: 'no webhook URL' };
  maskWebhookUrl(webhookUrl);
  let body: string;
  try {
    body = JSON.stringify(buildAlertPayload(alert, options.env));
    core.debug(`Alert payload: ${body}`);
  } catch (err) {
    core.warning(`Alert not sent: could not build the message (${errorMessage(err)})`);
    return { delivered: false, attempts: 0, error: errorMessage(err) };
  }
  let attempts = 0;
  const title = oneLine(alert.title, 120);
  try {
    const result = await sendWithRetries({
      method: 'POST',
      url: webhookUrl,
      body,
      headers: { 'content-type': 'application/json' },
      label: 'alert webhook',
      attempts: options.attempts ?? 4,
      timeoutMs: options.timeoutMs ?? 10_000,
      onAttempt: (n) => (attempts = n),
    });
    core.info(`Alert sent: ${title}${result.attempts > 1 ? ` (after ${result.attempts} attempts)` : ''}`);
    return { delivered: true, attempts: result.attempts };
  } catch (err) {
    const message = errorMessage(err);
    core.warning(`Alert "${title}" could not be delivered to the webhook after ${attempts} attempt(s): ${message}`);
    return { delivered: false, attempts, error: message };
  }
}
