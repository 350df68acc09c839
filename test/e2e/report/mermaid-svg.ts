/**
 * Mermaid blocks for an offline page: `xychart-beta` charts (the only kind our actions write: data
 * test anomaly histories, deploy probe latencies) are drawn as inline SVG; anything else is kept as
 * `<pre class="mermaid">` source with a note (GitHub draws it; this page has no mermaid library).
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface XyChart {
  title?: string;
  xTitle?: string;
  xLabels: string[];
  yTitle?: string;
  yRange?: [number, number];
  series: Array<{ kind: 'line' | 'bar'; values: number[] }>;
}

const quoted = (s: string) => [...s.matchAll(/"([^"]*)"/g)].map((m) => m[1]);

/** Parses the subset of xychart-beta syntax we emit; undefined when the text is something else. */
export function parseXyChart(source: string): XyChart | undefined {
  const lines = source
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!/^xychart-beta\b/.test(lines[0] ?? '')) return undefined;
  const chart: XyChart = { xLabels: [], series: [] };
  for (const line of lines.slice(1)) {
    const [keyword] = line.split(/\s+/, 1);
    const rest = line.slice(keyword.length).trim();
    if (keyword === 'title') chart.title = quoted(rest)[0] ?? rest;
    else if (keyword === 'x-axis') {
      const list = /\[(.*)\]/.exec(rest);
      const before = list ? rest.slice(0, list.index) : rest;
      chart.xTitle = quoted(before)[0];
      if (list) chart.xLabels = quoted(list[1]).length ? quoted(list[1]) : list[1].split(',').map((v) => v.trim());
    } else if (keyword === 'y-axis') {
      chart.yTitle = quoted(rest)[0];
      const range = /(-?[\d.]+)\s*-->\s*(-?[\d.]+)/.exec(rest);
      if (range) chart.yRange = [Number(range[1]), Number(range[2])];
    } else if (keyword === 'line' || keyword === 'bar') {
      const list = /\[(.*)\]/.exec(rest);
      if (list) chart.series.push({ kind: keyword, values: list[1].split(',').map((v) => Number(v.trim())) });
    }
  }
  return chart.series.length ? chart : undefined;
}

const COLORS = ['#0969da', '#8250df', '#bf3989', '#1a7f37'];

/** Round tick step for a value span (1, 2 or 5 times a power of ten). */
function niceStep(span: number, ticks: number): number {
  const raw = span / ticks || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

export function xyChartSvg(chart: XyChart): string {
  const width = 720;
  const height = 340;
  const left = 70;
  const right = 20;
  const top = chart.title ? 40 : 16;
  const bottom = chart.xTitle ? 86 : 66;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const count = Math.max(chart.xLabels.length, ...chart.series.map((s) => s.values.length));
  const all = chart.series.flatMap((s) => s.values.filter(Number.isFinite));
  let [lo, hi] = chart.yRange ?? [Math.min(0, ...all), Math.max(...all)];
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo, 5);
  if (!chart.yRange) {
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
  }
  const x = (i: number) => left + (count <= 1 ? plotW / 2 : (plotW * (i + 0.5)) / count);
  const y = (v: number) => top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [];
  if (chart.title) parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" class="chart-title">${esc(chart.title)}</text>`);
  for (let v = lo; v <= hi + step / 1000; v += step) {
    const yy = y(v).toFixed(1);
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${yy}" y2="${yy}" class="grid"/>`,
      `<text x="${left - 8}" y="${yy}" dy="4" text-anchor="end">${Number(v.toPrecision(6))}</text>`,
    );
  }
  const labelEvery = Math.ceil(count / 12);
  chart.xLabels.forEach((label, i) => {
    if (i % labelEvery !== 0 && i !== count - 1) return;
    parts.push(`<text transform="translate(${x(i).toFixed(1)},${top + plotH + 14}) rotate(30)" text-anchor="start">${esc(label)}</text>`);
  });
  if (chart.xTitle) parts.push(`<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle" class="axis-title">${esc(chart.xTitle)}</text>`);
  if (chart.yTitle)
    parts.push(`<text transform="translate(16,${top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis-title">${esc(chart.yTitle)}</text>`);
  const bars = chart.series.filter((s) => s.kind === 'bar');
  chart.series.forEach((series, n) => {
    const color = COLORS[n % COLORS.length];
    if (series.kind === 'bar') {
      const slot = plotW / Math.max(count, 1);
      const barW = (slot * 0.7) / bars.length;
      const k = bars.indexOf(series);
      series.values.forEach((v, i) => {
        const yy = y(Math.max(v, lo));
        parts.push(
          `<rect x="${(x(i) - (slot * 0.7) / 2 + k * barW).toFixed(1)}" y="${yy.toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(lo) - yy).toFixed(1)}" fill="${color}" opacity="0.8"/>`,
        );
      });
    } else {
      const points = series.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2"/>`);
      series.values.forEach((v, i) =>
        parts.push(
          `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"><title>${esc(`${chart.xLabels[i] ?? i}: ${v}`)}</title></circle>`,
        ),
      );
    }
  });
  parts.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" class="axis"/>`,
    `<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" class="axis"/>`,
  );
  return `<svg class="xychart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(chart.title ?? 'chart')}">${parts.join('')}</svg>`;
}

export function renderMermaid(source: string): string {
  const chart = parseXyChart(source);
  const sourceBlock = `<pre class="mermaid">${esc(source)}</pre>`;
  if (!chart) return `${sourceBlock}\n<p class="note">A mermaid diagram: GitHub draws it; this offline page shows its source.</p>`;
  return `<figure class="mermaid-chart">${xyChartSvg(chart)}<details><summary>mermaid source</summary>${sourceBlock}</details></figure>`;
}
