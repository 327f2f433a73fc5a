import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { minimizeQuartic } from '../../src/kernels/quartic';
import { minimizeQuartic64 } from '../../src/kernels/gram-steps-quartic';
import { Rng } from '../../src/random';

const phi = (c: number[], s: number) => s * (c[0] + s * (c[1] + s * (c[2] + s * c[3])));

/** min over s ≥ 0 of φ in float64: a log-spaced scan refined by golden-section search. */
function scanMinimum(c: number[]): number {
  let best = 0;
  let bestS = 0;
  for (let e = -8; e <= 8; e += 0.002) {
    const s = Math.pow(10, e);
    if (phi(c, s) < best) [best, bestS] = [phi(c, s), s];
  }
  let [lo, hi] = [bestS * 0.99, bestS * 1.01];
  for (let i = 0; i < 100; i++) {
    const m1 = lo + (hi - lo) * 0.382;
    const m2 = lo + (hi - lo) * 0.618;
    if (phi(c, m1) < phi(c, m2)) hi = m2;
    else lo = m1;
  }
  return Math.min(best, phi(c, (lo + hi) / 2));
}

/**
 * Random quartics with a1 < 0, a4 ≥ 0: an overall scale over ±6 decades and coefficients
 * spread over `spread` decades (standard deviation) relative to it.
 */
function randomQuartics(count: number, seed: number, spread: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const scale = Math.pow(10, 2 * rng.normal());
    const t = () => scale * Math.pow(10, spread * rng.normal());
    return [
      -Math.abs(rng.normal()) * t(),
      rng.normal() * t(),
      rng.normal() * t(),
      Math.abs(rng.normal()) * t(),
    ];
  });
}

function run(fn: typeof minimizeQuartic, cs: number[][]): number[] {
  const before = tf.memory().numTensors;
  const rows = [0, 1, 2, 3].map((k) => tf.tensor2d([cs.map((c) => c[k])]));
  const s = fn({ a1: rows[0], a2: rows[1], a3: rows[2], a4: rows[3] });
  const out = Array.from(s.dataSync());
  tf.dispose([s, ...rows]);
  expect(tf.memory().numTensors, 'tensors leaked').to.equal(before);
  return out;
}

describe('nnls quartic line search', () => {
  const cs = randomQuartics(300, 5, 1);
  // Roots more than ~6 decades apart are beyond float32: then only descent is promised.
  const wide = randomQuartics(300, 6, 3);

  it('minimizeQuartic finds the float64 minimum over s ≥ 0 (300 random quartics)', () => {
    const s = run(minimizeQuartic, cs);
    cs.forEach((c, j) => {
      const best = scanMinimum(c);
      expect(s[j], `quartic ${c}`).to.be.at.least(0);
      // float32 coefficients and roots: within 1e-4 of the decrease the true minimum achieves.
      expect(phi(c, s[j]) - best, `quartic ${c}`).to.be.at.most(1e-4 * Math.abs(best));
    });
  });

  it('minimizeQuartic always decreases φ, even over wide coefficient ranges', () => {
    const s = run(minimizeQuartic, wide);
    wide.forEach((c, j) => expect(phi(c, s[j]), `quartic ${c}`).to.be.below(0));
  });

  it('returns 0 for a stationary column (a1 = 0)', () => {
    expect(run(minimizeQuartic, [[0, 1, 2, 3]])[0]).to.equal(0);
  });

  describe('minimizeQuartic64 (float64, one column)', () => {
    const at = (c: number[]) => minimizeQuartic64(c[0], c[1], c[2], c[3]);

    it('finds the float64 minimum over s ≥ 0 (300 random quartics)', () => {
      cs.forEach((c) => {
        const s = at(c);
        expect(s, `quartic ${c}`).to.be.above(0);
        expect(phi(c, s) - scanMinimum(c), `quartic ${c}`).to.be.at.most(
          1e-9 * Math.abs(phi(c, s)),
        );
      });
    });

    it('takes the lower of two minima (three stationary points)', () => {
      // φ'(s) = 4(s − 1)(s − 2)(s − 4) + ε·s: minima near s = 1 and s = 4, the one at 4 lower.
      const c = [-32, 28, -28 / 3, 1];
      expect(at(c)).to.be.closeTo(4, 1e-9);
      // The same with the minimum near 1 the lower: a larger a1 pulls it down.
      const d = [-34, 28, -28 / 3, 1];
      expect(phi(d, at(d))).to.be.closeTo(scanMinimum(d), 1e-9);
    });

    it('decreases φ over wide coefficient ranges, and with a4 = 0 (the robust search)', () => {
      wide.forEach((c) => expect(phi(c, at(c)), `quartic ${c}`).to.be.below(0));
      expect(at([-2, 1, 0, 0])).to.be.closeTo(1, 1e-12);
      expect(phi([-1, 1, 1, 0], at([-1, 1, 1, 0]))).to.be.closeTo(
        scanMinimum([-1, 1, 1, 0]),
        1e-12,
      );
    });

    it('returns 0 for a stationary column (a1 = 0) or a rising one', () => {
      expect(at([0, 1, 2, 3])).to.equal(0);
      expect(at([1, 1, 2, 3])).to.equal(0);
    });
  });
});
