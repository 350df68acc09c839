/**
 * Test helper for the fake deploy service: a service root with one build per SHA (sources/<sha>/:
 * server.mjs + release.json), the deploy command the action runs, and read-backs (what answers on
 * the port now, what was deployed, which release `current` points at). `stop()` ends the release
 * process the deploys started (by the pid they recorded).
 */
import { existsSync, mkdtempSync, readFileSync, readlinkSync, copyFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEPLOY_SCRIPT = path.join(here, 'deploy.mjs');

export interface ReleaseSpec {
  version: string;
  /** From its first health check, the release answers /health healthy for this long, then fails (0: fails at once). */
  unhealthyAfterMs?: number;
  /** How it fails: HTTP 500 (measured, bad) or never answering (cannot be measured). */
  failure?: '500' | 'hang';
  /** Other files of the build (data the release ships), by name; deployed with it under `current/`. */
  files?: Record<string, string>;
}

export interface FakeService {
  root: string;
  port: number;
  healthUrl: string;
  /** Environment the deploy command needs (pass through runAction's env). */
  env: Record<string, string>;
  /** The `deploy-command` input: the program and its arguments, one per line. */
  deployCommand: string;
  addBuild(sha: string, spec: ReleaseSpec): void;
  removeBuild(sha: string): void;
  /** The version answering on the port now ('' when nothing answers). */
  liveVersion(): Promise<string>;
  /** "<sha> <version>" per successful deploy, oldest first. */
  deploys(): string[];
  /** The SHA of the release `current` points at ('' before the first deploy). */
  currentRelease(): string;
  stop(): Promise<void>;
}

/** A port free right now on 127.0.0.1 (the service binds it at its first deploy). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function createFakeService(builds: Record<string, ReleaseSpec> = {}): Promise<FakeService> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'deploy-service-'));
  const port = await freePort();
  const service: FakeService = {
    root,
    port,
    healthUrl: `http://127.0.0.1:${port}/health`,
    env: { SERVICE_ROOT: root, SERVICE_PORT: String(port) },
    deployCommand: `${process.execPath}\n${DEPLOY_SCRIPT}`,
    addBuild(sha, spec) {
      const dir = path.join(root, 'sources', sha);
      mkdirSync(dir, { recursive: true });
      copyFileSync(path.join(here, 'server.mjs'), path.join(dir, 'server.mjs'));
      const { files = {}, ...release } = spec;
      writeFileSync(path.join(dir, 'release.json'), JSON.stringify(release));
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    },
    removeBuild(sha) {
      rmSync(path.join(root, 'sources', sha), { recursive: true, force: true });
    },
    async liveVersion() {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(2000) });
        return await res.text();
      } catch {
        return '';
      }
    },
    deploys() {
      const file = path.join(root, 'deploys.log');
      return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    },
    currentRelease() {
      const link = path.join(root, 'current');
      return existsSync(link) ? path.basename(readlinkSync(link)) : '';
    },
    async stop() {
      const pidFile = path.join(root, 'service.pid');
      if (!existsSync(pidFile)) return;
      const pid = Number(readFileSync(pidFile, 'utf8'));
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      process.kill(pid, 'SIGKILL');
    },
  };
  for (const [sha, spec] of Object.entries(builds)) service.addBuild(sha, spec);
  return service;
}
