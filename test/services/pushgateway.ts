/**
 * A real Prometheus Pushgateway for tests: the Debian `prometheus-pushgateway` binary (installed
 * when missing), started by us on 127.0.0.1 on a free port, in memory only (no persistence file,
 * so it never touches the system service's data). The Debian service itself is not used.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { ensureDebianBinary } from './debian-package.js';

export const PUSHGATEWAY = { package: 'prometheus-pushgateway', binary: '/usr/bin/prometheus-pushgateway' };

export interface RunningPushgateway {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** GET /metrics as text. */
  scrape(): Promise<string>;
  /** Deletes every group (PUT /api/v1/admin/wipe), so tests can start from nothing. */
  wipe(): Promise<void>;
  /** The Pushgateway's own log so far. */
  log(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus-pushgateway exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`prometheus-pushgateway did not become ready at ${url}:\n${output()}`);
}

export async function startPushgateway(): Promise<RunningPushgateway> {
  const binary = await ensureDebianBinary(PUSHGATEWAY);
  let lastError: unknown;
  // The free port could be taken between probing and binding: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(binary, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--web.enable-admin-api', '--log.level=info'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    child.stderr!.on('data', (c: Buffer) => chunks.push(c));
    const output = () => Buffer.concat(chunks).toString('utf8');
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      await waitReady(url, child, output);
    } catch (err) {
      lastError = err;
      child.kill('SIGKILL');
      running.delete(child);
      continue;
    }
    return {
      url,
      port,
      scrape: async () => {
        const res = await fetch(`${url}/metrics`);
        if (!res.ok) throw new Error(`scrape failed: HTTP ${res.status}`);
        return res.text();
      },
      wipe: async () => {
        const res = await fetch(`${url}/api/v1/admin/wipe`, { method: 'PUT' });
        if (!res.ok) throw new Error(`wipe failed: HTTP ${res.status}`);
      },
      log: output,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await exited;
        }
        running.delete(child);
      },
    };
  }
  throw lastError;
}
