/**
 * Line charts as self-contained, hand-made SVG: axes with "nice" linear ticks or decade ticks
 * on log axes, a legend, optional dashed series and labelled horizontal reference lines.
 * Points that cannot be drawn (NaN, ±Infinity, or ≤ 0 on a log axis) are skipped and break
 * the line there. The SVG has no ids, scripts or external references, so several charts can
 * be inlined in one HTML page.
 */
import { usageError } from '../errors';
import { PALETTE, escapeXml, formatNumber, powerOfTen, px } from './svg';

/** One line of a chart: points (x[i], y[i]) in data units, drawn solid or dashed. */
export interface ChartSeries {
  name: string;
  x: number[];
  y: number[];
  dashed?: boolean;
}

/** A chart's title, axis labels, scales (linear or log), size in pixels and reference lines. */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  /** Pixels (default 640 × 400). */
  width?: number;
  height?: number;
  /** Horizontal reference lines (e.g. an exact solver's objective). */
  hLines?: { y: number; label: string }[];
}

interface Axis {
  /** Maps a data value to a pixel coordinate. */
  toPx: (v: number) => number;
  /** Tick positions in pixels, labelled when major. */
  ticks: { at: number; label: string; major: boolean }[];
}

const FONT = 'font-family="sans-serif"';
const CHAR_W = 6.6; // average glyph width at 12 px, for legend sizing

/** Renders the series as an SVG document (a string starting with `<svg`). */
export function lineChart(series: ChartSeries[], opts: ChartOptions): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 400;
  const logX = opts.logX ?? false;
  const logY = opts.logY ?? false;
  const hLines = (opts.hLines ?? []).filter((h) => drawable(h.y, logY));
  for (const s of series) {
    if (s.x.length !== s.y.length) {
      throw usageError(
        `chart series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values`,
      );
    }
  }
  const points = series.map((s) =>
    s.x.map((x, i) => (drawable(x, logX) && drawable(s.y[i], logY) ? [x, s.y[i]] : null)),
  );
  const xs = points.flat().flatMap((p) => (p ? [p[0]] : []));
  const ys = [...points.flat().flatMap((p) => (p ? [p[1]] : [])), ...hLines.map((h) => h.y)];

  const legendW = series.length ? 34 + CHAR_W * Math.max(...series.map((s) => s.name.length)) : 0;
  const left = 72;
  const right = width - 16 - Math.min(legendW, width / 3);
  const top = 36;
  const bottom = height - 48;
  const xAxis = makeAxis(xs, logX, left, right);
  const yAxis = makeAxis(ys, logY, bottom, top);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">`,
    `<title>${escapeXml(opts.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${px((left + right) / 2)}" y="22" text-anchor="middle" font-size="15" ` +
      `font-weight="bold">${escapeXml(opts.title)}</text>`,
  ];
  out.push(...gridAndTicks(xAxis, yAxis, { left, right, top, bottom }));
  out.push(
    `<rect x="${left}" y="${top}" width="${px(right - left)}" height="${px(bottom - top)}" ` +
      `fill="none" stroke="#333"/>`,
    `<text x="${px((left + right) / 2)}" y="${height - 10}" text-anchor="middle">` +
      `${escapeXml(opts.xLabel)}</text>`,
    `<text transform="translate(16 ${px((top + bottom) / 2)}) rotate(-90)" ` +
      `text-anchor="middle">${escapeXml(opts.yLabel)}</text>`,
  );
  for (const h of hLines) {
    const y = px(yAxis.toPx(h.y));
    out.push(
      `<line x1="${left}" x2="${px(right)}" y1="${y}" y2="${y}" stroke="#777" ` +
        `stroke-dasharray="2 3"/>`,
      `<text x="${px(right - 4)}" y="${px(Number(y) - 4)}" text-anchor="end" fill="#555" ` +
        `font-size="11">${escapeXml(h.label)}</text>`,
    );
  }
  series.forEach((s, i) => out.push(...seriesPath(points[i], i, s.dashed ?? false, xAxis, yAxis)));
  if (xs.length === 0) {
    out.push(
      `<text x="${px((left + right) / 2)}" y="${px((top + bottom) / 2)}" ` +
        `text-anchor="middle" fill="#999">no drawable data</text>`,
    );
  }
  out.push(...legend(series, right + 12, top));
  out.push('</svg>');
  return out.join('\n');
}

function drawable(v: number, log: boolean): boolean {
  return Number.isFinite(v) && (!log || v > 0);
}

