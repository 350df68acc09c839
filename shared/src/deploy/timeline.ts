/**
 * The run's timeline for the job summary: each phase (lock check, deploy, verify, rollback, …)
 * with its offset from the start and duration, each probe of each bake period, and a mermaid
 * chart of probe latency per check over the bake period.
 */
import { formatMs } from '../log.js';
import { escapeText, inlineCode, table } from '../markdown.js';
import type { ProbeRecord, VerifyResult } from './verify.js';
import { realClock, type Clock } from './verify.js';

export interface PhaseEvent {
  name: string;
  startMs: number;
  durationMs: number;
  ok: boolean;
  /** What came of it, one line (untrusted parts are escaped when rendered). */
  note: string;
}

export class Timeline {
  readonly phases: PhaseEvent[] = [];
  private readonly start: number;

  constructor(private readonly clock: Clock = realClock) {
    this.start = clock.now();
  }

  elapsed(): number {
    return this.clock.now() - this.start;
  }

  /** Times fn as a phase; `describe` turns its result into the phase's note. */
  async phase<T>(name: string, fn: () => Promise<T>, describe: (result: T) => { ok?: boolean; note: string } = () => ({ note: '' })): Promise<T> {
    const startMs = this.elapsed();
    try {
      const result = await fn();
      const { ok = true, note } = describe(result);
      this.phases.push({ name, startMs, durationMs: this.elapsed() - startMs, ok, note });
      return result;
    } catch (err) {
      this.phases.push({ name, startMs, durationMs: this.elapsed() - startMs, ok: false, note: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }
}

/** `0s`, `0.25s`, `12s`: short labels for offsets (hundredths below 10 s). */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Math.round(s * 100) / 100 : Math.round(s)}s`;
}

export function phaseTable(phases: PhaseEvent[]): string {
  return table(
    ['Phase', 'Started', 'Took', 'Result'],
    phases.map((p) => [inlineCode(p.name), `+${seconds(p.startMs)}`, formatMs(p.durationMs), `${p.ok ? '✅' : '❌'} ${escapeText(p.note)}`]),
  );
}

const OUTCOME_ICON = { success: '✅', failure: '❌', error: '⚠️' } as const;

export function probeTable(probes: ProbeRecord[]): string {
  return table(
    ['Round', 'Due', 'Check', 'Outcome', 'Latency', 'Detail'],
    probes.map((p) => [
      String(p.round),
      `+${seconds(p.dueMs)}`,
      inlineCode(p.check),
      `${OUTCOME_ICON[p.outcome]} ${p.outcome}`,
      formatMs(p.latencyMs),
      escapeText(p.detail),
    ]),
  );
}

/** Charts stay readable (and small) beyond this many points: rounds are bucketed, keeping each bucket's worst latency. */
export const MAX_CHART_POINTS = 60;

/**
 * A mermaid xychart of each repeated check's latency per round (one line per chart: xycharts
 * have no legend). Returns '' when there is nothing to plot.
 */
export function latencyChart(result: VerifyResult, title: string): string {
  const byCheck = new Map<string, ProbeRecord[]>();
  for (const p of result.probes) {
    if (!byCheck.has(p.check)) byCheck.set(p.check, []);
    byCheck.get(p.check)!.push(p);
  }
  const charts: string[] = [];
  for (const [check, probes] of byCheck) {
    if (probes.length < 2) continue;
    const bucket = Math.ceil(probes.length / MAX_CHART_POINTS);
    const points: { label: string; latency: number }[] = [];
    for (let i = 0; i < probes.length; i += bucket) {
      const group = probes.slice(i, i + bucket);
      points.push({ label: seconds(group[0].dueMs), latency: Math.round(Math.max(...group.map((p) => p.latencyMs))) });
    }
    const top = Math.max(10, ...points.map((p) => p.latency));
    const safeTitle = `${title} — ${check} probe latency (ms)`.replace(/["\n]/g, "'");
    charts.push(
      [
        '```mermaid',
        'xychart-beta',
        `  title "${safeTitle}"`,
        `  x-axis "time since the bake period began" [${points.map((p) => `"${p.label}"`).join(', ')}]`,
        `  y-axis "latency (ms)" 0 --> ${Math.ceil(top * 1.1)}`,
        `  line [${points.map((p) => p.latency).join(', ')}]`,
        '```',
      ].join('\n'),
    );
  }
  return charts.join('\n\n');
}
