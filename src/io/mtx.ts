/**
 * Matrix Market exchange format (NIST, https://math.nist.gov/MatrixMarket/formats.html):
 * banner `%%MatrixMarket matrix <coordinate|array> <real|integer|pattern> <general|symmetric|
 * skew-symmetric>`, '%' comment lines, a size line (`M N NNZ` or `M N`), then 1-based
 * `i j [value]` entries (coordinate) or values in column-major order (array; symmetric
 * arrays list the lower triangle only). Coordinate files become CSR (duplicates summed),
 * array files dense. The declared size is checked against the allocation limit before any
 * allocation.
 */
import type { DataMatrix, DenseMatrix } from '../datasets/types';
import { isCsr, type CsrMatrix } from '../linalg/csr';
import {
  checkAllocation,
  formatValue,
  lineError,
  parseIndex,
  parseNumber,
  readLines,
  writeAtomic,
} from './common';
import { csrEntries, TRIPLET_BYTES, Triplets } from './triplets';

type Field = 'real' | 'integer' | 'pattern';
type Symmetry = 'general' | 'symmetric' | 'skew-symmetric';

export interface Header {
  format: 'coordinate' | 'array';
  field: Field;
  symmetry: Symmetry;
}

export function parseBanner(path: string, text: string): Header {
  const t = text.trim().toLowerCase().split(/\s+/);
  if (t[0] !== '%%matrixmarket') {
    throw lineError(
      path,
      1,
      `not a Matrix Market file: the first line must start with %%MatrixMarket`,
    );
  }
  if (t.length !== 5 || t[1] !== 'matrix') {
    throw lineError(path, 1, `banner must be "%%MatrixMarket matrix <format> <field> <symmetry>"`);
  }
  const [, , format, field, symmetry] = t;
  const check = (what: string, v: string, allowed: string[]) => {
    if (!allowed.includes(v))
      throw lineError(path, 1, `unsupported ${what} "${v}"; supported: ${allowed.join(', ')}`);
  };
  check('format', format, ['coordinate', 'array']);
  check('field', field, format === 'array' ? ['real', 'integer'] : ['real', 'integer', 'pattern']);
  check('symmetry', symmetry, ['general', 'symmetric', 'skew-symmetric']);
  return { format, field, symmetry } as Header;
}

export async function readMatrixMarket(path: string, maxBytes: number): Promise<DataMatrix> {
  let header: Header | undefined;
  let size: number[] | undefined;
  let rows = 0;
  let cols = 0;
  let expected = 0;
  let seen = 0;
  let triplets: Triplets | undefined;
  let dense: Float32Array | undefined;
  let lastLine = 0;
  for await (const { text, line } of readLines(path)) {
    lastLine = line;
    if (!header) {
      header = parseBanner(path, text);
      continue;
    }
    if (text.startsWith('%') || text.trim() === '') continue;
    const tokens = text.trim().split(/\s+/);
    if (!size) {
      const want = header.format === 'coordinate' ? 3 : 2;
      if (tokens.length !== want) {
        throw lineError(
          path,
          line,
          `size line must have ${want} integers (${header.format === 'coordinate' ? 'rows columns entries' : 'rows columns'}), got ${tokens.length} fields`,
        );
      }
      size = tokens.map((tok, k) =>
        parseIndex(
          tok,
          path,
          line,
          ['rows', 'columns', 'entries'][k],
          k < 2 ? 1 : 0,
          Number.MAX_SAFE_INTEGER,
        ),
      );
      [rows, cols] = size;
      if (header.symmetry !== 'general' && rows !== cols) {
        throw lineError(
          path,
          line,
          `a ${header.symmetry} matrix must be square, got ${rows} × ${cols}`,
        );
      }
      if (header.format === 'coordinate') {
        expected = size[2];
        const stored = header.symmetry === 'general' ? expected : 2 * expected;
        checkAllocation(
          path,
          `a ${rows} × ${cols} sparse matrix with ${stored} entries`,
          stored * TRIPLET_BYTES + (rows + 1) * 4,
          maxBytes,
        );
        if (expected > rows * cols)
          throw lineError(path, line, `${expected} entries cannot fit in ${rows} × ${cols}`);
        triplets = new Triplets(path, maxBytes, Math.max(stored, 1));
      } else {
        checkAllocation(path, `a dense ${rows} × ${cols} matrix`, rows * cols * 4, maxBytes);
        expected =
          header.symmetry === 'general'
            ? rows * cols
            : header.symmetry === 'symmetric'
              ? (rows * (rows + 1)) / 2
              : (rows * (rows - 1)) / 2;
        dense = new Float32Array(rows * cols);
      }
      continue;
    }
    if (seen === expected)
      throw lineError(path, line, `more entries than the ${expected} declared on the size line`);
    if (triplets) readCoordinate(path, line, tokens, header, rows, cols, triplets);
    else readArrayValue(path, line, tokens, header, seen, rows, dense!);
    seen++;
  }
  if (!header) throw lineError(path, 1, 'empty file: expected a %%MatrixMarket banner');
  if (!size) throw lineError(path, lastLine, 'truncated: no size line after the banner');
  if (seen < expected) {
    throw lineError(
      path,
      lastLine,
      `truncated: ${seen} entries read, the size line declares ${expected}`,
    );
  }
  return triplets
    ? triplets.toCsr(rows, cols)
    : ({ data: dense!, shape: [rows, cols] } as DenseMatrix);
}

