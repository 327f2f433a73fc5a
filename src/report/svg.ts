/** Small helpers shared by the SVG and HTML writers. */

/** Escapes text for XML/HTML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A number rounded for SVG coordinates (two decimals are sub-pixel). */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Ten distinguishable colours (Tableau 10), cycled by series index. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** 10^e written as "10⁻³" (or "1", "10" for e = 0, 1). */
export function powerOfTen(e: number): string {
  if (e === 0) return '1';
  if (e === 1) return '10';
  return '10' + [...String(e)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** A compact label for a tick or table value: 4 significant digits, exponent when needed. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}
