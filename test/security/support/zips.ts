/**
 * Zip archives with names no honest tool writes (`..`, absolute paths, backslashes) and symlink
 * entries. yazl refuses such names, so entries are written under placeholder names of the same
 * byte length and patched afterwards (a name sits in the local header and the central directory;
 * CRCs cover data only). Entries are stored uncompressed so placeholders cannot hide in data.
 */
import yazl from 'yazl';

export interface ZipEntry {
  name: string;
  /** File content, or the target of a symlink. */
  data: string;
  kind?: 'file' | 'symlink' | 'dir';
  mode?: number;
}

const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

function placeholder(index: number, length: number): string {
  // 'Q' + a base-36 index, padded with 'Z': distinct per entry, absent from the data we write.
  const id = `Q${index.toString(36)}`;
  if (length < id.length + 1) return '';
  return (id + 'Z'.repeat(length)).slice(0, length);
}

export function makeZip(entries: ZipEntry[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    const patches: Array<[string, string]> = [];
    entries.forEach((e, i) => {
      const kind = e.kind ?? 'file';
      const type = kind === 'symlink' ? S_IFLNK : kind === 'dir' ? S_IFDIR : S_IFREG;
      const mode = type | (e.mode ?? (kind === 'file' ? 0o644 : 0o777));
      // yazl adds the `/` of a directory itself.
      const name = kind === 'dir' ? e.name.replace(/\/+$/, '') : e.name;
      const safe = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(name) && !name.split('/').includes('..');
      const safeName = safe ? name : placeholder(i, Buffer.byteLength(name));
      if (safeName === '') throw new Error(`zip fixture: the name ${JSON.stringify(e.name)} is too short to patch in`);
      if (safeName !== name) patches.push([safeName, name]);
      if (kind === 'dir') z.addEmptyDirectory(safeName, { mode });
      else z.addBuffer(Buffer.from(e.data.replace(/[QZ]/g, '_')), safeName, { mode, compress: false });
    });
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('error', reject);
    z.outputStream.on('end', () => {
      let text = Buffer.concat(chunks).toString('latin1');
      for (const [from, to] of patches) text = text.split(from).join(Buffer.from(to, 'utf8').toString('latin1'));
      resolve(Buffer.from(text, 'latin1'));
    });
    z.end();
  });
}
