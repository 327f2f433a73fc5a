/**
 * Factors written with their names: a CSV/TSV gets the column names as its header and the row
 * names as its first column (header `name`); other formats get a `names.json` beside them.
 */
import * as path from 'path';
import { formatFromName, writeMatrixFile } from '../io';
import { formatValue, writeAtomic } from '../io/common';
import type { Factor } from './render';

export interface Names {
  rowNames?: readonly string[];
  columnNames?: readonly string[];
}

/** A field quoted as RFC 4180 says when it holds the delimiter, a quote, a line break or edge spaces. */
export function quoteField(text: string, delimiter: string): string {
  if (!text.includes(delimiter) && !/["\r\n]/.test(text) && text.trim() === text) return text;
  return '"' + text.replace(/"/g, '""') + '"';
}

/**
 * Writes `m` (`rows × cols`) to `file` in the format its extension names; CSV/TSV carry the
 * names (header line, first column), other formats ignore them (see `namesJson`).
 */
export async function writeNamedMatrix(file: string, m: Factor, names: Names = {}): Promise<void> {
  const format = formatFromName(file);
  if ((format !== 'csv' && format !== 'tsv') || (!names.rowNames && !names.columnNames)) {
    return writeMatrixFile(file, m);
  }
  const d = format === 'csv' ? ',' : '\t';
  const [rows, cols] = m.shape;
  const q = (t: string) => quoteField(t, d);
  function* chunks(): Generator<string> {
    if (names.columnNames) {
      yield [...(names.rowNames ? ['name'] : []), ...names.columnNames].map(q).join(d) + '\n';
    }
    for (let i = 0; i < rows; i++) {
      const row: string[] = names.rowNames ? [q(names.rowNames[i])] : [];
      for (let j = 0; j < cols; j++) row.push(formatValue(m.data[i * cols + j], true));
      yield row.join(d) + '\n';
    }
  }
  await writeAtomic(file, chunks());
}

/** Component names c0 … c(k-1): the columns of W and the rows of H. */
export function componentNames(k: number): string[] {
  return Array.from({ length: k }, (_, c) => `c${c}`);
}

/** The content of `names.json` for W (`rows × k`) and H (`k × features`). */
export function namesJson(k: number, names: Names, files: { W: string; H: string }): string {
  return (
    JSON.stringify(
      {
        description: `row and column names of ${path.basename(files.W)} (rows × components) and ${path.basename(files.H)} (components × features)`,
        rows: names.rowNames ?? null,
        components: componentNames(k),
        features: names.columnNames ?? null,
      },
      null,
      2,
    ) + '\n'
  );
}
