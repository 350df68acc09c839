/** The command line of `dataops-actions pin`: flags anywhere, paths the rest; mistakes are usage errors. */

export interface PinArgs {
  command: 'pin' | 'help';
  paths: string[];
  check: boolean;
  verify: boolean;
  update: boolean;
  dryRun: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: dataops-actions pin [options] [paths...]

Pins every \`uses: owner/repo[/path]@tag\` in workflow and composite-action files to the tag's full
commit SHA, keeping the tag as a comment: \`uses: owner/repo@<40-hex sha> # v1.2.3\`.
Paths are files or directories (every .yml/.yaml below them); by default .github/workflows/ and
every action.yml under the current directory.

Options:
  --check     Change nothing; exit 1 listing every reference that is not a full SHA with a
              version comment. Reads only the files (no token or network needed).
  --verify    With --check: also ask GitHub that each comment's tag still points at the pinned SHA.
  --update    Move every pin (and tag) to the newest tag of the same major version.
  --dry-run   Print the changes as a unified diff; write nothing.
  -h, --help  Show this help.

Environment: GITHUB_TOKEN or GH_TOKEN (a token that can read the actions' repositories),
GITHUB_API_URL (default https://api.github.com).`;

const FLAGS: Record<string, keyof Pick<PinArgs, 'check' | 'verify' | 'update' | 'dryRun'>> = {
  '--check': 'check',
  '--verify': 'verify',
  '--update': 'update',
  '--dry-run': 'dryRun',
};

export function parseArgs(argv: string[]): PinArgs {
  const args: PinArgs = { command: 'help', paths: [], check: false, verify: false, update: false, dryRun: false };
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return args;
  if (command !== 'pin') throw new UsageError(`unknown command ${JSON.stringify(command)} (the command is \`pin\`)`);
  args.command = 'pin';
  let onlyPaths = false;
  for (const arg of rest) {
    if (onlyPaths || !arg.startsWith('-')) args.paths.push(arg);
    else if (arg === '--') onlyPaths = true;
    else if (arg === '-h' || arg === '--help') args.command = 'help';
    else if (arg in FLAGS) args[FLAGS[arg]!] = true;
    else throw new UsageError(`unknown option ${arg}`);
  }
  if (args.verify) args.check = true;
  if (args.check && (args.update || args.dryRun)) throw new UsageError('--check changes nothing: it cannot be combined with --update or --dry-run');
  return args;
}
