/**
 * IDX files (the MNIST distribution format, http://yann.lecun.com/exdb/mnist/): two zero
 * bytes, a type code (0x08 ubyte, 0x09 byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E
 * float64), the number of dimensions, each dimension as a big-endian uint32, then the data
 * big-endian in row-major order. Gzipped files (`*.gz`) are recognised by content.
 */
import { readFile } from 'node:fs/promises';
import type { Dataset } from '../datasets/types';
import { NmflowError, inputError } from '../errors';
import { checkAllocation, gunzipFile, isGzip, resolveMaxBytes } from './common';

const TYPES: Record<
  number,
  { name: string; size: number; read: (v: DataView, o: number) => number }
> = {
  0x08: { name: 'ubyte', size: 1, read: (v, o) => v.getUint8(o) },
  0x09: { name: 'byte', size: 1, read: (v, o) => v.getInt8(o) },
  0x0b: { name: 'int16', size: 2, read: (v, o) => v.getInt16(o) },
  0x0c: { name: 'int32', size: 4, read: (v, o) => v.getInt32(o) },
  0x0d: { name: 'float32', size: 4, read: (v, o) => v.getFloat32(o) },
  0x0e: { name: 'float64', size: 8, read: (v, o) => v.getFloat64(o) },
};

export interface IdxArray {
  dims: number[];
  type: string;
  data: Float32Array;
}

export async function readIdx(
  path: string,
  maxBytes = resolveMaxBytes(undefined),
): Promise<IdxArray> {
  const bytes = (await isGzip(path))
    ? await gunzipFile(path, maxBytes)
    : await readFile(path).catch((err: Error) => {
        throw new NmflowError('io', `cannot read ${path}: ${err.message}`, { cause: err });
      });
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    throw inputError(`${path}: not an IDX file (it must start with two zero bytes)`);
  const type = TYPES[bytes[2]];
  if (!type) throw inputError(`${path}: unknown IDX type code 0x${bytes[2].toString(16)}`);
  const ndims = bytes[3];
  if (ndims < 1) throw inputError(`${path}: IDX file declares no dimensions`);
  if (bytes.length < 4 + 4 * ndims)
    throw inputError(`${path}: truncated: the header declares ${ndims} dimensions`);
  const dims = Array.from({ length: ndims }, (_, k) => bytes.readUInt32BE(4 + 4 * k));
  const n = dims.reduce((a, b) => a * b, 1);
  checkAllocation(path, `an IDX array of shape ${dims.join(' × ')}`, n * 4, maxBytes);
  const start = 4 + 4 * ndims;
  const have = Math.floor((bytes.length - start) / type.size);
  if (have < n) {
    throw inputError(
      `${path}: truncated: shape ${dims.join(' × ')} needs ${n} values, found ${have} (entry ${have} is the first missing)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, n * type.size);
  const data = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const v = type.read(view, k * type.size);
    if (!Number.isFinite(Math.fround(v)))
      throw inputError(`${path}: entry ${k} is ${v} (not finite as float32)`);
    data[k] = v;
  }
  return { dims, type: type.name, data };
}

/**
 * Reads MNIST-style IDX images (n × rows × cols; ubyte values scaled to [0, 1]) and optional
 * labels (n) into an image Dataset.
 */
export async function readMnistIdx(
  imagesPath: string,
  labelsPath?: string,
  maxBytes = resolveMaxBytes(undefined),
): Promise<Dataset> {
  const images = await readIdx(imagesPath, maxBytes);
  if (images.dims.length !== 3)
    throw inputError(
      `${imagesPath}: expected images × rows × columns, got shape ${images.dims.join(' × ')}`,
    );
  const [n, h, w] = images.dims;
  if (images.type === 'ubyte') for (let k = 0; k < images.data.length; k++) images.data[k] /= 255;
  let labels: number[] | undefined;
  if (labelsPath) {
    const l = await readIdx(labelsPath, maxBytes);
    if (l.dims.length !== 1 || l.dims[0] !== n) {
      throw inputError(
        `${labelsPath}: expected ${n} labels (one per image of ${imagesPath}), got shape ${l.dims.join(' × ')}`,
      );
    }
    labels = Array.from(l.data);
  }
  return {
    name: imagesPath,
    kind: 'image',
    X: { data: images.data, shape: [n, h * w] },
    shape: [n, h * w],
    imageShape: [h, w],
    ...(labels ? { labels } : {}),
    provenance: `${n} images of ${h} × ${w} from the IDX file ${imagesPath}${images.type === 'ubyte' ? ' (bytes scaled to [0, 1])' : ''}${labelsPath ? `, labels from ${labelsPath}` : ''}.`,
  };
}
