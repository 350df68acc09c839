// Generates the inputs/outputs tables of each action README from its action.yml, between
// <!-- action-docs:inputs --> … <!-- /action-docs:inputs --> (and the same for outputs).
// `--check` only compares and fails when a README is stale: it never writes.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { bundleTargets } from './targets.mjs';

// Usage: gen-docs.mjs [--check] [name ...]   (no names: every action)
const check = process.argv.includes('--check');
const names = process.argv.slice(2).filter((a) => a !== '--check');
const cell = (s) =>
  String(s ?? '')
    .trim()
    .replace(/\r?\n+/g, ' ')
    .replace(/\|/g, '\\|');

export function tables(action) {
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${cell(spec.description)} | ${spec.required ? 'yes' : 'no'} | ${spec.default === undefined || spec.default === '' ? '' : `\`${cell(spec.default)}\``} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`);
  return {
    inputs: ['| Input | Description | Required | Default |', '| --- | --- | --- | --- |', ...inputs].join('\n'),
    outputs: ['| Output | Description |', '| --- | --- |', ...outputs].join('\n'),
  };
}

export function render(readme, action) {
  let text = readme;
  for (const [kind, table] of Object.entries(tables(action))) {
    const open = `<!-- action-docs:${kind} -->`;
    const close = `<!-- /action-docs:${kind} -->`;
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) throw new Error(`missing ${open} … ${close} markers`);
    text = `${text.slice(0, start + open.length)}\n${table}\n${text.slice(end)}`;
  }
  return text;
}

const stale = [];
for (const target of bundleTargets().filter((t) => names.length === 0 || names.includes(t.name))) {
  const readmePath = path.join(target.dir, 'README.md');
  const action = YAML.parse(readFileSync(path.join(target.dir, 'action.yml'), 'utf8'));
  if (!existsSync(readmePath)) {
    stale.push(`${path.relative(process.cwd(), readmePath)} is missing`);
    continue;
  }
  const current = readFileSync(readmePath, 'utf8');
  let next;
  try {
    next = render(current, action);
  } catch (err) {
    stale.push(`${path.relative(process.cwd(), readmePath)}: ${err.message}`);
    continue;
  }
  if (next !== current) {
    if (check) stale.push(`${path.relative(process.cwd(), readmePath)} is stale`);
    else writeFileSync(readmePath, next);
  }
}
if (stale.length) {
  console.error(`${stale.join('\n')}\nRun \`npm run docs\` and commit the READMEs.`);
  process.exit(1);
}
console.log(check ? 'Action READMEs match their action.yml.' : 'Action READMEs updated.');
