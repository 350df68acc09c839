// Fails when dist/ differs from a fresh build of the sources. Builds into a temporary folder and
// compares: the check never modifies the working tree.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './targets.mjs';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'check-dist-'));
try {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--out', tmp], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const list = (dir) =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true })
          .filter((f) => statSync(path.join(dir, f)).isFile())
          .sort()
      : [];
  const committed = list(path.join(root, 'dist'));
  const fresh = list(tmp);
  const problems = [];
  for (const f of new Set([...committed, ...fresh])) {
    if (!committed.includes(f)) problems.push(`missing from dist/: ${f}`);
    else if (!fresh.includes(f)) problems.push(`stale file in dist/ (no longer built): ${f}`);
    else if (!readFileSync(path.join(root, 'dist', f)).equals(readFileSync(path.join(tmp, f)))) problems.push(`differs from a fresh build: dist/${f}`);
  }
  if (problems.length) {
    console.error(`dist/ is out of date with the sources:\n  ${problems.join('\n  ')}\nRun \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.log(`dist/ matches the sources (${fresh.length} files).`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
