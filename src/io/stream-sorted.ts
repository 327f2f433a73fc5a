/**
 * The row-batch loop shared by the entry-list formats streamed by rows (Matrix Market
 * coordinate, UCI docword): entries `row col value` sorted by row are checked (indices in
 * range, value accepted by the format, rows non-decreasing, the declared count) and grouped
 * into CSR batches of `batchSize` rows (the last batch shorter), empty rows included.
 */
import type { RowSource } from '../nmf/online-source';
import { lineError } from './common';
import { checkIndex, entryChunks } from './stream-entries';
import { CsrBatchBuilder } from './stream-csr';

/** What differs between the formats: the layout read from the header and the messages. */
export interface SortedEntryFormat {
  path: string;
  rows: number;
  cols: number;
  /** Number of entries the header declares. */
  entries: number;
  /** Lines before the first entry line (the header). */
  skipLines: number;
  /** Fields per entry line: 2 (pattern, value 1) or 3. */
  fields: 2 | 3;
  /** The fields' names for a malformed line, e.g. 'row column value'. */
  what: string;
  /** Names of the row and column indices in errors, e.g. 'row index', 'docID'. */
  rowName: string;
  colName: string;
  /** Where the entry count is declared, in errors: 'the size line', 'line 3'. */
  declaredOn: string;
  /** The value to store for the entry read on `line`; throws (naming the line) when refused. */
  value(v: number, line: number): number;
  /** The message for row `row` (1-based) on `line` after row `last` (1-based). */
  unsorted(row: number, last: number, line: number): string;
}

/** A RowSource over a file of entries sorted by row, as `format` describes it. */
export function sortedEntrySource(format: SortedEntryFormat): RowSource {
  const { path, rows, cols, entries, declaredOn } = format;
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
      let lastRow = 0;
      let seen = 0;
      let lastLine = format.skipLines;
      for await (const c of entryChunks(path, format.skipLines, format.fields, format.what)) {
        for (let q = 0; q < c.count; q++) {
          const line = c.line[q];
          lastLine = line;
          if (seen === entries)
            throw lineError(
              path,
              line,
              `more entries than the ${entries} declared on ${declaredOn}`,
            );
          const i = checkIndex(c.row[q], path, line, format.rowName, rows) - 1;
          const j = checkIndex(c.col[q], path, line, format.colName, cols) - 1;
          const v = format.value(c.value[q], line);
          if (i < lastRow) throw lineError(path, line, format.unsorted(i + 1, lastRow + 1, line));
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
          `truncated: ${seen} entries read, ${declaredOn} declares ${entries}`,
        );
      }
      while (builder.start < rows) {
        yield builder.take(Math.min(batchSize, rows - builder.start));
        peak = Math.max(peak, builder.peakBytes);
      }
    },
  };
}
