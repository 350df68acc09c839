/**
 * Looks for known secret values everywhere a run leaves text: the log as the runner would show
 * it (masks take effect from the line that registers them, as on the runner), stderr, step
 * outputs and variables, the job summary, every file under the runner folders, and whatever the
 * fake services received (comment bodies, deployment records, artifacts, caches, metrics pushes,
 * alert messages). Each secret is searched raw, URL-encoded and base64-encoded.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ActionRunResult } from '../../harness/run-action.js';
import { secretForms as forms } from '../../harness/leaks.js';
import { executedCommands } from './inert.js';

export type Secrets = Record<string, string>;

export class SecretScan {
  readonly hits: string[] = [];
  scanned = 0;

  constructor(private readonly secrets: Secrets) {}

  /** Records every secret found in `text`, naming where. */
  text(where: string, text: string | Buffer | undefined): void {
    if (text === undefined) return;
    this.scanned++;
    const haystack = typeof text === 'string' ? text : text.toString('latin1');
    const utf8 = typeof text === 'string' ? text : text.toString('utf8');
    for (const [name, value] of Object.entries(this.secrets)) {
      if (forms(value).some((f) => haystack.includes(f) || utf8.includes(f))) this.hits.push(`${name} in ${where}`);
    }
  }

  /** The log as displayed: each line masked with the masks registered BEFORE it (the runner cannot mask backwards). */
  log(where: string, stdout: string): void {
    this.scanned++;
    const masks: string[] = [];
    const executed = new Set(executedCommands(stdout).map((c) => c.line));
    for (const line of stdout.split('\n')) {
      const command = /^\s*::add-mask::(.*)$/.exec(line);
      if (command && executed.has(line)) {
        if (command[1]) masks.push(command[1]);
        continue;
      }
      let shown = line;
      for (const mask of [...masks].sort((a, b) => b.length - a.length)) shown = shown.split(mask).join('***');
      for (const [name, value] of Object.entries(this.secrets)) {
        if (forms(value).some((f) => shown.includes(f))) {
          this.hits.push(`${name} in ${where}: ${JSON.stringify(shown.slice(0, 160))}`);
          break;
        }
      }
    }
  }

  /** stdout (mask timing honoured), stderr (with every mask of the run), outputs, variables, state and summary. */
  run(result: ActionRunResult): void {
    this.log('the log', result.stdout);
    let stderr = result.stderr;
    for (const mask of [...result.masks].sort((a, b) => b.length - a.length)) stderr = stderr.split(mask).join('***');
    this.text('stderr', stderr);
    for (const [k, v] of Object.entries(result.outputs)) this.text(`output ${k}`, v);
    for (const [k, v] of Object.entries(result.exportedEnv)) this.text(`exported variable ${k}`, v);
    for (const [k, v] of Object.entries(result.state)) this.text(`saved state ${k}`, v);
    this.text('the job summary', result.summary);
  }

  /** Every file under `root` except the listed ones (relative paths; a folder excludes what is inside). */
  files(root: string, except: string[] = []): void {
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        const rel = path.relative(root, full);
        if (except.some((e) => rel === e || rel.startsWith(`${e}${path.sep}`))) continue;
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && statSync(full).size <= 64 * 1024 * 1024) this.text(`file ${rel}`, readFileSync(full));
      }
    };
    walk(root);
  }

  /** A tar archive (gzip or zstd, as @actions/cache writes them): every file inside. */
  tarball(where: string, archive: Buffer): void {
    const zstd = archive.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
    // -O writes contents to stdout only, so member names with `..` (the cache stores paths relative to the workspace) are harmless: -P lets them through.
    const args = zstd ? ['--use-compress-program=zstd -d', '-P', '-xOf', '-'] : ['-P', '-xzOf', '-'];
    const out = spawnSync('tar', args, { input: archive, maxBuffer: 256 * 1024 * 1024 });
    if (out.status !== 0) throw new Error(`cannot read the cache archive of ${where}: ${out.stderr.toString()}`);
    this.text(where, out.stdout);
  }
}
