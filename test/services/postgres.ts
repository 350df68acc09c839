/**
 * A real PostgreSQL server for tests: installed from Debian packages when missing (`apt-get install
 * -y postgresql`, waiting for apt's lock), a fresh cluster made with initdb in a temporary folder
 * (as the postgres user when we are root, since the server refuses to run as root), started on
 * 127.0.0.1 on a free port with its unix socket in that folder, and a database created. Password
 * authentication over TCP, so wrong credentials can be tested. Usable from a Jest globalSetup or
 * per test file; stop() kills the server and removes the folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** postgres://postgres:<password>@127.0.0.1:<port>/<database> */
  url: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** A URL for another database of the same server. */
  urlFor(database: string, credentials?: { user?: string; password?: string }): string;
  stop(): Promise<void>;
}

const APT_LOCK = '/tmp/dataops-actions-apt.lock';

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

const isRoot = () => process.getuid?.() === 0;

/** The newest /usr/lib/postgresql/<version>/bin that has initdb, if any. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

let installing: Promise<string> | undefined;

/** The PostgreSQL bin folder, installing the `postgresql` package first when initdb is missing. */
export function ensurePostgres(): Promise<string> {
  const found = findPostgresBin();
  if (found) return Promise.resolve(found);
  installing ??= (async () => {
    const apt = (args: string[]) =>
      run('flock', [APT_LOCK, ...(isRoot() ? [] : ['sudo', '-n']), 'apt-get', ...args], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    const install = ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', 'postgresql'];
    let result = await apt(install);
    if (result.code !== 0 || !findPostgresBin()) {
      // A fresh machine may have no package lists yet.
      const update = await apt(['update', '-o', 'DPkg::Lock::Timeout=600']);
      if (update.code !== 0) throw new Error(`apt-get update failed while installing postgresql:\n${update.output.slice(-2000)}`);
      result = await apt(install);
    }
    const bin = findPostgresBin();
    if (!bin) throw new Error(`Could not install PostgreSQL (run \`apt-get install -y postgresql\` as root):\n${result.output.slice(-2000)}`);
    return bin;
  })();
  return installing;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL program as the postgres user when we are root (the server refuses root). */
function asPostgres(bin: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode}:\n${log().slice(-3000)}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`postgres did not accept connections within 60s (${(err as Error).message}):\n${log().slice(-3000)}`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startPostgres(options: { database?: string } = {}): Promise<PostgresServer> {
  const bin = await ensurePostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-pg-'));
  const data = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  mkdirSync(socketDir);
  const password = randomBytes(12).toString('hex');
  const pwfile = path.join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`);
  if (isRoot()) {
    const ids = await run('id', ['-u', 'postgres']);
    const gids = await run('id', ['-g', 'postgres']);
    const [uid, gid] = [Number(ids.output.trim()), Number(gids.output.trim())];
    for (const p of [dir, socketDir, pwfile]) chownSync(p, uid, gid);
  }
  const [initCmd, initArgs] = asPostgres(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--pwfile',
    pwfile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
  ]);
  const init = await run(initCmd, initArgs);
  if (init.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed:\n${init.output.slice(-3000)}`);
  }
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const [cmd, args] = asPostgres(path.join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-k',
      socketDir,
      // A throwaway test cluster: durability off for speed.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ]);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => output.push(c));
    child.stderr!.on('data', (c: Buffer) => output.push(c));
    // runuser may not pass signals on: the server's own pid (postmaster.pid) is what gets signalled.
    const serverPid = () => {
      try {
        return Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
      } catch {
        return undefined;
      }
    };
    const signal = (sig: NodeJS.Signals) => {
      const pid = serverPid();
      try {
        if (pid) process.kill(pid, sig);
      } catch {
        // already gone
      }
      child.kill(sig);
    };
    const killOnExit = () => signal('SIGQUIT');
    process.once('exit', killOnExit);
    const urlFor = (database: string, credentials: { user?: string; password?: string } = {}) =>
      `postgres://${encodeURIComponent(credentials.user ?? 'postgres')}:${encodeURIComponent(credentials.password ?? password)}@127.0.0.1:${port}/${database}`;
    try {
      await waitReady(urlFor('postgres'), child, () => Buffer.concat(output).toString('utf8'));
    } catch (err) {
      signal('SIGKILL');
      process.removeListener('exit', killOnExit);
      // Another process may have taken the port between our probe and the server's bind.
      if (attempt < 3 && /could not bind|Address already in use/.test(Buffer.concat(output).toString('utf8'))) continue;
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    const database = options.database ?? 'dataops_test';
    const admin = new pg.Client({ connectionString: urlFor('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    await admin.end();
    return {
      url: urlFor(database),
      host: '127.0.0.1',
      port,
      database,
      user: 'postgres',
      password,
      urlFor,
      stop: async () => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('close', resolve));
          signal('SIGINT'); // PostgreSQL's fast shutdown
          const timer = setTimeout(() => signal('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
