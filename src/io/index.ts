/**
 * Matrix files: read and write by format, chosen from the file name (or `options.format`) and
 * checked against the content. Readers stream text formats line by line (gzip detected by
 * content), name the file and line (or entry) of any malformed input, and refuse a file whose
 * declared size needs more than `maxBytes` (default 2 GiB) before allocating it. Writers are
 * atomic (temporary file, then rename).
 *
 * | format | extension                    | holds        | reads as |
 * |--------|------------------------------|--------------|----------|
 * | csv    | .csv                         | dense        | dense    |
 * | tsv    | .tsv, .tab                   | dense        | dense    |
 * | mtx    | .mtx, .mm                    | sparse/dense | CSR (coordinate) or dense (array) |
 * | npy    | .npy                         | dense        | dense    |
 * | coo    | .coo                         | sparse       | CSR      |
 * | uci    | docword.*.txt                | counts       | CSR      |
 * A trailing `.gz` is allowed on the text formats. Any other `.txt` file reads as delimited text with the delimiter detected from its first line (tab, comma,
 * semicolon or white space); CSV's delimiter may be given (`delimiter`).
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { DataMatrix, DenseMatrix } from '../datasets/types';
import { NmflowError, inputError, usageError } from '../errors';
import { checkCsr, isCsr, type CsrMatrix } from '../linalg/csr';
import { firstBadEntry } from '../kernels/wasm/scan';
import type { ShapedArray } from '../linalg/matrix';
import { checkChoice, checkKnownKeys } from '../options';
import { checkAllocation, isGzip, resolveMaxBytes } from './common';
import { readCoo, writeCoo } from './coo';
import { readDelimited, writeDelimited } from './delimited';
import { readMatrixMarket, writeMatrixMarket } from './mtx';
import { NPY_MAGIC, readNpy, writeNpy } from './npy';
import { readUciDocword, writeUciBagOfWords } from './uci';

/** A matrix file format: CSV, TSV, Matrix Market, NumPy .npy, COO triplets, or UCI bag of words. */
export type MatrixFormat = 'csv' | 'tsv' | 'mtx' | 'npy' | 'coo' | 'uci';
/** Every `MatrixFormat` (format names accepted by `readMatrixFile` / `writeMatrixFile`). */
export const MATRIX_FORMATS: readonly MatrixFormat[] = ['csv', 'tsv', 'mtx', 'npy', 'coo', 'uci'];

/** Options of `readMatrixFile` (the format defaults to the file's extension). */
export interface ReadMatrixOptions {
  format?: MatrixFormat;
  /** Refuse files whose matrix needs more bytes than this (default 2 GiB). */
  maxBytes?: number;
  /** CSV/TSV: the first line is a header (true), is not (false), or tell by content ('auto'). */
  header?: boolean | 'auto';
  /** COO: indices start at 0 (default) or 1. */
  indexBase?: 0 | 1;
  /** Reject negative entries (e.g. data for NMF), naming the entry. */
  nonNegative?: boolean;
  /**
   * CSV/TSV/text: the field delimiter (one character, or 'whitespace'); default for .csv a
   * comma (a semicolon when the first line has no comma), a tab for .tsv, and 'auto'
   * (detected from the first line) for .txt files.
   */
  delimiter?: string;
  /** CSV/TSV: the first field of each line is the row's name (returned as `rowNames`). */
  rowNames?: boolean;
  /** CSV/TSV: empty fields and NaN are missing values, read as NaN (default: an error). */
  missing?: boolean;
  /** Notes for the user, e.g. a first line taken as a header although it has numbers. */
  onNote?: (note: string) => void;
}

/** What a delimited file may carry besides its numbers. */
export interface MatrixNames {
  columnNames?: string[];
  rowNames?: string[];
}

/** Options of `writeMatrixFile` (the format defaults to the file's extension). */
export interface WriteMatrixOptions {
  format?: MatrixFormat;
  /** CSV/TSV: a header line. */
  columnNames?: readonly string[];
  /** UCI: also write `vocab.<name>.txt` beside `docword.<name>.txt`. */
  vocabulary?: readonly string[];
  /** Refuse to densify a sparse matrix (for CSV/TSV/NPY) above this many bytes (default 2 GiB). */
  maxBytes?: number;
}

/** The format a file name implies, or undefined. */
export function formatFromName(path: string): MatrixFormat | undefined {
  const name = basename(path).toLowerCase();
  if (/^docword\..+\.txt(\.gz)?$/.test(name)) return 'uci';
  const ext = /\.([a-z]+)(\.gz)?$/.exec(name)?.[1];
  const byExt: Record<string, MatrixFormat> = {
    csv: 'csv',
    tsv: 'tsv',
    tab: 'tsv',
    mtx: 'mtx',
    mm: 'mtx',
    npy: 'npy',
    coo: 'coo',
  };
  return ext ? byExt[ext] : undefined;
}

