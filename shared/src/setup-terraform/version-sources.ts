/**
 * Where the wanted version comes from when the input is empty, in order:
 *   1. `.terraform-version` (Terraform) or `.opentofu-version` (OpenTofu), as tfenv/tofuenv write it
 *   2. `.tool-versions` (asdf/mise): the `terraform` or `opentofu` line
 *   3. `required_version` in the root module's `*.tf` / `*.tf.json` (and `*.tofu` for OpenTofu);
 *      constraints from several files all apply, as Terraform combines them.
 * Version files are looked for in the working directory, then each parent up to the workspace.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ActionError } from '../errors.js';
import type { Tool } from './releases.js';
import { ConstraintSyntaxError, parseConstraint } from './version.js';

export interface VersionRequest {
  /** `latest`, an exact version or a constraint in Terraform's grammar. */
  spec: string;
  /** Where it came from, for the log and the `source` output: `input`, a file path, `default`. */
  source: string;
}

/** Directories from `start` up to and including `stop` (or just `start` when it is not inside). */
function dirsUpTo(start: string, stop: string): string[] {
  const dirs = [start];
  const rel = path.relative(stop, start);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return dirs;
  let dir = start;
  while (dir !== stop) {
    dir = path.dirname(dir);
    dirs.push(dir);
  }
  return dirs;
}

function rel(workspace: string, file: string): string {
  return path.relative(workspace, file).split(path.sep).join('/') || path.basename(file);
}

function checkSpec(spec: string, where: string): string {
  if (spec === 'latest') return spec;
  try {
    parseConstraint(spec);
  } catch (err) {
    if (err instanceof ConstraintSyntaxError) {
      throw new ActionError(`${where} has ${err.message.replace(/^invalid version constraint/, 'an invalid version constraint')}`, {
        hint: 'Accepted: an exact version (1.9.8), latest, or a constraint such as ~> 1.9 or >= 1.5, < 2.0.',
      });
    }
    throw err;
  }
  return spec;
}

/** `.terraform-version` / `.opentofu-version`: the first non-comment line. */
function readVersionFile(file: string, workspace: string): VersionRequest | undefined {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, '').trim();
    if (line === '') continue;
    const where = `${rel(workspace, file)} line ${i + 1}`;
    if (/^latest:/.test(line) || line === 'min-required' || line === 'latest-allowed') {
      throw new ActionError(`${where} uses ${JSON.stringify(line)}, a tfenv-only keyword`, {
        hint: 'Write an exact version, latest, or a constraint such as ~> 1.9 instead.',
      });
    }
    return { spec: checkSpec(line, where), source: rel(workspace, file) };
  }
  return undefined;
}

/** `.tool-versions`: `terraform 1.9.8` (asdf may list fallbacks after the first; the first wins). */
function readToolVersions(file: string, tool: Tool, workspace: string): VersionRequest | undefined {
  const names = tool === 'opentofu' ? ['opentofu', 'tofu'] : ['terraform'];
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const words = lines[i].replace(/#.*$/, '').trim().split(/\s+/);
    if (words.length >= 2 && names.includes(words[0])) {
      return { spec: checkSpec(words[1], `${rel(workspace, file)} line ${i + 1}`), source: rel(workspace, file) };
    }
  }
  return undefined;
}

