// The whole test suite, as CI runs it: static checks, then Jest (ESM mode) over unit,
// integration and end-to-end tests. Ends with the plain line `N passed, N failed` taken from
// Jest's JSON results (a failed static check counts as a failure) and exits non-zero on any failure.
// Usage: npm test [-- <jest args>]   e.g. npm test -- test/unit
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { root } from './targets.mjs';

const jestArgs = process.argv.slice(2);
const quick = jestArgs.length > 0; // a focused run skips the repository-wide static checks

const stages = [
  ['typecheck', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.']],
  ['format', ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.']],
  ['check-docs', ['scripts/gen-docs.mjs', '--check']],
  ['check-dist', ['scripts/check-dist.mjs']],
];

let staticFailures = 0;
if (!quick) {
  for (const [name, args] of stages) {
    console.log(`\n== ${name}`);
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`${name} failed`);
      staticFailures++;
    }
  }
}

const resultsDir = path.join(root, '.test-results');
const resultsFile = path.join(resultsDir, 'jest.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(resultsFile, { force: true });
console.log('\n== jest');
const jest = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--json', `--outputFile=${resultsFile}`, ...jestArgs],
  { cwd: root, stdio: 'inherit' },
);

// CI reads the plain last line `N passed, N failed`; skipped tests (e.g. the reference plans when
// ../shared is absent) are reported on the line before it.
let passed = 0;
let failed = staticFailures;
let skipped = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
  skipped += results.numPendingTests + results.numTodoTests;
  if (results.numTotalTests === 0) failed++;
} else failed++;
if (jest.status !== 0 && failed === 0) failed++;

if (skipped) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
