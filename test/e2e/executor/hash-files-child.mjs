// hashFiles() as the runner computes it: the runner itself runs @actions/glob's hashFiles in a
// Node child process whose working directory is the workspace, so relative patterns match there.
// Usage: node hash-files-child.mjs '<json array of patterns>'. The digest (empty when nothing
// matched) is printed last, as one JSON string on its own line, after any ::debug:: lines.
import * as glob from '@actions/glob';

const patterns = JSON.parse(process.argv[2]);
const digest = await glob.hashFiles(patterns.join('\n'), process.cwd(), { followSymbolicLinks: true });
process.stdout.write(`\n${JSON.stringify(digest)}\n`);
