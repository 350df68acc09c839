/**
 * A unified diff (`diff -u` / `git diff` style, 3 lines of context) for `--dry-run`. Pinning edits
 * lines in place and never adds or removes one, so old and new line up index by index; a change in
 * the number of lines falls back to replacing the whole file in one hunk.
 */

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => l.replace(/\r$/, ''));
}

export function unifiedDiff(display: string, oldText: string, newText: string, context = 3): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const header = `--- a/${display}\n+++ b/${display}\n`;
  if (a.length !== b.length) {
    return `${header}@@ -1,${a.length} +1,${b.length} @@\n${a.map((l) => `-${l}\n`).join('')}${b.map((l) => `+${l}\n`).join('')}`;
  }
  const changed = a.map((line, i) => line !== b[i]);
  let out = header;
  let i = 0;
  while (i < a.length) {
    if (!changed[i]) {
      i++;
      continue;
    }
    // Grow the hunk while the next change is within two contexts' reach.
    const start = Math.max(0, i - context);
    let end = i;
    for (let j = i; j < a.length && j <= end + 2 * context; j++) if (changed[j]) end = j;
    const stop = Math.min(a.length, end + context + 1);
    const body: string[] = [];
    for (let k = start; k < stop; k++) {
      if (changed[k]) body.push(`-${a[k]}`, `+${b[k]}`);
      else body.push(` ${a[k]}`);
    }
    // Removed lines first, then added ones, within each run of changed lines (as diff prints them).
    out += `@@ -${start + 1},${stop - start} +${start + 1},${stop - start} @@\n${reorder(body).join('\n')}\n`;
    i = stop;
  }
  return out;
}

function reorder(body: string[]): string[] {
  const out: string[] = [];
  let minus: string[] = [];
  let plus: string[] = [];
  const flush = () => {
    out.push(...minus, ...plus);
    minus = [];
    plus = [];
  };
  for (const line of body) {
    if (line.startsWith('-')) minus.push(line);
    else if (line.startsWith('+')) plus.push(line);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out;
}
