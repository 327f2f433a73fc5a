/** The SIMD products of src/linalg/simd against float64 references, across thread counts. */
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { compileProductsWat } from '../../scripts/build-simd';
import { DenseProducts } from '../../src/linalg/simd/dense-products';
import { simdProductsAvailable } from '../../src/linalg/simd/kernel-memory';
import { sharedFloat64 } from '../../src/linalg/simd/kernel-threads';
import { PRODUCTS_WASM_BASE64 } from '../../src/linalg/simd/products-wasm';
import { readData } from '../../src/nmf/data';
import { expectNoLeak } from '../helpers';
import { expectProduct, randomArray } from './product-checks';

describe('linalg: SIMD dense products', function () {
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
    it(`X·Mᵀ and Mᵀ·X agree with float64 for ${rows} × ${cols}, k = ${k}`, () => {
      const X = randomArray(rows * cols, rows + cols + k);
      const H = randomArray(k * cols, 1);
      const W = randomArray(rows * k, 2);
      const products = new DenseProducts(X, rows, cols, 2);
      try {
        expectProduct(products.timesTransposed(H, k), X, H, rows, cols, k, false);
        expectProduct(products.transposedTimes(W, k), X, W, rows, cols, k, true);
        // A smaller rank after a larger one reuses the memory laid out for the larger.
        expectProduct(products.timesTransposed(H.subarray(0, cols), 1), X, H, rows, cols, 1, false);
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

  it('runs chunk tasks on the threads: every chunk once, into shared arrays, errors reported', () => {
    const out = sharedFloat64(50);
    const seen = sharedFloat64(50);
    const source = `(p, c) => {
      let s = 0;
      for (let i = 0; i < 20000; i++) s += Math.sqrt(i + c);
      p.out[c] = s;
      p.seen[c] += 1;
    }`;
    for (const threads of [1, 3]) {
      out.fill(0);
      seen.fill(0);
      const products = new DenseProducts(randomArray(4, 1), 2, 2, threads);
      try {
        products.runTask({ source, payload: { out, seen }, chunks: 50 });
        expect(Array.from(seen)).to.deep.equal(new Array(50).fill(1));
        const want = Array.from({ length: 50 }, (_, c) => {
          let s = 0;
          for (let i = 0; i < 20000; i++) s += Math.sqrt(i + c);
          return s;
        });
        expect(Array.from(out)).to.deep.equal(want);
        const failing = '(p, c) => { if (c === 7) throw new Error("chunk 7 failed"); }';
        expect(() => products.runTask({ source: failing, payload: {}, chunks: 20 })).to.throw(
          /chunk 7 failed|kernel worker thread failed/,
        );
      } finally {
        products.dispose();
      }
    }
  });

  it('posts a payload to the workers once: a reused one still runs, a new one is seen, ten alternate', () => {
    // Each chunk writes its payload's tag and the value in shared memory at that moment.
    const out = sharedFloat64(2 * 40);
    const live = sharedFloat64(1);
    const source = `(p, c) => {
      let s = 0;
      for (let i = 0; i < 20000; i++) s += Math.sqrt(i);
      p.out[2 * c] = p.tag + s * 0;
      p.out[2 * c + 1] = p.live[0];
    }`;
    const products = new DenseProducts(randomArray(4, 1), 2, 2, 3);
    const payloads = Array.from({ length: 10 }, (_, tag) => ({ out, live, tag }));
    try {
      for (let round = 0; round < 3; round++) {
        for (const [i, payload] of payloads.entries()) {
          live[0] = 100 * round + i; // changes between uses of one payload
          products.runTask({ source, payload, chunks: 40 });
          for (let c = 0; c < 40; c++) {
            expect(out[2 * c], `tag, round ${round}, payload ${i}`).to.equal(payload.tag);
            expect(out[2 * c + 1]).to.equal(live[0]);
          }
        }
        // The same payload object twice in a row.
        products.runTask({ source, payload: payloads[3], chunks: 40 });
        expect(out[0]).to.equal(3);
      }
    } finally {
      products.dispose();
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
