/**
 * Runs a program with an argument array (never a shell string), streaming its output while
 * capturing it, with every secret replaced by *** in what is captured and streamed.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { setLongTimeout } from './timers.js';

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Values never to show: masked in the captured and streamed output. */
  secrets?: string[];
  /** Stream output to our stdout/stderr as it comes (inside stop-commands markers). Default true. */
  stream?: boolean;
  /** Bytes kept per stream; beyond it the start is kept and `truncated` is set. Default 16 MiB. */
  maxCapture?: number;
  input?: string | Buffer;
  timeoutMs?: number;
  /**
   * Write stdout to this file (created or truncated) instead of capturing and streaming it: for
   * outputs too large to hold in memory (`terraform show -json`). `stdout` is then ''. Secrets are
   * not masked in the file; the caller decides where it goes.
   */
  stdoutFile?: string;
  /**
   * Stream the child's stderr to OUR stdout, inside the same stop-commands block, instead of to
   * our stderr. The runner reads stderr apart from stdout and processes workflow commands on both,
   * so a stop-commands marker on stdout does not reliably cover what the child writes on stderr:
   * use this for output nobody vouches for (user deploy scripts). `stderr` is still captured apart.
   */
  stderrToStdout?: boolean;
}

export interface ExecResult {
  exitCode: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  truncated: boolean;
}

export function maskSecrets(text: string, secrets: string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join('***');
  return out;
}

export function exec(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const { stream = true, maxCapture = 16 * 1024 * 1024, secrets = [] } = options;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    // spawn's own `timeout` is a plain setTimeout: past 24.8 days it would fire at once and kill the child.
    if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
      const timer = setLongTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
      child.once('exit', () => timer.cancel());
      child.once('error', () => timer.cancel());
    }
    const token = `dataops-${randomUUID()}`;
    if (stream) process.stdout.write(`::stop-commands::${token}\n`);
    const file = options.stdoutFile ? createWriteStream(options.stdoutFile) : undefined;
    const fileDone = file ? finished(file) : Promise.resolve();
    fileDone.catch(() => undefined); // awaited on close; a write error then rejects the result
    const captured = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const sizes = { stdout: 0, stderr: 0 };
    let truncated = false;
    const collect = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (sizes[which] < maxCapture) {
        const part = chunk.subarray(0, maxCapture - sizes[which]);
        captured[which].push(part);
        sizes[which] += part.length;
        if (part.length < chunk.length) truncated = true;
      } else truncated = true;
      if (stream) (which === 'stdout' || options.stderrToStdout ? process.stdout : process.stderr).write(maskSecrets(chunk.toString('utf8'), secrets));
    };
    if (file) child.stdout.pipe(file);
    else child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    child.on('error', (err) => {
      if (stream) process.stdout.write(`::${token}::\n`);
      file?.destroy();
      reject(err);
    });
    child.on('close', (code, signal) => {
      if (stream) process.stdout.write(`\n::${token}::\n`);
      fileDone.then(
        () =>
          resolve({
            exitCode: code ?? 128,
            signal,
            stdout: maskSecrets(Buffer.concat(captured.stdout).toString('utf8'), secrets),
            stderr: maskSecrets(Buffer.concat(captured.stderr).toString('utf8'), secrets),
            durationMs: performance.now() - started,
            truncated,
          }),
        reject,
      );
    });
    child.stdin.on('error', () => undefined); // the child may exit without reading its input
    child.stdin.end(options.input ?? '');
  });
}
