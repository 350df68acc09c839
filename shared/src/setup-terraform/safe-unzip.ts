/**
 * Zip extraction that cannot write outside its destination: entries with absolute paths, drive
 * letters or `..` segments are refused, symlinks must point inside the destination, nothing is
 * written through a symlink that leads out, existing files are never overwritten, and the total
 * size is capped (zip bombs). Any refusal fails the whole extraction.
 *
 * Symlinks are judged by where they really lead, not by their text: `a -> b/c/..` looks inside but
 * leaves when `b/c` is itself a link to `..`. Every path is resolved link by link on the disk
 * (realInside) before anything is created, and every symlink is checked again once all entries are
 * out, since a later entry can change what an earlier link's text passes through.
 */
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readlink, realpath, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { VerificationError } from '../download.js';

export interface ExtractOptions {
  /** Refuse archives that expand beyond this many bytes. Default 2 GiB. */
  maxBytes?: number;
  maxEntries?: number;
}

export class UnsafeArchiveError extends VerificationError {
  constructor(archive: string, detail: string) {
    super(`Refusing to extract ${path.basename(archive)}: ${detail}`);
    this.name = 'UnsafeArchiveError';
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Symlinks followed in one resolution before giving up, like the kernel's ELOOP limit. */
const MAX_LINK_HOPS = 40;

/**
 * Where the relative path `rel` really leads from the real directory `from` (inside root), following
 * every symlink on the way as the kernel would, dangling ones included; a part that does not exist
 * yet is taken as written. Undefined when the walk passes outside root at any point (even to come
 * back), meets an absolute link, or loops.
 */
async function realInside(root: string, from: string, rel: string, hops = { left: MAX_LINK_HOPS }): Promise<string | undefined> {
  let current = from;
  // Both separators: on Windows, path.relative gives backslashes (texts with them are refused earlier).
  for (const part of rel.split(/[/\\]/)) {
    if (part === '' || part === '.') continue;
    // `current` is always a real path, so `..` is its real parent.
    current = part === '..' ? path.dirname(current) : path.join(current, part);
    if (!isInside(root, current)) return undefined;
    if (part === '..') continue;
    let link: string;
    try {
      if (!(await lstat(current)).isSymbolicLink()) continue;
      link = await readlink(current);
    } catch (err) {
      // Not there (yet): the rest of the path is taken as written.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw err;
    }
    if (--hops.left < 0 || path.isAbsolute(link) || link.includes('\\')) return undefined;
    const target = await realInside(root, path.dirname(current), link, hops);
    if (target === undefined) return undefined;
    current = target;
  }
  return current;
}

/** The entry's path under root, or a reason it is unsafe. */
function entryPath(root: string, name: string): string | { unsafe: string } {
  if (name.includes('\0')) return { unsafe: `entry ${JSON.stringify(name)} has a NUL byte in its name` };
  if (name.includes('\\')) return { unsafe: `entry ${JSON.stringify(name)} uses backslashes` };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return { unsafe: `entry ${JSON.stringify(name)} has an absolute path` };
  if (name.split('/').includes('..')) return { unsafe: `entry ${JSON.stringify(name)} climbs out with ..` };
  const target = path.resolve(root, name);
  if (!isInside(root, target)) return { unsafe: `entry ${JSON.stringify(name)} would be written outside the destination` };
  return target;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    // decodeStrings: false so our own checks see the raw names (yauzl's checks would throw generic errors).
    yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true }, (err, zip) => (err ? reject(err) : resolve(zip!))),
  );
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, options: { decompress: boolean | null }): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, options, (err, stream) => (err ? reject(err) : resolve(stream!))));
}

const STORED = 0;
const DEFLATED = 8;
/** Inflating in 1 MiB pieces instead of zlib's default 16 KiB halves the CPU a release costs. */
const INFLATE_CHUNK = 1024 * 1024;

