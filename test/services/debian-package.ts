/**
 * Makes sure a Debian package's binary is on the machine, installing the package with apt-get
 * when it is missing (as root, or through passwordless sudo as on CI runners). Installs from
 * parallel test workers are serialised with flock; apt's own lock is waited for as well.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface DebianBinary {
  /** The package that provides the binary. */
  package: string;
  /** Absolute path of the binary the package installs. */
  binary: string;
}

const LOCK_FILE = '/tmp/dataops-actions-apt.lock';

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** apt-get as root, or through `sudo -n` otherwise; always under our flock. */
function apt(args: string[]): Promise<{ code: number | null; output: string }> {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? ['apt-get', ...args] : ['sudo', '-n', 'apt-get', ...args];
  return run('flock', [LOCK_FILE, ...command]);
}

const installs = new Map<string, Promise<string>>();

/** Resolves with the binary's path; installs its package first when it is missing. */
export function ensureDebianBinary({ package: pkg, binary }: DebianBinary): Promise<string> {
  if (existsSync(binary)) return Promise.resolve(binary);
  let pending = installs.get(pkg);
  if (!pending) {
    pending = (async () => {
      const install = ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', pkg];
      let result = await apt(install);
      if (result.code !== 0 || !existsSync(binary)) {
        // A fresh machine may have no package lists yet.
        const update = await apt(['update', '-o', 'DPkg::Lock::Timeout=600']);
        if (update.code !== 0) throw new Error(`apt-get update failed while installing ${pkg}:\n${update.output.slice(-2000)}`);
        result = await apt(install);
      }
      if (result.code !== 0 || !existsSync(binary)) {
        throw new Error(`Could not install ${pkg} (needed for ${binary}); run \`apt-get install -y ${pkg}\` as root:\n${result.output.slice(-2000)}`);
      }
      return binary;
    })();
    installs.set(pkg, pending);
  }
  return pending;
}

/** Installing can take minutes on a fresh machine: use this as the timeout of the beforeAll that installs. */
export const INSTALL_TIMEOUT_MS = 15 * 60 * 1000;