/** An axis over `values` mapped onto pixels [p0, p1] (p1 < p0 for a y axis). */
function makeAxis(values: number[], log: boolean, p0: number, p1: number): Axis {
  let lo = values.length ? Math.min(...values.map((v) => (log ? Math.log10(v) : v))) : 0;
  let hi = values.length ? Math.max(...values.map((v) => (log ? Math.log10(v) : v))) : 1;
  const ticks: { value: number; label: string; major: boolean }[] = []; // axis units
  if (log) {
    lo = Math.floor(lo);
    hi = Math.ceil(hi);
    if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
    const every = Math.ceil((hi - lo) / 8);
    for (let e = lo; e <= hi; e++) {
      if ((e - lo) % every === 0) ticks.push({ value: e, label: powerOfTen(e), major: true });
      if (hi - lo <= 4 && e < hi) {
        // Spans of one or two decades also label 2× and 5× (else there would be 2–3 labels).
        for (let m = 2; m <= 9; m++) {
          const label = hi - lo <= 2 && (m === 2 || m === 5) ? formatNumber(m * 10 ** e) : '';
          ticks.push({ value: e + Math.log10(m), label, major: false });
        }
      }
    }
  } else {
    if (hi === lo) [lo, hi] = lo === 0 ? [-1, 1] : [lo - Math.abs(lo) / 2, hi + Math.abs(hi) / 2];
    const step = niceStep((hi - lo) / 5);
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
    for (let k = 0; lo + k * step <= hi + step * 1e-9; k++) {
      const v = lo + k * step;
      const value = Math.abs(v) < step * 1e-9 ? 0 : v;
      ticks.push({ value, label: formatNumber(value), major: true });
    }
  }
  const scale = (p1 - p0) / (hi - lo);
  const toPx = (v: number) => p0 + ((log ? Math.log10(v) : v) - lo) * scale;
  return {
    toPx,
    ticks: ticks.map(({ value, label, major }) => ({
      at: p0 + (value - lo) * scale,
      label,
      major,
    })),
  };
}

/** 1, 2 or 5 times a power of ten, near `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

function gridAndTicks(
  x: Axis,
  y: Axis,
  box: { left: number; right: number; top: number; bottom: number },
): string[] {
  const out: string[] = [];
  for (const t of x.ticks) {
    const p = px(t.at);
    const len = t.major ? 5 : 3;
    if (t.major) {
      out.push(`<line x1="${p}" x2="${p}" y1="${box.top}" y2="${box.bottom}" stroke="#eee"/>`);
    }
    out.push(
      `<line x1="${p}" x2="${p}" y1="${box.bottom}" y2="${box.bottom + len}" stroke="#333"/>`,
    );
    if (t.label) {
      out.push(
        `<text x="${p}" y="${box.bottom + 18}" text-anchor="middle">${escapeXml(t.label)}</text>`,
      );
    }
  }
  for (const t of y.ticks) {
    const p = px(t.at);
    const len = t.major ? 5 : 3;
    if (t.major) {
      out.push(`<line x1="${box.left}" x2="${px(box.right)}" y1="${p}" y2="${p}" stroke="#eee"/>`);
    }
    out.push(`<line x1="${box.left - len}" x2="${box.left}" y1="${p}" y2="${p}" stroke="#333"/>`);
    if (t.label) {
      out.push(
        `<text x="${box.left - 8}" y="${p}" dy="0.35em" text-anchor="end">` +
          `${escapeXml(t.label)}</text>`,
      );
    }
  }
  return out;
}

/** A path per series, broken at undrawable points; isolated points become dots. */
function seriesPath(
  points: (number[] | null)[],
  index: number,
  dashed: boolean,
  x: Axis,
  y: Axis,
): string[] {
  const color = PALETTE[index % PALETTE.length];
  const runs: string[][] = [];
  let run: string[] = [];
  for (const p of points) {
    if (p) run.push(`${px(x.toPx(p[0]))},${px(y.toPx(p[1]))}`);
    else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  const out: string[] = [];
  const lines = runs.filter((r) => r.length > 1);
  if (lines.length) {
    const d = lines.map((r) => `M${r[0]}L${r.slice(1).join(' ')}`).join('');
    out.push(
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"` +
        `${dashed ? ' stroke-dasharray="6 4"' : ''} stroke-linejoin="round"/>`,
    );
  }
  for (const r of runs.filter((r) => r.length === 1)) {
    const [cx, cy] = r[0].split(',');
    out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
  }
  return out;
}

function legend(series: ChartSeries[], x: number, top: number): string[] {
  return series.flatMap((s, i) => {
    const y = top + 10 + i * 18;
    const color = PALETTE[i % PALETTE.length];
    return [
      `<line x1="${px(x)}" x2="${px(x + 22)}" y1="${y}" y2="${y}" stroke="${color}" ` +
        `stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${px(x + 28)}" y="${y}" dy="0.35em">${escapeXml(s.name)}</text>`,
    ];
  });
}
