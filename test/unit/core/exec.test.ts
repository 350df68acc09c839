import { jest } from '@jest/globals';
import { exec, maskSecrets } from '#shared/exec.js';

describe('exec', () => {
  let written: string[];
  let spy: jest.SpiedFunction<typeof process.stdout.write>;
  beforeEach(() => {
    written = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  test('arguments are passed as-is, never through a shell', async () => {
    const hostile = '$(touch /tmp/pwned); `id` && echo hi > /dev/null';
    const result = await exec(process.execPath, ['-e', 'process.stdout.write(process.argv[1])', hostile], { stream: false });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(hostile);
  });

  test('exit code, stderr and duration are returned', async () => {
    const result = await exec(process.execPath, ['-e', 'console.error("bad"); process.exit(2)'], { stream: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('bad\n');
    expect(result.durationMs).toBeGreaterThan(0);
  });

  test('secrets are masked in captured and streamed output, and workflow commands in it are stopped', async () => {
    const result = await exec(process.execPath, ['-e', 'console.log("token=s3cr3t-value\\n::add-mask::x")'], { secrets: ['s3cr3t-value'] });
    expect(result.stdout).toBe('token=***\n::add-mask::x\n');
    const log = written.join('');
    expect(log).not.toContain('s3cr3t-value');
    const token = /::stop-commands::(\S+)/.exec(log)?.[1];
    expect(token).toBeDefined();
    expect(log.indexOf('::add-mask::x')).toBeGreaterThan(log.indexOf(`::stop-commands::${token}`));
    expect(log.indexOf(`::${token}::`)).toBeGreaterThan(log.indexOf('::add-mask::x'));
  });

  test('capture is bounded and says so', async () => {
    const result = await exec(process.execPath, ['-e', 'process.stdout.write("x".repeat(10000))'], { stream: false, maxCapture: 100 });
    expect(result.stdout).toHaveLength(100);
    expect(result.truncated).toBe(true);
  });

  test("a timeout stops the program; one past setTimeout's limit (24.8 days) does not fire at once", async () => {
    const hangs = ['-e', 'setInterval(() => {}, 1000)'];
    expect((await exec(process.execPath, hangs, { stream: false, timeoutMs: 100 })).signal).toBe('SIGTERM');
    const quick = await exec(process.execPath, ['-e', 'setTimeout(() => {}, 100)'], { stream: false, timeoutMs: 30 * 86_400_000 });
    expect(quick).toMatchObject({ exitCode: 0, signal: null });
  });

  test('a missing program rejects', async () => {
    await expect(exec('/nonexistent/program', [], { stream: false })).rejects.toThrow(/ENOENT/);
  });

  test('maskSecrets ignores values too short to mask safely', () => {
    expect(maskSecrets('a b abc', ['a', 'abc'])).toBe('a b ***');
  });
});
