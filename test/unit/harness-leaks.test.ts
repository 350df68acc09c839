/** The harness's secret check (test/harness/leaks.ts) finds a secret wherever a run shows it, and only there. */
import { leaksIn, runSecrets, type VisibleText } from '../harness/leaks.js';

const TOKEN = 'ghs_LeakCheckToken000000000000000000';
const HOOK = 'https://hooks.example.test/services/T0/B0/SecretPath123';
const clean: VisibleText = { log: 'ok', stderr: '', masks: [TOKEN], outputs: { result: 'pass' }, exportedEnv: {}, state: {}, summary: '## fine' };

test('the secrets of a run: the token and secret-named inputs; empty and short values left out', () => {
  expect(
    runSecrets(TOKEN, { 'alert-webhook-url': HOOK, 'github-token': 'short', 'working-directory': 'infra/secret-stuff', 'cli-config-credentials-token': '' }),
  ).toEqual({
    'the GitHub token': TOKEN,
    'input alert-webhook-url': HOOK,
  });
});

test.each<[string, Partial<VisibleText>, string[]]>([
  ['nothing shown', {}, []],
  ['the token in the displayed log', { log: `token is ${TOKEN}` }, ['the GitHub token in the log']],
  ['the token in stderr, masked as the runner does', { stderr: `token is ${TOKEN}` }, []],
  ['the webhook URL in stderr (never masked)', { stderr: `posting to ${HOOK}` }, ['input alert-webhook-url in stderr']],
  ['the webhook URL URL-encoded in an output', { outputs: { metrics: encodeURIComponent(HOOK) } }, ['input alert-webhook-url in output metrics']],
  ['the token base64-encoded in the summary', { summary: `Basic ${Buffer.from(TOKEN).toString('base64')}` }, ['the GitHub token in the job summary']],
  ['the token in an exported variable', { exportedEnv: { TF_TOKEN: TOKEN } }, ['the GitHub token in exported variable TF_TOKEN']],
  ['the webhook URL in saved state', { state: { hook: HOOK } }, ['input alert-webhook-url in saved state hook']],
])('%s', (_, shown, expected) => {
  expect(leaksIn({ ...clean, ...shown }, { 'the GitHub token': TOKEN, 'input alert-webhook-url': HOOK })).toEqual(expected);
});
