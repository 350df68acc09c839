// Drives the real @actions/cache and @actions/artifact the way an action bundle does, for the
// fake-actions-results tests. Run with Node 24 from the repository (node_modules resolves the
// packages, no bundling needed): `node probe.mjs '<json ops>'`, with PROBE_RESULT naming the file
// that receives one {ok, value | error} per op. Each op is caught, so one failure doesn't hide the rest;
// what the libraries log (::warning:: etc.) goes to stdout as in a real step.
import { writeFileSync, rmSync } from 'node:fs';

// Each library is loaded on first use: importing @actions/artifact costs about a second.
let cacheModule;
let artifactClient;
const cache = async () => (cacheModule ??= await import('@actions/cache'));
const artifacts = async () => (artifactClient ??= new (await import('@actions/artifact')).DefaultArtifactClient());

async function run(op) {
  switch (op.op) {
    case 'save':
      return (await cache()).saveCache(op.paths, op.key);
    case 'restore':
      return (await cache()).restoreCache(op.paths, op.key, op.restoreKeys, op.options).then((key) => key ?? null);
    case 'available':
      return (await cache()).isFeatureAvailable();
    case 'upload':
      return (await artifacts()).uploadArtifact(op.name, op.files, op.root, op.options);
    case 'list':
      return (await artifacts()).listArtifacts(op.options);
    case 'get':
      return (await artifacts()).getArtifact(op.name);
    case 'download': {
      // By id as the library takes it, or by name (looked up first) when the test can't know the id.
      const client = await artifacts();
      return client.downloadArtifact(op.id ?? (await client.getArtifact(op.name)).artifact.id, { path: op.path });
    }
    case 'delete':
      return (await artifacts()).deleteArtifact(op.name);
    case 'rm':
      rmSync(op.path, { recursive: true, force: true });
      return null;
    default:
      throw new Error(`probe: unknown op ${op.op}`);
  }
}

const results = [];
for (const op of JSON.parse(process.argv[2])) {
  try {
    results.push({ ok: true, value: await run(op) });
  } catch (error) {
    results.push({ ok: false, error: { name: error?.name, message: error?.message ?? String(error) } });
  }
}
writeFileSync(process.env.PROBE_RESULT, JSON.stringify(results));
