/**
 * nmflow's host kernels (wasm and cpu) through the ops: the same bits as the code they run,
 * called directly (DenseProducts / SparseProducts, the Gram kernel, overparamGramBb), and no
 * tensor left behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import {
  gram,
  NMFLOW_KERNEL_NAMES,
  overparamHalfStep,
  timesTransposed,
  timesTransposedOf,
  transposedTimes,
  transposedTimesRows,
  transposedTimesSplit,
  type HalfStepAttrs,
  type XOperand,
} from '../../src/kernels/ops';
import { registerNmflowKernels } from '../../src/kernels/register';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { SparseProducts } from '../../src/kernels/wasm/sparse-products';
import { largestEigenvalueSmall } from '../../src/linalg/small';
import { transposeArray } from '../../src/linalg/sparse';
import { gramFor } from '../../src/kernels/wasm/gram-wasm';
import { overparamGramBb, squaredNorm } from '../../src/kernels/overparam-gram';
import { NEVER_SWITCH } from '../../src/kernels/js/bb-columns';
import { DEFAULT_ALPHA } from '../../src/nnls/overparam-common';
import { csrOf, csrOperand, nonNegative, onBackend, sameBits } from './kernel-fixtures';

const rows = 203;
const cols = 57;
const k = 6;

/** The half-step as anls-overparam.ts ran it before the ops: the existing functions. */
function referenceHalfStep(
  F: Float32Array,
  fRows: number,
  P: Float32Array,
  x0: Float32Array,
  r: number,
  a: HalfStepAttrs,
): Float32Array {
  const G = gramFor(k)(F, fRows);
  for (let t = 0; t < k; t++) G[t * k + t] += a.l2;
  const C = Float32Array.from(P);
  for (let i = 0; i < C.length; i++) C[i] -= a.l1;
  const out = new Float32Array(r * k);
  overparamGramBb(
    G,
    C,
    x0,
    k,
    r,
    {
      depth: a.depth,
      alpha: a.alpha,
      learningRate: a.learningRate,
      lipschitz: largestEigenvalueSmall(G, k),
      tol: (kkt0) => Math.max(a.tolFloor, a.tolFactor * kkt0),
      maxIter: a.maxIter,
      checkEvery: a.checkEvery,
      layout: 'columns',
      cNorm: Math.sqrt(squaredNorm(C)),
      switchAt: a.switchAt,
    },
    undefined,
    undefined,
    out,
  );
  return out;
}

const attrs = (l1: number, l2: number, depth = 2, switchAt = NEVER_SWITCH): HalfStepAttrs => ({
  l1,
  l2,
  depth,
  alpha: DEFAULT_ALPHA,
  learningRate: 1,
  tol: -1,
  tolFactor: 0.1,
  tolFloor: 1e-6,
  maxIter: 200,
  checkEvery: 10,
  switchAt,
});

