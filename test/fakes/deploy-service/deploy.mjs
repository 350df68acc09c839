// The deploy (and rollback) command of the fake service, run by the action as `node deploy.mjs`:
// puts the build of DEPLOY_SHA live. SERVICE_ROOT holds builds in sources/<sha>/ and gets
// releases/<sha>/ (the deployed copy), `current` (symlink to the live release), service.pid and
// deploys.log (one line per successful deploy: "<sha> <version>"). The service listens on
// 127.0.0.1:SERVICE_PORT. Steps: check the build exists, copy it into releases/ atomically, stop
// the running release, start the new one detached, wait until it answers its version, switch
// `current`. Exits 1 with a message when any step fails.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = process.env.SERVICE_ROOT;
const port = process.env.SERVICE_PORT;
const sha = process.env.DEPLOY_SHA;
const fail = (message) => {
  console.error(`deploy: ${message}`);
  process.exit(1);
};
if (!root || !port || !sha) fail('SERVICE_ROOT, SERVICE_PORT and DEPLOY_SHA must be set');

const source = path.join(root, 'sources', sha);
if (!existsSync(path.join(source, 'release.json'))) fail(`no build of ${sha} in ${path.join(root, 'sources')}`);
const { version } = JSON.parse(readFileSync(path.join(source, 'release.json'), 'utf8'));
console.log(`deploy: ${sha.slice(0, 7)} is ${version}${process.env.ROLLBACK_FROM_SHA ? ` (rollback from ${process.env.ROLLBACK_FROM_SHA.slice(0, 7)})` : ''}`);

// 1. The release folder, complete before it is visible.
const releases = path.join(root, 'releases');
mkdirSync(releases, { recursive: true });
const release = path.join(releases, sha);
const staging = `${release}.staging-${process.pid}`;
cpSync(source, staging, { recursive: true });
rmSync(release, { recursive: true, force: true });
renameSync(staging, release);

// 2. Stop the running release.
const pidFile = path.join(root, 'service.pid');
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
if (existsSync(pidFile)) {
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (pid > 0 && alive(pid)) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
}

// 3. Start the new one, detached (it outlives this command), its output to a log file.
const log = openSync(path.join(root, 'service.log'), 'a');
const child = spawn(process.execPath, [path.join(release, 'server.mjs')], { detached: true, stdio: ['ignore', log, log], env: { ...process.env, PORT: port } });
child.unref();
writeFileSync(pidFile, String(child.pid));

// 4. Ready when it answers its version.
let answered = '';
for (let i = 0; i < 200 && answered !== version; i++) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(1000) });
    answered = await res.text();
  } catch {
    await sleep(50);
  }
}
if (answered !== version) fail(`${version} did not start answering on port ${port} (last answer: ${JSON.stringify(answered)})`);

// 5. Switch `current`.
const current = path.join(root, 'current');
const link = `${current}.tmp-${process.pid}`;
symlinkSync(release, link);
renameSync(link, current);
appendFileSync(path.join(root, 'deploys.log'), `${sha} ${version}\n`);
console.log(`deploy: ${version} is live on port ${port}`);
