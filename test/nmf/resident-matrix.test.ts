/** residentMatrix: X read where the fit's kernels work, taken without a copy, same fits. */
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { factorize, isUserError, residentMatrix } from '../../src';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
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
