/**
 * The composite kernels (tf ops, for backends without nmflow's host code), run on `cpu` by
 * registering them there: they agree with the host kernels within float32 rounding (products,
 * Gram) or within the solve's tolerance (the half-step), and leave no tensor behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize } from '../../src';
import {
  gram,
  overparamHalfStep,
  timesTransposed,
  timesTransposedOf,
  transposedTimes,
  transposedTimesRows,
  type HalfStepAttrs,
  type XOperand,
} from '../../src/kernels/ops';
import type { KernelForm } from '../../src/kernels/register';
import { DEFAULT_ALPHA } from '../../src/nnls/overparam-common';
import { NEVER_SWITCH } from '../../src/kernels/js/bb-columns';
import { csrOperand, nonNegative, onCpu, relativeDistance } from './kernel-fixtures';

const rows = 150;
const cols = 40;
const k = 5;
const X = nonNegative(rows, cols, 31, 0.4);
const W = nonNegative(rows, k, 32);
const H = nonNegative(k, cols, 33);

function operands(): XOperand[] {
  return [{ kind: 'dense', x: tf.tensor2d(X, [rows, cols]) }, csrOperand(X, rows, cols)];
}

const disposeOperand = (o: XOperand) =>
  tf.dispose(o.kind === 'dense' ? [o.x] : [o.indptr, o.indices, o.values]);

function products(form: KernelForm) {
  return onCpu(form, () => {
    const before = tf.memory().numTensors;
    const out = operands().map((o) => {
      const r = tf.tidy(() => [
        timesTransposed(o, tf.tensor2d(H, [k, cols])).dataSync(),
        transposedTimes(o, tf.tensor2d(W, [rows, k])).dataSync(),
        gram(tf.tensor2d(W, [rows, k])).dataSync(),
        timesTransposedOf(o, tf.transpose(tf.tensor2d(H, [k, cols]))).dataSync(),
        transposedTimesRows(o, tf.tensor2d(W, [rows, k])).dataSync(),
      ]);
      disposeOperand(o);
      return r;
    });
    expect(tf.memory().numTensors).to.equal(before);
    return out;
  });
}

const attrs = (tol: number, switchAt: number): HalfStepAttrs => ({
  l1: 0.01,
  l2: 0.1,
  depth: 2,
  alpha: DEFAULT_ALPHA,
  learningRate: 1,
  tol,
  tolFactor: 0,
  tolFloor: 0,
  maxIter: 5000,
  checkEvery: 10,
  switchAt,
});

function halfStep(form: KernelForm, tol: number, switchAt = NEVER_SWITCH) {
  return onCpu(form, () => {
    const before = tf.memory().numTensors;
    const F = nonNegative(cols, k, 34);
    const r = 40;
    const P = nonNegative(r, k, 35);
    const x0 = nonNegative(r, k, 36);
    const solved = tf.tidy(() => {
      const out = overparamHalfStep(
        tf.tensor2d(F, [cols, k]),
        tf.tensor2d(P, [r, k]),
        tf.tensor2d(x0, [r, k]),
        attrs(tol, switchAt),
      );
      return { x: out.x.dataSync(), info: out.info.dataSync() };
    });
    expect(tf.memory().numTensors).to.equal(before);
    return solved;
  });
}

describe('kernels: composite kernels (on cpu)', () => {
  it('products (dense and CSR; X·Hᵀ also from Hᵀ, Xᵀ·W) and the Gram agree with the host kernels within float32 rounding', async () => {
    const host = await products('host');
    const composite = await products('composite');
    for (let o = 0; o < 2; o++) {
      for (let p = 0; p < 5; p++) {
        expect(
          relativeDistance(composite[o][p], host[o][p]),
          `operand ${o}, product ${p}`,
        ).to.be.below(1e-6);
      }
    }
  });

  it('the half-step solves the same problem: both reach the tolerance and the same x', async () => {
    const tol = 1e-3;
    const host = await halfStep('host', tol);
    const composite = await halfStep('composite', tol);
    expect(host.info[1]).to.be.at.most(tol);
    expect(composite.info[1]).to.be.at.most(tol);
    expect(composite.info[0]).to.be.above(0);
    expect(relativeDistance(composite.x, host.x)).to.be.below(1e-2);
  });

  it('the half-step with the projected finish: both reach a tight tolerance, the same x, in fewer iterations', async () => {
    const tol = 1e-5;
    const host = await halfStep('host', tol, 10);
    const composite = await halfStep('composite', tol, 10);
    const pure = await halfStep('host', tol);
    expect(host.info[1]).to.be.at.most(tol);
    expect(composite.info[1]).to.be.at.most(tol);
    expect(relativeDistance(composite.x, host.x)).to.be.below(1e-3);
    expect(host.info[0]).to.be.below(pure.info[0]);
  });

  it('factorize with the composite kernels fits as well as with the host kernels', async () => {
    const data = { data: X, shape: [rows, cols] as [number, number] };
    const fit = (form: KernelForm) =>
      onCpu(form, async () => {
        const before = tf.memory().numTensors;
        const r = await factorize(data, { rank: k, solver: 'anls', maxIter: 40, tol: 0, seed: 2 });
        tf.dispose([r.W, r.H]);
        expect(tf.memory().numTensors).to.equal(before);
        return r.relativeError;
      });
    const host = await fit('host');
    const composite = await fit('composite');
    expect(Math.abs(composite - host)).to.be.below(1e-3 * host);
  });
});
