/**
 * residentMatrix and residentCsr: X read where the fit's kernels work, taken without a copy,
 * same fits.
 */
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { factorize, isUserError, residentCsr, residentMatrix } from '../../src';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { residentCsrLayout, simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { SparseProducts } from '../../src/kernels/wasm/sparse-products';
import { checkCsr } from '../../src/linalg/csr';
import { expectNoLeak } from '../helpers';
import { randomArray } from '../kernels/product-checks';

/** A dense non-negative X (no zeros: the dense products, not the sparse ones). */
function filled(rows: number, cols: number) {
  const X = residentMatrix(rows, cols);
  X.data.set(randomArray(rows * cols, 7).map((v) => Math.abs(v) + 0.1));
  return X;
}

describe('nmf: residentMatrix', () => {
  it('DenseProducts works in a resident X in place; a second at once copies it', function () {
    if (!simdProductsAvailable()) this.skip();
    const [rows, cols] = [9, 5];
    const X = filled(rows, cols);
    const first = new DenseProducts(X.data, rows, cols, 1);
    const second = new DenseProducts(X.data, rows, cols, 1);
    try {
      X.data[3] = 42; // seen by the one that took X's memory, not by the copy
      expect(first.values[3]).to.equal(42);
      expect(second.values[3]).to.not.equal(42);
    } finally {
      first.dispose();
      second.dispose();
    }
    // Given back at dispose: the next one takes it again.
    const third = new DenseProducts(X.data, rows, cols, 1);
    X.data[4] = 43;
    expect(third.values[4]).to.equal(43);
    third.dispose();
    // A part of it is copied: what lies past the part is the caller's (here its row 7, which
    // the padding row of a 7-row X taken in place would have zeroed).
    const part = new DenseProducts(X.data.subarray(0, 7 * cols), 7, cols, 1);
    X.data[5] = 44;
    expect(part.values[5]).to.not.equal(44);
    part.dispose();
    expect(X.data[7 * cols]).to.not.equal(0);
  });

  it('fits give the bits of the same values in a plain array, again after a fit wrote past X', async () => {
    // 301 rows: odd, so the products' zero row past X lies where the first fit's factors were.
    const X = filled(301, 40);
    const plain = { data: Float32Array.from(X.data), shape: X.shape };
    const fit = async (input: typeof X) => {
      const r = await factorize(input, { rank: 5, maxIter: 15, tol: 0, seed: 2 });
      const out = { W: await r.W.data(), H: await r.H.data(), error: r.relativeError };
      tf.dispose([r.W, r.H]);
      return out;
    };
    const reference = await fit(plain);
    for (let run = 0; run < 2; run++) {
      // What lies past X in its memory (an earlier fit's work), NaN here, must not reach the fit.
      if (run > 0 && X.data.buffer.byteLength >= 4 * 302 * 40) {
        new Float32Array(X.data.buffer, 4 * 301 * 40, 40).fill(NaN);
      }
      const got = await expectNoLeak(() => fit(X));
      expect(got.error).to.equal(reference.error);
      expect(Array.from(got.W)).to.deep.equal(Array.from(reference.W));
      expect(Array.from(got.H)).to.deep.equal(Array.from(reference.H));
    }
  });

  it('rejects a shape that is not two positive integers, naming the argument', () => {
    for (const [rows, cols, name] of [
      [0, 3, 'rows'],
      [2, 1.5, 'cols'],
    ] as const) {
      const err = (() => {
        try {
          residentMatrix(rows, cols);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err && isUserError(err)).to.equal(true);
      expect(err!.message).to.contain(`${name} must be a positive integer`);
    }
  });
});

/**
 * A CSR X of `rows × cols`, under a quarter stored (seeded: the sparse products, not the dense
 * form), in a residentCsr and in plain arrays.
 */
function sparseCase(rows: number, cols: number) {
  const values = randomArray(rows * cols, 11);
  const keep = Array.from(values, (v, i) => (Math.abs(v) < 0.03 || i % 97 === 0 ? i : -1)).filter(
    (i) => i >= 0,
  );
  const X = residentCsr(rows, cols, keep.length);
  keep.forEach((i, p) => {
    X.indices[p] = i % cols;
    X.values[p] = 1 + Math.abs(values[i]) * 10;
    X.indptr[Math.floor(i / cols) + 1] = p + 1;
  });
  for (let r = 1; r <= rows; r++) X.indptr[r] = Math.max(X.indptr[r], X.indptr[r - 1]);
  const plain = {
    indptr: Int32Array.from(X.indptr),
    indices: Int32Array.from(X.indices),
    values: Float32Array.from(X.values),
    shape: X.shape,
  };
  return { X, plain };
}

describe('nmf: residentCsr', () => {
  it('SparseProducts works in a resident CSR X in place; a second at once copies it', function () {
    if (!simdProductsAvailable()) this.skip();
    const { X, plain } = sparseCase(40, 30);
    const M = randomArray(3 * 30, 5);
    const expected = SparseProducts.fromCsr(checkCsr(plain, 'X'), 1);
    const want = expected.timesTransposed(M, 3);
    expected.dispose();
    const first = SparseProducts.fromCsr(checkCsr(X, 'X'), 1);
    expect(residentCsrLayout(X), 'taken').to.equal(undefined);
    const second = SparseProducts.fromCsr(checkCsr(X, 'X'), 1);
    try {
      // The same products from X's own memory (4-byte indices) and from the copy.
      expect(Array.from(first.timesTransposed(M, 3))).to.deep.equal(Array.from(want));
      expect(Array.from(second.timesTransposed(M, 3))).to.deep.equal(Array.from(want));
      (X.values as Float32Array)[0] += 1; // seen by the one that took X's memory only
      expect(first.rowSquaredNorms()[0]).to.not.equal(second.rowSquaredNorms()[0]);
    } finally {
      first.dispose();
      second.dispose();
      (X.values as Float32Array)[0] -= 1;
    }
    // Given back at dispose; a part of its arrays is not X's memory (what lies past is the caller's).
    expect(residentCsrLayout(X)).to.not.equal(undefined);
    const part = { ...X, indices: (X.indices as Int32Array).subarray(1) };
    expect(residentCsrLayout(part)).to.equal(undefined);
  });

  it('fits give the bits of the same matrix in plain arrays, again after a fit wrote past X', async () => {
    const { X, plain } = sparseCase(120, 90);
    let taken = 0; // check points at which X's memory was the fit's
    const fit = async (input: typeof X) => {
      const r = await factorize(input, {
        rank: 4,
        maxIter: 12,
        tol: 0,
        seed: 1,
        onIteration: () => void (taken += residentCsrLayout(X) === undefined ? 1 : 0),
      });
      const out = { W: await r.W.data(), H: await r.H.data(), error: r.relativeError };
      tf.dispose([r.W, r.H]);
      return out;
    };
    const reference = await fit(plain);
    for (let run = 0; run < 2; run++) {
      const got = await expectNoLeak(() => fit(X));
      expect(got.error).to.equal(reference.error);
      expect(Array.from(got.W)).to.deep.equal(Array.from(reference.W));
      expect(Array.from(got.H)).to.deep.equal(Array.from(reference.H));
    }
    if (simdProductsAvailable()) expect(taken).to.equal(2 * 13); // not during the plain fit
  });

  it('rejects counts that are not integers of their range, naming the argument', () => {
    for (const [rows, cols, nnz, name] of [
      [0, 3, 1, 'rows'],
      [2, 1.5, 1, 'cols'],
      [2, 3, -1, 'nnz'],
    ] as const) {
      const err = (() => {
        try {
          residentCsr(rows, cols, nnz);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err && isUserError(err)).to.equal(true);
      expect(err!.message).to.contain(`residentCsr: ${name} must be`);
    }
  });
});
