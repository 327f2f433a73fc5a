/**
 * COO triplet files: one `row column value` entry per line, fields separated by spaces, tabs
 * or commas, 0-based indices (or 1-based with `indexBase: 1`). Lines starting with '#' are
 * comments, except `# shape: <rows> <columns>`, which nmflow writes and which fixes the
 * shape; without it the shape is (largest row + 1) × (largest column + 1). Result: CSR with
 * duplicate entries summed.
 */
import type { CsrMatrix } from '../linalg/csr';
import { inputError } from '../errors';
import { formatValue, lineError, parseIndex, parseNumber, readLines, writeAtomic } from './common';
import { csrEntries, Triplets } from './triplets';

const SHAPE = /^#\s*shape:\s*(\S+)\s+(\S+)\s*$/i;

export async function readCoo(
  path: string,
  maxBytes: number,
  indexBase: 0 | 1 = 0,
): Promise<CsrMatrix> {
  const out = new Triplets(path, maxBytes);
  let shape: [number, number] | undefined;
  let maxRow = -1;
  let maxCol = -1;
  const limit = Number.MAX_SAFE_INTEGER;
  for await (const { text, line } of readLines(path)) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      const m = SHAPE.exec(trimmed);
      if (m) {
        if (out.length > 0)
          throw lineError(path, line, 'the "# shape:" line must come before the entries');
        shape = [
          parseIndex(m[1], path, line, 'rows', 1, 2 ** 31 - 1),
          parseIndex(m[2], path, line, 'columns', 1, 2 ** 31 - 1),
        ];
      }
      continue;
    }
    const t = trimmed.split(/[\s,]+/);
    if (t.length !== 3)
      throw lineError(path, line, `entry must have 3 fields (row column value), got ${t.length}`);
    const i =
      parseIndex(
        t[0],
        path,
        line,
        'row index',
        indexBase,
        shape ? shape[0] - 1 + indexBase : limit,
      ) - indexBase;
    const j =
      parseIndex(
        t[1],
        path,
        line,
        'column index',
        indexBase,
        shape ? shape[1] - 1 + indexBase : limit,
      ) - indexBase;
    if (i > 2 ** 31 - 2 || j > 2 ** 31 - 2)
      throw lineError(path, line, 'index too large for an int32 sparse matrix');
    out.push(i, j, parseNumber(t[2], path, line, 'value'));
    maxRow = Math.max(maxRow, i);
    maxCol = Math.max(maxCol, j);
  }
  if (!shape && out.length === 0) throw inputError(`${path}: no entries and no "# shape:" line`);
  return out.toCsr(...(shape ?? [maxRow + 1, maxCol + 1]));
}

export async function writeCoo(path: string, m: CsrMatrix): Promise<void> {
  const single = m.values instanceof Float32Array;
  function* chunks(): Generator<string> {
    yield `# shape: ${m.shape[0]} ${m.shape[1]}\n# row column value (0-based), written by nmflow\n`;
    for (const [i, j, v] of csrEntries(m)) yield `${i} ${j} ${formatValue(v, single)}\n`;
  }
  await writeAtomic(path, chunks());
}
