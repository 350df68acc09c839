/**
 * `npm run new-action` makes a working action: run in a scratch copy of the repository so the
 * real tree is untouched, then the generated bundle is run through the harness contract.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../harness/paths.js';

describe('npm run new-action', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'new-action-'));
    for (const entry of ['package.json', 'tsconfig.json', 'action-template', 'shared', 'scripts', 'test/harness'])
      cpSync(path.join(repoRoot, entry), path.join(scratch, entry), { recursive: true });
    cpSync(path.join(repoRoot, 'actions'), path.join(scratch, 'actions'), { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(scratch, 'node_modules'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('creates action, README tables, test and a bundle that runs', () => {
    const run = spawnSync(process.execPath, ['scripts/new-action.mjs', 'export-lineage'], { cwd: scratch, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const action = YAML.parse(readFileSync(path.join(scratch, 'actions/export-lineage/action.yml'), 'utf8'));
    expect(action.name).toBe('export-lineage');
    expect(action.runs.main).toBe('../../dist/export-lineage/index.js');
    expect(readFileSync(path.join(scratch, 'actions/export-lineage/README.md'), 'utf8')).toContain('| `who` | Who to greet (required). | yes |  |');
    expect(readFileSync(path.join(scratch, 'test/integration/export-lineage/export-lineage.test.ts'), 'utf8')).toContain("runAction('export-lineage'");
    const bundle = path.join(scratch, 'dist/export-lineage/index.js');
    expect(existsSync(bundle)).toBe(true);
    const greet = spawnSync(path.join(repoRoot, 'node_modules/node/bin/node'), [bundle], {
      env: { PATH: process.env.PATH, INPUT_WHO: 'x', INPUT_GREETING: 'Hello', INPUT_TIMEOUT: '30s', 'INPUT_DRY-RUN': 'true' },
      encoding: 'utf8',
    });
    expect(greet.status).toBe(0);
    expect(greet.stdout).toContain('Hello, x!');
    expect(greet.stdout).not.toContain('action-template');
  });

  test.each([['Bad_Name'], ['action-template'], ['']])('refuses the name %j and creates nothing', (name) => {
    const run = spawnSync(process.execPath, ['scripts/new-action.mjs', name], { cwd: scratch, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Usage: npm run new-action/);
  });
});
