/** anls with its default engine on typed arrays (anls-overparam.ts) against the tensor rule. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, NMF, type NmfOptions } from '../../src';
import { anlsProfile } from '../../src/nmf/anls-overparam';
import { INNER_MAX_ITER, SWITCHED_INNER_MAX_ITER } from '../../src/nmf/anls-inner';
import { expectNoLeak, gaussian } from '../helpers';

/** A planted non-negative rank-4 product, 60 × 40, with a little noise. */
function planted() {
  const k = 4;
  const W = gaussian(60, k, 11).map((r) => r.map(Math.abs));
  const H = gaussian(k, 40, 12).map((r) => r.map(Math.abs));
  const noise = gaussian(60, 40, 13);
  return W.map((w, i) =>
    H[0].map((_, j) => w.reduce((s, v, t) => s + v * H[t][j], 0) + 0.01 * Math.abs(noise[i][j])),
  );
}

async function fit(X: number[][], options: Partial<NmfOptions>) {
  const r = await expectNoLeak(
    () => factorize(X, { rank: 4, solver: 'anls', seed: 3, tol: 0, ...options }),
    (res) => [res.W, res.H],
  );
  const out = { W: r.W.dataSync(), H: r.H.dataSync(), r };
  tf.dispose([r.W, r.H]);
  return out;
}

describe('nmf: anls on typed arrays', () => {
  it('reaches the noise floor of a planted factorization as the tensor rule with its engine does', async () => {
    const X = planted();
    const arrays = await fit(X, { maxIter: 150 });
    // A time limit sends the same engine through the solver contract, on float32 tensors.
    const tensors = await fit(X, { maxIter: 150, nnlsOptions: { timeLimitSeconds: 1e6 } });
    expect(arrays.r.relativeError).to.be.below(0.01);
    expect(tensors.r.relativeError).to.be.below(0.01);
    expect(arrays.r.relativeError).to.be.closeTo(
      tensors.r.relativeError,
      0.1 * tensors.r.relativeError,
    );
  });

  it('gives the same factors bit for bit on 1 and 3 threads', async () => {
    const X = gaussian(700, 90, 4).map((r) => r.map(Math.abs));
    const saved = process.env.NMFLOW_THREADS;
    try {
      const runs = [];
      for (const threads of ['1', '3']) {
        process.env.NMFLOW_THREADS = threads;
        runs.push(await fit(X, { rank: 12, maxIter: 8 } as Partial<NmfOptions>));
      }
      const [one, three] = runs;
      expect(Buffer.from(three.W.buffer).equals(Buffer.from(one.W.buffer))).to.equal(true);
      expect(Buffer.from(three.H.buffer).equals(Buffer.from(one.H.buffer))).to.equal(true);
    } finally {
      if (saved === undefined) delete process.env.NMFLOW_THREADS;
      else process.env.NMFLOW_THREADS = saved;
    }
  });

  it('caps a half-step at 10 inner iterations with the switch, 20 without, or nnlsOptions.maxIter', async () => {
    const X = gaussian(300, 90, 4).map((r) => r.map(Math.abs));
    const innerCounts = async (options: Partial<NmfOptions>) => {
      anlsProfile.reset();
      anlsProfile.on = true;
      try {
        await fit(X, { rank: 12, maxIter: 6, ...options } as Partial<NmfOptions>);
      } finally {
        anlsProfile.on = false;
      }
      return [...anlsProfile.innerW, ...anlsProfile.innerH];
    };
    const switched = await innerCounts({});
    expect(Math.max(...switched)).to.equal(SWITCHED_INNER_MAX_ITER);
    const bbAlone = await innerCounts({ nnlsOptions: { step: 'bb' } });
    expect(Math.max(...bbAlone)).to.equal(INNER_MAX_ITER);
    const seven = await innerCounts({ nnlsOptions: { maxIter: 7 } });
    expect(Math.max(...seven)).to.equal(7);
  });

  it('measures the error right after the guard zeroed dead components, and goes on', async () => {
    // Rank 7 on a planted rank 4 with a strong L1 penalty: components die and are zeroed (with
    // penalties they are never re-seeded), after which the rule re-measures its error itself.
    const X = planted();
    const errors: number[] = [];
    anlsProfile.reset();
    anlsProfile.on = true;
    let out;
    try {
      out = await fit(X, {
        rank: 7,
        maxIter: 80,
        alphaW: 0.05,
        l1Ratio: 1,
        checkEvery: 1,
        onIteration: (info) => errors.push(info.relativeError),
      });
    } finally {
      anlsProfile.on = false;
    }
    expect(anlsProfile.zeroedOnly).to.be.above(0);
    expect(anlsProfile.restarts).to.equal(0);
    expect(errors).to.have.length(81); // the start, then every iteration
    // The last iteration's error, from the rule, against ‖X − WH‖_F/‖X‖_F of the returned
    // factors in float64 (the polishing pass after it moves them only slightly: the fit has
    // settled by then; at 40 iterations it was still falling by 1e-3 per iteration).
    const { W, H } = out;
    let sq = 0;
    let xx = 0;
    X.forEach((row, i) =>
      row.forEach((x, j) => {
        let wh = 0;
        for (let t = 0; t < 7; t++) wh += W[i * 7 + t] * H[t * row.length + j];
        sq += (x - wh) ** 2;
        xx += x * x;
      }),
    );
    const final = Math.sqrt(sq / xx);
    expect(errors[errors.length - 1]).to.be.closeTo(final, 1e-3 * final);
  });

  it('transform (H fixed) solves W alone and agrees with fitTransform', async () => {
    const X = planted();
    const model = new NMF({ rank: 4, solver: 'anls', seed: 2, maxIter: 60, tol: 0 });
    try {
      const W1 = await model.fitTransform(X);
      const W2 = await model.transform(X);
      const [a, b] = [W1.dataSync(), W2.dataSync()];
      tf.dispose([W1, W2]);
      let worst = 0;
      a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]))));
      expect(worst).to.be.below(0.05 * Math.max(...a));
    } finally {
      model.dispose();
    }
  });
});
