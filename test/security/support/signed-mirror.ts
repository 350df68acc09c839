/**
 * A one-release Terraform mirror serving an archive WE choose, correctly listed in SHA256SUMS and
 * signed with a key generated here: it gets past download, checksum and signature checks, so
 * what it tests is what the extraction does with a hostile archive.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';

export interface SignedMirror {
  url: string;
  publicKey: string;
  version: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startSignedMirror(archive: Buffer, version = '1.9.8', platform = 'linux_amd64'): Promise<SignedMirror> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Hostile Mirror', email: 'hostile@example.test' }],
    format: 'object',
  });
  const zipName = `terraform_${version}_${platform}.zip`;
  const sums = Buffer.from(`${createHash('sha256').update(archive).digest('hex')}  ${zipName}\n`);
  const signature = await openpgp.sign({ message: await openpgp.createMessage({ binary: sums }), signingKeys: privateKey, detached: true, format: 'binary' });
  const files = new Map<string, Buffer>([
    [`/terraform/${version}/${zipName}`, archive],
    [`/terraform/${version}/terraform_${version}_SHA256SUMS`, sums],
    [`/terraform/${version}/terraform_${version}_SHA256SUMS.sig`, Buffer.from(signature as Uint8Array)],
  ]);
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://mirror').pathname);
    requests.push(path);
    const body = files.get(path);
    if (!body) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    publicKey: publicKey.armor(),
    version,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
