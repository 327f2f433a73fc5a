/** The explorer's small SVG charts: a line chart against log α, and a bar plot of a vector. */

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** One line of a chart: points (x > 0, y) and a name for the legend. */
export interface Series {
  name: string;
  points: [number, number][];
}

/** Draws `series` against log10(x) in `svg` (viewBox 320 × 195), with axis labels and a legend below. */
export function drawLogChart(
  svg: SVGSVGElement,
  series: Series[],
  xLabel: string,
  yLabel: string,
): void {
  svg.replaceChildren();
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return;
  const lx = all.map((p) => Math.log10(p[0]));
  const [x0, x1] = [Math.min(...lx), Math.max(...lx)];
  const [y0, y1] = [Math.min(0, ...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const X = (x: number) => 40 + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * 260;
  const Y = (y: number) => 130 - ((y - y0) / (y1 - y0 || 1)) * 110;
  svg.append(el('line', { x1: 40, y1: 130, x2: 300, y2: 130, stroke: '#888' }));
  svg.append(el('line', { x1: 40, y1: 20, x2: 40, y2: 130, stroke: '#888' }));
  svg.append(el('text', { x: 170, y: 155, 'text-anchor': 'middle', 'font-size': 10 }, xLabel));
  svg.append(el('text', { x: 4, y: 12, 'font-size': 10 }, yLabel));
  svg.append(el('text', { x: 36, y: 24, 'text-anchor': 'end', 'font-size': 9 }, y1.toPrecision(3)));
  svg.append(
    el('text', { x: 36, y: 130, 'text-anchor': 'end', 'font-size': 9 }, y0.toPrecision(3)),
  );
  for (const x of [10 ** x0, 10 ** x1]) {
    svg.append(
      el('text', { x: X(x), y: 142, 'text-anchor': 'middle', 'font-size': 9 }, x.toExponential(0)),
    );
  }
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ');
    svg.append(el('polyline', { points: pts, fill: 'none', stroke: color, 'stroke-width': 1.5 }));
    for (const [x, y] of s.points)
      svg.append(el('circle', { cx: X(x), cy: Y(y), r: 2.5, fill: color }));
    const [lx, ly] = [40 + (i % 2) * 140, 168 + 12 * Math.floor(i / 2)];
    svg.append(
      el('line', { x1: lx, y1: ly - 3, x2: lx + 12, y2: ly - 3, stroke: color, 'stroke-width': 2 }),
    );
    svg.append(el('text', { x: lx + 16, y: ly, 'font-size': 9 }, s.name));
  });
}

/** Draws the entries of `x` as bars in `svg` (viewBox 200 × 60), scaled to `max`. */
export function drawBars(
  svg: SVGSVGElement,
  x: ArrayLike<number>,
  max: number,
  title: string,
): void {
  svg.replaceChildren();
  const w = 200 / x.length;
  for (let i = 0; i < x.length; i++) {
    const h = (Math.max(x[i], 0) / (max || 1)) * 46;
    svg.append(
      el('rect', {
        x: i * w,
        y: 58 - h,
        width: Math.max(w - 0.5, 0.5),
        height: h,
        fill: '#1f77b4',
      }),
    );
  }
  svg.append(el('line', { x1: 0, y1: 58, x2: 200, y2: 58, stroke: '#888', 'stroke-width': 0.5 }));
  svg.append(el('text', { x: 2, y: 9, 'font-size': 8 }, title));
}
