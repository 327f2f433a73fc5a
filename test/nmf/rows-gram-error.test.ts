/**
 * rowsGramSquaredError (losses.ts): a check point's ‖X − WH‖² from a rule's rows by the Gram
 * identity, Wᵀ·X made in the room a rule offers (anls's product buffer) where it has none: the
 * same value as without it, the room then holding Wᵀ·X, and the value that of the float64 residual.
 */
import { expect } from 'chai';
import { readData } from '../../src/nmf/data';
import { rowsGramSquaredError } from '../../src/nmf/losses';
import { Rng } from '../../src/random';
import { toCsr, uniform } from './fixtures';

describe('nmf: the Gram identity’s error from a rule’s rows', () => {
  it('makes Wᵀ·X in the room given, with the value it has without it, ≈ the float64 residual', () => {
    const rng = new Rng(4);
    const [n, m, k] = [30, 20, 3];
    const X = uniform(n, m, 2).map((row) => row.map((v) => (v < 0.6 ? 0 : v)));
    const w = Float32Array.from({ length: n * k }, () => rng.uniform());
    const ht = Float32Array.from({ length: m * k }, () => rng.uniform());
    for (const input of [X, toCsr(X)]) {
      const data = readData(input);
      try {
        const room = new Float32Array(k * m).fill(NaN);
        const plain = rowsGramSquaredError(data, w, ht);
        const roomed = rowsGramSquaredError(data, w, ht, undefined, room);
        expect(Object.is(roomed, plain)).to.equal(true);
        expect(Array.from(room)).to.deep.equal(Array.from(data.transposedTimesArray(w, k)));
        let exact = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < m; j++) {
            let y = 0;
            for (let t = 0; t < k; t++) y += w[i * k + t] * ht[j * k + t];
            exact += (X[i][j] - y) ** 2;
          }
        }
        expect(plain).to.be.closeTo(exact, 1e-5 * exact);
      } finally {
        data.dispose();
      }
    }
  });
});
