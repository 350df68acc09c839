// The reliability and security suites (test/faults, test/security, test/property) through Jest,
// ending with the figures: faults injected, bad inputs tried, outcomes as documented, secrets
// leaked, partial installs left. The tests write what they observed to .test-results/reliability/
// (see test/faults/support/ledger.ts); this script adds it up.
//
// Usage: node scripts/test-faults.mjs [--nightly] [--record] [-- <jest args>]
//   --nightly  many more property runs (FC_NUM_RUNS=5000 unless set) and the slow cases (FAULTS_NIGHTLY=1)
//   --record   write the table into docs/reliability.md
// Exits non-zero when a test failed or a must-be-zero figure is not zero.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './targets.mjs';

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const own = split < 0 ? argv : argv.slice(0, split);
const jestExtra = split < 0 ? [] : argv.slice(split + 1);
const unknown = own.filter((a) => !['--record', '--nightly'].includes(a));
if (unknown.length) {
  console.error(`test-faults: unknown option(s) ${unknown.join(' ')}\nUsage: node scripts/test-faults.mjs [--nightly] [--record] [-- <jest args>]`);
  process.exit(2);
}
const record = own.includes('--record');
const nightly = own.includes('--nightly');

const env = { ...process.env };
if (nightly) {
  env.FC_NUM_RUNS ??= '5000';
  env.FAULTS_NIGHTLY = '1';
}
const runs = env.FC_NUM_RUNS || '100';

const resultsDir = path.join(root, '.test-results');
const ledgerDir = path.join(resultsDir, 'reliability');
const jestFile = path.join(resultsDir, 'faults.json');
rmSync(ledgerDir, { recursive: true, force: true });
rmSync(jestFile, { force: true });
mkdirSync(resultsDir, { recursive: true });

const started = Date.now();
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    '--json',
    `--outputFile=${jestFile}`,
    'test/faults',
    'test/security',
    'test/property',
    ...jestExtra,
  ],
  { cwd: root, stdio: 'inherit', env },
);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

const jestResults = existsSync(jestFile) ? JSON.parse(readFileSync(jestFile, 'utf8')) : undefined;
const entries = existsSync(ledgerDir) ? readdirSync(ledgerDir).flatMap((f) => JSON.parse(readFileSync(path.join(ledgerDir, f), 'utf8'))) : [];

const faults = entries.filter((e) => e.kind === 'fault');
const inputs = entries.filter((e) => e.kind === 'inputs');
const leaks = entries.filter((e) => e.kind === 'leak');
const inert = entries.filter((e) => e.kind === 'inert');
const partial = entries.filter((e) => e.kind === 'partial');

const sum = (list, f) => list.reduce((n, e) => n + f(e), 0);
const asDocumented = faults.filter((e) => e.expected.includes(e.observed));
const observed = (o) => faults.filter((e) => e.observed === o).length;
const propertyRuns = sum(
  inputs.filter((e) => e.source === 'property'),
  (e) => e.count,
);
const hostile = sum(
  inputs.filter((e) => e.source === 'hostile'),
  (e) => e.count,
);
const propertyFailures = sum(
  inputs.filter((e) => e.source === 'property'),
  (e) => e.failures,
);
// A hostile payload got through: live markup or an executed command, a wrong SQL count, a file outside the archive's folder.
const hostileFailures = sum(
  inputs.filter((e) => e.source === 'hostile'),
  (e) => e.failures,
);
const secretHits = leaks.flatMap((e) => e.hits.map((h) => `${e.action}: ${h}`));
const liveHostile = inert.flatMap((e) => e.live.map((l) => `${e.action}: ${l}`));
const partialLeft = [...new Set(partial.flatMap((e) => e.partial))];

const figures = [
  ['Faults injected', `${faults.length} cases (${sum(faults, (e) => e.hits)} requests or events hit)`, ''],
  ['Bad inputs tried', `${propertyRuns + hostile} (${propertyRuns} property runs, FC_NUM_RUNS=${runs}; ${hostile} hostile payloads)`, ''],
  ['Outcomes as documented', `${asDocumented.length} / ${faults.length}`, 'all'],
  ['Silent successes (green step, work missing)', String(observed('silent-success')), '0'],
  ['Duplicate comments or deployments', String(observed('duplicate')), '0'],
  ['Failures left half-done (e.g. a deployment stuck in progress)', String(observed('half-done')), '0'],
  ['Failures without a clear one-line error', String(observed('failed-unclearly')), '0'],
  ['Parser properties that found a crash or an unclear refusal', String(propertyFailures), '0'],
  [
    'Hostile inputs that got through (live markup, executed commands, wrong SQL counts, files outside an archive folder)',
    `${hostileFailures} (${sum(inert, (e) => e.checked)} places checked for live text)`,
    '0',
  ],
  ['Secrets leaked', `${secretHits.length} (${sum(leaks, (e) => e.scanned)} places scanned in ${leaks.length} runs)`, '0'],
  ['Partial installs left', String(partialLeft.length + observed('partial-install')), '0'],
];

