import { expect } from 'chai';
import { generateSwimmer } from '../../src/datasets/swimmer';

describe('datasets/swimmer', () => {
  const s = generateSwimmer();
  const n = 1024;
  const row = (m: Float32Array, i: number) => m.subarray(i * n, (i + 1) * n);

  it('has 256 binary 32×32 images and 16 parts', () => {
    expect(s.X.shape).to.deep.equal([256, n]);
    expect(s.parts.shape).to.deep.equal([16, n]);
    expect(s.imageShape).to.deep.equal([32, 32]);
    expect(new Set(s.X.data)).to.deep.equal(new Set([0, 1]));
  });

  it('parts are pairwise disjoint, disjoint from the torso, 5–7 pixels each', () => {
    const cover = Float32Array.from(s.torso.data);
    for (let k = 0; k < 16; k++) {
      const p = row(s.parts.data, k);
      const size = p.reduce((a, b) => a + b, 0);
      expect(size).to.be.within(5, 7);
      p.forEach((v, j) => (cover[j] += v));
    }
    expect(Math.max(...cover)).to.equal(1);
  });

  it('every image is exactly torso + one part per limb at its positions, all distinct', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 256; i++) {
      const expected = Float32Array.from(s.torso.data);
      s.positions[i].forEach((p, l) =>
        row(s.parts.data, 4 * l + p).forEach((v, j) => (expected[j] += v)),
      );
      expect(Array.from(row(s.X.data, i))).to.deep.equal(Array.from(expected));
      seen.add(s.positions[i].join());
      seen.add(Array.from(row(s.X.data, i)).join(''));
    }
    expect(seen.size).to.equal(512);
    expect(s.positions[27]).to.deep.equal([0, 1, 2, 3]);
  });

  it('is deterministic', () => {
    expect(generateSwimmer().X.data).to.deep.equal(s.X.data);
  });
});
