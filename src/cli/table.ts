/** Plain-text tables for the terminal: columns padded to their widest cell. */
import { formatNumber } from '../report/svg';

export type TextCell = string | number | boolean | null | undefined;

/** Numbers are right-aligned and written with 4 significant digits. */
export function table(columns: string[], rows: TextCell[][]): string {
  const text = rows.map((r) =>
    r.map((v) =>
      typeof v === 'number' ? formatNumber(v) : v === null || v === undefined ? '' : String(v),
    ),
  );
  const numeric = columns.map(
    (_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number'),
  );
  const widths = columns.map((c, j) => Math.max(c.length, ...text.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j])))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}