/** What the first bytes say: 'npy' (magic), 'mtx' (banner), or 'text'. */
async function sniff(path: string): Promise<'npy' | 'mtx' | 'text'> {
  const gz = await isGzip(path);
  const head: Buffer = await new Promise((resolve, reject) => {
    const raw = createReadStream(path, { end: gz ? undefined : 63 });
    const s = gz ? raw.pipe(createGunzip()) : raw;
    const parts: Buffer[] = [];
    s.on('data', (b: Buffer) => {
      parts.push(b);
      if (Buffer.concat(parts).length >= 64) {
        raw.destroy();
        resolve(Buffer.concat(parts));
      }
    });
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
    raw.on('error', reject);
  });
  if (head.subarray(0, 6).equals(NPY_MAGIC)) return 'npy';
  if (head.toString('latin1', 0, 14).toLowerCase() === '%%matrixmarket') return 'mtx';
  return 'text';
}

async function resolveFormat(
  path: string,
  format: MatrixFormat | undefined,
): Promise<MatrixFormat | 'text'> {
  if (format !== undefined) checkChoice('format', format, MATRIX_FORMATS);
  let content: 'npy' | 'mtx' | 'text';
  try {
    content = await sniff(path);
  } catch (err) {
    if (err instanceof NmflowError) throw err;
    throw inputError(`cannot read ${path}: ${(err as Error).message}`, err);
  }
  const plainText = content === 'text' && /\.txt(\.gz)?$/i.test(path);
  const chosen = format ?? formatFromName(path) ?? (plainText ? 'text' : content);
  if (chosen === 'text') {
    if (plainText) return 'text';
    throw usageError(
      `cannot tell the format of ${path} from its name; pass format (one of ${MATRIX_FORMATS.join(', ')}), or name it .txt for delimited text`,
    );
  }
  const expected = chosen === 'npy' || chosen === 'mtx' ? chosen : 'text';
  if (content !== expected) {
    const what = { npy: 'a NumPy .npy file', mtx: 'a Matrix Market file', text: 'plain text' }[
      content
    ];
    throw inputError(
      `${path}: the content is ${what}, not ${chosen} as its ${format ? 'format option' : 'name'} says` +
        (chosen === 'mtx'
          ? ' (no %%MatrixMarket banner on line 1)'
          : chosen === 'npy'
            ? ' (no NumPy magic string)'
            : ''),
    );
  }
  return chosen;
}

/** Reads a matrix file: dense formats give a DenseMatrix, sparse ones a CSR matrix. */
export async function readMatrixFile(
  path: string,
  options: ReadMatrixOptions = {},
): Promise<DataMatrix> {
  checkKnownKeys('readMatrixFile', options, [
    'format',
    'maxBytes',
    'header',
    'indexBase',
    'nonNegative',
    'delimiter',
    'rowNames',
    'missing',
    'onNote',
  ]);
  const maxBytes = resolveMaxBytes(options.maxBytes);
  const format = await resolveFormat(path, options.format);
  const delimited = format === 'csv' || format === 'tsv' || format === 'text';
  for (const k of ['delimiter', 'rowNames', 'missing'] as const) {
    if (options[k] !== undefined && !delimited) {
      throw usageError(`option ${k} applies to delimited text (csv, tsv, .txt), not ${format}`);
    }
  }
  if (options.delimiter !== undefined) checkDelimiter(options.delimiter);
  let m: DataMatrix;
  switch (format) {
    case 'csv':
    case 'tsv':
    case 'text':
      m = await readDelimited(
        path,
        options.delimiter ?? (format === 'csv' ? 'csv-auto' : format === 'tsv' ? '\t' : 'auto'),
        {
          header: options.header ?? 'auto',
          maxBytes,
          rowNames: options.rowNames ?? false,
          missing: options.missing ?? false,
          ...(options.onNote ? { onNote: options.onNote } : {}),
        },
      );
      break;
    case 'mtx':
      m = await readMatrixMarket(path, maxBytes);
      break;
    case 'npy':
      m = await readNpy(path, maxBytes);
      break;
    case 'coo':
      m = await readCoo(path, maxBytes, options.indexBase ?? 0);
      break;
    case 'uci':
      m = await readUciDocword(path, maxBytes);
      break;
  }
  if (options.nonNegative) checkNonNegative(path, m);
  return m;
}

function checkDelimiter(d: string): void {
  if (
    d !== 'whitespace' &&
    d !== 'auto' &&
    (typeof d !== 'string' || d.length !== 1 || d === '"')
  ) {
    throw usageError(
      `option delimiter must be one character (e.g. ";"), 'whitespace' or 'auto', got ${JSON.stringify(d)}`,
    );
  }
}

