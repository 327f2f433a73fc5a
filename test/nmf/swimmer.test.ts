/**
 * Swimmer (Donoho & Stodden 2003; src/datasets/swimmer.ts): 256 images = torso + one of four
 * positions for each of four limbs. The torso is in every image, so no rank-16 factorization
 * can hold it as a part of its own; it has to be shared among the limb components, and then
 * no component is within cosine 0.95 of a pure limb (limb 7 pixels, torso 36). The test
 * therefore factorizes the torso-free images (X minus the torso row, i.e. exactly a sum of
 * four limb parts) at rank 16 and asks that every one of the 16 ground-truth parts be
 * matched (optimal assignment) by a component with cosine ≥ 0.95.
 *
 * Solver: `hals`, random init, 60 iterations: all 16 parts recovered for 4 of 5 seeds (minimum
 * cosines 1.000, 1.000, 0.981, 0.000, 1.000: seed 3 misses a part; with extrapolate false seed 2
 * does instead); the test asks for at least 4 of 5. Which seed lands in a poorer local minimum
 * moves with float64 rounding (summing the Gram matrices in another order cost one more seed).
 * (`mu` missed seed 0 in our runs.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { compareFactorizations, factorize } from '../../src';
import { generateSwimmer } from '../../src/datasets';

describe('nmf: Swimmer parts recovery', () => {
  it('hals recovers all 16 limb parts (cosine ≥ 0.95) for most seeds', async function () {
    this.timeout(120000);
    const s = generateSwimmer();
    const pixels = s.parts.shape[1];
    const limbsOnly = Float32Array.from(s.X.data, (v, i) => v - s.torso.data[i % pixels]);
    const X = { data: limbsOnly, shape: [256, pixels] as [number, number] };
    let recovered = 0;
    for (let seed = 0; seed < 5; seed++) {
      const r = await factorize(X, { rank: 16, solver: 'hals', init: 'random', seed, maxIter: 60 });
      const cmp = compareFactorizations(s.parts, r.H);
      tf.dispose([r.W, r.H]);
      expect(cmp.pairs).to.have.length(16);
      if (cmp.minCosine >= 0.95) recovered++;
    }
    expect(recovered).to.be.at.least(4);
  });
});
