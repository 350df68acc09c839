/** The summary's timeline tables and latency chart: untrusted details stay inert; long bake periods stay small. */
import { latencyChart, phaseTable, probeTable, seconds, Timeline, MAX_CHART_POINTS } from '../../../shared/src/deploy/timeline.js';
import type { ProbeRecord, VerifyResult } from '../../../shared/src/deploy/verify.js';
import { FakeClock } from './fake-clock.js';

const probe = (round: number, latencyMs: number, detail = 'HTTP 200', check = 'http'): ProbeRecord => ({
  check,
  round,
  dueMs: (round - 1) * 10_000,
  startedMs: (round - 1) * 10_000,
  latencyMs,
  outcome: 'success',
  detail,
});
const result = (probes: ProbeRecord[]): VerifyResult => ({
  passed: true,
  reason: 'ok',
  rounds: probes.length,
  probes,
  checks: [],
  durationMs: 0,
  observeForMs: 0,
  intervalMs: 10_000,
});

describe('timeline', () => {
  test('phases record their offset, duration and note; a throwing phase is recorded as failed and rethrown', async () => {
    const clock = new FakeClock();
    const timeline = new Timeline(clock);
    clock.advance(1500);
    await timeline.phase(
      'deploy',
      async () => clock.advance(2000),
      () => ({ note: 'exited 0' }),
    );
    await expect(
      timeline.phase('verify', async () => {
        clock.advance(100);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(timeline.phases).toEqual([
      { name: 'deploy', startMs: 1500, durationMs: 2000, ok: true, note: 'exited 0' },
      { name: 'verify', startMs: 3500, durationMs: 100, ok: false, note: 'boom' },
    ]);
    expect(phaseTable(timeline.phases)).toContain('| `deploy` | +1.5s | 2.0 s | ✅ exited 0 |');
  });

  test('probe details from the outside are escaped: no HTML, no mentions, no table breaks', () => {
    const md = probeTable([probe(1, 12, 'HTTP 500: <img src=x> @admin | </details>')]);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('</details>');
    expect(md).not.toMatch(/@admin/);
    expect(md.split('\n')[2].split(/(?<!\\)\|/).length).toBe(8);
  });

  test('the chart plots each check on its own xychart, one point per round', () => {
    const chart = latencyChart(result([probe(1, 10), probe(2, 30), probe(1, 5, 'exit 0', 'command'), probe(2, 7, 'exit 0', 'command')]), 'Health of abc');
    expect(chart.match(/```mermaid\nxychart-beta/g)).toHaveLength(2);
    expect(chart).toContain('  x-axis "time since the bake period began" ["0s", "10s"]');
    expect(chart).toContain('  line [10, 30]');
    expect(chart).toContain('  line [5, 7]');
    expect(chart).toContain('  y-axis "latency (ms)" 0 --> 33');
  });

  test('long bake periods are bucketed keeping the worst latency of each bucket', () => {
    const probes = Array.from({ length: 300 }, (_, i) => probe(i + 1, i === 150 ? 900 : 10));
    const chart = latencyChart(result(probes), 't');
    const points = JSON.parse(/ {2}line (\[.*\])/.exec(chart)![1]) as number[];
    expect(points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(points).toContain(900);
  });

  test('a single probe or none draws no chart', () => {
    expect(latencyChart(result([probe(1, 10)]), 't')).toBe('');
    expect(latencyChart(result([]), 't')).toBe('');
  });

  test.each([
    [0, '0s'],
    [250, '0.25s'],
    [1500, '1.5s'],
    [12_345, '12s'],
  ])('seconds(%i) = %s', (ms, text) => expect(seconds(ms)).toBe(text));
});
