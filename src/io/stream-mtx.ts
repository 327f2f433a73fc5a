/**
 * Matrix Market `coordinate` files read in row batches (CSR): the entries must come sorted by
 * row (columns in any order within a row), as `sort` can arrange them; an entry of an earlier
 * row after a later one is an error that says how to sort the file. General symmetry only.
 */
import { inputError } from '../errors';
import type { RowSource } from '../nmf/online-source';
import { lineError, parseIndex, readLines } from './common';
import { parseBanner, type Header } from './mtx';
import { sortedEntrySource } from './stream-sorted';

interface MtxLayout {
  header: Header;
  rows: number;
  cols: number;
  entries: number;
  /** Line number of the size line (the entries follow it). */
  sizeLine: number;
}

async function readLayout(path: string): Promise<MtxLayout> {
  let header: Header | undefined;
  for await (const { text, line } of readLines(path)) {
    if (!header) {
      header = parseBanner(path, text);
      if (header.format !== 'coordinate') {
        throw lineError(
          path,
          1,
          'a Matrix Market "array" file is stored by columns and cannot be streamed by rows; ' +
            'convert it to coordinate form or to .npy',
        );
      }
      if (header.symmetry !== 'general') {
        throw lineError(
          path,
          1,
          `a ${header.symmetry} Matrix Market file lists one triangle and cannot be streamed by rows; use "general"`,
        );
      }
      continue;
    }
    if (text.startsWith('%') || text.trim() === '') continue;
    const t = text.trim().split(/\s+/);
    if (t.length !== 3) {
      throw lineError(
        path,
        line,
        `size line must have 3 integers (rows columns entries), got ${t.length} fields`,
      );
    }
    const [rows, cols, entries] = t.map((tok, k) =>
      parseIndex(tok, path, line, ['rows', 'columns', 'entries'][k], k < 2 ? 1 : 0, 2 ** 53),
    );
    if (entries > rows * cols)
      throw lineError(path, line, `${entries} entries cannot fit in ${rows} × ${cols}`);
    return { header, rows, cols, entries, sizeLine: line };
  }
  if (!header) throw lineError(path, 1, 'empty file: expected a %%MatrixMarket banner');
  throw inputError(`${path}: truncated: no size line after the banner`);
}

/** Opens a Matrix Market coordinate file sorted by row for reading in row batches. */
export async function openMtxStream(path: string): Promise<RowSource> {
  const { rows, cols, entries, sizeLine, header } = await readLayout(path);
  const pattern = header.field === 'pattern';
  return sortedEntrySource({
    path,
    rows,
    cols,
    entries,
    skipLines: sizeLine,
    fields: pattern ? 2 : 3,
    what: pattern ? 'row column' : 'row column value',
    rowName: 'row index',
    colName: 'column index',
    declaredOn: 'the size line',
    value(v, line) {
      if (header.field === 'integer' && !Number.isInteger(v))
        throw lineError(path, line, `value ${v} is not an integer (field is integer)`);
      if (v < 0) throw lineError(path, line, `value ${v} is negative; NMF needs non-negative data`);
      return v;
    },
    unsorted: (row, last) =>
      `entry in row ${row} comes after row ${last}: streaming (--online) reads a ` +
      `Matrix Market file row by row, so its entries must be sorted by row; sort it with ` +
      `{ head -n ${sizeLine} ${path}; tail -n +${sizeLine + 1} ${path} | sort -k1,1n -k2,2n; } > sorted.mtx`,
  });
}
