/**
 * A row shard of X on a worker: rows [start, end) of a matrix file (dense or sparse), read once
 * and kept while the worker runs (a small cache by file, range and modification time), and the
 * float64 products the sharded fit needs from it.
 */
import * as fs from 'fs';
import { usageError } from '../errors';
import { readMatrixFile } from '../io';

/** Where a shard's rows are: a file (on every worker's disk: shared, or copied) and a range. */
export interface ShardSpec {
  /** A matrix file nmflow reads (CSV, NPY, Matrix Market, …), rows are samples. */
  file: string;
  /** Rows [start, end) of the file (default: all of it). */
  rows?: [number, number];
}

/** Rows of X, `rows × cols`, row-major dense or CSR. */
export interface ShardRows {
  rows: number;
  cols: number;
  /** Calls f(column, value) for each stored entry of row r. */
  forEach(r: number, f: (j: number, v: number) => void): void;
}

const cache = new Map<string, ShardRows>();
const CACHE_SIZE = 8;

export async function loadShard(spec: ShardSpec): Promise<ShardRows> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(spec.file);
  } catch (err) {
    throw usageError(
      `shard file ${spec.file} cannot be read on this worker: ${(err as Error).message}`,
    );
  }
  const key = JSON.stringify([spec.file, spec.rows ?? null, stat.mtimeMs, stat.size]);
  const hit = cache.get(key);
  if (hit) return hit;
  const m = await readMatrixFile(spec.file, { nonNegative: true });
  const [n, cols] = [m.shape[0], m.shape[1]];
  const [start, end] = spec.rows ?? [0, n];
  if (!(
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    0 <= start &&
    start < end &&
    end <= n
  )) {
    throw usageError(
      `shard rows [${start}, ${end}) do not lie within the ${n} rows of ${spec.file}`,
    );
  }
  let shard: ShardRows;
  if ('data' in m) {
    const data = m.data as Float32Array;
    shard = {
      rows: end - start,
      cols,
      forEach(r, f) {
        const base = (start + r) * cols;
        for (let j = 0; j < cols; j++) {
          const v = data[base + j];
          if (v !== 0) f(j, v);
        }
      },
    };
  } else {
    const { indptr, indices, values } = m;
    shard = {
      rows: end - start,
      cols,
      forEach(r, f) {
        for (let p = indptr[start + r]; p < indptr[start + r + 1]; p++) f(indices[p], values[p]);
      },
    };
  }
  cache.set(key, shard);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return shard;
}

/** Σ x and Σ x² of the shard (float64). */
export function shardSums(X: ShardRows): { sum: number; sqNorm: number } {
  let sum = 0;
  let sqNorm = 0;
  for (let r = 0; r < X.rows; r++) {
    X.forEach(r, (_, v) => {
      sum += v;
      sqNorm += v * v;
    });
  }
  return { sum, sqNorm };
}

/** H·Xᵢᵀ, `k × rows` (float64), H `k × cols`. */
export function hTimesXt(X: ShardRows, H: Float32Array, k: number): Float64Array {
  const out = new Float64Array(k * X.rows);
  const m = X.cols;
  for (let r = 0; r < X.rows; r++) {
    X.forEach(r, (j, v) => {
      for (let t = 0; t < k; t++) out[t * X.rows + r] += H[t * m + j] * v;
    });
  }
  return out;
}

/** Wᵢᵀ·Xᵢ, `k × cols` (float64), W `rows × k`. */
export function wtTimesX(X: ShardRows, W: Float32Array | Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * X.cols);
  const m = X.cols;
  for (let r = 0; r < X.rows; r++) {
    X.forEach(r, (j, v) => {
      for (let t = 0; t < k; t++) out[t * m + j] += W[r * k + t] * v;
    });
  }
  return out;
}

/** AᵀA of A `rows × k` (float64, `k × k`). */
export function gramOfRows(A: Float32Array | Float64Array, rows: number, k: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < k; a++) {
      const x = A[r * k + a];
      if (x === 0) continue;
      for (let b = 0; b < k; b++) G[a * k + b] += x * A[r * k + b];
    }
  }
  return G;
}
