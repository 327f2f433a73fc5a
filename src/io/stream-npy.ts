/**
 * NumPy `.npy` files read in row batches by positioned reads (C order; any dtype the whole-file
 * reader takes). A gzipped or Fortran-order file cannot be read by rows without loading it:
 * the error says so.
 */
import { inputError } from '../errors';
import type { RowSource } from '../nmf/online-source';
import { isGzip, openForReading } from './common';
import { parseHeader } from './npy';

/** Opens a .npy file (2-D, or 1-D as one column) for reading in row batches. */
export async function openNpyStream(path: string): Promise<RowSource> {
  if (await isGzip(path)) {
    throw inputError(`${path}: a gzipped .npy file cannot be read by row blocks; gunzip it first`);
  }
  const fh = await openForReading(path);
  let header;
  let size: number;
  try {
    size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(size, 65536 + 12));
    await fh.read(head, 0, head.length, 0);
    header = parseHeader(path, head);
  } finally {
    await fh.close();
  }
  const { rows, cols, dtype, little, dataOffset } = header;
  if (header.fortran && rows > 1 && cols > 1) {
    throw inputError(
      `${path}: a Fortran-order (column-major) .npy file cannot be read by row blocks; save it in C order (numpy.ascontiguousarray)`,
    );
  }
  const rowBytes = cols * dtype.size;
  if (size < dataOffset + rows * rowBytes) {
    throw inputError(
      `${path}: truncated: shape (${rows}, ${cols}) needs ${dataOffset + rows * rowBytes} bytes, the file has ${size}`,
    );
  }
  let peak = 0;
  return {
    name: path,
    rows,
    cols,
    get peakBatchBytes() {
      return peak;
    },
    async *batches(batchSize: number) {
      const b = Math.min(batchSize, Math.max(rows, 1));
      const raw = Buffer.alloc(b * rowBytes);
      const data = new Float32Array(b * cols);
      peak = Math.max(peak, raw.byteLength + data.byteLength);
      const file = await openForReading(path);
      try {
        for (let start = 0; start < rows; start += b) {
          const r = Math.min(b, rows - start);
          const bytes = r * rowBytes;
          const { bytesRead } = await file.read(raw, 0, bytes, dataOffset + start * rowBytes);
          if (bytesRead < bytes) throw inputError(`${path}: truncated at row ${start + 1}`);
          const view = new DataView(raw.buffer, raw.byteOffset, bytes);
          for (let p = 0; p < r * cols; p++) {
            const v = dtype.read(view, p * dtype.size, little);
            if (!(v >= 0) || !Number.isFinite(Math.fround(v))) {
              const where = `row ${start + Math.floor(p / cols) + 1}, column ${(p % cols) + 1}`;
              throw inputError(
                `${path}: the value at ${where} is ${v}; NMF needs finite non-negative data`,
              );
            }
            data[p] = v;
          }
          yield { kind: 'dense', start, rows: r, cols, data: data.subarray(0, r * cols) };
        }
      } finally {
        await file.close();
      }
    },
  };
}
