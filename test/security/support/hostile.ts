/**
 * Hostile text for injection tests. Every payload carries the canary `pwn3d`, so wherever a
 * payload becomes live (an HTML element, a link, a mention, an executed workflow command, a
 * heading or a table cell of its own) the canary shows where it came from.
 */

export const CANARY = 'pwn3d';

/** One payload per way in: markdown and HTML, mentions, expressions, workflow commands, line breaks. */
export const PAYLOADS = {
  backticks: '`pwn3d` ``pwn3d`` ```pwn3d',
  closeDetails: '</details></summary>pwn3d',
  htmlComment: '<!-- pwn3d',
  html: '<img src=x onerror=alert(1) alt=pwn3d><script>pwn3d()</script><a href="https://pwn3d.example">x</a>',
  mention: '@pwn3d-team @pwn3d',
  expression: '${{ secrets.PWN3D_TOKEN }}',
  link: '[pwn3d](https://pwn3d.example) ![pwn3d](https://pwn3d.example/p.png)',
  tableCell: '| pwn3d | cell |',
  heading: '\n\n## pwn3d-heading\n',
  setOutput: '\n::set-output name=pwn3d::owned-by-pwn3d\n',
  addMask: '\n::add-mask::pwn3d-mask\n',
  error: '\n::error title=pwn3d::owned-by-pwn3d\n',
  stopCommands: '\n::stop-commands::pwn3d-token\n',
  /** The runner's older command syntax, recognised ANYWHERE in a line (no line break needed). */
  legacyCommand: '##[add-mask]pwn3d-mask ##[error]owned-by-pwn3d',
} as const;

/** Everything in one string (for values that may hold anything). */
export const ALL_IN_ONE = Object.values(PAYLOADS).join(' ');

/** The same without line breaks (for values that cannot hold them, like one CSV header line). */
export const ONE_LINE = ALL_IN_ONE.replace(/\n/g, ' ');

/** A file or directory name on Linux (no `/`, under 255 bytes) that still carries every kind of payload, line breaks included. */
export const AS_FILE_NAME =
  '`pwn3d` <∕details><!-- @pwn3d-team <img src=x alt=pwn3d> ${{ secrets.X }} ##[add-mask]pwn3d-mask\n::add-mask::pwn3d-mask\n::error title=pwn3d::owned-by-pwn3d\n## pwn3d-heading | pwn3d |';

/** A short variant with no `/` (usable as a file name) that still carries markup, a mention and commands. */
export const SHORT = '`pwn3d`<!--@pwn3d-team <b onmouseover=pwn3d> ##[add-mask]pwn3d-mask\n::add-mask::pwn3d-mask';

/** A few distinct hostile names of one kind (for several resources, columns, datasets). */
export function hostileNames(kind: string): string[] {
  return [
    `${kind}_${PAYLOADS.backticks}${PAYLOADS.closeDetails}`,
    `${kind}_${PAYLOADS.htmlComment} ${PAYLOADS.mention}`,
    `${kind}_${PAYLOADS.html}`,
    `${kind}_${PAYLOADS.expression}${PAYLOADS.setOutput}${PAYLOADS.addMask}`,
    `${kind}_${PAYLOADS.link} ${PAYLOADS.tableCell}${PAYLOADS.heading}${PAYLOADS.error}`,
  ];
}
