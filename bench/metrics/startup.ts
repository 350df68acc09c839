/**
 * What monitoring costs an action: bundle sizes, and the wall time of a whole template run
 * (Node 24 start, module load, the action, metrics written) side by side for
 *   before     the template bundle from before the exporters existed (git: BASELINE_COMMIT)
 *   now        today's bundle, no exporter configured (the OpenTelemetry chunk is not loaded)
 *   +pushgw    today's bundle pushing to a local Pushgateway stand-in
 *   +otlp      today's bundle exporting traces to a local OTLP receiver (loads the SDK chunk)
 * Rounds are interleaved so machine noise hits every variant alike. Prints medians and ratios.
 *
 *   npx tsx bench/metrics/startup.ts [rounds]
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { node24, repoRoot } from '../../test/harness/paths.js';
import { startFakeOtlp } from '../../test/fakes/otlp/server.js';

const BASELINE_COMMIT = 'aad04e9';
const rounds = Number(process.argv[2] ?? 15);

function baselineBundle(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-baseline-'));
  const file = path.join(dir, 'index.js');
  writeFileSync(file, execFileSync('git', ['show', `${BASELINE_COMMIT}:dist/action-template/index.js`], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }));
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  return file;
}

async function startPushgatewayStandIn(): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(req.method === 'GET' ? '{"status":"success","data":[]}' : ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function runOnce(script: string, env: Record<string, string>): Promise<number> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-run-'));
  const temp = path.join(root, 'temp');
  mkdirSync(temp);
  const files = Object.fromEntries(
    ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((k) => [k, path.join(root, k.toLowerCase())]),
  );
  for (const f of Object.values(files)) writeFileSync(f, '');
  const fullEnv = {
    PATH: process.env.PATH ?? '',
    RUNNER_TEMP: temp,
    GITHUB_REPOSITORY: 'octo-org/data-platform',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_RUN_ID: '1',
    GITHUB_ACTION_REF: 'v1',
    INPUT_WHO: 'bench',
    INPUT_GREETING: 'Hello',
    INPUT_TIMEOUT: '30s',
    'INPUT_DRY-RUN': 'true',
    ...files,
    ...env,
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(node24, [script], { cwd: root, env: fullEnv, stdio: 'ignore' });
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${script} exited ${code}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

const dist = path.join(repoRoot, 'dist', 'action-template');
const current = path.join(dist, 'index.js');
const baseline = baselineBundle();
const chunks = readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f));
console.log('Bundle sizes');
console.log(`  before   index.js ${kb(statSync(baseline).size)}`);
console.log(`  now      index.js ${kb(statSync(current).size)}  (+${kb(statSync(current).size - statSync(baseline).size)})`);
console.log(
  `           lazy chunks, loaded only for OTLP: ${kb(chunks.reduce((sum, f) => sum + statSync(path.join(dist, f)).size, 0))} in ${chunks.length} files`,
);

const pushgateway = await startPushgatewayStandIn();
const otlp = await startFakeOtlp();
const variants: Array<[string, string, Record<string, string>]> = [
  ['before', baseline, {}],
  ['now', current, {}],
  ['+pushgw', current, { 'INPUT_METRICS-PUSHGATEWAY-URL': pushgateway.url }],
  ['+otlp', current, { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint }],
];
const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (const [, script, env] of variants) await runOnce(script, env); // warm the file cache
for (let i = 0; i < rounds; i++) {
  for (const [name, script, env] of variants) times.get(name)!.push(await runOnce(script, env));
}
pushgateway.close();
await otlp.close();

const base = median(times.get('before')!);
const now = median(times.get('now')!);
console.log(`\nWhole run, median of ${rounds} (Node 24)`);
for (const [name] of variants) {
  const m = median(times.get(name)!);
  console.log(`  ${name.padEnd(8)} ${m.toFixed(0).padStart(5)} ms   ×${(m / base).toFixed(2)} vs before   ×${(m / now).toFixed(2)} vs now`);
}
