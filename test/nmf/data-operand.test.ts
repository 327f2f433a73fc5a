/**
 * X's operand for nmflow's ops (data.ts): on a backend whose products are the host kernels
 * (wasm, cpu, tensorflow, webgl) it is a key to X's resident copy, with no copy of X in the
 * backend, and the ops on it give the resident products' results bit for bit; a CSR operand
 * whose indptr does not have rows + 1 entries and whose resident copy is gone is refused.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { readData } from '../../src/nmf/data';
import { timesTransposed, transposedTimes } from '../../src/kernels/ops';
import { HOST_BACKENDS } from '../../src/kernels/register';
import { absGaussian, toCsr } from './fixtures';

/** |N(0,1)| entries with a fixed pattern of zeros (`zeroFifths` fifths of them). */
function withZeros(rows: number, cols: number, zeroFifths: number): number[][] {
  return absGaussian(rows, cols, 7).map((row, i) =>
    row.map((v, j) => ((i * 7 + j * 3) % 5 < zeroFifths ? 0 : v)),
  );
}

describe('nmf: X as the operand of the ops', () => {
  const host = () => HOST_BACKENDS.includes(tf.getBackend());
  const inputs: [string, () => Parameters<typeof readData>[0]][] = [
    ['dense, dense products', () => withZeros(40, 30, 1)],
    ['dense, sparse-form products', () => withZeros(40, 30, 4)],
    ['CSR', () => toCsr(withZeros(40, 30, 4))],
  ];
  for (const [name, make] of inputs) {
    it(`${name}: the ops on the operand give the array products bit for bit`, () => {
      const data = readData(make());
      const k = 3;
      const H = Float32Array.from(absGaussian(k, 30, 8).flat());
      const W = Float32Array.from(absGaussian(40, k, 9).flat());
      const before = tf.memory().numBytes;
      try {
        const X = data.operand();
        if (host()) {
          // A key only: no copy of X (1,200 entries) in the backend.
          expect(X.kind).to.equal('csr');
          expect(tf.memory().numBytes - before).to.equal(0);
        }
        const xh = tf.tidy(() => timesTransposed(X, tf.tensor2d(H, [k, 30])).dataSync());
        const wx = tf.tidy(() => transposedTimes(X, tf.tensor2d(W, [40, k])).dataSync());
        expect(Array.from(xh)).to.deep.equal(Array.from(data.timesTransposedArray(H, k)));
        expect(Array.from(wx)).to.deep.equal(Array.from(data.transposedTimesArray(W, k)));
      } finally {
        data.dispose();
      }
      expect(tf.memory().numBytes).to.equal(before);
    });
  }

  it('a CSR operand with no resident copy and a short indptr is refused, naming indptr', function () {
    if (!host()) this.skip();
    const keys = [tf.tensor1d([], 'int32'), tf.tensor1d([], 'int32'), tf.tensor1d([], 'float32')];
    try {
      const [indptr, indices, values] = keys as tf.Tensor1D[];
      const X = { kind: 'csr' as const, indptr, indices, values, rows: 4, cols: 3 };
      expect(() => timesTransposed(X, tf.ones([2, 3]))).to.throw(
        /indptr has 0 entries, not rows \+ 1 = 5/,
      );
    } finally {
      tf.dispose(keys);
    }
  });
});
