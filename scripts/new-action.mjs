// Creates a new action from action-template/: actions/<name>/ (action.yml, README, src), a test
// under test/integration/<name>/, its README tables, and its bundle in dist/<name>/.
// Usage: npm run new-action -- <name>
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './targets.mjs';

const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name === 'action-template') {
  console.error(`Usage: npm run new-action -- <name>   (kebab-case, e.g. export-lineage; got ${JSON.stringify(name ?? '')})`);
  process.exit(2);
}
const dir = path.join(root, 'actions', name);
if (existsSync(dir)) {
  console.error(`actions/${name} already exists`);
  process.exit(1);
}

const template = path.join(root, 'action-template');
const replaceIn = (file, replacements) => {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of replacements) text = text.split(from).join(to);
  writeFileSync(file, text);
};

try {
  mkdirSync(dir, { recursive: true });
  for (const entry of ['action.yml', 'README.md', 'src']) cpSync(path.join(template, entry), path.join(dir, entry), { recursive: true });
  // The template sits one level higher than actions/<name>, hence the extra ../ to dist.
  replaceIn(path.join(dir, 'action.yml'), [
    ["'../dist/action-template/", `'../../dist/${name}/`],
    ["name: 'action-template'", `name: '${name}'`],
  ]);
  replaceIn(path.join(dir, 'README.md'), [['# action-template', `# ${name}`]]);
  for (const file of readdirSync(path.join(dir, 'src'))) replaceIn(path.join(dir, 'src', file), [["'action-template'", `'${name}'`]]);

  const testDir = path.join(root, 'test', 'integration', name);
  mkdirSync(testDir, { recursive: true });
  writeFileSync(
    path.join(testDir, `${name}.test.ts`),
    readFileSync(path.join(template, 'test', 'action.test.ts.template'), 'utf8')
      .split('__NAME__')
      .join(name),
  );

  for (const [script, args] of [
    ['gen-docs.mjs', [name]],
    ['build.mjs', [name]],
  ]) {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', script), ...args], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`${script} failed`);
  }
} catch (err) {
  // Leave nothing half-made behind.
  rmSync(dir, { recursive: true, force: true });
  rmSync(path.join(root, 'test', 'integration', name), { recursive: true, force: true });
  rmSync(path.join(root, 'dist', name), { recursive: true, force: true });
  console.error(`new-action failed: ${err.message}`);
  process.exit(1);
}
console.log(`Created actions/${name} (with test/integration/${name} and dist/${name}).
Next: edit actions/${name}/action.yml and src/main.ts, put the logic in shared/src/, run \`npm run build -- ${name}\` and \`npm test -- test/integration/${name}\`.`);
