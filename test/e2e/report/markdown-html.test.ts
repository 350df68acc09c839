/**
 * The demo page's Markdown renderer on what our actions write: tables, collapsible blocks, fences
 * that contain fences, alerts, hidden markers and xychart charts, and untrusted text kept inert.
 */
import { renderInline, renderMarkdown } from './markdown-html.js';
import { parseXyChart, xyChartSvg } from './mermaid-svg.js';

describe('Markdown to HTML', () => {
  test('headings, emphasis, code spans, links and backslash escapes', () => {
    expect(renderMarkdown('### Hello, data team\\!')).toBe('<h3>Hello, data team!</h3>');
    expect(renderInline('**3** to add, *soon*, `a|b` and [run](https://github.com/o/r/actions/runs/1)')).toBe(
      '<strong>3</strong> to add, <em>soon</em>, <code>a|b</code> and <a href="https://github.com/o/r/actions/runs/1">run</a>',
    );
    expect(renderInline('snake_case_name stays')).toBe('snake_case_name stays');
    expect(renderInline('\\|robust z\\| &gt; 3 & more')).toBe('|robust z| &gt; 3 &amp; more');
  });

  test('tables with alignment and escaped pipes; cells render inline Markdown', () => {
    const html = renderMarkdown('| Action | Resource | n |\n| --- | :---: | ---: |\n| ➕ create | `aws_s3_bucket.raw` | 1 |\n| x \\| y | **b** | 2 |');
    expect(html).toContain('<thead><tr><th>Action</th><th align="center">Resource</th><th align="right">n</th></tr></thead>');
    expect(html).toContain('<tr><td>➕ create</td><td align="center"><code>aws_s3_bucket.raw</code></td><td align="right">1</td></tr>');
    expect(html).toContain('<td>x | y</td><td align="center"><strong>b</strong></td>');
  });

  test('details blocks hold Markdown; hidden markers disappear; a longer fence contains a shorter one', () => {
    const md = '<!-- dataops-actions:plan:x -->\n<details><summary>Plan output</summary>\n\n````diff\n```\n+ added\n- removed\n````\n\n</details>';
    const html = renderMarkdown(md);
    expect(html).not.toContain('dataops-actions:plan');
    expect(html).toContain('<details><summary>Plan output</summary>');
    expect(html).toContain('<pre class="diff"><code>```\n<span class="add">+ added</span>\n<span class="del">- removed</span></code></pre>');
    expect(html.trim().endsWith('</details>')).toBe(true);
  });

  test('nested lists and GitHub alerts', () => {
    const html = renderMarkdown('- one\n  - nested `x`\n- two\n\n1. first\n2. second\n\n> [!CAUTION]\n> **2** resources destroyed');
    expect(html).toBe(
      [
        '<ul>',
        '<li>one',
        '<ul>',
        '<li>nested <code>x</code></li>',
        '</ul></li>',
        '<li>two</li>',
        '</ul>',
        '<ol>',
        '<li>first</li>',
        '<li>second</li>',
        '</ol>',
        '<div class="alert alert-caution"><p class="alert-title">Caution</p>',
        '<p><strong>2</strong> resources destroyed</p></div>',
      ].join('\n'),
    );
  });

  test('untrusted text stays inert: scripts, event attributes and javascript: links', () => {
    const html = renderMarkdown('Title: <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <b onclick="x()">bold</b>');
    expect(html).not.toMatch(/<script|<img|<b onclick|href="javascript/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<b>bold</b>');
    expect(renderMarkdown('<details open onclick="x"><summary>s</summary>\n\n<script>y</script>\n\n</details>')).toBe(
      '<details open><summary>s</summary>\n<p>&lt;script&gt;y&lt;/script&gt;</p>\n</details>',
    );
  });
});

describe('mermaid xychart as SVG', () => {
  const source =
    'xychart-beta\n  title "orders: row_count (z 5.2)"\n  x-axis ["01-01 06:00", "01-02 06:00", "▶ now"]\n  y-axis "row_count"\n  line [100, 110, 400]\n  line [105, 105, 105]';

  test('parses titles, labels and series', () => {
    expect(parseXyChart(source)).toEqual({
      title: 'orders: row_count (z 5.2)',
      xTitle: undefined,
      xLabels: ['01-01 06:00', '01-02 06:00', '▶ now'],
      yTitle: 'row_count',
      series: [
        { kind: 'line', values: [100, 110, 400] },
        { kind: 'line', values: [105, 105, 105] },
      ],
    });
    expect(parseXyChart('graph TD\n A-->B')).toBeUndefined();
  });

  test('draws one polyline per line series, points in order, the largest value highest', () => {
    const svg = xyChartSvg(parseXyChart(source)!);
    const polylines = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1].split(' ').map((p) => p.split(',').map(Number)));
    expect(polylines).toHaveLength(2);
    const [first] = polylines;
    expect(first.map(([x]) => x)).toEqual([...first.map(([x]) => x)].sort((a, b) => a - b));
    expect(first[2][1]).toBeLessThan(first[0][1]);
    expect(svg).toContain('orders: row_count (z 5.2)');
    expect(svg).toContain('▶ now');
  });

  test('other diagrams stay source, marked as such', () => {
    const html = renderMarkdown('```mermaid\ngraph TD\n  A-->B\n```');
    expect(html).toContain('<pre class="mermaid">graph TD\n  A--&gt;B</pre>');
  });
});