const tests = jestResults
  ? `${jestResults.numPassedTests} passed, ${jestResults.numFailedTests + jestResults.numRuntimeErrorTestSuites} failed, ${jestResults.numPendingTests} skipped`
  : 'Jest wrote no results';

/** Text shown in the document as text: the deviations quote hostile payloads (`<!--`, HTML, mentions). */
function asText(text) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]()#|~!])/g, '\\$1')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b')
    .replace(/\s+/g, ' ');
}

function markdownTable(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');
}

const byAction = new Map();
for (const e of faults) {
  const row = byAction.get(e.action) ?? { cases: 0, documented: 0 };
  row.cases++;
  if (e.expected.includes(e.observed)) row.documented++;
  byAction.set(e.action, row);
}
const actionRows = [...byAction].sort(([a], [b]) => a.localeCompare(b)).map(([action, r]) => [action, r.cases, `${r.documented} / ${r.cases}`]);

const table = markdownTable(
  ['Figure', 'Value', 'Must be'],
  figures.map(([name, value, must]) => [name, value, must]),
);
const perAction = markdownTable(['Action', 'Fault cases', 'As documented'], actionRows);
const deviations = [
  ...faults
    .filter((e) => !e.expected.includes(e.observed))
    .map((e) => `- ${e.action}, ${e.fault}: expected ${e.expected.join(' or ')}, observed ${e.observed} (${e.detail})`),
  ...inputs.filter((e) => e.failures && e.source === 'property').map((e) => `- ${e.subject}: a property failed (${e.test})`),
  ...inputs
    .filter((e) => e.failures && e.source === 'hostile' && !inert.some((i) => i.test === e.test))
    .map((e) => `- ${e.subject}: ${e.failures} hostile input(s) got through (${e.test})`),
  ...liveHostile.map((l) => `- live hostile text: ${l}`),
  ...secretHits.map((h) => `- secret: ${h}`),
  ...partialLeft.map((p) => `- partial install: ${p}`),
];

console.log(`\n== reliability figures (${tests}; ${minutes} min)\n`);
console.log(table);
console.log(`\n${perAction}`);
if (deviations.length) console.log(`\nNot as documented:\n${deviations.map((d) => (d.length > 400 ? `${d.slice(0, 400)}…` : d)).join('\n')}`);

if (record) {
  const doc = path.join(root, 'docs', 'reliability.md');
  const start = '<!-- reliability:table -->';
  const end = '<!-- /reliability:table -->';
  const text = readFileSync(doc, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    console.error(`test-faults: ${doc} has no ${start} … ${end} markers`);
    process.exit(2);
  }
  const when = new Date().toISOString().slice(0, 10);
  // In the document, live hostile text is summarised per action (the console lists every line).
  const liveByAction = new Map();
  for (const e of inert) if (e.live.length) liveByAction.set(e.action, [...(liveByAction.get(e.action) ?? []), ...e.live]);
  const docDeviations = [
    ...deviations.filter((d) => !d.startsWith('- live hostile text:')),
    ...[...liveByAction].map(([action, lines]) => `- ${action}: ${lines.length} hostile line(s) live, e.g. ${lines[0]}`),
  ]
    .map((d) => (d.length > 300 ? `${d.slice(0, 300)}…` : d))
    .map((d) => `- ${asText(d.slice(2))}`);
  const block = [
    start,
    '',
    `Recorded ${when} by \`npm run test:faults -- --record\`${nightly ? ' (nightly mode)' : ''}: ${tests}.`,
    '',
    table,
    '',
    perAction,
    '',
    ...(docDeviations.length ? ['Not as documented yet (each is a failing test):', '', ...docDeviations, ''] : []),
    end,
  ].join('\n');
  // Formatted as `npm run lint` wants it (the repository's Prettier settings).
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(doc)) ?? {};
  const next = await prettier.format(`${text.slice(0, from)}${block}${text.slice(to + end.length)}`, { ...options, parser: 'markdown' });
  writeFileSync(doc, next);
  console.log(`\nRecorded in ${path.relative(root, doc)}`);
}

const mustBeZero =
  observed('silent-success') +
  observed('duplicate') +
  observed('half-done') +
  observed('failed-unclearly') +
  propertyFailures +
  hostileFailures +
  liveHostile.length +
  secretHits.length +
  partialLeft.length +
  observed('partial-install');
const failed =
  !jestResults ||
  jestResults.numFailedTests + jestResults.numRuntimeErrorTestSuites > 0 ||
  jest.status !== 0 ||
  mustBeZero > 0 ||
  asDocumented.length !== faults.length;
process.exit(failed ? 1 : 0);
