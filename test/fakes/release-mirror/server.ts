/**
 * A local release mirror for setup-terraform, serving both vendors' layouts from one base URL:
 *
 *   HashiCorp: /terraform/index.json (the JSON HashiCorp serves: versions → builds [os, arch,
 *              filename, url], shasums, shasums_signature(s)), and /terraform/<v>/<files>
 *   OpenTofu:  /tofu/api.json ({ versions: [{ id, files }] }, newest first, as get.opentofu.org
 *              serves it) and /opentofu/opentofu/releases/download/v<v>/<files> (GitHub's asset paths)
 *
 * Archives are real zips made with yazl holding a small `sh` executable that prints its version
 * (and can echo a file or exit with a chosen code, for the wrapper tests). SHA256SUMS files are
 * signed at start-up with an OpenPGP key generated for this mirror (`publicKey` is what tests pass
 * as gpg-public-key). Faults can be injected per path: HTTP statuses (N times, then success), a
 * truncated body, tampered bytes, a signature by a different key.
 *
 * Written in erasable TypeScript only, so bench scripts can run it under Node's type stripping.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';
import yazl from 'yazl';

export type MirrorOs = 'linux' | 'darwin' | 'windows';
export type MirrorArch = 'amd64' | 'arm64';

export const ALL_PLATFORMS: Array<[MirrorOs, MirrorArch]> = [
  ['linux', 'amd64'],
  ['linux', 'arm64'],
  ['darwin', 'amd64'],
  ['darwin', 'arm64'],
  ['windows', 'amd64'],
  ['windows', 'arm64'],
];

export type Fault =
  | { kind: 'status'; status: number }
  /** Announces the full Content-Length, sends half, then drops the connection. */
  | { kind: 'truncate' }
  /** Serves the right length with one byte changed (a wrong checksum, or a SHA256SUMS the signature no longer covers). */
  | { kind: 'tamper' }
  /** Serves a valid signature over the same bytes, made by a different key. */
  | { kind: 'foreign-signature' };

interface FaultRule {
  match: (path: string) => boolean;
  fault: Fault;
  remaining: number;
}

export interface MirrorOptions {
  terraform?: string[];
  opentofu?: string[];
  platforms?: Array<[MirrorOs, MirrorArch]>;
  /** Bytes of padding added to every archive (benchmarks use ~25 MB of archive). */
  padBytes?: number;
  /**
   * `random` (default): incompressible, stored as is. `binary-like`: compresses about 3:1 like a
   * real Go executable, so extracting it inflates as a real release does.
   */
  padKind?: 'random' | 'binary-like';
  /**
   * Which terraform signature files exist, by suffix after `_SHA256SUMS`: `.sig` and/or
   * `.<KEYID>.sig` (KEYID = this mirror's short key id). Default: both, as HashiCorp publishes.
   */
  terraformSignatures?: Array<'plain' | 'keyid'>;
}

export interface ReleaseMirror {
  url: string;
  /** The armored public key the SHA256SUMS files are signed with. */
  publicKey: string;
  fingerprint: string;
  /** Last 8 hex digits of the fingerprint, uppercase (HashiCorp's file-name convention). */
  keyIdShort: string;
  /** Every request path, in order. */
  requests: string[];
  /** Injects a fault for paths ending with (or matching) `path`, `times` times (default: always). */
  fail(path: string | RegExp, fault: Fault, times?: number): void;
  clearFaults(): void;
  /** The bytes the mirror serves at a path (for assertions), or undefined. */
  file(path: string): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

const MTIME = new Date('2024-10-16T00:00:00Z');

function fakeBinary(title: string, version: string, os: string, arch: string): string {
  return [
    '#!/bin/sh',
    `# A stand-in for ${title} ${version} (${os}_${arch}) served by the test release mirror.`,
    'case "$1" in',
    `  version|-version|--version) printf '%s v%s\\non %s\\n' '${title}' '${version}' '${os}_${arch}' ;;`,
    '  cat) cat "$2" ;;',
    '  exit) echo "stdout before exit $2"; echo "stderr before exit $2" >&2; exit "$2" ;;',
    `  *) echo "fake ${title} $*" ;;`,
    'esac',
    '',
  ].join('\n');
}

function zip(entries: Array<{ name: string; data: Buffer; mode: number; compress: boolean }>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const e of entries) z.addBuffer(e.data, e.name, { mode: e.mode, mtime: MTIME, compress: e.compress });
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
    z.end();
  });
}

