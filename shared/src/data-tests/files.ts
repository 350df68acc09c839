/**
 * File datasets: a path or glob relative to the check file's folder, expanded here (not by DuckDB)
 * so an empty glob or an unreadable file is reported by name before any query runs.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import * as glob from '@actions/glob';
import type { FileRelation } from './model.js';
import type { Relation } from './sql.js';

export class FileError extends Error {}

const GLOB_CHARS = /[*?[\]{}]/;

export async function resolveFiles(baseDir: string, pattern: string): Promise<string[]> {
  const absolute = path.resolve(baseDir, pattern);
  let files: string[];
  if (!GLOB_CHARS.test(pattern)) {
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new FileError(`file ${pattern} does not exist (looked in ${baseDir})`);
    if (!info.isFile()) throw new FileError(`${pattern} is not a file`);
    files = [absolute];
  } else {
    const globber = await glob.create(absolute, { matchDirectories: false, implicitDescendants: false, followSymbolicLinks: true });
    files = (await globber.glob()).sort();
    if (files.length === 0) throw new FileError(`path ${pattern} matched no files (relative to ${baseDir})`);
  }
  for (const file of files) {
    try {
      await access(file, constants.R_OK);
    } catch (err) {
      throw new FileError(
        `cannot read ${path.relative(baseDir, file) || file}: ${(err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (err as Error).message}`,
      );
    }
  }
  return files;
}

export async function fileRelation(baseDir: string, rel: FileRelation): Promise<Relation> {
  const paths = await resolveFiles(baseDir, rel.pattern);
  return { k: 'files', format: rel.format!, paths, delimiter: rel.delimiter, header: rel.header };
}
