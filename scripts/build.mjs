// Bundles each action (and each extra bundle in targets.mjs) with ncc into dist/<name>/ (index.js, licenses.txt, package.json).
// An action that also ships a command-line tool (actions/<name>/src/cli.ts) gets it bundled into dist/<name>/cli/.
// Usage: npm run build [-- name ...] [--out <dir>]   (--out is used by check-dist to build elsewhere)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { bundleTargets, extraBundles, root } from './targets.mjs';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outRoot = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(root, 'dist');
const names = args.filter((_a, i) => outIndex < 0 || (i !== outIndex && i !== outIndex + 1));
const allTargets = [
  ...bundleTargets().map((t) => ({ name: t.name, entry: path.join(t.dir, 'src', 'index.ts'), cli: path.join(t.dir, 'src', 'cli.ts') })),
  ...extraBundles.map((b) => ({ name: b.name, entry: path.join(root, b.entry) })),
];
const targets = allTargets.filter((t) => names.length === 0 || names.includes(t.name));
if (names.length && targets.length !== names.length) {
  console.error(`Unknown action(s): ${names.filter((n) => !targets.some((t) => t.name === n)).join(', ')}`);
  process.exit(1);
}

const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

function bundle(entry, outDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ncc, 'build', entry, '-o', outDir, '--license', 'licenses.txt', '--no-cache', '--quiet', '--target', 'es2022'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ncc failed for ${entry} (exit ${code})`))));
  });
}

async function buildTarget(target) {
  const outDir = path.join(outRoot, target.name);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await bundle(path.relative(root, target.entry), outDir);
  if (target.cli && existsSync(target.cli)) await bundle(path.relative(root, target.cli), path.join(outDir, 'cli'));
  console.log(`built dist/${target.name}`);
}

// Two at a time: ncc is CPU-bound and the CI machine has two cores.
const queue = [...targets];
await Promise.all(
  [0, 1].map(async () => {
    for (let t = queue.shift(); t; t = queue.shift()) await buildTarget(t);
  }),
);
