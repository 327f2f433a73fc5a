/** SparseProducts (CSR in shared memory) against float64 and against DenseProducts. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { SparseProducts } from '../../src/kernels/wasm/sparse-products';
import {
  csrRowGram,
  splitTransposed,
  transposedTimesCsr64,
  type Csr,
} from '../../src/linalg/sparse';
import { readData } from '../../src/nmf/data';
import { measureFit } from '../../src/nmf/losses';
import { expectProduct, expectRowLayouts, expectRowsAndNorms, randomArray } from './product-checks';

/** The CSR form of a dense row-major array, built independently of SparseProducts. */
function toCsr(X: Float32Array, rows: number, cols: number): Csr {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (X[i * cols + j] !== 0) {
        indices.push(j);
        values.push(X[i * cols + j]);
      }
    }
    indptr.push(indices.length);
  }
  return {
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
    rows,
    cols,
  };
}

/** Mᵀ·X (`k × cols`) for a dense X, each column summed over its rows in order in float32. */
function transposedTimes32(
  X: Float32Array,
  W: Float32Array,
  rows: number,
  cols: number,
  k: number,
) {
  const f = Math.fround;
  const out = new Float32Array(k * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = X[i * cols + j];
      if (v === 0) continue;
      for (let t = 0; t < k; t++) out[t * cols + j] = f(out[t * cols + j] + f(v * W[i * k + t]));
    }
  }
  return out;
}

const nonZeros = (X: Float32Array) => X.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
const sameBits = (a: Float32Array, b: Float32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );

