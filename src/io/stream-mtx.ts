/**
 * Matrix Market `coordinate` files read in row batches (CSR): the entries must come sorted by
 * row (columns in any order within a row), as `sort` can arrange them; an entry of an earlier
 * row after a later one is an error that says how to sort the file. General symmetry only.
 */
import { inputError } from '../errors';
import type { RowSource } from '../nmf/online-source';
import { lineError, parseIndex, readLines } from './common';
import { checkIndex, entryChunks } from './stream-entries';
import { parseBanner, type Header } from './mtx';
import { CsrBatchBuilder } from './stream-csr';

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
  const layout = await readLayout(path);
  const { rows, cols, entries, sizeLine, header } = layout;
  let peak = 0;
  return {
    name: path,
    rows,
    cols,
    get peakBatchBytes() {
      return peak;
    },
    async *batches(batchSize: number) {
      const builder = new CsrBatchBuilder(cols, batchSize);
      const pattern = header.field === 'pattern';
      const want = pattern ? 2 : 3;
      let lastRow = 0;
      let seen = 0;
      let lastLine = sizeLine;
      const what = pattern ? 'row column' : 'row column value';
      for await (const c of entryChunks(path, sizeLine, want, what)) {
        for (let q = 0; q < c.count; q++) {
          const line = c.line[q];
          lastLine = line;
          if (seen === entries)
            throw lineError(
              path,
              line,
              `more entries than the ${entries} declared on the size line`,
            );
          const i = checkIndex(c.row[q], path, line, 'row index', rows) - 1;
          const j = checkIndex(c.col[q], path, line, 'column index', cols) - 1;
          const v = c.value[q];
          if (header.field === 'integer' && !Number.isInteger(v))
            throw lineError(path, line, `value ${v} is not an integer (field is integer)`);
          if (v < 0)
            throw lineError(path, line, `value ${v} is negative; NMF needs non-negative data`);
          if (i < lastRow) {
            throw lineError(
              path,
              line,
              `entry in row ${i + 1} comes after row ${lastRow + 1}: streaming (--online) reads a ` +
                `Matrix Market file row by row, so its entries must be sorted by row; sort it with ` +
                `{ head -n ${sizeLine} ${path}; tail -n +${sizeLine + 1} ${path} | sort -k1,1n -k2,2n; } > sorted.mtx`,
            );
          }
          lastRow = i;
          seen++;
          while (i >= builder.start + batchSize) {
            yield builder.take(batchSize);
            peak = Math.max(peak, builder.peakBytes);
          }
          builder.add(i, j, v);
        }
      }
      if (seen < entries) {
        throw lineError(
          path,
          lastLine,
          `truncated: ${seen} entries read, the size line declares ${entries}`,
        );
      }
      while (builder.start < rows) {
        yield builder.take(Math.min(batchSize, rows - builder.start));
        peak = Math.max(peak, builder.peakBytes);
      }
    },
  };
}