async function signDetached(data: Buffer, key: openpgp.PrivateKey): Promise<Buffer> {
  const signature = await openpgp.sign({ message: await openpgp.createMessage({ binary: data }), signingKeys: key, detached: true, format: 'binary' });
  return Buffer.from(signature as Uint8Array);
}

/** 4 KiB blocks of 1400 random bytes and zeros: deflate brings them to about a third. */
function makePadding(bytes: number, kind: 'random' | 'binary-like'): Buffer {
  if (kind === 'random') return randomBytes(bytes);
  const out = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += 4096) randomBytes(Math.min(1400, bytes - at)).copy(out, at);
  return out;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function startReleaseMirror(options: MirrorOptions = {}): Promise<ReleaseMirror> {
  const platforms = options.platforms ?? ALL_PLATFORMS;
  const sigKinds = options.terraformSignatures ?? ['keyid', 'plain'];
  const [main, foreign] = await Promise.all(
    ['Release Mirror Test Key <mirror@example.test>', 'Some Other Key <other@example.test>'].map((userID) =>
      openpgp.generateKey({
        type: 'ecc',
        curve: 'curve25519Legacy',
        userIDs: [{ name: userID.split(' <')[0], email: userID.split('<')[1].slice(0, -1) }],
        format: 'object',
      }),
    ),
  );
  const fingerprint = main.publicKey.getFingerprint().toLowerCase();
  const keyIdShort = fingerprint.slice(-8).toUpperCase();
  const padding = options.padBytes ? makePadding(options.padBytes, options.padKind ?? 'random') : undefined;
  const compressPadding = options.padKind === 'binary-like';

  // path → bytes, built lazily per release (one release's SHA256SUMS needs all its archives).
  const files = new Map<string, Buffer>();
  const foreignSigs = new Map<string, Buffer>();
  const built = new Map<string, Promise<void>>();

  type Product = { tool: 'terraform' | 'opentofu'; prefix: string; title: string; dir: (v: string) => string };
  const products: Product[] = [
    { tool: 'terraform', prefix: 'terraform', title: 'Terraform', dir: (v) => `/terraform/${v}` },
    { tool: 'opentofu', prefix: 'tofu', title: 'OpenTofu', dir: (v) => `/opentofu/opentofu/releases/download/v${v}` },
  ];

  function sigNames(p: Product, v: string): string[] {
    const sums = `${p.prefix}_${v}_SHA256SUMS`;
    if (p.tool === 'opentofu') return [`${sums}.gpgsig`];
    return sigKinds.map((k) => (k === 'keyid' ? `${sums}.${keyIdShort}.sig` : `${sums}.sig`));
  }

  function buildRelease(p: Product, v: string): Promise<void> {
    const id = `${p.tool}@${v}`;
    let promise = built.get(id);
    if (!promise) {
      promise = (async () => {
        const lines: string[] = [];
        for (const [os, arch] of platforms) {
          const exe = `${p.prefix}${os === 'windows' ? '.exe' : ''}`;
          const entries: Array<{ name: string; data: Buffer; mode: number; compress: boolean }> = [
            { name: exe, data: Buffer.from(fakeBinary(p.title, v, os, arch)), mode: 0o100755, compress: true },
            { name: 'LICENSE.txt', data: Buffer.from(`${p.title} test license\n`), mode: 0o100644, compress: true },
          ];
          if (padding) entries.push({ name: 'padding.bin', data: padding, mode: 0o100644, compress: compressPadding });
          const name = `${p.prefix}_${v}_${os}_${arch}.zip`;
          const bytes = await zip(entries);
          files.set(`${p.dir(v)}/${name}`, bytes);
          lines.push(`${sha256(bytes)}  ${name}`);
        }
        const sums = Buffer.from(`${lines.sort().join('\n')}\n`);
        const sumsName = `${p.prefix}_${v}_SHA256SUMS`;
        files.set(`${p.dir(v)}/${sumsName}`, sums);
        const [good, bad] = await Promise.all([signDetached(sums, main.privateKey), signDetached(sums, foreign.privateKey)]);
        for (const s of sigNames(p, v)) {
          files.set(`${p.dir(v)}/${s}`, good);
          foreignSigs.set(`${p.dir(v)}/${s}`, bad);
        }
      })();
      built.set(id, promise);
    }
    return promise;
  }

  const terraformVersions = options.terraform ?? [];
  const tofuVersions = options.opentofu ?? [];

  function terraformIndex(): Buffer {
    const versions: Record<string, unknown> = {};
    for (const v of terraformVersions) {
      const sums = `terraform_${v}_SHA256SUMS`;
      const sigs = sigNames(products[0], v);
      versions[v] = {
        name: 'terraform',
        version: v,
        shasums: sums,
        shasums_signature: sigs.includes(`${sums}.sig`) ? `${sums}.sig` : sigs[0],
        shasums_signatures: sigs,
        builds: platforms.map(([os, arch]) => ({
          name: 'terraform',
          version: v,
          os,
          arch,
          filename: `terraform_${v}_${os}_${arch}.zip`,
          // Absolute URLs on a host that does not exist: the action must build its own from the base.
          url: `https://vendor-releases.invalid/terraform/${v}/terraform_${v}_${os}_${arch}.zip`,
        })),
      };
    }
    return Buffer.from(JSON.stringify({ name: 'terraform', versions }));
  }

  function tofuIndex(): Buffer {
    const sorted = [...tofuVersions];
    const list = sorted.map((v) => ({
      id: v,
      files: [
        ...platforms.map(([os, arch]) => `tofu_${v}_${os}_${arch}.zip`),
        `tofu_${v}_SHA256SUMS`,
        `tofu_${v}_SHA256SUMS.gpgsig`,
        `tofu_${v}_SHA256SUMS.pem`,
        `tofu_${v}_SHA256SUMS.sig`,
      ],
    }));
    return Buffer.from(JSON.stringify({ versions: list }));
  }

  async function lookup(path: string): Promise<Buffer | undefined> {
    if (path === '/terraform/index.json') return terraformIndex();
    if (path === '/tofu/api.json') return tofuIndex();
    for (const p of products) {
      const versions = p.tool === 'terraform' ? terraformVersions : tofuVersions;
      for (const v of versions) {
        if (path.startsWith(`${p.dir(v)}/`)) {
          await buildRelease(p, v);
          return files.get(path);
        }
      }
    }
    return undefined;
  }

  const rules: FaultRule[] = [];
  const requests: string[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://mirror').pathname);
    requests.push(path);
    const rule = rules.find((r) => r.remaining > 0 && r.match(path));
    if (rule) rule.remaining--;
    const fault = rule?.fault;
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(`injected ${fault.status}\n`);
      return;
    }
    let body = await lookup(path);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (fault?.kind === 'foreign-signature') body = foreignSigs.get(path) ?? body;
    if (fault?.kind === 'tamper') {
      body = Buffer.from(body);
      body[Math.floor(body.length / 2)] ^= 0xff;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    if (fault?.kind === 'truncate') {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    publicKey: main.publicKey.armor(),
    fingerprint,
    keyIdShort,
    requests,
    fail(path, fault, times = Number.POSITIVE_INFINITY) {
      const match = typeof path === 'string' ? (p: string) => p.endsWith(path) : (p: string) => path.test(p);
      rules.push({ match, fault, remaining: times });
    },
    clearFaults() {
      rules.length = 0;
    },
    file: (path) => lookup(path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
