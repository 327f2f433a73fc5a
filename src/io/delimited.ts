/**
 * Dense CSV / TSV matrices: one row per line, fields separated by ',' (CSV) or a tab (TSV).
 * Lines that are empty or start with '#' are skipped. The first line is a header when
 * `header` is true, or, with 'auto' (default), when one of its fields is not a number.
 */
import type { DenseMatrix } from '../datasets/types';
import { inputError } from '../errors';
import {
  formatValue,
  GrowingFloats,
  lineError,
  looksNumeric,
  parseNumber,
  readLines,
  writeAtomic,
} from './common';

export interface DelimitedOptions {
  header?: boolean | 'auto';
  maxBytes: number;
}

export async function readDelimited(
  path: string,
  delimiter: ',' | '\t',
  opts: DelimitedOptions,
): Promise<DenseMatrix & { columnNames?: string[] }> {
  const values = new GrowingFloats(path, opts.maxBytes, 'the matrix');
  let cols = -1;
  let rows = 0;
  let columnNames: string[] | undefined;
  let first = true;
  for await (const { text, line } of readLines(path)) {
    if (text.trim() === '' || text.startsWith('#')) continue;
    const fields = text.split(delimiter).map((f) => f.trim());
    if (first) {
      first = false;
      const header =
        opts.header === true || (opts.header !== false && fields.some((f) => !looksNumeric(f)));
      if (header) {
        columnNames = fields;
        cols = fields.length;
        continue;
      }
    }
    if (cols === -1) cols = fields.length;
    if (fields.length !== cols) {
      throw lineError(
        path,
        line,
        `has ${fields.length} fields, expected ${cols} (as on the first ${columnNames ? 'header ' : ''}line)`,
      );
    }
    fields.forEach((f, j) => values.push(parseNumber(f, path, line, `field ${j + 1}`)));
    rows++;
  }
  if (rows === 0) throw inputError(`${path}: no data rows`);
  return { data: values.toArray(), shape: [rows, cols], ...(columnNames ? { columnNames } : {}) };
}

export async function writeDelimited(
  path: string,
  /** Float32 data is written in the shortest form that reads back to the same float32; float64
   * data in the shortest that reads back to the same float64 (at most 17 significant digits). */
  m: DenseMatrix | { data: Float64Array; shape: [number, number] },
  delimiter: ',' | '\t',
  columnNames?: readonly string[],
): Promise<void> {
  const [rows, cols] = m.shape;
  const single = !(m.data instanceof Float64Array);
  function* chunks(): Generator<string> {
    if (columnNames) yield columnNames.join(delimiter) + '\n';
    for (let i = 0; i < rows; i++) {
      const row: string[] = new Array(cols);
      for (let j = 0; j < cols; j++) row[j] = formatValue(m.data[i * cols + j], single);
      yield row.join(delimiter) + '\n';
    }
  }
  await writeAtomic(path, chunks());
}
