/**
 * File datasets: a path or glob relative to the check file's folder, expanded here (not by DuckDB)
 * so an empty glob or an unreadable file is reported by name before any query runs.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
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
    files = (await glob(absolute)).sort();
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

/**
 * `*`, `?`, `[abc]`, `{a,b}` within a path segment and `**` across segments. Implemented here
 * rather than with @actions/glob, which logs through the runner's workflow commands (noise in the
 * CLI) and treats `#` and `!` specially.
 */
export function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = pattern.indexOf('}', i + 1);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${pattern
          .slice(i + 1, end)
          .split(',')
          .map((alt) => globRegExp(alt).source.slice(1, -1))
          .join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function glob(absolutePattern: string): Promise<string[]> {
  const posix = absolutePattern.split(path.sep).join('/');
  const segments = posix.split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  const base = segments.slice(0, firstGlob).join('/') || '/';
  const rest = segments.slice(firstGlob).join('/');
  const matcher = globRegExp(rest);
  const maxDepth = rest.includes('**') ? Infinity : segments.length - firstGlob;
  const found: string[] = [];
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      const info = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
      if (!info) continue;
      if (info.isDirectory()) {
        if (depth < maxDepth) await walk(full, childRel, depth + 1);
      } else if (info.isFile() && matcher.test(childRel)) found.push(full);
    }
  };
  await walk(base, '', 1);
  return found;
}
