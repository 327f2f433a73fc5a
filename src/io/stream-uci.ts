/**
 * UCI bag-of-words `docword.*.txt` files (D, W, NNZ on lines 1–3, then `docID wordID count`)
 * read in row batches (CSR, documents as rows). The entries must come sorted by docID, as the
 * UCI files are; otherwise the error says how to sort the file.
 */
import type { RowSource } from '../nmf/online-source';
import { lineError, parseIndex, readLines } from './common';
import { checkIndex } from './stream-entries';
import { sortedEntrySource } from './stream-sorted';

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
  return sortedEntrySource({
    path,
    rows,
    cols,
    entries,
    skipLines: 3,
    fields: 3,
    what: 'docID wordID count',
    rowName: 'docID',
    colName: 'wordID',
    declaredOn: 'line 3',
    value: (v, line) => checkIndex(v, path, line, 'count', Number.MAX_SAFE_INTEGER),
    unsorted: (doc, last) =>
      `docID ${doc} comes after docID ${last}: streaming (--online) reads a ` +
      `docword file document by document, so it must be sorted by docID; sort it with ` +
      `{ head -n 3 ${path}; tail -n +4 ${path} | sort -k1,1n -k2,2n; } > sorted.txt`,
  });
}
