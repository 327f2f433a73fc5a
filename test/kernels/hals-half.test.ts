/**
 * hals's half-step on tensors (hals-half-op.ts): its composite kernel (tf ops, run on `cpu` by
 * registering the composites there) and its host kernel agree with the host sweep hals runs on
 * `wasm`/`cpu` (hals-sweep-host.ts, float64) within float32 rounding, on both halves (W: `n × k`;
 * H: `k × m`, transposed), with and without penalties, and leave no tensor behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { halsHalf, halsHalfIsComposite } from '../../src/kernels/hals-half-op';
import { halsSweepHost, type HalsSweepState } from '../../src/kernels/hals-sweep-host';
import { loopSweeps } from '../../src/kernels/js/sweep-kernel';
import { transposeArray } from '../../src/linalg/sparse';
import { nonNegative, onCpu, relativeDistance } from './kernel-fixtures';

const MAX_SWEEPS = 5;
const RATIO = 0.01;

/**
 * A half problem: the factor being swept F (`rows × k`, a third of its entries 0), the other
 * factor O (`other × k`, with column `dead` zero when given: a coordinate the sweeps skip) and
 * P = X·O for a non-negative X (`rows × other`).
 */
function problem(rows: number, other: number, k: number, seed: number, dead?: number) {
  const F = nonNegative(rows, k, seed, 0.66);
  const O = nonNegative(other, k, seed + 1);
  if (dead !== undefined) for (let i = 0; i < other; i++) O[i * k + dead] = 0;
  const X = nonNegative(rows, other, seed + 2, 0.5);
  const P = new Float32Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < other; j++) s += X[i * other + j] * O[j * k + t];
      P[i * k + t] = s;
    }
  }
  const G = new Float32Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let j = 0; j < other; j++) s += O[j * k + a] * O[j * k + b];
      G[a * k + b] = s;
    }
  }
  return { F, O, P, G };
}

/** The host sweep (float64 factors, hals-sweep-host.ts) of half `side`: [F `rows × k`, violation]. */
function hostSweep(
  p: ReturnType<typeof problem>,
  rows: number,
  other: number,
  k: number,
  side: 0 | 1,
  l1: number,
  l2: number,
): [Float32Array, number] {
  const F = Float64Array.from(p.F);
  const O = Float64Array.from(p.O);
  const state: HalsSweepState = {
    k,
    rows: side === 0 ? [rows, other] : [other, rows],
    // The W half reads the other factor from starts[1], the H half from factors[0].
    factors: side === 0 ? [F, new Float64Array(0)] : [O, F],
    starts: side === 0 ? [F, O] : [O, F],
    products:
      side === 0
        ? [new Float32Array(rows * k), new Float32Array(0)]
        : [new Float32Array(0), new Float32Array(rows * k)],
    sweep: (f, g, P, r, start) => {
      if (start instanceof Float64Array && f !== start) f.set(start);
      return loopSweeps(f, g, P, 0, r, k, MAX_SWEEPS, RATIO);
    },
    violation: [0, 0],
  };
  const out = new Float32Array(rows * k);
  const violation = halsSweepHost(state, side, p.P, l1, l2, out);
  return [out, violation];
}

describe('kernels: hals half-step on tensors (halsHalf)', () => {
  const rows = 120;
  const other = 45;
  const cases = [
    { k: 6, l1: 0, l2: 0, dead: 2 },
    { k: 6, l1: 0.3, l2: 0.7, dead: undefined },
    { k: 16, l1: 0, l2: 0, dead: undefined },
    { k: 16, l1: 0.05, l2: 2, dead: 5 },
  ];
  for (const { k, l1, l2, dead } of cases) {
    for (const side of [0, 1] as const) {
      const what = `${side === 0 ? 'W' : 'H (transposed)'} half, k = ${k}, l1 = ${l1}, l2 = ${l2}${dead !== undefined ? ', a zero column' : ''}`;
      for (const form of ['composite', 'host'] as const) {
        it(`the ${form} kernel equals the host sweep within float32 rounding: ${what}`, () =>
          onCpu(form, () => {
            const p = problem(rows, other, k, 10 * k + side + (l1 ? 5 : 0), dead);
            const [want, wantViolation] = hostSweep(p, rows, other, k, side, l1, l2);
            const before = tf.memory().numTensors;
            const shape: [number, number] = side === 0 ? [rows, k] : [k, rows];
            const lay = (a: Float32Array) => (side === 0 ? a : transposeArray(a, rows, k));
            const f0 = tf.tensor2d(lay(p.F), shape);
            const P = tf.tensor2d(lay(p.P), shape);
            const g = tf.tensor2d(p.G, [k, k]);
            expect(halsHalfIsComposite()).to.equal(form === 'composite');
            const out = halsHalf(f0, g, P, {
              l1,
              l2,
              maxSweeps: MAX_SWEEPS,
              ratio: RATIO,
              transposed: side === 1,
            });
            const got = side === 0 ? out.f.dataSync() : transposeArray(out.f.dataSync(), k, rows);
            const violation = out.violation.dataSync()[0];
            tf.dispose([f0, P, g, out.f, out.violation]);
            expect(tf.memory().numTensors).to.equal(before);
            // Coordinate descent passes rounding on from sweep to sweep: 5 sweeps in float32
            // land within a few 1e-6 of the float64 ones (measured: composite ≤ 5.5e-6 at
            // k = 16, host kernel ≤ 1e-7; violations within 6e-8).
            expect(relativeDistance(got, want)).to.be.below(2e-5);
            expect(Math.abs(violation - wantViolation)).to.be.below(1e-6 * wantViolation);
            expect(wantViolation).to.be.above(0);
            if (dead !== undefined && l2 === 0) {
              // G_tt = 0: the sweeps skip the coordinate, which keeps its start.
              for (let i = 0; i < rows; i++) expect(got[i * k + dead]).to.equal(p.F[i * k + dead]);
            }
          }));
      }
    }
  }

  it('rejects operands of mismatched shapes, naming them', () =>
    onCpu('composite', () => {
      const f0 = tf.zeros([10, 3]) as tf.Tensor2D;
      const P = tf.zeros([10, 4]) as tf.Tensor2D;
      const g = tf.zeros([3, 3]) as tf.Tensor2D;
      const attrs = { l1: 0, l2: 0, maxSweeps: 1, ratio: 0, transposed: false };
      expect(() => halsHalf(f0, g, P, attrs)).to.throw(/halsHalf: f0 and p .*\[10,4\]/);
      tf.dispose([f0, P, g]);
    }));
});
