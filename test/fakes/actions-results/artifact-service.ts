/**
 * github.actions.results.api.v1.ArtifactService as @actions/artifact 6.2 (upload-artifact v4+) uses it:
 * CreateArtifact → signed upload URL (block upload of a zip, or of the raw file with skipArchive)
 * → FinalizeArtifact (size + `sha256:` hash checked against what storage holds) → an id; list, get,
 * download and delete go through ListArtifacts / GetSignedArtifactURL / DeleteArtifact. Artifacts
 * belong to the workflow run: a second finalized artifact with the same name in the run is a
 * `409 already_exists`, and any job of the run sees every artifact of the run.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { BlobStore } from './blob-store.js';
import type { TokenClaims } from './token.js';
import { optionalString, requireString, timestampJson, TwirpError, type TwirpRequest } from './twirp.js';

export interface ArtifactRecord {
  id: number;
  name: string;
  runBackendId: string;
  jobBackendId: string;
  mimeType: string;
  /** Name the blob is served under: `<name>.zip` for zips, the file's own name with skipArchive. */
  fileName: string;
  size: number;
  /** `sha256:<hex>` as sent at finalize. */
  digest?: string;
  createdAt: Date;
  expiresAt?: Date;
  finalized: boolean;
  blobPath: string;
}

export class ArtifactService {
  private readonly records: ArtifactRecord[] = [];
  // Database ids look like the real ones (large, increasing), not like array indexes.
  private nextId = 1_000_001;

  constructor(private readonly blobs: BlobStore) {}

  list(): ArtifactRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  bytes(record: Pick<ArtifactRecord, 'blobPath'>): Buffer | undefined {
    return this.blobs.get(record.blobPath)?.data;
  }

  call(rpc: string, req: TwirpRequest, claims: TokenClaims): unknown {
    switch (rpc) {
      case 'CreateArtifact':
        return this.create(req, claims);
      case 'FinalizeArtifact':
        return this.finalize(req, claims);
      case 'ListArtifacts':
        return this.listRpc(req, claims);
      case 'GetSignedArtifactURL':
        return this.signedUrl(req, claims);
      case 'DeleteArtifact':
        return this.deleteRpc(req, claims);
      default:
        throw new TwirpError('bad_route', `no handler for path "/twirp/github.actions.results.api.v1.ArtifactService/${rpc}"`);
    }
  }

  private create(req: TwirpRequest, claims: TokenClaims) {
    const { run, job } = backendIds(req, claims);
    const name = requireString(req, 'name');
    if (Number(req['version'] ?? 0) < 4) throw new TwirpError('invalid_argument', 'artifact version must be 4 or newer');
    if (this.records.some((r) => r.finalized && r.runBackendId === run && r.name === name)) {
      throw new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run');
    }
    // An unfinished upload of the same name (a failed attempt) is replaced.
    this.removeWhere((r) => !r.finalized && r.runBackendId === run && r.name === name);
    const mimeType = optionalString(req, 'mime_type') ?? 'application/zip';
    const fileName = mimeType === 'application/zip' ? `${name}.zip` : name;
    const id = this.nextId++;
    const blobPath = this.blobs.blobPath('artifacts', `${run}/${id}/${encodeURIComponent(fileName)}`);
    const expires = optionalString(req, 'expires_at');
    this.records.push({
      id,
      name,
      runBackendId: run,
      jobBackendId: job,
      mimeType,
      fileName,
      size: 0,
      createdAt: new Date(),
      expiresAt: expires ? new Date(expires) : undefined,
      finalized: false,
      blobPath,
    });
    return { ok: true, signed_upload_url: this.blobs.signedUrl(blobPath, 'cw') };
  }

  private finalize(req: TwirpRequest, claims: TokenClaims) {
    const { run, job } = backendIds(req, claims);
    const name = requireString(req, 'name');
    const record = this.records.find((r) => !r.finalized && r.runBackendId === run && r.jobBackendId === job && r.name === name);
    if (!record) throw new TwirpError('not_found', 'artifact not found');
    const data = this.blobs.get(record.blobPath)?.data;
    const size = Number(req['size'] ?? 0);
    const hash = optionalString(req, 'hash');
    // ok:false is what the client turns into "FinalizeArtifact: response from backend was not ok".
    if (!data || data.length !== size) return { ok: false, artifact_id: '0' };
    if (hash && hash !== `sha256:${createHash('sha256').update(data).digest('hex')}`) return { ok: false, artifact_id: '0' };
    record.size = size;
    record.digest = hash;
    record.finalized = true;
    record.createdAt = new Date();
    return { ok: true, artifact_id: String(record.id) };
  }

  private listRpc(req: TwirpRequest, claims: TokenClaims) {
    const { run } = backendIds(req, claims);
    const nameFilter = optionalString(req, 'name_filter');
    const idFilter = req['id_filter'] === undefined ? undefined : Number(req['id_filter']);
    const artifacts = this.records
      .filter((r) => r.finalized && r.runBackendId === run)
      .filter((r) => nameFilter === undefined || r.name === nameFilter)
      .filter((r) => idFilter === undefined || r.id === idFilter)
      .map((r) => ({
        workflow_run_backend_id: r.runBackendId,
        workflow_job_run_backend_id: r.jobBackendId,
        database_id: String(r.id),
        name: r.name,
        size: String(r.size),
        created_at: timestampJson(r.createdAt),
        ...(r.digest ? { digest: r.digest } : {}),
      }));
    return { artifacts };
  }

  private signedUrl(req: TwirpRequest, claims: TokenClaims) {
    const record = this.findFinalized(req, claims);
    // Content-Disposition carries the file name the client saves a non-zip (skipArchive) upload as.
    const disposition = `attachment; filename="${record.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(record.fileName)}`;
    return { signed_url: this.blobs.signedUrl(record.blobPath, 'r', { contentDisposition: disposition }) };
  }

  private deleteRpc(req: TwirpRequest, claims: TokenClaims) {
    const record = this.findFinalized(req, claims);
    this.removeWhere((r) => r.id === record.id);
    return { ok: true, artifact_id: String(record.id) };
  }

  private findFinalized(req: TwirpRequest, claims: TokenClaims): ArtifactRecord {
    const { run, job } = backendIds(req, claims);
    const name = requireString(req, 'name');
    const record = this.records.find((r) => r.finalized && r.runBackendId === run && r.jobBackendId === job && r.name === name);
    if (!record) throw new TwirpError('not_found', 'artifact not found');
    return record;
  }

  private removeWhere(match: (r: ArtifactRecord) => boolean): void {
    for (let i = this.records.length - 1; i >= 0; i--) {
      if (!match(this.records[i])) continue;
      this.blobs.delete(this.records[i].blobPath);
      this.records.splice(i, 1);
    }
  }
}

/** The run/job ids of a request; the run must be the token's, as the service authorizes by run. */
function backendIds(req: TwirpRequest, claims: TokenClaims): { run: string; job: string } {
  const run = requireString(req, 'workflow_run_backend_id');
  const job = requireString(req, 'workflow_job_run_backend_id');
  if (run !== claims.runBackendId) throw new TwirpError('permission_denied', 'workflow run backend id does not match the token');
  return { run, job };
}

/** Files of a zip (directories omitted), for asserting on what an artifact upload sent. */
export async function unzipEntries(data: Buffer): Promise<Record<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  const files: Record<string, Buffer> = {};
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName.endsWith('/')) continue;
    files[entry.fileName] = await readAll(await zip.openReadStreamPromise(entry));
  }
  return files;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
