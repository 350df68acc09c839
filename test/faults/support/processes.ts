/**
 * Finding the action process a harness run started, to kill it mid-work: each run gets a unique
 * marker variable in its environment, and the process is found by that marker in /proc. Only a
 * process carrying our own marker is ever signalled.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

export const RUN_MARKER_VARIABLE = 'DATAOPS_FAULT_RUN';

export function newRunMarker(): Record<string, string> {
  return { [RUN_MARKER_VARIABLE]: randomUUID() };
}

/** Process ids whose environment carries this marker. */
export function pidsWithMarker(marker: Record<string, string>): number[] {
  const needle = `${RUN_MARKER_VARIABLE}=${marker[RUN_MARKER_VARIABLE]}`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(needle)) pids.push(Number(entry));
    } catch {
      // The process ended, or is not ours to read.
    }
  }
  return pids;
}

/** SIGKILLs the processes carrying the marker; returns their ids. */
export function killRun(marker: Record<string, string>): number[] {
  const pids = pidsWithMarker(marker);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids;
}
