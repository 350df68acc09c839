/**
 * Thin entrypoint: read every input first (a bad one fails before any side effect),
 * do the work, set outputs. The post step runs the same bundle with state `isPost` set.
 */
import * as path from 'node:path';
import * as core from '@actions/core';
import { runAction, type ActionContext } from '#shared/action.js';
import { getBoolean, getDuration, getRequired, getString } from '#shared/inputs.js';
import { appendSummary } from '#shared/summary.js';
import { escapeText } from '#shared/markdown.js';
import { ACTION_NAME, Inputs, Outputs, State } from './constants.js';

interface Settings {
  who: string;
  greeting: string;
  timeoutMs: number;
  dryRun: boolean;
}

function readInputs(): Settings {
  return {
    who: getRequired(Inputs.Who),
    greeting: getString(Inputs.Greeting),
    timeoutMs: getDuration(Inputs.Timeout),
    dryRun: getBoolean(Inputs.DryRun, false),
  };
}

async function main({ metrics }: ActionContext): Promise<void> {
  const settings = readInputs();
  metrics.count('greetings');
  const message = `${settings.greeting}, ${settings.who}!`;
  core.info(message);
  core.setOutput(Outputs.Message, message);
  core.setOutput(Outputs.TimeoutMs, String(settings.timeoutMs));
  core.saveState(State.Message, message);
  if (!settings.dryRun) {
    core.exportVariable('ACTION_TEMPLATE_GREETED', settings.who);
    core.addPath(path.join(process.env.RUNNER_TEMP ?? '', 'action-template', 'bin'));
  }
  await appendSummary(`### ${escapeText(message)}\n`);
}

async function post(): Promise<void> {
  core.info(`Post step: the main step said ${JSON.stringify(core.getState(State.Message))}`);
}

export async function run(): Promise<void> {
  const isPost = core.getState(State.IsPost) === 'true';
  if (!isPost) core.saveState(State.IsPost, 'true');
  // Metrics describe the main step; the post step only cleans up.
  await runAction(ACTION_NAME, isPost ? post : main, { recordMetrics: !isPost });
}