function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // Bit 11: UTF-8 names; otherwise CP437, whose printable ASCII subset is all release archives use.
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('symlink target is too long');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Extracts archive into dest (which must exist and be empty); returns the relative paths written. */
export async function extractZipSafely(archive: string, dest: string, options: ExtractOptions = {}): Promise<string[]> {
  const { maxBytes = 2 * 1024 * 1024 * 1024, maxEntries = 10_000 } = options;
  const root = await realpath(dest);
  const zip = await openZip(archive);
  const written: string[] = [];
  const links: string[] = [];
  let total = 0;
  let count = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => {
        zip.close();
        reject(err);
      };
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        (async () => {
          if (++count > maxEntries) throw new UnsafeArchiveError(archive, `more than ${maxEntries} entries`);
          const name = decodeName(entry);
          const target = entryPath(root, name);
          if (typeof target !== 'string') throw new UnsafeArchiveError(archive, target.unsafe);
          const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
          const kind = mode & S_IFMT;
          const throughLink = () => new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} is written through a symlink that leads outside`);
          if (name.endsWith('/') || kind === S_IFDIR) {
            // Created where the path really leads (folders already there may be links), never outside.
            const real = await realInside(root, root, path.relative(root, target));
            if (real === undefined) throw throughLink();
            await mkdir(real, { recursive: true });
          } else {
            const parent = await realInside(root, root, path.relative(root, path.dirname(target)));
            if (parent === undefined) throw throughLink();
            await mkdir(parent, { recursive: true });
            // Second line of defence: the kernel's own view of the parent must agree.
            if (!isInside(root, await realpath(parent))) throw throughLink();
            const real = path.join(parent, path.basename(target));
            if (entry.isEncrypted()) throw new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} is encrypted`);
            if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
              throw new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} uses compression method ${entry.compressionMethod}`);
            }
            const deflated = entry.compressionMethod === DEFLATED;
            // Raw bytes, inflated here (yauzl's own inflate uses small pieces).
            const stream = await openEntry(zip, entry, { decompress: deflated ? false : null });
            if (kind === S_IFLNK) {
              const link = (await readAll(deflated ? stream.pipe(createInflateRaw()) : stream, 4096)).toString('utf8');
              const resolved = path.resolve(path.dirname(target), link);
              // The text must stay inside, and so must where it really leads through the links already there.
              if (path.isAbsolute(link) || link.includes('\\') || !isInside(root, resolved) || (await realInside(root, parent, link)) === undefined) {
                throw new UnsafeArchiveError(archive, `symlink ${JSON.stringify(name)} points outside the destination (${JSON.stringify(link)})`);
              }
              await symlink(link, real);
              links.push(name);
            } else {
              let size = 0;
              const meter = new Transform({
                transform(chunk: Buffer, _enc, done) {
                  size += chunk.length;
                  total += chunk.length;
                  if (total > maxBytes) return done(new UnsafeArchiveError(archive, `it expands beyond ${maxBytes} bytes`));
                  if (size > entry.uncompressedSize)
                    return done(new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} is larger than its header says`));
                  done(null, chunk);
                },
              });
              const out = createWriteStream(real, { flags: 'wx', mode: mode & 0o777 || 0o644 }); // 'wx': a duplicate entry never overwrites
              if (deflated) await pipeline(stream, createInflateRaw({ chunkSize: INFLATE_CHUNK }), meter, out);
              else await pipeline(stream, meter, out);
              if (size !== entry.uncompressedSize)
                throw new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} is ${size} bytes, its header says ${entry.uncompressedSize}`);
            }
          }
          written.push(name);
          zip.readEntry();
        })().catch(fail);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  // A later entry may have made a link's text lead elsewhere (a folder it passes through became a link).
  for (const name of links) {
    if ((await realInside(root, root, name)) === undefined) {
      throw new UnsafeArchiveError(archive, `symlink ${JSON.stringify(name)} points outside the destination once all entries are extracted`);
    }
  }
  return written;
}
