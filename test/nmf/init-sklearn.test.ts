/**
 * nndsvd and nndsvda against scikit-learn's on a fixed matrix (test/fixtures/sklearn/nndsvd.json,
 * written by make_sklearn_fixtures.py): the randomized SVD spans the whole row space there, so
 * both must agree up to float32 rounding, choices of parts and thresholds included.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { readData } from '../../src/nmf/data';
import { initialize } from '../../src/nmf/init';
import { expectNoLeak } from '../helpers';
import { fixture } from '../io/fixtures';

interface Reference {
  X: number[][];
  rank: number;
  nndsvd: { W: number[][]; H: number[][] };
  nndsvda: { W: number[][]; H: number[][] };
}

describe('nmf: nndsvd against scikit-learn', () => {
  const ref = JSON.parse(readFileSync(fixture('sklearn', 'nndsvd.json'), 'utf8')) as Reference;

  for (const init of ['nndsvd', 'nndsvda'] as const) {
    it(`${init} gives sklearn's W and H (within 1e-5)`, async () => {
      const [W, H] = await expectNoLeak(() => {
        const data = readData(ref.X);
        try {
          const f = initialize(data, ref.rank, init, 0);
          const arrays = [f.W.arraySync(), f.H.arraySync()];
          tf.dispose([f.W, f.H]);
          return arrays;
        } finally {
          data.dispose();
        }
      });
      for (const [got, want] of [
        [W, ref[init].W],
        [H, ref[init].H],
      ]) {
        expect(got.length).to.equal(want.length);
        got.forEach((row, i) =>
          row.forEach((v, j) => expect(v, `(${i}, ${j})`).to.be.closeTo(want[i][j], 1e-5)),
        );
      }
    });
  }
});
