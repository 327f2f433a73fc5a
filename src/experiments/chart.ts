/**
 * Line charts for the experiments' figures. Same call shape as the report layer's
 * `lineChart(series, opts)`: a self-contained SVG string with linear or log axes, a legend,
 * dashed series and labelled horizontal reference lines. Points that cannot be drawn (non-
 * finite, or ≤ 0 on a log axis) are skipped and break the line.
 */
import { usageError } from '../errors';

export interface ChartSeries {
  name: string;
  x: number[];
  y: number[];
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
  hLines?: { y: number; label: string }[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2'];
const MARGIN = { left: 70, right: 170, top: 36, bottom: 48 };

function escapeXml(s: string): string {
  return s.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!,
  );
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-2 ? v.toExponential(0) : String(+v.toPrecision(3));
}

/** Ticks of an axis over [lo, hi] (log10 values on a log axis). */
function ticks(lo: number, hi: number, log: boolean): { at: number; label: string }[] {
  if (log) {
    const step = Math.max(1, Math.ceil((Math.ceil(hi) - Math.floor(lo)) / 8));
    const out = [];
    // Less than about two decades: also mark 2× and 5×.
    const mantissas = hi - lo < 2 ? [1, 2, 5] : [1];
    for (let e = Math.floor(lo); e <= hi + 1e-9; e += step) {
      for (const f of mantissas) {
        const at = e + Math.log10(f);
        if (at >= lo && at <= hi) out.push({ at, label: f === 1 ? `1e${e}` : fmt(f * 10 ** e) });
      }
    }
    return out;
  }
  const raw = (hi - lo) / 6 || 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push({ at: v, label: fmt(+v.toPrecision(12)) });
  }
  return out;
}

function extent(values: number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.03;
  return [lo - pad, hi + pad];
}

/** Renders the series as an SVG document. */
export function lineChart(series: ChartSeries[], opts: ChartOptions): string {
  const W = opts.width ?? 640;
  const H = opts.height ?? 400;
  const tx = (v: number) => (opts.logX ? Math.log10(v) : v);
  const ty = (v: number) => (opts.logY ? Math.log10(v) : v);
  const ok = (v: number, log?: boolean) => Number.isFinite(v) && (!log || v > 0);
  for (const s of series) {
    if (s.x.length !== s.y.length) {
      throw usageError(`chart series "${s.name}" has ${s.x.length} x but ${s.y.length} y values`);
    }
  }
  const pts = series.map((s) =>
    s.x.map((x, i) => (ok(x, opts.logX) && ok(s.y[i], opts.logY) ? [tx(x), ty(s.y[i])] : null)),
  );
  const hLines = (opts.hLines ?? []).filter((h) => ok(h.y, opts.logY));
  const all = pts.flat().filter((p): p is number[] => p !== null);
  const [x0, x1] = extent(all.length ? all.map((p) => p[0]) : [0, 1]);
  const [y0, y1] = extent([...all.map((p) => p[1]), ...hLines.map((h) => ty(h.y))]);
  const pw = W - MARGIN.left - MARGIN.right;
  const ph = H - MARGIN.top - MARGIN.bottom;
  const px = (v: number) => (MARGIN.left + ((v - x0) / (x1 - x0)) * pw).toFixed(1);
  const py = (v: number) => (MARGIN.top + (1 - (v - y0) / (y1 - y0)) * ph).toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(opts.title)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
  ];
  for (const t of ticks(x0, x1, !!opts.logX)) {
    out.push(
      `<line x1="${px(t.at)}" x2="${px(t.at)}" y1="${MARGIN.top}" y2="${MARGIN.top + ph}" stroke="#eee"/>`,
      `<text x="${px(t.at)}" y="${MARGIN.top + ph + 16}" text-anchor="middle">${t.label}</text>`,
    );
  }
  for (const t of ticks(y0, y1, !!opts.logY)) {
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + pw}" y1="${py(t.at)}" y2="${py(t.at)}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 6}" y="${py(t.at)}" text-anchor="end" dominant-baseline="middle">${t.label}</text>`,
    );
  }
  out.push(
    `<text x="${MARGIN.left + pw / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`,
    `<text transform="translate(16 ${MARGIN.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(opts.yLabel)}</text>`,
  );
  // Labels of nearby reference lines are stacked upwards so that they do not overlap.
  let lastLabelY = Infinity;
  [...hLines]
    .sort((a, b) => a.y - b.y)
    .forEach((h) => {
      const y = +py(ty(h.y));
      const labelY = Math.min(y - 4, lastLabelY - 14);
      lastLabelY = labelY;
      out.push(
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + pw}" y1="${y}" y2="${y}" stroke="#555" stroke-dasharray="2 3"/>`,
        `<text x="${MARGIN.left + pw - 4}" y="${labelY}" text-anchor="end" fill="#555">${escapeXml(h.label)}</text>`,
      );
    });
  pts.forEach((p, si) => {
    const color = COLORS[si % COLORS.length];
    let d = '';
    let pen = false;
    for (const q of p) {
      if (!q) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${px(q[0])} ${py(q[1])} `;
      pen = true;
    }
    const dash = series[si].dashed ? ' stroke-dasharray="6 4"' : '';
    const single = p.filter((q) => q).length === 1;
    if (single) {
      const q = p.find((v) => v)!;
      out.push(`<circle cx="${px(q[0])}" cy="${py(q[1])}" r="3" fill="${color}"/>`);
    } else if (d) {
      out.push(`<path d="${d.trim()}" fill="none" stroke="${color}" stroke-width="1.6"${dash}/>`);
    }
    const ly = MARGIN.top + 8 + si * 18;
    const lx = MARGIN.left + pw + 12;
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 28}" y="${ly}" dominant-baseline="middle">${escapeXml(series[si].name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
