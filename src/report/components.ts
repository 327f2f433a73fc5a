/**
 * What each component is made of, for any data: its top features (largest entries of a row
 * of H, `k × nFeatures`) and its top rows (largest entries of a column of W, `nSamples × k`),
 * by name where the data has names (file names, a CSV's header, the vocabulary) and by index
 * otherwise; and a heat map of H as SVG.
 */
import { usageError } from '../errors';
import { escapeXml, px } from './svg';

/** A factor as plain values: row-major `shape[0] × shape[1]`. */
export interface Values {
  data: ArrayLike<number>;
  shape: [number, number];
}

/** A named feature or row with its weight in one component (an entry of H or of W). */
export interface Weighted {
  name: string;
  /** Index of the feature (column of H) or row (of W). */
  index: number;
  weight: number;
}

/** What component `component` is made of: its top features (from H) and its top rows (from W). */
export interface ComponentSummary {
  component: number;
  /** The largest entries of row `component` of H, largest first (zeros left out). */
  features: Weighted[];
  /** The largest entries of column `component` of W, largest first (zeros left out). */
  rows: Weighted[];
}

/** The name of index `i`: `names[i]`, or `${fallback} i`. */
function nameOf(names: readonly string[] | undefined, i: number, fallback: string): string {
  return names ? names[i] : `${fallback} ${i}`;
}

/** The `top` largest positive entries of `at(0 … n-1)`, largest first (ties: lower index). */
function largest(n: number, at: (i: number) => number, top: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
    .filter((i) => at(i) > 0)
    .sort((a, b) => at(b) - at(a) || a - b)
    .slice(0, top);
}

/**
 * Per component of W (`n × k`) and H (`k × m`): its `top` features and rows. `rowNames` has n
 * names, `columnNames` m (either may be absent: then "row i" / "feature j").
 */
export function componentSummaries(
  W: Values,
  H: Values,
  names: { rowNames?: readonly string[]; columnNames?: readonly string[] } = {},
  top = 10,
): ComponentSummary[] {
  const [n, k] = W.shape;
  const [k2, m] = H.shape;
  if (k !== k2) throw usageError(`W has ${k} columns but H has ${k2} rows`);
  if (names.rowNames && names.rowNames.length !== n) {
    throw usageError(`rowNames has ${names.rowNames.length} names for ${n} rows of W`);
  }
  if (names.columnNames && names.columnNames.length !== m) {
    throw usageError(`columnNames has ${names.columnNames.length} names for ${m} columns of H`);
  }
  if (!Number.isInteger(top) || top < 1) throw usageError(`top must be an integer ≥ 1, got ${top}`);
  return Array.from({ length: k }, (_, c) => {
    const h = (j: number) => H.data[c * m + j];
    const w = (i: number) => W.data[i * k + c];
    return {
      component: c,
      features: largest(m, h, top).map((j) => ({
        name: nameOf(names.columnNames, j, 'feature'),
        index: j,
        weight: h(j),
      })),
      rows: largest(n, w, top).map((i) => ({
        name: nameOf(names.rowNames, i, 'row'),
        index: i,
        weight: w(i),
      })),
    };
  });
}

/** Plain text: per component a line of top features and a line of top rows. */
export function componentsText(summaries: ComponentSummary[]): string {
  const list = (items: Weighted[]) =>
    items.length
      ? items.map((x) => `${x.name} (${Number(x.weight.toPrecision(3))})`).join(', ')
      : '(none)';
  return (
    summaries
      .map((s) => `${s.component}: ${list(s.features)}\n   rows: ${list(s.rows)}`)
      .join('\n') + '\n'
  );
}

/**
 * H (`k × m`) as an SVG heat map, one row per component, each row scaled to its own maximum
 * (white 0 … dark blue the maximum). At most `maxColumns` columns are drawn: those with the
 * largest column maxima, in their original order (the caption says how many were left out).
 */
export function heatmapSvg(
  H: Values,
  columnNames?: readonly string[],
  maxColumns = 200,
): { svg: string; shown: number } {
  const [k, m] = H.shape;
  const colMax = (j: number) => {
    let v = 0;
    for (let c = 0; c < k; c++) v = Math.max(v, H.data[c * m + j]);
    return v;
  };
  const columns =
    m <= maxColumns
      ? Array.from({ length: m }, (_, j) => j)
      : largest(m, colMax, maxColumns).sort((a, b) => a - b);
  const cell = Math.max(4, Math.min(24, Math.floor(900 / Math.max(columns.length, 1))));
  const left = 40;
  const labels = columnNames && columns.length <= 60;
  const top = labels ? 90 : 10;
  const width = left + columns.length * cell + 10;
  const height = top + k * cell + 10;
  const parts: string[] = [];
  for (let c = 0; c < k; c++) {
    let rowMax = 0;
    for (const j of columns) rowMax = Math.max(rowMax, H.data[c * m + j]);
    parts.push(
      `<text x="${px(left - 6)}" y="${px(top + c * cell + cell * 0.7)}" text-anchor="end" font-size="11">${c}</text>`,
    );
    columns.forEach((j, x) => {
      const v = rowMax > 0 ? H.data[c * m + j] / rowMax : 0;
      const shade = (a: number, b: number) => Math.round(a + (b - a) * v);
      const name = columnNames ? columnNames[j] : `feature ${j}`;
      parts.push(
        `<rect x="${px(left + x * cell)}" y="${px(top + c * cell)}" width="${cell}" height="${cell}" ` +
          `fill="rgb(${shade(255, 8)},${shade(255, 48)},${shade(255, 107)})">` +
          `<title>component ${c}, ${escapeXml(name)}: ${H.data[c * m + j]}</title></rect>`,
      );
    });
  }
  if (labels) {
    columns.forEach((j, x) => {
      const cx = left + x * cell + cell / 2;
      parts.push(
        `<text transform="translate(${px(cx)},${px(top - 4)}) rotate(-60)" font-size="10">${escapeXml(columnNames![j].slice(0, 16))}</text>`,
      );
    });
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" class="heatmap">` +
    parts.join('') +
    '</svg>';
  return { svg, shown: columns.length };
}