function readValue(
  path: string,
  line: number,
  token: string | undefined,
  field: Field,
  what: string,
): number {
  if (token === undefined) throw lineError(path, line, `missing ${what}`);
  const v = parseNumber(token, path, line, what);
  if (field === 'integer' && !Number.isInteger(v))
    throw lineError(path, line, `${what} ${token} is not an integer (field is integer)`);
  return v;
}

function readCoordinate(
  path: string,
  line: number,
  t: string[],
  h: Header,
  rows: number,
  cols: number,
  out: Triplets,
): void {
  const want = h.field === 'pattern' ? 2 : 3;
  if (t.length !== want)
    throw lineError(
      path,
      line,
      `entry must have ${want} fields (${want === 2 ? 'row column' : 'row column value'}), got ${t.length}`,
    );
  const i = parseIndex(t[0], path, line, 'row index', 1, rows) - 1;
  const j = parseIndex(t[1], path, line, 'column index', 1, cols) - 1;
  const v = h.field === 'pattern' ? 1 : readValue(path, line, t[2], h.field, 'value');
  if (h.symmetry !== 'general') {
    if (i < j)
      throw lineError(
        path,
        line,
        `entry (${i + 1}, ${j + 1}) is above the diagonal; a ${h.symmetry} file lists the lower triangle only`,
      );
    if (i === j && h.symmetry === 'skew-symmetric')
      throw lineError(path, line, 'a skew-symmetric file has no diagonal entries');
    if (i !== j) out.push(j, i, h.symmetry === 'symmetric' ? v : -v);
  }
  out.push(i, j, v);
}

/** The `k`-th value of an array file, in column-major order (lower triangle when symmetric). */
function readArrayValue(
  path: string,
  line: number,
  t: string[],
  h: Header,
  k: number,
  n: number,
  out: Float32Array,
): void {
  if (t.length !== 1)
    throw lineError(path, line, `array entry must be one value, got ${t.length} fields`);
  const v = readValue(path, line, t[0], h.field, `value ${k + 1}`);
  const cols = out.length / n;
  if (h.symmetry === 'general') {
    out[(k % n) * cols + Math.floor(k / n)] = v;
    return;
  }
  // Walk the lower triangle column by column (strictly lower for skew-symmetric).
  const skip = h.symmetry === 'symmetric' ? 0 : 1;
  let j = 0;
  let rem = k;
  while (rem >= n - j - skip) {
    rem -= n - j - skip;
    j++;
  }
  const i = j + skip + rem;
  out[i * cols + j] = v;
  out[j * cols + i] = h.symmetry === 'symmetric' ? v : -v;
}

/** Writes CSR as `coordinate real general`, dense as `array real general`. */
export async function writeMatrixMarket(path: string, m: DataMatrix): Promise<void> {
  const [rows, cols] = m.shape;
  const single = isCsr(m) ? m.values instanceof Float32Array : true;
  function* chunks(): Generator<string> {
    yield (
      '%%MatrixMarket matrix ' +
      (isCsr(m) ? 'coordinate' : 'array') +
      ' real general\n% written by nmflow\n'
    );
    if (isCsr(m)) {
      yield `${rows} ${cols} ${(m as CsrMatrix).indptr[rows]}\n`;
      for (const [i, j, v] of csrEntries(m)) yield `${i + 1} ${j + 1} ${formatValue(v, single)}\n`;
    } else {
      yield `${rows} ${cols}\n`;
      const d = (m as DenseMatrix).data;
      for (let j = 0; j < cols; j++) {
        const col: string[] = new Array(rows);
        for (let i = 0; i < rows; i++) col[i] = formatValue(d[i * cols + j], true);
        yield col.join('\n') + '\n';
      }
    }
  }
  await writeAtomic(path, chunks());
}
