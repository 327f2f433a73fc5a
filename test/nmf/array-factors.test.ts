/**
 * ArrayFactors (the starts Ŵ, Ĥᵀ made in place where an iteration takes them) against the eager
 * form kept here (Ŵ and Ĥᵀ as arrays of their own, made when `extrapolate` is called): the same
 * factors, starts and checkpoint matrices bit for bit through extrapolation, restarts, starts
 * given up, balancing and a resumed checkpoint.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { ArrayFactors, startInto } from '../../src/nmf/array-factors';
import { extrapolateInto } from '../../src/nmf/extrapolation';
import { transposeArray } from '../../src/linalg/sparse';
import type { ShapedFloat32 as Matrix32 } from '../../src/linalg/matrix';
import { Rng } from '../../src/random';

const [n, m, k] = [9, 7, 3];

/** What a rule does with the factors: W and Hᵀ, their starts, balancing, checkpoint matrices. */
interface Factors {
  readonly w: Float64Array;
  readonly ht: Float64Array;
  /** Makes Ŵ in w; returns where Ĥᵀ is. */
  start(): Float64Array;
  extrapolate(beta: number): void;
  scaleComponent(t: number, s: number): void;
  matrices(): Record<string, Matrix32>;
}

/** Ŵ, Ĥᵀ and the previous iterates as arrays of their own. */
class Eager implements Factors {
  readonly w: Float64Array;
  readonly ht: Float64Array;
  private readonly wHat: Float64Array;
  private readonly htHat: Float64Array;
  private readonly wPrev: Float64Array;
  private readonly htPrev: Float64Array;

  constructor(w: Float64Array, ht: Float64Array, matrices?: Record<string, Matrix32>) {
    [this.w, this.ht] = [w, ht];
    [this.wHat, this.wPrev, this.htHat, this.htPrev] = [w, w, ht, ht].map((a) => a.slice());
    if (matrices) {
      this.wHat.set(matrices.Wstart.data);
      this.htHat.set(transposeArray(matrices.Hstart.data, k, m));
    }
  }

  start(): Float64Array {
    this.w.set(this.wHat);
    return this.htHat;
  }

  extrapolate(beta: number): void {
    extrapolateInto(this.wHat, this.w, this.wPrev, beta);
    extrapolateInto(this.htHat, this.ht, this.htPrev, beta);
  }

  scaleComponent(t: number, s: number): void {
    for (const a of [this.w, this.wHat, this.wPrev])
      for (let i = t; i < a.length; i += k) a[i] *= s;
    for (const a of [this.ht, this.htHat, this.htPrev]) {
      for (let i = t; i < a.length; i += k) a[i] /= s;
    }
  }

  matrices(): Record<string, Matrix32> {
    return {
      Wstart: { data: Float32Array.from(this.wHat), shape: [n, k] },
      Hstart: { data: transposeArray(this.htHat, m, k), shape: [k, m] },
    };
  }
}

/** ArrayFactors as the rules use it. */
class InPlace implements Factors {
  constructor(readonly f: ArrayFactors<Float64Array>) {}
  get w() {
    return this.f.w;
  }
  get ht() {
    return this.f.ht;
  }
  start(): Float64Array {
    startInto(this.f.w, this.f.takeStarts());
    return this.f.ht;
  }
  extrapolate(beta: number): void {
    this.f.extrapolate(beta);
  }
  scaleComponent(t: number, s: number): void {
    this.f.scaleComponent(t, s);
  }
  matrices(): Record<string, Matrix32> {
    return this.f.matrices();
  }
}

function made(seed: number, matrices?: Record<string, Matrix32>): [Eager, InPlace] {
  const rng = new Rng(seed);
  const w0 = Float32Array.from({ length: n * k }, () => rng.uniform());
  const h0 = Float32Array.from({ length: k * m }, () => rng.uniform());
  const f = new ArrayFactors(
    tf.tensor2d(w0, [n, k]),
    tf.tensor2d(h0, [k, m]),
    (length) => new Float64Array(length),
    true,
    matrices,
  );
  const eager = new Eager(
    Float64Array.from(w0),
    Float64Array.from(transposeArray(h0, k, m)),
    matrices,
  );
  return [eager, new InPlace(f)];
}