for (const backend of ['wasm', 'cpu']) {
  describe(`kernels: host kernels on ${backend}`, () => {
    const X = nonNegative(rows, cols, 1, 0.3);
    const H = nonNegative(k, cols, 2);
    const Ht = transposeArray(H, k, cols);
    const W = nonNegative(rows, k, 3);

    it('registers every nmflow kernel for the backend', () => {
      registerNmflowKernels(backend);
      for (const name of NMFLOW_KERNEL_NAMES.filter((n) => n !== 'NmflowHalsSweep')) {
        expect(tf.getKernel(name, backend), name).to.not.equal(undefined);
      }
    });

    it('X·Hᵀ (from H or Hᵀ), Wᵀ·X and Xᵀ·W, dense and CSR, equal the SIMD products bit for bit, leaving no tensor', () =>
      onBackend(backend, () => {
        const dense = new DenseProducts(X, rows, cols, 1);
        const sparse = SparseProducts.fromCsr(csrOf(X, rows, cols), 1);
        const before = tf.memory().numTensors;
        const operands: [string, XOperand, DenseProducts | SparseProducts][] = [
          ['dense', { kind: 'dense', x: tf.tensor2d(X, [rows, cols]) }, dense],
          ['csr', csrOperand(X, rows, cols), sparse],
        ];
        for (const [name, operand, products] of operands) {
          for (let call = 0; call < 2; call++) {
            // The second call finds X resident.
            const [P, Q, PofHt, Qt] = tf.tidy(() => [
              timesTransposed(operand, tf.tensor2d(H, [k, cols])).dataSync(),
              transposedTimes(operand, tf.tensor2d(W, [rows, k])).dataSync(),
              timesTransposedOf(operand, tf.tensor2d(Ht, [cols, k])).dataSync(),
              transposedTimesRows(operand, tf.tensor2d(W, [rows, k])).dataSync(),
            ]);
            expect(sameBits(P, products.timesTransposed(H, k)), `${name} X·Hᵀ`).to.equal(true);
            expect(sameBits(PofHt, P), `${name} X·Hᵀ from Hᵀ`).to.equal(true);
            expect(sameBits(Q, products.transposedTimes(W, k)), `${name} Wᵀ·X`).to.equal(true);
            expect(sameBits(Qt, transposeArray(Q, k, cols)), `${name} Xᵀ·W`).to.equal(true);
          }
          tf.dispose(
            operand.kind === 'dense'
              ? [operand.x]
              : [operand.indptr, operand.indices, operand.values],
          );
        }
        expect(tf.memory().numTensors).to.equal(before);
        dense.dispose();
        sparse.dispose();
      }));

    it("transposedTimesSplit: a CSR X's float64 parts as SparseProducts gives them; undefined for a dense X or composite kernels", () =>
      onBackend(backend, () => {
        const csr = csrOf(X, rows, cols);
        const sparse = SparseProducts.fromCsr(csr, 1);
        const [hi, lo] = [new Float32Array(k * cols), new Float32Array(k * cols)];
        sparse.transposedTimesSplit(W, k, hi, lo);
        sparse.dispose();
        const before = tf.memory().numTensors;
        const operand = csrOperand(X, rows, cols);
        const denseX: XOperand = { kind: 'dense', x: tf.tensor2d(X, [rows, cols]) };
        const Wt = tf.tensor2d(W, [rows, k]);
        try {
          const parts = transposedTimesSplit(operand, Wt)!;
          expect(sameBits(parts[0].dataSync() as Float32Array, hi)).to.equal(true);
          expect(sameBits(parts[1].dataSync() as Float32Array, lo)).to.equal(true);
          expect(lo.some((v) => v !== 0)).to.equal(true);
          tf.dispose(parts);
          expect(transposedTimesSplit(denseX, Wt)).to.equal(undefined);
          registerNmflowKernels(backend, 'composite');
          try {
            expect(transposedTimesSplit(operand, Wt)).to.equal(undefined);
          } finally {
            registerNmflowKernels(backend, 'host');
          }
        } finally {
          tf.dispose([operand.indptr, operand.indices, operand.values, denseX.x, Wt]);
        }
        expect(tf.memory().numTensors).to.equal(before);
      }));

    it('the Gram op is the float64 Gram kernel rounded once to float32', () =>
      onBackend(backend, () => {
        const G = tf.tidy(() => gram(tf.tensor2d(W, [rows, k])).dataSync());
        expect(sameBits(G, Float32Array.from(gramFor(k)(W, rows)))).to.equal(true);
      }));

    for (const [l1, l2, depth, switchAt] of [
      [0, 0, 2, NEVER_SWITCH],
      [0.05, 0.3, 2, NEVER_SWITCH],
      [0, 0, 3, NEVER_SWITCH],
      [0.05, 0.3, 2, 5],
      [0, 0, 3, 5],
    ]) {
      it(`the fused half-step equals overparamGramBb bit for bit (l1 ${l1}, l2 ${l2}, depth ${depth}${switchAt === NEVER_SWITCH ? '' : `, projected from ${switchAt}`})`, () =>
        onBackend(backend, () => {
          const before = tf.memory().numTensors;
          const HtF = nonNegative(cols, k, 4); // the other factor, cols × k
          const P = dense(rows, cols, X, HtF);
          const x0 = nonNegative(rows, k, 5);
          const a = attrs(l1, l2, depth, switchAt);
          const [x, info] = tf.tidy(() => {
            const out = overparamHalfStep(
              tf.tensor2d(HtF, [cols, k]),
              tf.tensor2d(P, [rows, k]),
              tf.tensor2d(x0, [rows, k]),
              a,
            );
            return [out.x.dataSync(), out.info.dataSync()];
          });
          const ref = referenceHalfStep(HtF, cols, P, x0, rows, a);
          expect(sameBits(x, ref)).to.equal(true);
          expect(info[0]).to.be.above(0); // it iterated
          expect(info[2]).to.equal(0); // no overflow
          expect(tf.memory().numTensors).to.equal(before);
        }));
    }

    it('the half-step reports an overflowing right-hand side and returns zeros', () =>
      onBackend(backend, () => {
        const [x, info] = tf.tidy(() => {
          const out = overparamHalfStep(
            tf.ones([5, k]) as tf.Tensor2D,
            tf.fill([3, k], Infinity) as tf.Tensor2D,
            tf.ones([3, k]) as tf.Tensor2D,
            attrs(0, 0),
          );
          return [out.x.dataSync(), out.info.dataSync()];
        });
        expect(info[2]).to.equal(1);
        expect(Array.from(x).every((v) => v === 0)).to.equal(true);
      }));
  });
}

/** X·F for X `rows × cols` and F `cols × k` (float32 result of a float64 sum). */
function dense(r: number, c: number, X: Float32Array, F: Float32Array): Float32Array {
  const out = new Float32Array(r * k);
  for (let i = 0; i < r; i++) {
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < c; j++) s += X[i * c + j] * F[j * k + t];
      out[i * k + t] = s;
    }
  }
  return out;
}
