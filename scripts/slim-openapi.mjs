// Writes test/fakes/github-api/openapi.slim.json: the operations of GitHub's official REST description
// (api.github.com, from @octokit/openapi) that the fake GitHub API serves, with every component they
// reference, and nothing else. The package is ~385 MB unpacked, so it is fetched with `npm pack` into
// a temporary folder instead of being a dependency; npm uses the registry from its own config.
//
// Usage: node scripts/slim-openapi.mjs [--source <api.github.com.json | @octokit/openapi .tgz>]
// To serve another endpoint, add its operationId to OPERATIONS, re-run, and add a handler in
// test/fakes/github-api/routes.ts.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The operations the fake serves, by operationId (as in GitHub's REST description). */
const OPERATIONS = [
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'issues/delete-comment',
  'issues/get-comment',
  'issues/list-labels-on-issue',
  'issues/add-labels',
  'issues/remove-label',
  'issues/create-label',
  'issues/get-label',
  'issues/create',
  'issues/update',
  'issues/list-for-repo',
  'pulls/get',
  'pulls/list-files',
  'repos/compare-commits',
  'repos/create-deployment',
  'repos/list-deployments',
  'repos/get-deployment',
  'repos/create-deployment-status',
  'repos/list-deployment-statuses',
  'repos/get-commit',
  'git/get-ref',
  'git/list-matching-refs',
  'git/get-tag',
  'repos/list-tags',
  'repos/get-release-by-tag',
  'repos/list-releases',
  'repos/create-release',
  'git/create-ref',
  'git/update-ref',
  'users/get-authenticated',
  'repos/get',
];

/** Pinned so the slim file only changes when someone bumps this on purpose. */
const PACKAGE = '@octokit/openapi';
const PACKAGE_VERSION = '23.0.2';
/** The OpenAPI 3.0 description with `$ref`s kept: far smaller than the dereferenced one once sliced. */
const ENTRY = 'package/generated/api.github.com.json';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(root, 'test', 'fakes', 'github-api', 'openapi.slim.json');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function loadDescription(source) {
  if (source?.endsWith('.json')) return JSON.parse(readFileSync(source, 'utf8'));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'slim-openapi-'));
  try {
    let tarball = source;
    if (!tarball) {
      console.log(`npm pack ${PACKAGE}@${PACKAGE_VERSION} (about 30 MB download) ...`);
      execFileSync('npm', ['pack', `${PACKAGE}@${PACKAGE_VERSION}`, '--pack-destination', tmp, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
      tarball = path.join(
        tmp,
        readdirSync(tmp).find((f) => f.endsWith('.tgz')),
      );
    }
    // Extract the one member we need: the whole package unpacks to ~385 MB.
    execFileSync('tar', ['-xzf', tarball, '-C', tmp, ENTRY], { stdio: 'inherit' });
    return JSON.parse(readFileSync(path.join(tmp, ENTRY), 'utf8'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Drops documentation prose and sample values from schemas (they are most of the bytes) while keeping
 * property *names* that happen to be `description` or `example`. Response `examples` maps are kept
 * verbatim: the fake builds its answers from them.
 */
function strip(node, inNameMap = false) {
  if (Array.isArray(node)) return node.map((n) => strip(n));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!inNameMap) {
      if (key.startsWith('x-')) continue;
      if (key === 'description' || key === 'summary' || key === 'title') {
        if (typeof value === 'string') continue;
      }
      if (key === 'example') continue;
      if (key === 'externalDocs') continue;
      // JSON Schema `examples` is an array of sample values; a media type's `examples` is a map of refs.
      if (key === 'examples') {
        if (Array.isArray(value)) continue;
        out[key] = value;
        continue;
      }
    }
    out[key] = strip(value, !inNameMap && (key === 'properties' || key === 'patternProperties'));
  }
  return out;
}

function collectRefs(node, found) {
  if (Array.isArray(node)) return node.forEach((n) => collectRefs(n, found));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') found.add(value);
    else collectRefs(value, found);
  }
}

function resolvePointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((obj, key) => {
      if (obj?.[key] === undefined) throw new Error(`dangling $ref ${ref}`);
      return obj[key];
    }, doc);
}

/** Only success responses keep their examples: error bodies are generated from their schema. */
function dropErrorExamples(operation) {
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (/^2/.test(status)) continue;
    for (const media of Object.values(response.content ?? {})) delete media.examples;
  }
  for (const media of Object.values(operation.requestBody?.content ?? {})) delete media.examples;
}

function slim(spec) {
  const wanted = new Set(OPERATIONS);
  const paths = {};
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op || !wanted.has(op.operationId)) continue;
      wanted.delete(op.operationId);
      const docsUrl = op.externalDocs?.url;
      const kept = structuredClone(op);
      dropErrorExamples(kept);
      paths[route] ??= {};
      // Path-level parameters apply to every method of the path.
      if (item.parameters) paths[route].parameters = strip(item.parameters);
      paths[route][method] = { ...strip(kept), ...(docsUrl ? { externalDocs: { url: docsUrl } } : {}) };
    }
  }
  if (wanted.size) throw new Error(`operationIds not in ${PACKAGE}@${PACKAGE_VERSION}: ${[...wanted].join(', ')}`);

  // Copy referenced components, following refs inside them until nothing new turns up.
  const components = {};
  const seen = new Set();
  const queue = new Set();
  collectRefs(paths, queue);
  while (queue.size) {
    const [ref] = queue;
    queue.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [, , kind, name] = ref.split('/');
    const value = resolvePointer(spec, ref);
    const stripped = kind === 'examples' ? { value: value.value } : strip(value);
    if (kind === 'responses') dropErrorExamples({ responses: { [name]: stripped } });
    (components[kind] ??= {})[name] = stripped;
    const more = new Set();
    collectRefs(stripped, more);
    for (const r of more) if (!seen.has(r)) queue.add(r);
  }
  for (const kind of Object.keys(components)) {
    components[kind] = Object.fromEntries(Object.entries(components[kind]).sort(([a], [b]) => a.localeCompare(b)));
  }
  return {
    openapi: spec.openapi,
    info: {
      title: 'GitHub REST API (slice for the fake GitHub API in tests)',
      version: spec.info.version,
      'x-source': `${PACKAGE}@${PACKAGE_VERSION} ${ENTRY.replace(/^package\//, '')}, sliced by scripts/slim-openapi.mjs`,
      'x-operations': OPERATIONS.length,
    },
    paths,
    components,
  };
}

const args = process.argv.slice(2);
const sourceIndex = args.indexOf('--source');
const source = sourceIndex >= 0 ? path.resolve(args[sourceIndex + 1]) : undefined;
const result = slim(loadDescription(source));
const json = JSON.stringify(result);
writeFileSync(outFile, json + '\n');
const counts = Object.entries(result.components)
  .map(([k, v]) => `${Object.keys(v).length} ${k}`)
  .join(', ');
console.log(`wrote ${path.relative(root, outFile)}: ${OPERATIONS.length} operations, ${counts}, ${(json.length / 1024).toFixed(0)} KiB`);
