/**
 * polishFactors: one coordinate-descent pass over W and then Hᵀ, against the loop form of the
 * sweeps on the same products and Gram matrices, bit for bit, with Hᵀ longer than the block of
 * rows the wasm kernel sweeps at a time (its float64 copy goes block by block).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { readData, timesRows, transposedTimesRows } from '../../src/nmf/data';
import { polishFactors, POLISH_RATIO, POLISH_SWEEPS } from '../../src/nmf/polish';
import { loopSweeps } from '../../src/kernels/js/sweep-kernel';
import { gram64 } from '../../src/kernels/half-step-host';
import { Rng } from '../../src/random';
import { absGaussian, toCsr } from './fixtures';

/** The sweeps of `rows` rows of f (float32, in place) by the loop form, through float64. */
function loopPass(f: Float32Array, G: Float64Array, P: Float32Array, rows: number, k: number) {
  const F64 = Float64Array.from(f);
  loopSweeps(F64, G, P, 0, rows, k, POLISH_SWEEPS, POLISH_RATIO);
  f.set(F64);
}

describe('nmf: polishFactors', () => {
  for (const [name, sparse] of [
    ['dense X', false],
    ['CSR X', true],
  ] as const) {
    it(`${name}, 30 × 5000 at rank 4: the loop form's W and Hᵀ, and Wᵀ·X, bit for bit`, () => {
      const [n, m, k] = [30, 5000, 4];
      const X = absGaussian(n, m, 3).map((row, i) =>
        row.map((v, j) => (sparse && (i + 3 * j) % 4 !== 0 ? 0 : v)),
      );
      const data = readData(sparse ? toCsr(X) : X);
      const rng = new Rng(5);
      const w = Float32Array.from({ length: n * k }, () => rng.uniform());
      const ht = Float32Array.from({ length: m * k }, () => rng.uniform());
      const [wantW, wantHt] = [w.slice(), ht.slice()];
      loopPass(wantW, gram64(wantHt, m, k), timesRows(data, wantHt, k), n, k);
      loopPass(wantHt, gram64(wantW, n, k), transposedTimesRows(data, wantW, k), m, k);
      const before = tf.memory().numTensors;
      const wtx = new Float32Array(k * m);
      const pen = { l1W: 0, l2W: 0, l1H: 0, l2H: 0 };
      polishFactors(data, w, ht, k, pen, true, wtx);
      expect(tf.memory().numTensors).to.equal(before);
      expect(Buffer.from(w.buffer).equals(Buffer.from(wantW.buffer)), 'W').to.equal(true);
      expect(Buffer.from(ht.buffer).equals(Buffer.from(wantHt.buffer)), 'Hᵀ').to.equal(true);
      const wantWtx = data.transposedTimesArray(wantW, k);
      expect(Buffer.from(wtx.buffer).equals(Buffer.from(wantWtx.buffer)), 'Wᵀ·X').to.equal(true);
    });
  }
});