/**
 * One outer iteration: both halves move their factor from its start, then `between` (the guard),
 * then extrapolation.
 */
function iteration(f: Factors, step: number, beta: number, between = () => {}): void {
  const htHat = f.start();
  for (let i = 0; i < f.w.length; i++) f.w[i] = Math.abs(f.w[i] * 0.9 - 0.05 * ((i + step) % 5));
  for (let i = 0; i < f.ht.length; i++)
    f.ht[i] = Math.abs(htHat[i] * 1.1 - 0.04 * ((i * step) % 3));
  between();
  f.extrapolate(beta);
}

function expectSame(a: Factors, b: Factors, what: string) {
  expect(Array.from(b.w), `${what}: W`).to.deep.equal(Array.from(a.w));
  expect(Array.from(b.ht), `${what}: Hᵀ`).to.deep.equal(Array.from(a.ht));
  const [ma, mb] = [a.matrices(), b.matrices()];
  for (const name of ['Wstart', 'Hstart']) {
    expect(Array.from(mb[name].data), `${what}: ${name}`).to.deep.equal(Array.from(ma[name].data));
  }
}

describe('nmf: ArrayFactors (the starts made in place)', () => {
  it('gives the eager form’s factors, starts and checkpoint matrices bit for bit', () => {
    const [eager, inPlace] = made(1);
    try {
      expect(inPlace.f.takeStarts(), 'the first start is W itself').to.equal(inPlace.w);
      const betas = [0.5, 0.8, 0, 0.9, 0.6];
      betas.forEach((beta, step) => {
        iteration(eager, step, beta);
        iteration(inPlace, step, beta);
        expectSame(eager, inPlace, `step ${step}`);
      });
      // Extrapolations again before any iteration: starts given up, then a restart (the guard's
      // extrapolate(0)).
      for (const beta of [0.3, 0]) {
        eager.extrapolate(beta);
        inPlace.extrapolate(beta);
        expectSame(eager, inPlace, `again with β = ${beta}`);
      }
      iteration(eager, 7, 0.7);
      iteration(inPlace, 7, 0.7);
      expectSame(eager, inPlace, 'after the restart');
      // Balancing (between the halves and the extrapolation), then another iteration.
      for (const f of [eager, inPlace]) iteration(f, 9, 0.75, () => f.scaleComponent(1, 4));
      expectSame(eager, inPlace, 'balanced');
      iteration(eager, 8, 0.6);
      iteration(inPlace, 8, 0.6);
      expectSame(eager, inPlace, 'after balancing');
    } finally {
      inPlace.f.dispose();
    }
  });

  it('resumes from a checkpoint’s starts as the eager form does', () => {
    const [, source] = made(2);
    for (let step = 0; step < 3; step++) iteration(source, step, 0.5 + 0.1 * step);
    const matrices = source.matrices();
    const [eager, inPlace] = made(2, matrices);
    try {
      expectSame(eager, inPlace, 'resumed, before an iteration');
      const start = inPlace.f.takeStarts();
      expect(start).to.be.instanceOf(Float64Array).and.not.equal(inPlace.w);
      startInto(inPlace.w, start);
      eager.start();
      expect(Array.from(inPlace.ht), 'Ĥᵀ in ht').to.deep.equal(
        Array.from(transposeArray(matrices.Hstart.data, k, m)),
      );
      for (let step = 0; step < 3; step++) {
        iteration(eager, step, 0.7);
        iteration(inPlace, step, 0.7);
        expectSame(eager, inPlace, `resumed, step ${step}`);
      }
    } finally {
      source.f.dispose();
      inPlace.f.dispose();
    }
  });

  it('refuses to balance while a start is pending (its Ŵ would not be the eager one)', () => {
    const [, inPlace] = made(3);
    try {
      inPlace.extrapolate(0.5);
      expect(() => inPlace.scaleComponent(0, 2)).to.throw(/pending/);
    } finally {
      inPlace.f.dispose();
    }
  });
});
