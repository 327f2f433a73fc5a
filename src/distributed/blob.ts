/**
 * Matrices shared by the jobs of one run: stored once in Redis under a key named by their
 * content's SHA-256 (`nmflow:blob:<hash>`, kept 24 hours), so jobs carry the key, not X,
 * and workers fetch each matrix once and keep it (a small cache by key).
 */
import { createHash } from 'crypto';
import type IORedis from 'ioredis';
import { NmflowError } from '../errors';

/** A dense matrix (`rows × cols`, row-major) or a CSR one, as jobs read them. */
export type BlobMatrix =
  | { data: Float32Array; shape: [number, number] }
  | {
      shape: [number, number];
      indptr: Int32Array;
      indices: Int32Array;
      values: Float32Array;
    };

const TTL_SECONDS = 24 * 3600;
const CACHE_SIZE = 4;
const cache = new Map<string, BlobMatrix>();

function bytesOf(a: Float32Array | Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function encode(m: BlobMatrix): Buffer {
  const parts =
    'data' in m ? [bytesOf(m.data)] : [bytesOf(m.indptr), bytesOf(m.indices), bytesOf(m.values)];
  const header = Buffer.from(
    JSON.stringify({
      kind: 'data' in m ? 'dense' : 'csr',
      shape: m.shape,
      lengths: parts.map((p) => p.length),
    }),
  );
  const size = Buffer.alloc(4);
  size.writeUInt32LE(header.length);
  return Buffer.concat([size, header, ...parts]);
}

function decode(buf: Buffer, key: string): BlobMatrix {
  const size = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + size).toString()) as {
    kind: 'dense' | 'csr';
    shape: [number, number];
    lengths: number[];
  };
  let at = 4 + size;
  const take = (len: number) => {
    const copy = new Uint8Array(len);
    copy.set(buf.subarray(at, at + len));
    at += len;
    return copy.buffer;
  };
  if (at + header.lengths.reduce((s, l) => s + l, 0) !== buf.length) {
    throw new NmflowError('runtime', `matrix ${key} in Redis is truncated`);
  }
  if (header.kind === 'dense') {
    return { data: new Float32Array(take(header.lengths[0])), shape: header.shape };
  }
  return {
    shape: header.shape,
    indptr: new Int32Array(take(header.lengths[0])),
    indices: new Int32Array(take(header.lengths[1])),
    values: new Float32Array(take(header.lengths[2])),
  };
}

/** Stores `m` (if not there yet) and returns its key. */
export async function putBlob(redis: IORedis, m: BlobMatrix): Promise<string> {
  const bytes = encode(m);
  const key = `nmflow:blob:${createHash('sha256').update(bytes).digest('hex')}`;
  await redis.set(key, bytes, 'EX', TTL_SECONDS);
  return key;
}

/** The matrix stored under `key` (from this process's cache when it has it). */
export async function getBlob(redis: IORedis, key: string): Promise<BlobMatrix> {
  const hit = cache.get(key);
  if (hit) return hit;
  const bytes = await redis.getBuffer(key);
  if (!bytes) {
    throw new NmflowError(
      'runtime',
      `matrix ${key} is not in Redis (expired after 24 h, or another server): run the command again`,
    );
  }
  const m = decode(bytes, key);
  cache.set(key, m);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return m;
}
