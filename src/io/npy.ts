/**
 * NumPy `.npy` files (format versions 1.0–3.0, numpy.lib.format): magic `\x93NUMPY`, version,
 * header length, a Python-literal header `{'descr': '<f8', 'fortran_order': False,
 * 'shape': (3, 4), }`, then the raw array. Reads 2-D (or 1-D, as one column) arrays of
 * float16/32/64, signed and unsigned integers and booleans, either byte order, C or Fortran
 * order, into a float32 row-major matrix (a gzipped file is decompressed first). Writes
 * float32 little-endian C order, version 1.0.
 */
import type { DenseMatrix } from '../datasets/types';
import { inputError } from '../errors';
import { checkAllocation, gunzipFile, isGzip, openForReading, writeAtomic } from './common';

/** The first six bytes of every .npy file. */
export const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

export interface Dtype {
  size: number;
  read: (view: DataView, offset: number, little: boolean) => number;
}

const DTYPES: Record<string, Dtype> = {
  f2: { size: 2, read: (v, o, le) => float16(v.getUint16(o, le)) },
  f4: { size: 4, read: (v, o, le) => v.getFloat32(o, le) },
  f8: { size: 8, read: (v, o, le) => v.getFloat64(o, le) },
  i1: { size: 1, read: (v, o) => v.getInt8(o) },
  u1: { size: 1, read: (v, o) => v.getUint8(o) },
  b1: { size: 1, read: (v, o) => (v.getUint8(o) ? 1 : 0) },
  i2: { size: 2, read: (v, o, le) => v.getInt16(o, le) },
  u2: { size: 2, read: (v, o, le) => v.getUint16(o, le) },
  i4: { size: 4, read: (v, o, le) => v.getInt32(o, le) },
  u4: { size: 4, read: (v, o, le) => v.getUint32(o, le) },
  i8: { size: 8, read: (v, o, le) => Number(v.getBigInt64(o, le)) },
  u8: { size: 8, read: (v, o, le) => Number(v.getBigUint64(o, le)) },
};

function float16(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

export interface NpyHeader {
  dtype: Dtype;
  little: boolean;
  fortran: boolean;
  rows: number;
  cols: number;
  dataOffset: number;
}

export function parseHeader(path: string, head: Buffer): NpyHeader {
  if (head.length < 10 || !head.subarray(0, 6).equals(NPY_MAGIC)) {
    throw inputError(`${path}: not a NumPy .npy file (missing the \\x93NUMPY magic string)`);
  }
  const major = head[6];
  if (major < 1 || major > 3)
    throw inputError(`${path}: unsupported .npy format version ${major}.${head[7]}`);
  const lenBytes = major === 1 ? 2 : 4;
  if (head.length < 8 + lenBytes) throw inputError(`${path}: truncated .npy header`);
  const hlen = major === 1 ? head.readUInt16LE(8) : head.readUInt32LE(8);
  const start = 8 + lenBytes;
  if (head.length < start + hlen)
    throw inputError(`${path}: truncated .npy header (declares ${hlen} bytes)`);
  const text = head.subarray(start, start + hlen).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined) {
    throw inputError(`${path}: .npy header lacks descr, fortran_order or shape: ${text.trim()}`);
  }
  const m = /^([<>|=])([a-z]\d+)$/.exec(descr);
  const dtype = m ? DTYPES[m[2]] : undefined;
  if (!m || !dtype) {
    throw inputError(
      `${path}: unsupported dtype '${descr}'; supported: float16/32/64, (u)int8–64, bool`,
    );
  }
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => Number(s));
  if (dims.some((d) => !Number.isInteger(d) || d < 0) || dims.length < 1 || dims.length > 2) {
    throw inputError(`${path}: shape (${shape}) must be 1-D or 2-D with non-negative sizes`);
  }
  return {
    dtype,
    little: m[1] !== '>',
    fortran: fortran === 'True',
    rows: dims[0],
    cols: dims.length === 2 ? dims[1] : 1,
    dataOffset: start + hlen,
  };
}

/** Random access to the bytes of a file, or of its decompressed content when gzipped. */
interface ByteSource {
  size: number;
  read(into: Buffer, position: number): Promise<void>;
  close(): Promise<void>;
}

async function openBytes(path: string, maxBytes: number): Promise<ByteSource> {
  if (await isGzip(path)) {
    const bytes = await gunzipFile(path, maxBytes);
    return {
      size: bytes.length,
      read: async (into, pos) => void bytes.copy(into, 0, pos, pos + into.length),
      close: async () => undefined,
    };
  }
  const fh = await openForReading(path);
  return {
    size: (await fh.stat()).size,
    read: async (into, pos) => void (await fh.read(into, 0, into.length, pos)),
    close: () => fh.close(),
  };
}

/** Reads a .npy (or gzipped .npy) file into a dense float32 matrix; 1-D arrays become n × 1. */
export async function readNpy(path: string, maxBytes: number): Promise<DenseMatrix> {
  const src = await openBytes(path, maxBytes);
  try {
    const head = Buffer.alloc(Math.min(src.size, 65536 + 12));
    await src.read(head, 0);
    const h = parseHeader(path, head);
    const n = h.rows * h.cols;
    checkAllocation(path, `a dense ${h.rows} × ${h.cols} matrix`, n * (4 + h.dtype.size), maxBytes);
    const need = n * h.dtype.size;
    const have = src.size - h.dataOffset;
    if (have < need) {
      throw inputError(
        `${path}: truncated: ${h.rows} × ${h.cols} values need ${need} bytes of data, the file has ${have} ` +
          `(entry ${Math.floor(have / h.dtype.size)} is the first missing one)`,
      );
    }
    const raw = Buffer.alloc(need);
    await src.read(raw, h.dataOffset);
    const view = new DataView(raw.buffer, raw.byteOffset, need);
    const out = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const v = h.dtype.read(view, k * h.dtype.size, h.little);
      const [i, j] = h.fortran
        ? [k % h.rows, Math.floor(k / h.rows)]
        : [Math.floor(k / h.cols), k % h.cols];
      if (!Number.isFinite(Math.fround(v))) {
        throw inputError(
          `${path}: entry ${k} (row ${i}, column ${j}) is ${v} (not finite as float32)`,
        );
      }
      out[i * h.cols + j] = v;
    }
    return { data: out, shape: [h.rows, h.cols] };
  } finally {
    await src.close();
  }
}

/**
 * Writes a little-endian C-order .npy (version 1.0, header padded to 64 bytes): `<f4` for
 * float32 data, `<f8` for float64 data (exact solvers' answers).
 */
export async function writeNpy(
  path: string,
  m: DenseMatrix | { data: Float64Array; shape: [number, number] },
): Promise<void> {
  const [rows, cols] = m.shape;
  const f8 = m.data instanceof Float64Array;
  let text = `{'descr': '${f8 ? '<f8' : '<f4'}', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const pad = 64 - ((10 + text.length + 1) % 64);
  text += ' '.repeat(pad % 64) + '\n';
  const header = Buffer.alloc(10);
  NPY_MAGIC.copy(header);
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(text.length, 8);
  const body = new Uint8Array(m.data.length * (f8 ? 8 : 4));
  const view = new DataView(body.buffer);
  if (f8) m.data.forEach((v, k) => view.setFloat64(8 * k, v, true));
  else m.data.forEach((v, k) => view.setFloat32(4 * k, v, true));
  await writeAtomic(path, [header, Buffer.from(text, 'latin1'), body]);
}
