/**
 * UCI bag-of-words `docword.*.txt` files (D, W, NNZ on lines 1–3, then `docID wordID count`)
 * read in row batches (CSR, documents as rows). The entries must come sorted by docID, as the
 * UCI files are; otherwise the error says how to sort the file.
 */
import { inputError } from '../errors';
import type { RowSource } from '../nmf/online-source';
import { lineError, parseIndex, readLines } from './common';
import { checkIndex, entryChunks } from './stream-entries';
import { CsrBatchBuilder } from './stream-csr';

const HEADER = ['documents (D)', 'words (W)', 'entries (NNZ)'];

async function readCounts(path: string): Promise<number[]> {
  const head: number[] = [];
  for await (const { text, line } of readLines(path)) {
    head.push(
      parseIndex(
        text.trim(),
        path,
        line,
        `number of ${HEADER[head.length]}`,
        head.length < 2 ? 1 : 0,
        Number.MAX_SAFE_INTEGER,
      ),
    );
    if (head.length === 3) return head;
  }
  throw lineError(
    path,
    Math.max(head.length, 1),
    `truncated: the header needs 3 lines (D, W, NNZ), found ${head.length}`,
  );
}

/** Opens a UCI docword file for reading in row batches. */
export async function openUciStream(path: string): Promise<RowSource> {
  const [rows, cols, entries] = await readCounts(path);
  if (entries > rows * cols)
    throw lineError(path, 3, `${entries} entries cannot fit in ${rows} documents × ${cols} words`);
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
      let lastDoc = 0;
      let seen = 0;
      let lastLine = 3;
      for await (const c of entryChunks(path, 3, 3, 'docID wordID count')) {
        for (let q = 0; q < c.count; q++) {
          const line = c.line[q];
          lastLine = line;
          if (seen === entries)
            throw lineError(path, line, `more entries than the ${entries} declared on line 3`);
          const doc = checkIndex(c.row[q], path, line, 'docID', rows) - 1;
          const word = checkIndex(c.col[q], path, line, 'wordID', cols) - 1;
          const count = checkIndex(c.value[q], path, line, 'count', Number.MAX_SAFE_INTEGER);
          if (doc < lastDoc) {
            throw lineError(
              path,
              line,
              `docID ${doc + 1} comes after docID ${lastDoc + 1}: streaming (--online) reads a ` +
                `docword file document by document, so it must be sorted by docID; sort it with ` +
                `{ head -n 3 ${path}; tail -n +4 ${path} | sort -k1,1n -k2,2n; } > sorted.txt`,
            );
          }
          lastDoc = doc;
          seen++;
          while (doc >= builder.start + batchSize) {
            yield builder.take(batchSize);
            peak = Math.max(peak, builder.peakBytes);
          }
          builder.add(doc, word, count);
        }
      }
      if (seen < entries)
        throw inputError(
          `${path}:${lastLine}: truncated: ${seen} entries read, line 3 declares ${entries}`,
        );
      while (builder.start < rows) {
        yield builder.take(Math.min(batchSize, rows - builder.start));
        peak = Math.max(peak, builder.peakBytes);
      }
    },
  };
}
