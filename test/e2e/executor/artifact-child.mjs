// The artifact stand-ins' worker, run with Node 24 in the job's workspace like the real actions:
// @actions/glob resolves `path:` patterns, and when the fake Actions results service is
// configured (ACTIONS_RESULTS_URL in the environment) @actions/artifact uploads or downloads for real.
// Usage: node artifact-child.mjs '<json op>'. The answer is the last stdout line, as JSON.
import { statSync } from 'node:fs';
import path from 'node:path';
import * as glob from '@actions/glob';

const op = JSON.parse(process.argv[2]);
const useService = Boolean(process.env.ACTIONS_RESULTS_URL && process.env.ACTIONS_RUNTIME_TOKEN);
const client = async () => new (await import('@actions/artifact')).DefaultArtifactClient();

/** upload-artifact's root: the deepest folder common to every search path (a lone file's folder). */
function rootDirectory(searchPaths) {
  const dirs = searchPaths.map((p) => {
    try {
      return statSync(p).isFile() ? path.dirname(p) : p;
    } catch {
      return p;
    }
  });
  let common = dirs[0].split(path.sep);
  for (const dir of dirs.slice(1)) {
    const parts = dir.split(path.sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}

async function upload() {
  const globber = await glob.create(op.patterns.join('\n'), { implicitDescendants: true, excludeHiddenFiles: !op.includeHidden });
  const files = (await globber.glob()).filter((f) => statSync(f).isFile()).sort();
  const root = files.length ? rootDirectory(globber.getSearchPaths()) : process.cwd();
  const result = { files, root, uploaded: false };
  if (files.length && useService) {
    const options = op.retentionDays ? { retentionDays: op.retentionDays } : {};
    if (op.overwrite) await (await client()).deleteArtifact(op.name).catch(() => undefined);
    const answer = await (await client()).uploadArtifact(op.name, files, root, options);
    Object.assign(result, { uploaded: true, id: answer.id, digest: answer.digest, size: answer.size });
  }
  return result;
}

async function download() {
  const c = await client();
  const names = op.name ? [op.name] : (await c.listArtifacts()).artifacts.map((a) => a.name);
  const downloaded = [];
  for (const name of names) {
    const { artifact } = await c.getArtifact(name);
    const target = op.name || op.mergeMultiple ? op.path : path.join(op.path, name);
    await c.downloadArtifact(artifact.id, { path: target });
    downloaded.push({ name, id: artifact.id, path: target });
  }
  return { downloaded };
}

const answer = op.op === 'upload' ? await upload() : op.op === 'download' ? await download() : { error: `unknown op ${op.op}` };
process.stdout.write(`\n${JSON.stringify(answer)}\n`);
