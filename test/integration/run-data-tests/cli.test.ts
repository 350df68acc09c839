/**
 * The `dataops-test` CLI bundle (dist/run-data-tests/cli/index.js) under the machine's own Node:
 * the example data runs with a readable table, exit codes follow --fail-on, reports are written,
 * history builds up across runs, and mistakes exit 1 (check file) or 2 (command line).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { repoRoot } from '../../harness/paths.js';

const cli = path.join(repoRoot, 'dist', 'run-data-tests', 'cli', 'index.js');
const example = path.join('examples', 'data-quality', 'dataops-tests.yml');

function runCli(args: string[], env: Record<string, string> = {}, entry = cli): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'dq-cli-home-'));
  return new Promise((resolve) => {
    // DuckDB is found next to the bundle (the repository's node_modules), as in a clone.
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

describe('dataops-test CLI', () => {
  test('the `dataops-test` bin script (what npx runs) runs the bundle', async () => {
    const run = await runCli([example, '--no-history'], {}, path.join(repoRoot, 'bin', 'dataops-test.js'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^orders data\/orders\/\*\.parquet · 1,000 rows · /m);
  });

  test('the example passes with warnings: a table per dataset, samples, exit 0; --fail-on warn exits 1', async () => {
    const run = await runCli([example, '--no-history']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\u001b['); // not a terminal: no colours
    expect(run.stdout).not.toContain('::'); // no workflow commands outside Actions
    expect(run.stdout).toMatch(/^orders data\/orders\/\*\.parquet · 1,000 rows · /m);
    expect(run.stdout).toMatch(/^ {2}WARN {2}accepted_values\(status\) +1 failing row of 1,000 \(0\.1%\) +line 22$/m);
    expect(run.stdout).toContain('        e.g. lost ×1');
    expect(run.stdout).toContain('        e.g. 1001 ×1');
    expect(run.stdout.trim().split('\n').pop()).toMatch(/^Data tests passed with warnings: 4 warned, 13 passed \(/);
    expect(run.stderr).toContain('▸ orders (1/2) scanning…');
    expect(run.stderr).toContain('▸ customers (2/2) scanning…');

    const strict = await runCli([example, '--no-history', '--fail-on', 'warn']);
    expect(strict.code).toBe(1);
    const colour = await runCli([example, '--no-history', '--fail-on', 'never', '--dataset', 'customers'], { FORCE_COLOR: '1' });
    expect(colour.code).toBe(0);
    expect(colour.stdout).toContain('\u001b[32mPASS ');
    expect(colour.stdout).not.toContain('orders');
  });

  test('--json and --junit write the reports; history builds up in --history', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'dq-cli-out-'));
    const history = path.join(out, 'history');
    for (let i = 0; i < 2; i++) {
      const run = await runCli([example, '--history', history, '--json', path.join(out, 'report.json'), '--junit', path.join(out, 'junit.xml')]);
      expect(run.code).toBe(0);
    }
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({
      result: 'warn',
      counts: { warned: 4, passed: 13, failed: 0, errored: 0, total: 17 },
      configFile: example.split(path.sep).join('/'),
    });
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(path.join(out, 'junit.xml'), 'utf8'));
    expect(junit.testsuites.testsuite.map((s: { name: string }) => s.name)).toEqual(['orders', 'customers']);
    const files = readdirSync(history);
    expect(files).toHaveLength(2);
    const lines = readFileSync(
      path.join(
        history,
        files.find((f) => f.startsWith('orders'))!,
      ),
      'utf8',
    )
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]).metrics).toEqual({ row_count: 1000, 'mean:amount': expect.any(Number) });
    expect(report.datasets[0].tests.find((t: { name: string }) => t.name === 'anomaly(row_count)').message).toBe(
      'row_count = 1,000; learning (1 of 7 runs of history needed)',
    );
  });

  test('a broken check file exits 1 with file:line:column; a wrong command line exits 2 with the usage', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dq-cli-bad-')), 'checks.yml');
    writeFileSync(file, 'version: 1\ndatasets:\n  - name: x\n    path: x.csv\n    tests: [{ row_count: { min: 1 } }]\ndatasetz: []\n');
    const broken = await runCli([file, '--no-history']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(`dataops-test: ${file}:6:1: unknown key 'datasetz' (allowed: version, sources, dbt, datasets)\n`);
    const missing = await runCli(['nope.yml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`dataops-test: Cannot read the check file ${path.join(repoRoot, 'nope.yml')}: no such file`);
    const usage = await runCli(['--fail-on', 'sometimes']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('dataops-test: --fail-on must be error, warn or never, got "sometimes"');
    expect(usage.stderr).toContain('Usage: dataops-test [config] [options]');
    const unknown = await runCli(['--colour']);
    expect(unknown.code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dbt-schema <file>');
    expect(existsSync(path.join(repoRoot, 'report.json'))).toBe(false);
  });
});