describe('kernels: SIMD sparse products', function () {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  for (const [rows, cols, k, zeros] of [
    [1, 1, 1, 0],
    [7, 3, 5, 0.5],
    [300, 37, 16, 0.8],
    [1001, 50, 17, 0.9],
    [513, 129, 40, 0.95],
    [40, 30, 3, 1],
    [6, 70000, 3, 0.99], // column indices past 2¹⁶: 4 bytes each
    [70000, 6, 3, 0.99], // row indices of the transposed copy past 2¹⁶: 4 bytes each
  ]) {
    it(`X·Mᵀ and Mᵀ·X agree with float64 for ${rows} × ${cols}, k = ${k}, ${zeros * 100}% zeros`, () => {
      const X = randomArray(rows * cols, rows + cols + k, zeros);
      const H = randomArray(k * cols, 1);
      const W = randomArray(rows * k, 2);
      for (const products of [
        SparseProducts.fromDense(X, rows, cols, nonZeros(X), 2),
        SparseProducts.fromCsr(toCsr(X, rows, cols), 2),
      ]) {
        try {
          expectProduct(products.timesTransposed(H, k), X, H, rows, cols, k, false);
          expectProduct(products.transposedTimes(W, k), X, W, rows, cols, k, true);
          expectRowLayouts(products, H, W, cols, k);
          expectProduct(
            products.timesTransposed(H.subarray(0, cols), 1),
            X,
            H,
            rows,
            cols,
            1,
            false,
          );
          expect(Array.from(products.toDense())).to.deep.equal(Array.from(X));
          expectRowsAndNorms(products, X, rows, cols);
        } finally {
          products.dispose();
        }
      }
    });
  }

  it('gives X·Mᵀ bit for bit as DenseProducts does, and the same bits on 1, 2 and 3 threads', () => {
    // 360,000 stored entries: enough work for the threads, Mᵀ·X in 8 summed chunks.
    const [rows, cols, k] = [6001, 300, 16];
    const X = randomArray(rows * cols, 5, 0.8);
    const H = randomArray(k * cols, 6);
    const W = randomArray(rows * k, 7);
    const results = [1, 2, 3].map((threads) => {
      const products = SparseProducts.fromDense(X, rows, cols, nonZeros(X), threads);
      try {
        return [products.timesTransposed(H, k), products.transposedTimes(W, k)];
      } finally {
        products.dispose();
      }
    });
    for (const [a, b] of results.slice(1)) {
      expect(sameBits(a, results[0][0])).to.equal(true);
      expect(sameBits(b, results[0][1])).to.equal(true);
    }
    expectProduct(results[0][1], X, W, rows, cols, k, true);
    const dense = new DenseProducts(X, rows, cols, 2);
    try {
      expect(sameBits(dense.timesTransposed(H, k), results[0][0])).to.equal(true);
    } finally {
      dense.dispose();
    }
  });

  it('Mᵀ·X sums each column over its rows in order, in float32 (on 1 and 3 threads)', () => {
    const [rows, cols, k] = [12000, 500, 6]; // ≈300,000 entries × 16 lanes: on the threads
    const X = randomArray(rows * cols, 11, 0.95);
    const W = randomArray(rows * k, 12);
    const expected = transposedTimes32(X, W, rows, cols, k);
    for (const threads of [1, 3]) {
      const products = SparseProducts.fromCsr(toCsr(X, rows, cols), threads);
      try {
        expect(sameBits(products.transposedTimes(W, k), expected)).to.equal(true);
      } finally {
        products.dispose();
      }
    }
  });

  it('X·Mᵀ and Mᵀ·X of every rank sum each entry in storage order, in float32 (passes of 16, 20, 8 and 4 lanes)', () => {
    const [rows, cols] = [90, 70];
    const X = randomArray(rows * cols, 15, 0.7);
    const csr = toCsr(X, rows, cols);
    const products = SparseProducts.fromCsr(csr, 2);
    try {
      for (const k of [1, 4, 5, 8, 10, 12, 13, 16, 20, 24, 28, 36, 40, 44]) {
        const H = randomArray(k * cols, 16 + k);
        const W = randomArray(rows * k, 17 + k);
        // X·Hᵀ = (H·Xᵀ)ᵀ: the transposed loop on Xᵀ, then transposed back.
        const Xt = new Float32Array(cols * rows);
        for (let i = 0; i < rows; i++)
          for (let j = 0; j < cols; j++) Xt[j * rows + i] = X[i * cols + j];
        const Ht = new Float32Array(cols * k);
        for (let t = 0; t < k; t++) for (let j = 0; j < cols; j++) Ht[j * k + t] = H[t * cols + j];
        const hxt = transposedTimes32(Xt, Ht, cols, rows, k); // `k × rows`
        const xht = new Float32Array(rows * k);
        for (let t = 0; t < k; t++)
          for (let i = 0; i < rows; i++) xht[i * k + t] = hxt[t * rows + i];
        expect(sameBits(products.timesTransposed(H, k), xht), `X·Hᵀ, k = ${k}`).to.equal(true);
        expect(sameBits(products.times(Ht, k), xht), `X·F, k = ${k}`).to.equal(true);
        const wtx = transposedTimes32(X, W, rows, cols, k);
        expect(sameBits(products.transposedTimes(W, k), wtx), `Wᵀ·X, k = ${k}`).to.equal(true);
      }
    } finally {
      products.dispose();
    }
  });

  it("Mᵀ·X by blocks of rows (a factor past a core's cache, many entries a column) keeps those bits", () => {
    const [rows, cols, k] = [6000, 24, 50]; // Mᵀ 1.5 MB as kp = 64 lanes; 6 blocks of 1024 rows
    const X = randomArray(rows * cols, 13, 0.2);
    const W = randomArray(rows * k, 14);
    const expected = transposedTimes32(X, W, rows, cols, k);
    for (const threads of [1, 3]) {
      const products = SparseProducts.fromCsr(toCsr(X, rows, cols), threads);
      try {
        const blocksFor = (kp: number) =>
          (products as unknown as { blocksFor(kp: number): unknown[] | undefined }).blocksFor(kp);
        expect(blocksFor(64)).to.have.length(6);
        expect(blocksFor(16)).to.equal(undefined); // 384 kB: in one pass
        expect(sameBits(products.transposedTimes(W, k), expected)).to.equal(true);
      } finally {
        products.dispose();
      }
    }
  });

  it("transposedTimesSplit: Mᵀ·X summed in float64, its float32 parts bit for bit the loop form's, on 1 and 3 threads", () => {
    // k = 1, 4, 8 (lanes in fours, eights and a four left over), 13 and 20 (padded lanes), 40;
    // 6 × 70000: row indices of 2 bytes, 70000 × 6: 4 bytes; ≈390,000 stored entries × 32 lanes: threads.
    for (const [rows, cols, k, zeros] of [
      [37, 23, 1, 0.7],
      [300, 37, 4, 0.5],
      [513, 129, 8, 0.9],
      [1001, 50, 13, 0.9],
      [2001, 300, 20, 0.35],
      [200, 90, 40, 0.6],
      [6, 70000, 3, 0.99],
      [70000, 6, 5, 0.99],
    ]) {
      const X = randomArray(rows * cols, rows + k, zeros);
      const W = randomArray(rows * k, 8);
      const csr = toCsr(X, rows, cols);
      const hi = new Float32Array(k * cols);
      const lo = new Float32Array(k * cols);
      splitTransposed(transposedTimesCsr64(W, csr, k), cols, k, hi, lo);
      for (const threads of [1, 3]) {
        const products = SparseProducts.fromCsr(csr, threads);
        try {
          const [h, l] = [new Float32Array(k * cols), new Float32Array(k * cols)];
          products.transposedTimesSplit(W, k, h, l);
          expect(sameBits(h, hi), `hi ${rows} × ${cols}, k ${k}`).to.equal(true);
          expect(sameBits(l, lo), `lo ${rows} × ${cols}, k ${k}`).to.equal(true);
        } finally {
          products.dispose();
        }
      }
      // The loop form itself against the dense X's float64 sums in row order (its zeros add +0):
      // hi is each sum rounded, hi + lo the sum to 2⁻⁴⁸ of it.
      let wrong = 0;
      for (let j = 0; j < cols; j++) {
        for (let t = 0; t < k; t++) {
          let s = 0;
          for (let i = 0; i < rows; i++) s += X[i * cols + j] * W[i * k + t];
          const [h, l] = [hi[t * cols + j], lo[t * cols + j]];
          if (h !== Math.fround(s) || !(Math.abs(h + l - s) <= 2 ** -48 * s)) wrong++;
        }
      }
      expect(wrong, `${rows} × ${cols}, k ${k}`).to.equal(0);
    }
  });

  it('squaredError is ‖X − WH‖² in float64 (stored entries and Grams), the same on 1 and 3 threads', () => {
    // k odd (a padded lane) and even; 360,000 stored entries: enough work for the threads.
    for (const [rows, cols, k, zeros] of [
      [37, 23, 5, 0.7],
      [6001, 300, 16, 0.8],
      [9, 70000, 3, 0.99],
    ]) {
      const X = randomArray(rows * cols, rows + k, zeros);
      const W = randomArray(rows * k, 3);
      const Ht = randomArray(cols * k, 4);
      let reference = 0;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const x = X[i * cols + j];
          let y = 0;
          for (let t = 0; t < k; t++) y += W[i * k + t] * Ht[j * k + t];
          reference += (x - y) ** 2;
        }
      }
      const results = [1, 3].map((threads) => {
        const products = SparseProducts.fromCsr(toCsr(X, rows, cols), threads);
        try {
          return products.squaredError(W, Ht, k);
        } finally {
          products.dispose();
        }
      });
      expect(results[1]).to.equal(results[0]);
      expect(Math.abs(results[0] - reference)).to.be.below(1e-12 * Math.abs(reference) + 1e-12);
    }
  });

  it('rowGram is X·Xᵀ in float64 with the bits of csrRowGram; over its budget, undefined', () => {
    // Column indices past 2¹⁶ too (4 bytes each); rows of the transposed copy take 2.
    for (const [rows, cols, zeros] of [
      [1, 1, 0],
      [37, 300, 0.9],
      [120, 70000, 0.999],
    ]) {
      const X = randomArray(rows * cols, 21, zeros);
      const csr = toCsr(X, rows, cols);
      const products = SparseProducts.fromCsr(csr, 2);
      try {
        const G = products.rowGram()!; // a view of the products' memory
        const bytes = Buffer.from(G.buffer, G.byteOffset, G.byteLength);
        expect(bytes.equals(Buffer.from(csrRowGram(csr)!.buffer))).to.equal(true);
        for (let a = 0; a < rows; a++) {
          for (let b = 0; b < rows; b++) {
            let s = 0; // over row a's stored columns
            for (let p = csr.indptr[a]; p < csr.indptr[a + 1]; p++) {
              s += csr.values[p] * X[b * cols + csr.indices[p]];
            }
            expect(G[a * rows + b]).to.be.closeTo(s, 1e-12 * (1 + s));
          }
        }
        // Σ_j n_j(n_j + 1)/2 terms: the budget's edge.
        const counts = new Array<number>(cols).fill(0);
        for (const j of csr.indices) counts[j]++;
        const terms = counts.reduce((t, n) => t + (n * (n + 1)) / 2, 0);
        expect(products.rowGram(terms)).to.not.equal(undefined);
        expect(products.rowGram(terms - 1)).to.equal(undefined);
        expect(csrRowGram(csr, terms - 1)).to.equal(undefined);
      } finally {
        products.dispose();
      }
    }
  });

  it("measureFit of a CSR X takes the kernels' squaredError, as the float64 loop does", () => {
    const [rows, cols, k] = [400, 90, 7];
    const X = randomArray(rows * cols, 12, 0.9);
    const data = readData({ ...toCsr(X, rows, cols), shape: [rows, cols] });
    const W = tf.tensor2d(randomArray(rows * k, 13), [rows, k]);
    const H = tf.tensor2d(randomArray(k * cols, 14), [k, cols]);
    try {
      expect(data.sparseSquaredError).to.be.a('function');
      const fast = measureFit(data, W, H, 2);
      const loop = measureFit({ ...data, sparseSquaredError: undefined }, W, H, 2);
      const [w, h] = [W.dataSync(), H.dataSync()];
      let reference = 0;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          let y = 0;
          for (let t = 0; t < k; t++) y += w[i * k + t] * h[t * cols + j];
          reference += (X[i * cols + j] - y) ** 2;
        }
      }
      expect(fast.squaredError).to.be.closeTo(reference, 1e-11 * reference);
      expect(loop.squaredError).to.be.closeTo(reference, 1e-11 * reference);
      expect(fast.divergence).to.equal(fast.squaredError / 2);
    } finally {
      tf.dispose([W, H]);
      data.dispose();
    }
  });

  it('rejects a wrong count of non-zeros and use after dispose', () => {
    const X = Float32Array.from([0, 1, 2, 0, 0, 3]);
    expect(() => SparseProducts.fromDense(X, 2, 3, 2, 1)).to.throw(/more than the announced 2/);
    expect(() => SparseProducts.fromDense(X, 2, 3, 4, 1)).to.throw(/3 non-zeros found, 4/);
    const products = SparseProducts.fromDense(X, 2, 3, 3, 1);
    products.dispose();
    expect(() => products.transposedTimes(X, 3)).to.throw(/after dispose/);
  });

  it('readData multiplies a mostly-zero dense X in sparse form, as its CSR input would be', () => {
    const [rows, cols, k] = [200, 60, 4];
    const X = randomArray(rows * cols, 9, 0.85);
    const W = randomArray(rows * k, 10);
    const H = randomArray(k * cols, 11);
    const dense = readData({ data: X, shape: [rows, cols] });
    const csr = toCsr(X, rows, cols);
    const sparse = readData({ ...csr, shape: [rows, cols] });
    try {
      expect(
        sameBits(dense.timesTransposedArray(H, k), sparse.timesTransposedArray(H, k)),
      ).to.equal(true);
      expect(
        sameBits(dense.transposedTimesArray(W, k), sparse.transposedTimesArray(W, k)),
      ).to.equal(true);
      expect(Array.from(dense.dense!.dataSync())).to.deep.equal(Array.from(X));
    } finally {
      dense.dispose();
      sparse.dispose();
    }
  });
});
