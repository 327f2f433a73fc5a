/**
 * Delimited text (CSV, TSV, …) read in dense row batches, one row per line (empty lines and
 * lines starting with '#' skipped, a header line by the rules of delimited.ts). Opening scans
 * the file once to count its rows; each batch then holds `batchSize` rows only.
 */
import { inputError } from '../errors';
import type { RowSource } from '../nmf/online-source';
import { lineError, looksNumeric, parseNumber, readLines } from './common';
import { detectDelimiter, splitFields } from './delimited';

export interface DelimitedStreamOptions {
  /** A delimiter, 'auto' or 'csv-auto' (see delimited.ts). */
  delimiter: string;
  header: boolean | 'auto';
}

/** Opens a delimited text file for reading in row batches (numeric fields only). */
export async function openDelimitedStream(
  path: string,
  options: DelimitedStreamOptions,
): Promise<RowSource> {
  let sep = options.delimiter;
  let headerLine = 0;
  let cols = -1;
  let rows = 0;
  let firstLine = 0;
  for await (const { text, line } of readLines(path)) {
    if (text.trim() === '' || text.startsWith('#')) continue;
    if (firstLine === 0) {
      firstLine = line;
      if (sep === 'auto' || sep === 'csv-auto') sep = detectDelimiter(text, sep);
      const fields = splitFields(text, sep);
      cols = fields.length;
      const header =
        options.header === true ||
        (options.header === 'auto' && fields.some((f) => f !== '' && !looksNumeric(f)));
      if (header) {
        headerLine = line;
        continue;
      }
    }
    rows++;
  }
  if (rows === 0) throw inputError(`${path}: no data rows`);
  let peak = 0;
  return {
    name: path,
    rows,
    cols,
    get peakBatchBytes() {
      return peak;
    },
    async *batches(batchSize: number) {
      const b = Math.min(batchSize, rows);
      const data = new Float32Array(b * cols);
      peak = Math.max(peak, data.byteLength);
      let r = 0;
      let start = 0;
      for await (const { text, line } of readLines(path)) {
        if (line === headerLine || text.trim() === '' || text.startsWith('#')) continue;
        const fields = splitFields(text, sep);
        if (fields.length !== cols) {
          throw lineError(
            path,
            line,
            `has ${fields.length} fields, expected ${cols} (as on line ${firstLine})`,
          );
        }
        for (let j = 0; j < cols; j++) {
          const v = parseNumber(fields[j], path, line, `field ${j + 1}`);
          if (v < 0)
            throw lineError(
              path,
              line,
              `field ${j + 1} is negative (${fields[j]}); NMF needs non-negative data`,
            );
          data[r * cols + j] = v;
        }
        r++;
        if (r === b) {
          yield { kind: 'dense', start, rows: r, cols, data };
          start += r;
          r = 0;
        }
      }
      if (r > 0) yield { kind: 'dense', start, rows: r, cols, data: data.subarray(0, r * cols) };
    },
  };
}
