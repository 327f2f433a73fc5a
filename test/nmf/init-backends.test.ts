/**
 * The initializations do not depend on the backend: the same seed gives the same W and H, bit
 * for bit, on `cpu`, `wasm` and (where `npm run setup:native` was run) `tensorflow`. They run
 * in nmflow's own float64 code; tf reductions (norms, sums) round differently per backend, and
 * a non-convex fit from a different start can end in a different minimum.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { availableBackends, type BackendName } from '../../src/backend';
import { readData } from '../../src/nmf/data';
import { initialize } from '../../src/nmf/init';
import { Rng } from '../../src/random';

/** A 70 × 45 non-negative matrix with ≈30% zeros (nndsvd's parts and thresholds all matter). */
function matrix(): number[][] {
  const rng = new Rng(7);
  return Array.from({ length: 70 }, () =>
    Array.from({ length: 45 }, () => {
      const x = rng.normal();
      return x < -0.5 ? 0 : (x + 0.5) ** 2;
    }),
  );
}

/** W and H of `init` at rank 6, seed 3, on `backend`; no tensor is left behind. */
async function factorsOn(
  backend: BackendName,
  X: number[][],
  init: 'random' | 'nndsvd' | 'nndsvda' | 'nndsvdar',
) {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const data = readData(X);
  try {
    const { W, H } = initialize(data, 6, init, 3);
    const out = { W: W.dataSync().slice(), H: H.dataSync().slice() };
    tf.dispose([W, H]);
    return out;
  } finally {
    data.dispose();
    expect(tf.memory().numTensors, `tensors left on ${backend}`).to.equal(before);
  }
}

describe('nmf: initial factors are the same on every backend', () => {
  const available = availableBackends();
  const backends = (['cpu', 'wasm', 'tensorflow'] as BackendName[]).filter((b) => available[b].ok);
  const X = matrix();
  let original: string;
  before(() => {
    original = tf.getBackend();
  });
  after(async () => {
    await tf.setBackend(original);
  });

  it('runs on at least cpu and wasm', () => {
    expect(backends).to.include.members(['cpu', 'wasm']);
  });

  for (const init of ['random', 'nndsvd', 'nndsvda', 'nndsvdar'] as const) {
    it(`${init}: identical W and H on ${backends.join(', ')}`, async () => {
      const [first, ...rest] = backends;
      const ref = await factorsOn(first, X, init);
      // Not a degenerate start: some positive entries in both.
      expect(ref.W.some((v) => v > 0) && ref.H.some((v) => v > 0)).to.equal(true);
      for (const b of rest) {
        const got = await factorsOn(b, X, init);
        for (const f of ['W', 'H'] as const) {
          const diff = got[f].findIndex((v, i) => !Object.is(v, ref[f][i]));
          expect(diff, `${init} ${f} on ${b} vs ${first}: first difference at ${diff}`).to.equal(
            -1,
          );
        }
      }
    });
  }
});
