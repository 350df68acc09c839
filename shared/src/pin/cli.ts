/**
 * The `dataops-actions` command (bundled to dist/cli/index.js, started by bin/dataops-actions.js).
 * Exit codes: 0 done, 1 problems found (or --check failed), 2 wrong usage.
 */
import { parseArgs, USAGE, UsageError } from './args.js';
import { runPin } from './command.js';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`dataops-actions: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  return runPin(args, { cwd: process.cwd(), env: process.env, out: (line) => console.log(line), err: (line) => console.error(line) });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // A bug rather than a user mistake: show the stack to report it.
  console.error('dataops-actions: unexpected error:', err);
  process.exitCode = 1;
}
