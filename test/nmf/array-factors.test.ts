/**
 * ArrayFactors with `lazyW` (hals: Ŵ made where the W half's sweeps start) against the eager
 * form (Ŵ kept as an array): the same factors, starts and checkpoint matrices bit for bit through
 * extrapolation, restarts, a start given up, balancing and a resumed checkpoint.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { ArrayFactors, type WStart } from '../../src/nmf/array-factors';
import { extrapolateInto } from '../../src/nmf/extrapolation';
import type { ShapedFloat32 as Matrix32 } from '../../src/linalg/matrix';
import { Rng } from '../../src/random';

const [n, m, k] = [9, 7, 3];

function made(lazy: boolean, seed: number, matrices?: Record<string, Matrix32>) {
  const rng = new Rng(seed);
  const W0 = tf.tensor2d(
    Float32Array.from({ length: n * k }, () => rng.uniform()),
    [n, k],
  );
  const H0 = tf.tensor2d(
    Float32Array.from({ length: k * m }, () => rng.uniform()),
    [k, m],
  );
  return new ArrayFactors(W0, H0, (length) => new Float64Array(length), true, matrices, lazy);
}

/** What the W half does with its start: W made from it (in place where it is W itself). */
function startW(f: ArrayFactors<Float64Array>, start: WStart<Float64Array>): void {
  if (start instanceof Float64Array) {
    if (start !== f.w) f.w.set(start);
  } else extrapolateInto(f.w, f.w, start.previous, start.beta);
}

/** One outer iteration: both halves move their factor from its start, then extrapolation. */
function iteration(f: ArrayFactors<Float64Array>, step: number, beta: number): void {
  startW(f, f.takeWStart());
  for (let i = 0; i < f.w.length; i++) f.w[i] = Math.abs(f.w[i] * 0.9 - 0.05 * ((i + step) % 5));
  for (let i = 0; i < f.ht.length; i++)
    f.ht[i] = Math.abs(f.htHat[i] * 1.1 - 0.04 * ((i * step) % 3));
  f.extrapolate(beta);
}

function expectSame(a: ArrayFactors<Float64Array>, b: ArrayFactors<Float64Array>, what: string) {
  expect(Array.from(b.w), `${what}: W`).to.deep.equal(Array.from(a.w));
  expect(Array.from(b.ht), `${what}: Hᵀ`).to.deep.equal(Array.from(a.ht));
  const [ma, mb] = [a.matrices(), b.matrices()];
  for (const name of ['Wstart', 'Hstart']) {
    expect(Array.from(mb[name].data), `${what}: ${name}`).to.deep.equal(Array.from(ma[name].data));
  }
}

describe('nmf: ArrayFactors with Ŵ left to the W half (lazyW)', () => {
  it('gives the eager form’s factors, starts and checkpoint matrices bit for bit', () => {
    const eager = made(false, 1);
    const lazy = made(true, 1);
    try {
      expect(lazy.w.length).to.equal(n * k);
      expect(lazy.takeWStart(), 'the first start is W itself').to.equal(lazy.w);
      startW(eager, eager.takeWStart());
      const betas = [0.5, 0.8, 0, 0.9, 0.6];
      betas.forEach((beta, step) => {
        iteration(eager, step, beta);
        iteration(lazy, step, beta);
        expectSame(eager, lazy, `step ${step}`);
      });
      // Extrapolations again before any W half: a start given up, then a restart (the guard's
      // extrapolate(0)).
      for (const beta of [0.3, 0]) {
        eager.extrapolate(beta);
        lazy.extrapolate(beta);
        expectSame(eager, lazy, `again with β = ${beta}`);
      }
      iteration(eager, 7, 0.7);
      iteration(lazy, 7, 0.7);
      expectSame(eager, lazy, 'after the restart');
      // Balancing (between a W half and the extrapolation), then another iteration.
      for (const f of [eager, lazy]) {
        startW(f, f.takeWStart());
        f.scaleComponent(1, 4);
        f.extrapolate(0.75);
      }
      iteration(eager, 8, 0.6);
      iteration(lazy, 8, 0.6);
      expectSame(eager, lazy, 'after balancing');
    } finally {
      eager.dispose();
      lazy.dispose();
    }
  });

  it('resumes from a checkpoint’s starts as the eager form does', () => {
    const source = made(false, 2);
    for (let step = 0; step < 3; step++) iteration(source, step, 0.5 + 0.1 * step);
    const matrices = source.matrices();
    const eager = made(false, 2, matrices);
    const lazy = made(true, 2, matrices);
    try {
      const start = lazy.takeWStart();
      expect(start).to.be.instanceOf(Float64Array).and.not.equal(lazy.w);
      expect(Array.from(start as Float64Array)).to.deep.equal(Array.from(eager.wHat));
      startW(lazy, start);
      startW(eager, eager.takeWStart());
      for (let step = 0; step < 3; step++) {
        iteration(eager, step, 0.7);
        iteration(lazy, step, 0.7);
        expectSame(eager, lazy, `resumed, step ${step}`);
      }
    } finally {
      for (const f of [source, eager, lazy]) f.dispose();
    }
  });

  it('refuses to balance while a start is pending (its Ŵ would not be the eager one)', () => {
    const lazy = made(true, 3);
    try {
      lazy.extrapolate(0.5);
      expect(() => lazy.scaleComponent(0, 2)).to.throw(/pending/);
    } finally {
      lazy.dispose();
    }
  });
});
