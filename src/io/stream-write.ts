/**
 * A dense matrix (`rows × cols`, rows known up front) written row block by row block to a
 * .npy (float32, C order) or delimited text file, so that W of a streamed fit never sits in
 * memory whole. The caller makes it atomic (writes into a staging path, then renames).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { NmflowError, usageError } from '../errors';
import { formatValue } from './common';
import { NPY_MAGIC } from './npy';

export interface RowWriter {
  /** Appends `data.length / cols` rows (row-major). */
  write(data: Float32Array): Promise<void>;
  /** Checks that every row was written and closes the file. */
  close(): Promise<void>;
  /** Closes the file after a failure (the caller discards it). */
  abort(): Promise<void>;
}

/** The .npy header (version 1.0, padded to 64 bytes) of a float32 `rows × cols` array. */
export function npyHeader(rows: number, cols: number): Buffer {
  let text = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const pad = 64 - ((10 + text.length + 1) % 64);
  text += ' '.repeat(pad % 64) + '\n';
  const head = Buffer.alloc(10);
  NPY_MAGIC.copy(head);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(text.length, 8);
  return Buffer.concat([head, Buffer.from(text, 'latin1')]);
}

/** Opens `path` for `rows × cols` float32 rows in `format` (npy, csv or tsv). */
export async function openRowWriter(
  path: string,
  format: string,
  rows: number,
  cols: number,
): Promise<RowWriter> {
  if (!['npy', 'csv', 'tsv'].includes(format)) {
    throw usageError(`a streamed matrix is written as npy, csv or tsv, got ${format}`);
  }
  let fh: FileHandle;
  try {
    fh = await open(path, 'w');
  } catch (err) {
    throw new NmflowError('io', `cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
  let written = 0;
  if (format === 'npy') await fh.write(npyHeader(rows, cols));
  const sep = format === 'tsv' ? '\t' : ',';
  return {
    async write(data) {
      const r = data.length / cols;
      if (format === 'npy') {
        const bytes = Buffer.alloc(data.length * 4);
        for (let i = 0; i < data.length; i++) bytes.writeFloatLE(data[i], 4 * i);
        await fh.write(bytes);
      } else {
        const lines: string[] = new Array(r);
        for (let i = 0; i < r; i++) {
          const row: string[] = new Array(cols);
          for (let j = 0; j < cols; j++) row[j] = formatValue(data[i * cols + j], true);
          lines[i] = row.join(sep);
        }
        await fh.write(lines.join('\n') + '\n');
      }
      written += r;
    },
    async close() {
      await fh.sync();
      await fh.close();
      if (written !== rows) {
        throw new NmflowError('runtime', `${path}: ${written} rows written, expected ${rows}`);
      }
    },
    async abort() {
      await fh.close().catch(() => undefined);
    },
  };
}
