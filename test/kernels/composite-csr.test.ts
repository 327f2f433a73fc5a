/**
 * The composite CSR products (register-composite.ts: X densified by a scatter, each entry's row
 * found by a cumulative sum over the row starts) on matrices with empty first, middle and last
 * rows, and with one row: they equal the dense products.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { timesTransposed, transposedTimes, transposedTimesRows } from '../../src/kernels/ops';
import { registerNmflowKernels } from '../../src/kernels/register';
import { csrOf, nonNegative, onBackend, relativeDistance } from './kernel-fixtures';

describe('kernels: composite CSR products with empty rows', () => {
  for (const [rows, empty] of [
    [9, [0, 4, 5, 8]],
    [1, []],
    [3, [0, 1, 2]],
  ] as [number, number[]][]) {
    it(`${rows} rows, rows ${JSON.stringify(empty)} empty: X·Hᵀ and Wᵀ·X equal the dense products`, () =>
      onBackend('cpu', () => {
        registerNmflowKernels('cpu', 'composite');
        try {
          const cols = 7;
          const k = 3;
          const X = nonNegative(rows, cols, 5 + rows, 0.6);
          for (const i of empty) X.fill(0, i * cols, (i + 1) * cols);
          const csr = csrOf(X, rows, cols);
          const before = tf.memory().numTensors;
          const operand = {
            kind: 'csr' as const,
            indptr: tf.tensor1d(csr.indptr, 'int32'),
            indices: tf.tensor1d(csr.indices, 'int32'),
            values: tf.tensor1d(csr.values),
            rows,
            cols,
          };
          const Xt = tf.tensor2d(X, [rows, cols]);
          const H = tf.tensor2d(nonNegative(k, cols, 1), [k, cols]);
          const W = tf.tensor2d(nonNegative(rows, k, 2), [rows, k]);
          const got = [
            timesTransposed(operand, H),
            transposedTimes(operand, W),
            transposedTimesRows(operand, W),
          ];
          const want = [
            tf.matMul(Xt, H, false, true),
            tf.matMul(W, Xt, true, false),
            tf.matMul(Xt, W, true, false),
          ];
          for (let i = 0; i < 3; i++) {
            expect(relativeDistance(got[i].dataSync(), want[i].dataSync())).to.be.below(1e-6);
          }
          tf.dispose([...got, ...want, Xt, H, W, operand.indptr, operand.indices, operand.values]);
          expect(tf.memory().numTensors).to.equal(before);
        } finally {
          registerNmflowKernels('cpu', 'host');
        }
      }));
  }
});
