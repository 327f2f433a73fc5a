/**
 * WtxProduct (wtx-product.ts): the H half's Xᵀ·W read in its own layout, kept for the fit: the
 * tensor is the transpose of Wᵀ·X bit for bit, the fit from it is the float64 residual's and that
 * of Wᵀ·X's layout, a dead component's column is zeroed, and the polish's Wᵀ·X is read back.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { readData } from '../../src/nmf/data';
import { WtxProduct } from '../../src/nmf/wtx-product';
import { gram64 } from '../../src/kernels/half-step-host';
import { transposeArray } from '../../src/linalg/sparse';
import { Rng } from '../../src/random';
import { toCsr, uniform } from './fixtures';

describe('nmf: WtxProduct', () => {
  const rng = new Rng(7);
  const [n, m, k] = [40, 25, 4];
  const X = uniform(n, m, 3).map((row) => row.map((v) => (v < 0.5 ? 0 : v)));
  const w = Float32Array.from({ length: n * k }, () => rng.uniform());
  const ht = Float64Array.from({ length: m * k }, () => Math.fround(rng.uniform()));

  /** ‖X − WH‖² in float64. */
  function exactSquaredError(wk: Float32Array): number {
    let sq = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let y = 0;
        for (let t = 0; t < k; t++) y += wk[i * k + t] * ht[j * k + t];
        sq += (Math.fround(X[i][j]) - y) ** 2;
      }
    }
    return sq;
  }

  for (const [name, input] of [
    ['dense', X],
    ['CSR', toCsr(X)],
  ] as const) {
    it(`${name}: Xᵀ·W as the product's transpose, its fit the residual's and Wᵀ·X's layout's, no tensor left`, () => {
      const data = readData(input);
      const before = tf.memory().numTensors;
      try {
        const product = new WtxProduct(data, k, m);
        const W = tf.tensor2d(w, [n, k]);
        const xtw = product.read(data.operand(), W);
        const columns = data.transposedTimesArray(w, k);
        expect(Array.from(xtw.dataSync())).to.deep.equal(Array.from(transposeArray(columns, k, m)));
        tf.dispose([xtw, W]);
        expect(product.wtx).to.equal(undefined); // only its transpose is kept
        const [GW, GH] = [gram64(w, n, k), gram64(ht, m, k)];
        const fit = product.squaredError(GW, GH, ht);
        expect(fit.precise).to.equal(false);
        const exact = exactSquaredError(w);
        expect(fit.squaredError).to.be.closeTo(exact, 1e-5 * exact);
        // the same fit from Wᵀ·X written as the polish writes it
        product.columns().set(columns);
        expect(product.wtx).to.equal(product.room);
        const fromColumns = product.squaredError(GW, GH, ht).squaredError;
        expect(Math.abs(fromColumns - fit.squaredError)).to.be.below(1e-12 * data.sqNorm);
      } finally {
        data.dispose();
      }
      expect(tf.memory().numTensors).to.equal(before);
    });
  }

  it('zeroRow: column t of Xᵀ·W, row t of Wᵀ·X; the fit then that of W without component t', () => {
    const data = readData(X);
    try {
      const dead = 2;
      const w0 = w.map((v, i) => (i % k === dead ? 0 : v));
      const GW = gram64(w0, n, k);
      const GH = gram64(ht, m, k);
      const product = new WtxProduct(data, k, m);
      const W = tf.tensor2d(w, [n, k]);
      tf.dispose([product.read(data.operand(), W), W]);
      product.zeroRow(dead);
      for (let j = 0; j < m; j++) expect(product.room[j * k + dead]).to.equal(0);
      const exact = exactSquaredError(w0);
      expect(product.squaredError(GW, GH, ht).squaredError).to.be.closeTo(exact, 1e-5 * exact);
      product.columns().set(data.transposedTimesArray(w, k));
      product.zeroRow(dead);
      expect(Array.from(product.wtx!.subarray(dead * m, (dead + 1) * m))).to.deep.equal(
        new Array(m).fill(0),
      );
      expect(product.squaredError(GW, GH, ht).squaredError).to.be.closeTo(exact, 1e-5 * exact);
    } finally {
      data.dispose();
    }
  });
});
