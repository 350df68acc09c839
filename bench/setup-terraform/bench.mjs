// setup-terraform benchmark (not a test: it prints ratios, it never fails on timing).
//
//   warm: the action with the version already in the tool cache   vs  bare `node -e 0` startup
//   cold: install of a 25 MB release from the local mirror         vs  `curl` + `unzip` of the same archive in one run
//
// Each pair runs side by side, interleaved, and the medians are compared (targets: warm within
// 1.5x, cold within 1.3x). Run with Node 24 (it loads the TypeScript mirror by type stripping):
//   node_modules/node/bin/node bench/setup-terraform/bench.mjs [--runs N] [--mb 25] [--profile DIR]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const node24 = path.join(root, 'node_modules', 'node', 'bin', 'node');
const bundle = path.join(root, 'dist', 'setup-terraform', 'index.js');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const RUNS = opt('runs', 15);
// --profile DIR: also write a V8 CPU profile of each warm run there, and of each cold run in DIR/cold.
const PROFILE = args.includes('--profile') ? path.resolve(args[args.indexOf('--profile') + 1]) : undefined;
const MB = opt('mb', 25);
const VERSION = '1.9.8';

const { startReleaseMirror } = await import(path.join(root, 'test', 'fakes', 'release-mirror', 'server.ts'));

function runnerEnv(base, inputs) {
  const dirs = {
    workspace: path.join(base, 'workspace'),
    temp: path.join(base, 'temp'),
    toolCache: path.join(base, 'tool-cache'),
    home: path.join(base, 'home'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const files = {};
  for (const k of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
    files[k] = path.join(dirs.temp, k.toLowerCase());
    writeFileSync(files[k], '');
  }
  const env = {
    PATH: process.env.PATH,
    HOME: dirs.home,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dirs.workspace,
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...files,
  };
  const defaults = {
    tool: 'terraform',
    'include-prereleases': 'false',
    'working-directory': '.',
    wrapper: 'false',
    cache: 'true',
    'plugin-cache': 'false',
    'cli-config-credentials-hostname': 'app.terraform.io',
  };
  for (const [k, v] of Object.entries({ ...defaults, ...inputs })) env[`INPUT_${k.toUpperCase()}`] = v;
  return { env, dirs };
}

// CPU seconds (user + system, children included) come from GNU time when it is there: unlike wall
// time they barely move when other work shares the machine, so both are reported.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
let timeFile = 0;

// Asynchronous on purpose: the mirror serves from this process, so a blocking spawn would deadlock.
function timed(command, argv, options = {}) {
  const cpuFile = path.join(os.tmpdir(), `bench-setup-terraform-cpu-${process.pid}-${timeFile++}`);
  const [cmd, cmdArgs] = gnuTime ? [gnuTime, ['-q', '-f', '%U %S', '-o', cpuFile, command, ...argv]] : [command, argv];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      let cpu = NaN;
      if (gnuTime) {
        const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
        cpu = (user + sys) * 1000;
        rmSync(cpuFile, { force: true });
      }
      if (code !== 0) reject(new Error(`${command} ${argv.join(' ')} failed (${code}):\n${Buffer.concat(out)}`));
      else resolve({ wall, cpu });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function report(name, subject, baseline, target) {
  const line = (what, key) => {
    const a = median(subject.map((r) => r[key]));
    const b = median(baseline.map((r) => r[key]));
    return `${what} ${a.toFixed(1).padStart(7)} ms vs ${b.toFixed(1).padStart(7)} ms = ${(a / b).toFixed(2)}x`;
  };
  const ratio = median(subject.map((r) => r.wall)) / median(baseline.map((r) => r.wall));
  console.log(`${name.padEnd(5)} wall ${line('', 'wall')}   (target ≤ ${target}x) ${ratio <= target ? 'OK' : 'ABOVE TARGET'}`);
  if (gnuTime) console.log(`${''.padEnd(5)} cpu  ${line('', 'cpu')}`);
}

// Like a real release: the archive is MB megabytes and inflates to about three times that.
const mirror = await startReleaseMirror({
  terraform: [VERSION],
  platforms: [['linux', 'amd64']],
  padBytes: Math.round(MB * 2.9 * 1024 * 1024),
  padKind: 'binary-like',
});
const work = mkdtempSync(path.join(os.tmpdir(), 'bench-setup-terraform-'));
try {
  const inputs = { 'terraform-version': VERSION, 'releases-url': mirror.url, 'gpg-public-key': mirror.publicKey };

  // Warm: one install, then repeated tool-cache hits against bare Node start-up.
  const warmRun = runnerEnv(path.join(work, 'warm'), inputs);
  await timed(node24, [bundle], { env: warmRun.env });
  const warm = [];
  const bare = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await timed(node24, ['-e', '0']));
    warm.push(await timed(node24, [...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : []), bundle], { env: warmRun.env }));
  }

  // Cold: a fresh tool cache every time against curl + unzip of the same archive.
  const zipUrl = `${mirror.url}/terraform/${VERSION}/terraform_${VERSION}_linux_amd64.zip`;
  const cold = [];
  const floor = [];
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    const f = path.join(work, `floor-${i}`);
    mkdirSync(f);
    floor.push(await timed('sh', ['-c', 'curl -sSf -o "$1/a.zip" "$2" && unzip -q "$1/a.zip" -d "$1/out"', 'floor', f, zipUrl]));
    const c = runnerEnv(path.join(work, `cold-${i}`), inputs);
    cold.push(await timed(node24, [...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', path.join(PROFILE, 'cold')] : []), bundle], { env: c.env }));
    rmSync(f, { recursive: true, force: true });
    rmSync(path.join(work, `cold-${i}`), { recursive: true, force: true });
  }

  console.log(
    `setup-terraform benchmark: ${RUNS} warm runs, ${cold.length} cold runs of a ${MB} MB archive, Node ${spawnSync(node24, ['--version']).stdout.toString().trim()}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  report('warm', warm, bare, 1.5);
  report('cold', cold, floor, 1.3);
} finally {
  await mirror.close();
  rmSync(work, { recursive: true, force: true });
}
