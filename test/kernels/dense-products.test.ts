/** The SIMD products of src/kernels/wasm against float64 references, across thread counts. */
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { compileProductsWat } from '../../scripts/build-simd';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { PRODUCTS_WASM_BASE64 } from '../../src/kernels/wasm/products-wasm';
import { readData } from '../../src/nmf/data';
import { expectNoLeak } from '../helpers';
import { expectProduct, expectRowLayouts, expectRowsAndNorms, randomArray } from './product-checks';

describe('kernels: SIMD dense products', function () {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  it('the committed binary is the compilation of products.wat', async () => {
    const compiled = await compileProductsWat();
    expect(Buffer.from(compiled).toString('base64')).to.equal(PRODUCTS_WASM_BASE64);
  });

  for (const [rows, cols, k] of [
    [1, 1, 1],
    [7, 3, 5],
    [300, 37, 16],
    [1001, 50, 17],
    [513, 129, 40],
  ]) {
    it(`X·Mᵀ and Mᵀ·X agree with float64 for ${rows} × ${cols}, k = ${k}; X·F and Xᵀ·M their bits`, () => {
      const X = randomArray(rows * cols, rows + cols + k);
      const H = randomArray(k * cols, 1);
      const W = randomArray(rows * k, 2);
      const products = new DenseProducts(X, rows, cols, 2);
      try {
        expectProduct(products.timesTransposed(H, k), X, H, rows, cols, k, false);
        expectProduct(products.transposedTimes(W, k), X, W, rows, cols, k, true);
        expectRowLayouts(products, H, W, cols, k);
        // A smaller rank after a larger one reuses the memory laid out for the larger.
        expectProduct(products.timesTransposed(H.subarray(0, cols), 1), X, H, rows, cols, 1, false);
        expectRowsAndNorms(products, X, rows, cols);
      } finally {
        products.dispose();
      }
    });
  }

  it('gives the same bits on 1, 2 and 3 threads (products large enough for threads)', () => {
    const [rows, cols, k] = [4001, 300, 16];
    const X = randomArray(rows * cols, 5);
    const H = randomArray(k * cols, 6);
    const W = randomArray(rows * k, 7);
    const results = [1, 2, 3].map((threads) => {
      const products = new DenseProducts(X, rows, cols, threads);
      try {
        return [products.timesTransposed(H, k), products.transposedTimes(W, k)];
      } finally {
        products.dispose();
      }
    });
    for (const [a, b] of results.slice(1)) {
      expect(Buffer.from(a.buffer).equals(Buffer.from(results[0][0].buffer))).to.equal(true);
      expect(Buffer.from(b.buffer).equals(Buffer.from(results[0][1].buffer))).to.equal(true);
    }
    expectProduct(results[2][1], X, W, rows, cols, k, true);
  });

  it('a short wide X: both products by column blocks have the bits of the plain sums', () => {
    // 31 rows make one chunk of rows: the threads share the columns (op 5), and each column's
    // sum must still run over the pairs of rows in order, in float32, as one chunk's does.
    const [rows, cols, k] = [31, 40000, 5];
    const X = randomArray(rows * cols, 8);
    const W = randomArray(rows * k, 9);
    const f = Math.fround;
    const expected = new Float32Array(k * cols);
    for (let t = 0; t < k; t++) {
      for (let j = 0; j < cols; j++) {
        let acc = 0;
        for (let i = 0; i < rows; i += 2) {
          const b = i + 1 < rows ? f(X[(i + 1) * cols + j] * W[(i + 1) * k + t]) : 0;
          const pair = f(f(X[i * cols + j] * W[i * k + t]) + b);
          acc = i === 0 ? pair : f(acc + pair);
        }
        expected[t * cols + j] = acc;
      }
    }
    const H = randomArray(k * cols, 10);
    const results = [1, 3].map((threads) => {
      const products = new DenseProducts(X, rows, cols, threads);
      try {
        return [products.transposedTimes(W, k), products.timesTransposed(H, k)];
      } finally {
        products.dispose();
      }
    });
    // X·Hᵀ goes over the columns in blocks that stay in cache: each entry's sum must still run
    // over j in order, in float32, as one block's does.
    const expectedXht = new Float32Array(rows * k);
    for (let i = 0; i < rows; i++) {
      for (let t = 0; t < k; t++) {
        let acc = 0;
        for (let j = 0; j < cols; j++) acc = f(acc + f(X[i * cols + j] * H[t * cols + j]));
        expectedXht[i * k + t] = acc;
      }
    }
    for (const [wtx, xht] of results) {
      expect(Buffer.from(wtx.buffer).equals(Buffer.from(expected.buffer))).to.equal(true);
      expect(Buffer.from(xht.buffer).equals(Buffer.from(expectedXht.buffer))).to.equal(true);
    }
  });

  it('refuses use after dispose', () => {
    const products = new DenseProducts(randomArray(6, 1), 2, 3);
    products.dispose();
    expect(() => products.timesTransposed(randomArray(3, 2), 1)).to.throw(/after dispose/);
  });

  it('dense data makes its tensor of X only on demand, inside tidy too, and frees it', async () => {
    const X = randomArray(40 * 9, 3);
    await expectNoLeak(() => {
      const data = readData({ data: X, shape: [40, 9] });
      try {
        const before = tf.memory().numTensors;
        const P = data.timesTransposedArray(randomArray(2 * 9, 4), 2);
        expect(P.length).to.equal(80);
        expect(tf.memory().numTensors).to.equal(before); // no tensor of X yet
        const sum = tf.tidy(() => tf.sum(data.dense!).dataSync()[0]);
        expect(sum).to.be.closeTo(
          X.reduce((s, v) => s + v, 0),
          1e-3,
        );
        expect(data.dense!.isDisposed).to.equal(false); // kept out of the tidy
      } finally {
        data.dispose();
      }
    });
  });
});