function checkNonNegative(path: string, m: DataMatrix): void {
  if (isCsr(m)) {
    for (let i = 0; i < m.shape[0]; i++) {
      for (let k = m.indptr[i]; k < m.indptr[i + 1]; k++) {
        if (m.values[k] < 0)
          throw inputError(
            `${path}: entry (row ${i}, column ${m.indices[k]}) is ${m.values[k]}; the data must be non-negative`,
          );
      }
    }
  } else {
    const cols = m.shape[1];
    const k = m.data.findIndex((v) => v < 0);
    if (k >= 0)
      throw inputError(
        `${path}: entry (row ${Math.floor(k / cols)}, column ${k % cols}) is ${m.data[k]}; the data must be non-negative`,
      );
  }
}

/** A dense copy of a CSR matrix (for dense-only formats). */
export function csrToDense(
  m: CsrMatrix,
  maxBytes = resolveMaxBytes(undefined),
  what = 'densifying',
): DenseMatrix {
  const [rows, cols] = m.shape;
  checkAllocation(what, `a dense ${rows} × ${cols} matrix`, rows * cols * 4, maxBytes);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = m.indptr[i]; k < m.indptr[i + 1]; k++)
      data[i * cols + m.indices[k]] += m.values[k];
  }
  return { data, shape: [rows, cols] };
}

/** A CSR copy of a dense matrix, zeros dropped. */
export function denseToCsr(
  m: DenseMatrix,
): CsrMatrix & { indptr: Int32Array; indices: Int32Array; values: Float32Array } {
  const [rows, cols] = m.shape;
  let nnz = 0;
  for (const v of m.data) if (v !== 0) nnz++;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = m.data[i * cols + j];
      if (v !== 0) {
        indices[k] = j;
        values[k++] = v;
      }
    }
    indptr[i + 1] = k;
  }
  return { indptr, indices, values, shape: [rows, cols] };
}

function checkDense(m: DataMatrix): DenseMatrix {
  const [rows, cols] = m.shape;
  const d = (m as DenseMatrix).data;
  if (!(d instanceof Float32Array) || d.length !== rows * cols) {
    throw usageError(`matrix data must be a Float32Array of rows × cols = ${rows * cols} entries`);
  }
  return m as DenseMatrix;
}

/** A dense matrix in float64 (exact NNLS answers): CSV/TSV/NPY keep every bit of it. */
export type DenseMatrix64 = ShapedArray<Float64Array> & { shape: [number, number] };

/**
 * Writes a matrix atomically in the format its name (or `options.format`) implies. Float64 data
 * is written at full precision to CSV/TSV (shortest round-trip decimals) and NPY (`<f8`); other
 * formats store it as float32.
 */
export async function writeMatrixFile(
  path: string,
  matrix: DataMatrix | DenseMatrix64,
  options: WriteMatrixOptions = {},
): Promise<void> {
  if (!isCsr(matrix as DataMatrix) && (matrix as DenseMatrix64).data instanceof Float64Array) {
    const m64 = matrix as DenseMatrix64;
    const f = options.format ?? formatFromName(path);
    if (f === 'csv' || f === 'tsv') {
      return writeDelimited(path, m64, f === 'csv' ? ',' : '\t', options.columnNames);
    }
    if (f === 'npy') return writeNpy(path, m64);
    matrix = { data: Float32Array.from(m64.data), shape: m64.shape } as DenseMatrix;
  }
  const m = matrix as DataMatrix;
  checkKnownKeys('writeMatrixFile', options, ['format', 'columnNames', 'vocabulary', 'maxBytes']);
  const format =
    options.format === undefined
      ? formatFromName(path)
      : checkChoice('format', options.format, MATRIX_FORMATS);
  if (!format)
    throw usageError(
      `cannot tell the format of ${path} from its name; pass format (one of ${MATRIX_FORMATS.join(', ')})`,
    );
  const sparse = isCsr(m);
  if (sparse) checkCsr(m, 'matrix', firstBadEntry);
  const dense = (): DenseMatrix =>
    sparse ? csrToDense(m, resolveMaxBytes(options.maxBytes), path) : checkDense(m);
  const csr = (): CsrMatrix => (sparse ? m : denseToCsr(checkDense(m)));
  if (options.columnNames && options.columnNames.length !== m.shape[1]) {
    throw usageError(
      `option columnNames has ${options.columnNames.length} names for ${m.shape[1]} columns`,
    );
  }
  switch (format) {
    case 'csv':
    case 'tsv':
      return writeDelimited(path, dense(), format === 'csv' ? ',' : '\t', options.columnNames);
    case 'mtx':
      return writeMatrixMarket(path, sparse ? m : checkDense(m));
    case 'npy':
      return writeNpy(path, dense());
    case 'coo':
      return writeCoo(path, csr());
    case 'uci':
      return writeUciBagOfWords(path, csr(), options.vocabulary);
  }
}

export {
  readImage,
  readImageFolder,
  resizeImage,
  type GreyImage,
  type ImageFolderOptions,
} from './images';
export { readIdx, readMnistIdx, type IdxArray } from './idx';
export { readUciBagOfWords } from './uci';
export { IMAGE_EXTENSIONS } from './images';
export { writeAtomic, DEFAULT_MAX_BYTES } from './common';