/** Removes HCL comments (`#`, `//`, `/* *\/`) while leaving string contents alone. */
export function stripHclComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const block = text.slice(i, end < 0 ? text.length : end + 2);
      out += block.replace(/[^\n]/g, ' '); // keep line numbers
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** `required_version` values inside top-level `terraform { … }` blocks of one HCL file. */
export function requiredVersionsInHcl(text: string): Array<{ value: string; line: number }> {
  const src = stripHclComments(text);
  const found: Array<{ value: string; line: number }> = [];
  const blockRe = /(^|\n)[ \t]*terraform[ \t]*\{/g;
  let m: RegExpExecArray | null;
  while ((m = blockRe.exec(src)) !== null) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    while (i < src.length && depth > 0) {
      const c = src[i];
      if (c === '"') {
        i++;
        while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      } else if (c === '{') depth++;
      else if (c === '}') depth--;
      i++;
    }
    const body = src.slice(start, i - 1);
    // Only attributes of the block itself (depth 0 inside it), not of nested blocks.
    let d = 0;
    let lineStart = 0;
    for (let k = 0; k <= body.length; k++) {
      if (k === body.length || body[k] === '\n') {
        const line = body.slice(lineStart, k);
        const attr = /^\s*required_version\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(line);
        if (attr && d === 0) found.push({ value: attr[1], line: src.slice(0, start + lineStart).split('\n').length });
        for (const ch of line.replace(/"(?:[^"\\]|\\.)*"/g, '')) d += ch === '{' ? 1 : ch === '}' ? -1 : 0;
        lineStart = k + 1;
      }
    }
    blockRe.lastIndex = i;
  }
  return found;
}

function requiredVersionsInJson(text: string, file: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ActionError(`${file} is not valid JSON`);
  }
  const blocks = (json as { terraform?: unknown })?.terraform;
  const list = Array.isArray(blocks) ? blocks : blocks ? [blocks] : [];
  return list.map((b) => (b as { required_version?: unknown })?.required_version).filter((v): v is string => typeof v === 'string');
}

/** Every `required_version` in the root module, combined (all must hold). */
function readRequiredVersion(dir: string, tool: Tool, workspace: string): VersionRequest | undefined {
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir).sort();
  const hcl = names.filter((n) => n.endsWith('.tf') || (tool === 'opentofu' && n.endsWith('.tofu')));
  // OpenTofu reads x.tofu instead of x.tf when both exist.
  const chosen = tool === 'opentofu' ? hcl.filter((n) => !(n.endsWith('.tf') && names.includes(n.replace(/\.tf$/, '.tofu')))) : hcl;
  const json = names.filter((n) => n.endsWith('.tf.json') || (tool === 'opentofu' && n.endsWith('.tofu.json')));
  const parts: string[] = [];
  const files: string[] = [];
  for (const name of chosen) {
    const file = path.join(dir, name);
    for (const { value, line } of requiredVersionsInHcl(readFileSync(file, 'utf8'))) {
      parts.push(checkSpec(value, `${rel(workspace, file)} line ${line} (required_version)`));
      files.push(rel(workspace, file));
    }
  }
  for (const name of json) {
    const file = path.join(dir, name);
    for (const value of requiredVersionsInJson(readFileSync(file, 'utf8'), rel(workspace, file))) {
      parts.push(checkSpec(value, `${rel(workspace, file)} (required_version)`));
      files.push(rel(workspace, file));
    }
  }
  if (parts.length === 0) return undefined;
  return { spec: parts.join(', '), source: `required_version in ${[...new Set(files)].join(', ')}` };
}

/** The version request from the input, or from the files above; `latest` when nothing says. */
export function findVersionRequest(input: string, tool: Tool, workingDirectory: string, workspace: string, inputName: string): VersionRequest {
  if (input !== '') return { spec: checkSpec(input, `Input '${inputName}'`), source: 'input' };
  const versionFile = tool === 'opentofu' ? '.opentofu-version' : '.terraform-version';
  const dirs = dirsUpTo(workingDirectory, workspace);
  for (const dir of dirs) {
    const file = path.join(dir, versionFile);
    if (existsSync(file)) {
      const found = readVersionFile(file, workspace);
      if (found) return found;
    }
  }
  for (const dir of dirs) {
    const file = path.join(dir, '.tool-versions');
    if (existsSync(file)) {
      const found = readToolVersions(file, tool, workspace);
      if (found) return found;
    }
  }
  return readRequiredVersion(workingDirectory, tool, workspace) ?? { spec: 'latest', source: 'default (latest)' };
}
