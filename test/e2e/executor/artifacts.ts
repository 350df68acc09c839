/**
 * Artifacts of one workflow run, for the upload/download-artifact stand-ins. Files are always
 * recorded in a local folder per artifact (what a test or the demo reads); with the fake Actions
 * results service they are also uploaded for real, so our own bundles (which use @actions/artifact)
 * and later jobs see the same artifacts as on GitHub.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { node24 } from '../../harness/paths.js';
import { parseWorkflowCommands } from '../../harness/workflow-commands.js';

export interface ArtifactRecord {
  name: string;
  /** Local copy of the uploaded files, laid out relative to the upload's root folder. */
  dir: string;
  /** Paths relative to `dir`. */
  files: string[];
  /** The id given by the fake results service (undefined when only recorded locally). */
  id?: number;
  digest?: string;
}

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifact-child.mjs');

export interface ChildAnswer<T> {
  answer: T;
  log: string;
}

/** Runs the artifact worker in the workspace with the step's environment; the answer is its last stdout line. */
export async function runArtifactChild<T>(op: Record<string, unknown>, cwd: string, env: Record<string, string>): Promise<ChildAnswer<T>> {
  const proc = spawn(node24, [child, JSON.stringify(op)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  proc.stdout.on('data', (c: Buffer) => out.push(c));
  proc.stderr.on('data', (c: Buffer) => err.push(c));
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  const stdout = Buffer.concat(out).toString('utf8');
  const stderr = Buffer.concat(err).toString('utf8');
  if (code !== 0) throw new Error(`the artifact worker failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  const lines = stdout.trimEnd().split('\n');
  const answer = JSON.parse(lines.pop() ?? 'null') as T;
  return { answer, log: parseWorkflowCommands(lines.join('\n')).rendered.trim() };
}

export class ArtifactStore {
  readonly records: ArtifactRecord[] = [];

  constructor(private readonly root: string) {}

  find(name: string): ArtifactRecord | undefined {
    return this.records.find((r) => r.name === name);
  }

  /** Records files (absolute paths under `rootDir`) as artifact `name`; refuses a duplicate unless `overwrite`. */
  record(name: string, files: string[], rootDir: string, overwrite: boolean, service?: { id?: number; digest?: string }): ArtifactRecord {
    const existing = this.find(name);
    if (existing && !overwrite) throw new Error(`an artifact named ${JSON.stringify(name)} already exists in this run (set overwrite: true to replace it)`);
    if (existing) this.records.splice(this.records.indexOf(existing), 1);
    const dir = path.join(this.root, `${this.records.length + 1}-${name.replace(/[^\w.-]/g, '_')}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const relative = files.map((f) => path.relative(rootDir, f));
    for (const rel of relative) cpSync(path.join(rootDir, rel), path.join(dir, rel));
    const record: ArtifactRecord = { name, dir, files: relative.sort(), id: service?.id, digest: service?.digest };
    this.records.push(record);
    return record;
  }

  /** Copies a locally recorded artifact's files into `destination`. */
  copyOut(record: ArtifactRecord, destination: string): void {
    mkdirSync(destination, { recursive: true });
    for (const entry of readdirSync(record.dir)) cpSync(path.join(record.dir, entry), path.join(destination, entry), { recursive: true });
  }

  hasLocal(name: string): boolean {
    const r = this.find(name);
    return r !== undefined && existsSync(r.dir);
  }
}
